"""How the bot weighs a message that may disclose current risk, measured with the trained
model: the classifier's reading of each message, then the decisions the bot takes on it
(actions/referral_flow.py: risk_reading in a form; outside one, the rules on the intent
and the words where an action reads them).

    .venv-app/bin/python -m scripts.risk_decision_report [--model models/hsb.tar.gz]
        [--readings var/risk-readings.json] [--list-heldout]

Prints, at each form state (no form; asked "what happened?", a name, a choice, the date
of birth):
- disclosures escalated (the safety message at once, or after the one-tap check "is any
  child at risk right now?"), which must be all of them: tests/fixtures/risk/
  disclosures_{tuned,heldout,heldout_2,heldout_3}.yml and the immediate_risk examples of
  tests/nlu/heldout.yml;
- false alarms (the safety message at once) and one-tap checks on the near misses,
  tests/fixtures/risk/near_misses_{tuned,heldout,heldout_2,heldout_3}.yml (target: under 3%), on
  the other held-out NLU messages and on the answers of tests/fixtures/answers_read_as_risk.yml.
Tuned and held-out parts are counted apart: the word rules and training examples were
adjusted on the tuned part only, so the held-out figures are the ones to believe. The
near-miss held-out parts are printed as counts only, so their messages are never read one
by one; the later held-out parts' missed disclosures are listed only with --list-heldout.

--readings keeps the model's readings in a file, keyed by the model's hash, so a change
to the word rules is measured again in seconds (only new messages reach the model)."""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml

from actions.parsing import mentions_immediate_risk
from actions.parsing.risk import risk_intent_weighed, speaks_of_now
from actions.referral_flow import risk_reading
from actions.safety import risk_words_point_elsewhere_only
from scripts.heldout_over_seeds import ENV, HELDOUT
from tests.fixtures.risk_cases import (
    DISCLOSURES_HELDOUT,
    DISCLOSURES_HELDOUT_2,
    DISCLOSURES_HELDOUT_3,
    DISCLOSURES_TUNED,
    NEAR_MISSES_HELDOUT,
    NEAR_MISSES_HELDOUT_2,
    NEAR_MISSES_HELDOUT_3,
    NEAR_MISSES_TUNED,
)

ROOT = Path(__file__).resolve().parent.parent
ANSWERS = ROOT / "tests" / "fixtures" / "answers_read_as_risk.yml"
RASA_PYTHON = ROOT / ".venv-rasa" / "bin" / "python"

# The form states a message is weighed in: outside a form, then the question being asked
# (free text, a name, a choice, a date).
FORM_STATES: dict[str | None, str] = {
    None: "no form",
    "concern_description": 'asked "what happened?"',
    "referrer_name": "asked a name",
    "safe_place": "asked a choice",
    "yp_date_of_birth": "asked the date of birth",
}
# Outside a form the rules answer the intent. These intents reach an action that also
# reads the words for a disclosure (the referral form started by facts, the fallback,
# the handoff, and action_risk_safety_net before a service question, "help", a parent's
# message and an off-topic reply); any other intent is answered with a response and no
# look at the words, so a disclosure the classifier puts there is missed.
WORDS_READ_OUTSIDE_A_FORM = frozenset(
    {
        "inform", "start_referral", "correct", "nlu_fallback", "abuse", "request_human",
        "faq", "help", "family_member", "out_of_scope",
    }
)  # fmt: skip
FALSE_ALARM_TARGET = 0.03


@dataclass(frozen=True)
class Reading:
    text: str
    intent: str
    confidence: float


def read_as(reading: Reading, asked: str | None) -> str:
    """How the bot takes this message: "disclosure" (the safety message), "check" (the
    answer, then "is any child at risk right now?") or "answer"."""
    if asked is None:
        if reading.intent == "immediate_risk":
            # action_immediate_risk: no alarm when the risk words all point elsewhere
            elsewhere = risk_words_point_elsewhere_only(reading.text, reading.confidence)
            return "answer" if elsewhere else "disclosure"
        words_read = reading.intent in WORDS_READ_OUTSIDE_A_FORM
        return "disclosure" if words_read and mentions_immediate_risk(reading.text) else "answer"
    return risk_reading(reading.text, reading.intent, reading.confidence, asked, {}, date.today())


