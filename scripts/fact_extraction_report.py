"""How well the fact parsers read professionals' messages: precision, recall and F1 per
fact (the parsers do the work of entities here; the NLU model does intents only), on
the messages of tests/nlu/heldout_facts.yml (held-out, then development).

    .venv-app/bin/python -m scripts.fact_extraction_report [--json results/facts.json]

A fact read with the stated value is a true positive; read with another value, a false
positive and a false negative; read but not stated, a false positive; stated but not
read, a false negative. Organisations match when the stated name is part of the one
read ("Castle School" in "Castle School in Thornbury"), names and places ignoring case.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any, Callable

import yaml

from actions.parsing import extract_facts

ROOT = Path(__file__).resolve().parent.parent

HELDOUT_FACTS = ROOT / "tests" / "nlu" / "heldout_facts.yml"
_CASELESS = {"referrer_name", "yp_first_name", "yp_location", "referrer_email"}


def same_value(name: str, stated: Any, read: Any) -> bool:
    if name == "referrer_organisation":
        return str(stated).lower().removeprefix("the ") in str(read).lower()
    if name in _CASELESS:
        return str(stated).lower() == str(read).lower()
    return str(stated) == str(read)


def score(
    messages: list[dict[str, Any]],
    today: date,
    reader: Callable[[dict[str, Any], date], dict[str, Any]] | None = None,
    stated_key: str = "facts",
) -> dict[str, dict[str, float]]:
    """Per fact: precision, recall, F1 and support; and "micro avg" over all facts.

    `reader` reads one item into facts (by default the fact parsers on its text)."""
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    for message in messages:
        stated: dict[str, Any] = message.get(stated_key) or {}
        read = reader(message, today) if reader else extract_facts(message["text"], today)
        for name in set(stated) | set(read):
            if name in stated and name in read and same_value(name, stated[name], read[name]):
                tp[name] += 1
                continue
            if name in read:
                fp[name] += 1
            if name in stated:
                fn[name] += 1
    report: dict[str, dict[str, float]] = {}
    for name in sorted(set(tp) | set(fp) | set(fn)):
        report[name] = scores(tp[name], fp[name], fn[name])
    report["micro avg"] = scores(sum(tp.values()), sum(fp.values()), sum(fn.values()))
    return report


def scores(tp: int, fp: int, fn: int) -> dict[str, float]:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1-score": f1, "support": tp + fn}


def load(part: str, path: Path = HELDOUT_FACTS) -> tuple[list[dict[str, Any]], date]:
    """The "heldout" or "development" messages, and the day they are read on."""
    data = yaml.safe_load(path.read_text())
    return data[part], date.fromisoformat(str(data["today"]))


def misses(
    messages: list[dict[str, Any]],
    today: date,
    reader: Callable[[dict[str, Any], date], dict[str, Any]] | None = None,
    stated_key: str = "facts",
) -> list[str]:
    """Each message whose reading differs from what it states, for reading the report."""
    lines = []
    for message in messages:
        stated = message.get(stated_key) or {}
        read = reader(message, today) if reader else extract_facts(message["text"], today)
        wrong = {
            n: (stated.get(n), read.get(n))
            for n in set(stated) | set(read)
            if not (n in stated and n in read and same_value(n, stated[n], read[n]))
        }
        if wrong:
            lines.append(
                f"{message['text']!r}: "
                + ", ".join(f"{n} {s!r}->{r!r}" for n, (s, r) in sorted(wrong.items()))
            )
    return lines


def print_scores(title: str, what: str, report: dict[str, dict[str, float]]) -> None:
    print(f"\n{title}")
    print(f"{what:26} {'precision':>9} {'recall':>7} {'F1':>6} {'support':>7}")
    for name, s in report.items():
        print(
            f"{name:26} {s['precision']:>9.3f} {s['recall']:>7.3f} {s['f1-score']:>6.3f}"
            f" {int(s['support']):>7}"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", type=Path, help="write the scores here too")
    parser.add_argument("--misses", action="store_true", help="print each message read wrongly")
    args = parser.parse_args()
    reports = {}
    for part in ("heldout", "development"):
        messages, today = load(part)
        reports[part] = report = score(messages, today)
        print_scores(f"{part} ({len(messages)} messages)", "fact", report)
        if args.misses:
            print("\n".join(misses(messages, today)))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(reports, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
