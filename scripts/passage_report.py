"""How well the bot reads whole passages: referral e-mails, case notes and forms pasted
into the chat, SMS replies and call transcripts (tests/nlu/passages.yml), field by
field: precision, recall and F1 per field and overall for the development part, and
only the overall figures for the held-out part (its per-field figures and its misses
are never printed, so nothing is tuned on them; --json still keeps them all).

    .venv-app/bin/python -m scripts.passage_report [--misses] [--json results/passages.json]

Each passage is read the way the running bot reads it: a transcript by the transcript
reader (backend.domain.transcripts, then actions.transcript_reading, with no intents:
the trained model's readings only decide corrections and risk there); anything else by
the paste reader (actions.parsing.notes), whose facts then go through the slot
validators, as the chat takes a pasted note. Scoring as in scripts.fact_extraction_report.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from actions.parsing.notes import read_note
from actions.parsing.people import parse_relationship
from actions.slot_validation import TurnValidation, validate_slot
from actions.transcript_reading import ReadTurn, read_transcript
from backend.domain.transcripts import parse_transcript
from scripts.fact_extraction_report import misses, print_scores, score

ROOT = Path(__file__).resolve().parent.parent
PASSAGES = ROOT / "tests" / "nlu" / "passages.yml"


# The fields the passages are annotated for (tests/nlu/passages.yml's header): a field
# read but outside this set is neither right nor wrong here.
ANNOTATED = frozenset(
    {
        "referrer_name", "referrer_role", "referrer_organisation", "referrer_email",
        "referrer_phone", "referrer_is_allocated", "yp_first_name", "yp_last_name",
        "yp_date_of_birth", "yp_age", "yp_gender", "yp_location", "yp_education_setting",
        "yp_legal_status", "lives_with", "police_involved", "police_status",
        "parent_consent", "yp_consent", "sa_name", "sa_relationship", "ap_name",
    }
)  # fmt: skip


def _clean(name: str, value: Any, today: date) -> Any:
    """A value as the field's validator keeps it: annotations keep the words used
    ("DSL", "mum"), the bot keeps its own form of them ("teacher/DSL", "mother")."""
    outcome = validate_slot(name, value, {}, today)
    if isinstance(outcome, dict) and outcome.get(name) is not None:
        return outcome[name]
    return value


# The passages' names carry no title or rank ("Fiona McAllister"); the bot keeps what
# the writer gave ("Dr Fiona McAllister"): both are right, so titles are not compared.
_TITLE = re.compile(
    r"^(?:dr|mr|mrs|ms|miss|prof|pc|dc|ds|di|sgt|det\.?\s+con)\.?\s+(?:\d+\s+)?", re.IGNORECASE
)
_NAMES = frozenset({"referrer_name", "sa_name", "ap_name"})


def _comparable(name: str, value: Any) -> Any:
    if not isinstance(value, str):
        return value
    if name in _NAMES:
        return _TITLE.sub("", value)
    if name == "sa_relationship":  # "mum" and "mother" are one relationship
        return parse_relationship(value) or value.lower()
    return value


def stated_fields(passage: dict[str, Any], today: date) -> dict[str, Any]:
    stated = passage.get("fields") or {}
    return {name: _comparable(name, _clean(name, v, today)) for name, v in stated.items()}


def read_passage(passage: dict[str, Any], today: date) -> dict[str, Any]:
    """The fields the bot takes from one passage, as clean values."""
    text = str(passage["text"])
    if passage.get("kind") == "transcript":
        turns = parse_transcript(text).turns
        reading = read_transcript((ReadTurn(t.role, t.text) for t in turns), today)
        fields = reading.fields
    else:
        facts = read_note(text, today)
        fields, _ = TurnValidation({}, today).take({f.slot: f.value for f in facts})
    return {
        name: _comparable(name, value)
        for name, value in fields.items()
        if value is not None and name in ANNOTATED
    }


def load(part: str, path: Path = PASSAGES) -> tuple[list[dict[str, Any]], date]:
    """The "heldout" or "development" passages, and the day they are read on."""
    data = yaml.safe_load(path.read_text())
    today = date.fromisoformat(str(data["today"]))
    passages = [
        {**p, "fields": stated_fields(p, today)} for p in data["passages"] if p["part"] == part
    ]
    return passages, today


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", type=Path, help="write the scores here too")
    parser.add_argument(
        "--misses", action="store_true", help="print each development passage read wrongly"
    )
    args = parser.parse_args()
    reports = {}
    for part in ("heldout", "development"):
        passages, today = load(part)
        reports[part] = report = score(passages, today, reader=read_passage, stated_key="fields")
        shown = report if part == "development" else {"micro avg": report["micro avg"]}
        print_scores(f"{part} ({len(passages)} passages)", "field", shown)
        if args.misses and part == "development":
            for line in misses(passages, today, reader=read_passage, stated_key="fields"):
                print(f"- {line[:200]} ... {line.rsplit(': ', 1)[-1]}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(reports, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