# Run in the Rasa server's environment: the model's reading of each line of stdin.
_PARSE = """
import asyncio, json, sys
from rasa.core.agent import Agent
agent = Agent.load(sys.argv[1])
async def main():
    for text in sys.stdin.read().splitlines():
        intent = (await agent.parse_message(text))["intent"]
        print(json.dumps([text, intent["name"], intent["confidence"]]))
asyncio.run(main())
"""


def model_readings(model: Path, texts: Sequence[str], cache: Path | None) -> dict[str, Reading]:
    """Each text as the model reads it; with a cache, only texts it lacks for this model
    are parsed (loading the model alone takes most of a minute)."""
    model_hash = hashlib.sha256(model.read_bytes()).hexdigest()
    known: dict[str, list] = {}
    if cache is not None and cache.exists():
        stored = json.loads(cache.read_text())
        if stored.get("model_sha256") == model_hash:
            known = stored["readings"]
    wanted = sorted({t for t in texts if t not in known})
    if wanted:
        done = subprocess.run(
            [str(RASA_PYTHON), "-c", _PARSE, str(model)],
            input="\n".join(wanted),
            cwd=ROOT,
            env=ENV,
            check=True,
            capture_output=True,
            text=True,
        )
        lines = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("[")]
        for text, (_, intent, confidence) in zip(wanted, lines, strict=True):
            known[text] = [intent, confidence]
    if cache is not None:
        cache.parent.mkdir(parents=True, exist_ok=True)
        cache.write_text(json.dumps({"model_sha256": model_hash, "readings": known}))
    return {text: Reading(text, *known[text]) for text in texts}


def heldout_nlu() -> tuple[list[str], list[str]]:
    """The held-out NLU set's immediate_risk examples, and all its other examples."""
    risky: list[str] = []
    others: list[str] = []
    for block in yaml.safe_load(HELDOUT.read_text())["nlu"]:
        examples = [
            line[2:].strip() for line in block["examples"].splitlines() if line.startswith("- ")
        ]
        (risky if block["intent"] == "immediate_risk" else others).extend(examples)
    return risky, others


def answers_by_question() -> list[tuple[str, str]]:
    """The fixture's answers that disclose nothing current, each with its question."""
    return [
        (slot, text)
        for slot, texts in yaml.safe_load(ANSWERS.read_text()).items()
        for text in texts
    ]


def _share(count: int, total: int) -> str:
    return f"{count:>3}/{total:<3} ({100 * count / total:5.1f}%)" if total else "  -"


def count_at_each_state(
    texts: Sequence[str], read: Callable[[str], Reading], counted: str, tag: str | None
) -> int:
    """Prints, at each form state, how many texts the bot takes as `counted` (and how
    many get the one-tap check), listing them under `tag` (None: counts only, for a
    held-out set, whose messages are not to be read one by one); returns the count over
    all states."""
    in_all = 0
    for asked, label in FORM_STATES.items():
        taken = [(text, read_as(read(text), asked)) for text in texts]
        found = [text for text, how in taken if how == counted]
        checks = sum(how == "check" for _, how in taken)
        in_all += len(found)
        print(f"  {label:<26} {_share(len(found), len(texts))}  {checks} checks")
        for text in found if tag else ():
            r = read(text)
            print(f"      {tag} ({r.intent} {r.confidence:.2f}): {text}")
    return in_all


def report_disclosures(
    name: str, texts: Sequence[str], read: Callable[[str], Reading], *, listed: bool = True
) -> int:
    """Missed at each form state (a check counts as escalated: its yes gets the safety
    message); returns how many (message, state) pairs were missed."""
    print(f"\n{name}: {len(texts)} disclosures, MISSED (must be none) / one-tap checks:")
    return count_at_each_state(texts, read, "answer", "MISSED" if listed else None)


def report_near_misses(
    name: str, texts: Sequence[str], read: Callable[[str], Reading], *, listed: bool = True
) -> float:
    """False alarms at each form state; returns the share over all states."""
    print(f"\n{name}: {len(texts)} messages, safety message (false alarm) / one-tap checks:")
    alarms = count_at_each_state(texts, read, "disclosure", "alarm" if listed else None)
    pairs = len(texts) * len(FORM_STATES)
    share = alarms / pairs if pairs else 0.0
    verdict = "under" if share < FALSE_ALARM_TARGET else "NOT under"
    print(f"  all states: {alarms}/{pairs} ({100 * share:.1f}%), {verdict} the 3% target")
    causes = Counter(alarm_cause(read(text)) for text in texts)
    del causes[None]
    if causes:
        print(
            "  messages by what could raise an alarm: "
            + ", ".join(f"{cause} {count}" for cause, count in causes.most_common())
        )
    return share


