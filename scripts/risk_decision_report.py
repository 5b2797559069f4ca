"""How the form weighs a message the classifier reads as immediate risk
(actions/referral_flow.py: risk_reading), measured with the trained model.

    .venv-app/bin/python -m scripts.risk_decision_report [--model models/hsb.tar.gz]

Prints, for the held-out disclosures (tests/nlu/heldout.yml, immediate_risk), how many
get the safety message outside a form and inside one, by the question being asked; for
the other held-out messages, how many would raise it when given to "what happened?";
and for answers that disclose nothing current (tests/fixtures/answers_read_as_risk.yml:
names, accounts of past harm), how many would raise it for the question they answer."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml

from actions.parsing import mentions_immediate_risk
from actions.referral_flow import risk_reading
from scripts.heldout_over_seeds import ENV, HELDOUT, heldout_command

ROOT = Path(__file__).resolve().parent.parent

ANSWERS = ROOT / "tests" / "fixtures" / "answers_read_as_risk.yml"
RASA_PYTHON = ROOT / ".venv-rasa" / "bin" / "python"
# The questions a disclosure is weighed against: free text, a name, a choice.
ASKED = ("concern_description", "referrer_name", "safe_place")


@dataclass(frozen=True)
class Reading:
    text: str
    truth: str
    intent: str
    confidence: float


def readings(model: Path, nlu: Path, work: Path) -> list[Reading]:
    """Every message of an NLU file as the model reads it."""
    subprocess.run(
        heldout_command(model, work, nlu), cwd=ROOT, env=ENV, check=True, capture_output=True
    )
    found = []
    for name in ("intent_successes.json", "intent_errors.json"):
        if not (work / name).exists():  # rasa writes none when there are none
            continue
        for row in json.loads((work / name).read_text()):
            predicted = row["intent_prediction"]
            found.append(
                Reading(row["text"], row["intent"], predicted["name"], predicted["confidence"])
            )
    return found


def read_as(reading: Reading, asked: str | None) -> str:
    """How the bot takes this message: "disclosure" (the safety message), "check" (the
    answer, then "is any child at risk right now?") or "answer"."""
    if asked is None:  # outside a form the rules answer the classifier's reading
        risky = reading.intent == "immediate_risk" or mentions_immediate_risk(reading.text)
        return "disclosure" if risky else "answer"
    return risk_reading(reading.text, reading.intent, reading.confidence, asked, {}, date.today())


def alarms(reading: Reading, asked: str | None) -> bool:
    """Whether the safety message comes, at once or after the one-tap check."""
    return read_as(reading, asked) != "answer"


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


def answer_readings(model: Path) -> list[tuple[str, Reading]]:
    """The fixture's answers as the model reads them, each with the question it answers."""
    asked = [
        (slot, text)
        for slot, texts in yaml.safe_load(ANSWERS.read_text()).items()
        for text in texts
    ]
    done = subprocess.run(
        [str(RASA_PYTHON), "-c", _PARSE, str(model)],
        input="\n".join(text for _, text in asked),
        cwd=ROOT,
        env=ENV,
        check=True,
        capture_output=True,
        text=True,
    )
    lines = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("[")]
    return [
        (slot, Reading(text, "inform", intent, confidence))
        for (slot, _), (text, intent, confidence) in zip(asked, lines, strict=True)
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=ROOT / "models" / "hsb.tar.gz")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        heldout = readings(args.model, HELDOUT, work / "heldout")
    answers = answer_readings(args.model)

    disclosures = [r for r in heldout if r.truth == "immediate_risk"]
    others = [r for r in heldout if r.truth != "immediate_risk"]
    read = sum(r.intent == "immediate_risk" for r in disclosures)
    print(f"Held-out disclosures: {len(disclosures)}, read as immediate_risk: {read}")
    for asked in (None, *ASKED):
        caught = [r for r in disclosures if alarms(r, asked)]
        where = f'asked for "{asked}"' if asked else "outside a form"
        checked = sum(read_as(r, asked) == "check" for r in caught)
        print(
            f"  safety message {where:<34} {len(caught):>3}/{len(disclosures)}"
            f" ({checked} after the one-tap check)"
        )
    for r in disclosures:
        if not alarms(r, "concern_description"):
            print(f"    missed: {r.intent} {r.confidence:.2f}: {r.text}")
    raised = [r for r in others if alarms(r, "concern_description")]
    before = sum(alarms(r, None) for r in others)
    print(
        f'Other held-out messages given to "what happened?": {len(raised)}/{len(others)} '
        f"get the safety message ({before} on the classifier's reading alone)"
    )
    for r in raised:
        print(f"    {r.truth} read as {r.intent} {r.confidence:.2f}: {r.text}")
    wrong = [(slot, r) for slot, r in answers if read_as(r, slot) == "disclosure"]
    checked = [(slot, r) for slot, r in answers if read_as(r, slot) == "check"]
    read_as_risk = sum(r.intent == "immediate_risk" for _, r in answers)
    before = sum(alarms(r, None) for _, r in answers)
    print(
        f"Answers that disclose nothing current: {len(answers)}, read as immediate_risk: "
        f"{read_as_risk}; safety message: {len(wrong)}, one-tap check: {len(checked)} "
        f"({before} safety messages on the classifier's reading alone)"
    )
    for label, found in (("safety message", wrong), ("check", checked)):
        for slot, r in found:
            print(f"    {label}, {slot}: {r.intent} {r.confidence:.2f}: {r.text}")


if __name__ == "__main__":
    sys.exit(main())