def alarm_cause(reading: Reading) -> str | None:
    """What in a message can raise the safety message, whatever the question: danger in
    its words, the classifier's reading of risk with words of now, or that reading alone
    (which raises it outside a form and at questions it does not answer). Counts only,
    so a held-out part shows where its false alarms come from without being read."""
    if mentions_immediate_risk(reading.text):
        return "danger words"
    if risk_intent_weighed(reading.text, reading.intent, reading.confidence) != "immediate_risk":
        return None
    return "classifier + now" if speaks_of_now(reading.text) else "classifier alone"


def report_answers(answers: Sequence[tuple[str, str]], read: Callable[[str], Reading]) -> None:
    """The fixture's answers, each weighed against the question it answers."""
    taken = [(slot, text, read_as(read(text), slot)) for slot, text in answers]
    alarms = [(s, t) for s, t, how in taken if how == "disclosure"]
    checks = [(s, t) for s, t, how in taken if how == "check"]
    read_as_risk = sum(read(t).intent == "immediate_risk" for _, t in answers)
    print(
        f"\nAnswers that disclose nothing current ({ANSWERS.name}), each to its own question: "
        f"{len(answers)}, read as immediate_risk {read_as_risk}; safety message "
        f"{len(alarms)}, one-tap check {len(checks)}"
    )
    for label, found in (("alarm", alarms), ("check", checks)):
        for slot, text in found:
            r = read(text)
            print(f"      {label}, {slot} ({r.intent} {r.confidence:.2f}): {text}")


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--model", type=Path, default=ROOT / "models" / "hsb.tar.gz")
    parser.add_argument("--readings", type=Path, default=None, help="cache of the model's readings")
    parser.add_argument(
        "--list-heldout",
        action="store_true",
        help="list the later held-out parts' missed disclosures (counts only by default)",
    )
    args = parser.parse_args()
    nlu_risky, nlu_others = heldout_nlu()
    answers = answers_by_question()
    every_text = [
        *DISCLOSURES_TUNED,
        *DISCLOSURES_HELDOUT,
        *DISCLOSURES_HELDOUT_2,
        *DISCLOSURES_HELDOUT_3,
        *NEAR_MISSES_TUNED,
        *NEAR_MISSES_HELDOUT,
        *NEAR_MISSES_HELDOUT_2,
        *NEAR_MISSES_HELDOUT_3,
        *nlu_risky,
        *nlu_others,
        *(text for _, text in answers),
    ]
    readings = model_readings(args.model, every_text, args.readings)
    read = readings.__getitem__

    missed = report_disclosures("Disclosures, tuned", DISCLOSURES_TUNED, read)
    missed += report_disclosures("Disclosures, held-out", DISCLOSURES_HELDOUT, read)
    # a held-out part's misses are counted first and listed only when asked: a missed
    # disclosure must then be fixed, whatever that costs the part's standing as unseen
    missed += report_disclosures(
        "Disclosures, held-out 2", DISCLOSURES_HELDOUT_2, read, listed=args.list_heldout
    )
    missed += report_disclosures(
        "Disclosures, held-out 3", DISCLOSURES_HELDOUT_3, read, listed=args.list_heldout
    )
    missed += report_disclosures("Disclosures, tests/nlu/heldout.yml", nlu_risky, read)
    report_near_misses("Near misses, tuned", NEAR_MISSES_TUNED, read)
    report_near_misses("Near misses, held-out", NEAR_MISSES_HELDOUT, read, listed=False)
    report_near_misses(
        "Near misses, held-out 2 (counts only)", NEAR_MISSES_HELDOUT_2, read, listed=False
    )
    report_near_misses(
        "Near misses, held-out 3 (counts only)", NEAR_MISSES_HELDOUT_3, read, listed=False
    )
    report_near_misses("Other held-out NLU messages (tests/nlu/heldout.yml)", nlu_others, read)
    report_answers(answers, read)
    print(f"\nDisclosures missed, all sets and states: {missed}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
