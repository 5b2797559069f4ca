"""Writes reports/evaluation.md from what `make evaluate` left in results/, copies the
intent confusion matrices rasa drew into reports/, and prints the headline figures.

    results/cross-validation/   rasa test nlu --cross-validation on the training data
    results/heldout/            rasa test nlu of the trained model on tests/nlu/heldout.yml
    results/conversations/      rasa test core on tests/conversations
    results/facts.json          scripts/fact_extraction_report.py on tests/nlu/heldout_facts.yml

A part whose results are missing is reported as not run."""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SUMMARY_ROWS = {"accuracy", "macro avg", "weighted avg", "micro avg"}


def shown(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def load_json(path: Path) -> dict[str, Any] | None:
    return json.loads(path.read_text()) if path.exists() else None


def per_class(report: dict[str, Any]) -> dict[str, dict[str, float]]:
    return {
        name: scores
        for name, scores in report.items()
        if name not in SUMMARY_ROWS and isinstance(scores, dict) and "f1-score" in scores
    }


def macro_f1(report: dict[str, Any]) -> float:
    return float(report["macro avg"]["f1-score"])


def weakest(report: dict[str, Any], n: int = 3) -> list[tuple[str, float]]:
    scores = per_class(report)
    ranked = sorted(scores.items(), key=lambda item: (item[1]["f1-score"], item[0]))
    return [(name, float(s["f1-score"])) for name, s in ranked[:n]]


def table(report: dict[str, Any]) -> list[str]:
    lines = [
        "| class | precision | recall | F1 | support |",
        "|---|---:|---:|---:|---:|",
    ]
    for name, s in sorted(per_class(report).items()):
        lines.append(
            f"| {name} | {s['precision']:.3f} | {s['recall']:.3f} | {s['f1-score']:.3f} "
            f"| {int(s['support'])} |"
        )
    macro = report["macro avg"]
    lines.append(
        f"| **macro avg** | {macro['precision']:.3f} | {macro['recall']:.3f} "
        f"| **{macro['f1-score']:.3f}** | {int(macro['support'])} |"
    )
    return lines


def errors_section(errors_path: Path, limit: int = 40) -> list[str]:
    errors = json.loads(errors_path.read_text()) if errors_path.exists() else []
    if not errors:
        return []
    lines = [
        "",
        f"Misclassified held-out messages ({len(errors)}"
        + (f", first {limit}" if len(errors) > limit else "")
        + "):",
        "",
        "| message | expected | predicted | confidence |",
        "|---|---|---|---:|",
    ]
    for error in errors[:limit]:
        text = str(error["text"]).replace("|", "\\|")
        predicted = error["intent_prediction"]
        lines.append(
            f"| {text} | {error['intent']} | {predicted['name']} | {predicted['confidence']:.2f} |"
        )
    return lines


def nlu_section(title: str, folder: Path, reports: Path, tag: str, note: str) -> list[str]:
    intents = load_json(folder / "intent_report.json")
    lines = [f"## {title}", "", note, ""]
    if intents is None:
        return [*lines, f"Not run: no {shown(folder)}/intent_report.json.", ""]
    lines += [f"Intent macro-F1: **{macro_f1(intents):.3f}**", ""]
    lines += [
        "Three weakest intents (F1): "
        + ", ".join(f"{name} {f1:.3f}" for name, f1 in weakest(intents)),
        "",
    ]
    lines += table(intents)
    matrix = folder / "intent_confusion_matrix.png"
    if matrix.exists():
        target = reports / f"intent_confusion_matrix_{tag}.png"
        shutil.copyfile(matrix, target)
        lines += ["", f"Confusion matrix: ![{title}]({target.name})"]
    responses = load_json(folder / "response_selection_report.json")
    if responses is not None:
        lines += [
            "",
            "Service questions (`faq` sub-intents, ResponseSelector): macro-F1 "
            f"**{macro_f1(responses):.3f}**",
            "",
            *table(responses),
        ]
    if tag == "heldout":
        lines += errors_section(folder / "intent_errors.json")
    return [*lines, ""]


def facts_section(path: Path) -> list[str]:
    """The fact parsers, which do the work of entities (DIET extracts none)."""
    lines = [
        "## Facts read from messages (the entities)",
        "",
        "DIET classifies intents only; facts (ages, dates of birth, places, roles, contacts, "
        "statuses) are read by the deterministic parsers in actions/parsing, scored per fact "
        "on tests/nlu/heldout_facts.yml by scripts/fact_extraction_report.py. The held-out "
        "part was never used to change a parser; the development part was, so it flatters.",
        "",
    ]
    reports = load_json(path)
    if reports is None:
        return [*lines, f"Not run: no {shown(path)}.", ""]
    for part in ("heldout", "development"):
        report = reports[part]
        micro = report["micro avg"]
        lines += [
            f"### {part.capitalize()}: micro-F1 **{micro['f1-score']:.3f}** "
            f"(precision {micro['precision']:.3f}, recall {micro['recall']:.3f})",
            "",
            "| fact | precision | recall | F1 | support |",
            "|---|---:|---:|---:|---:|",
        ]
        for name, s in report.items():
            if name != "micro avg":
                lines.append(
                    f"| {name} | {s['precision']:.3f} | {s['recall']:.3f} | {s['f1-score']:.3f} "
                    f"| {int(s['support'])} |"
                )
        lines.append("")
    return lines


def story_names(path: Path) -> list[str]:
    if not path.exists():
        return []
    return re.findall(r"^- story: (.+?)(?: \(.*\))?$", path.read_text(), flags=re.M)


def conversations_section(folder: Path) -> tuple[list[str], dict[str, Any] | None]:
    lines = [
        "## Conversation test stories",
        "",
        "`rasa test core --stories tests/conversations`"
        " against the trained model and a real action server.",
        "",
    ]
    report = load_json(folder / "story_report.json")
    if report is None or "conversation_accuracy" not in report:
        return [*lines, "Not run: no results/conversations/story_report.json.", ""], None
    conversations = report["conversation_accuracy"]
    lines.append(
        f"Stories passed: **{conversations['correct']} / {conversations['total']}** "
        f"(with warnings: {conversations['with_warnings']}); action accuracy "
        f"{report.get('accuracy', float('nan')):.3f}."
    )
    failed = story_names(folder / "failed_test_stories.yml")
    if failed:
        lines += ["", "Failed stories (details in results/conversations/failed_test_stories.yml):"]
        lines += [f"- {name}" for name in failed]
    return [*lines, ""], conversations


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--results", type=Path, default=ROOT / "results")
    parser.add_argument("--reports", type=Path, default=ROOT / "reports")
    args = parser.parse_args()
    results, reports = args.results.resolve(), args.reports.resolve()
    reports.mkdir(parents=True, exist_ok=True)

    cv_dir, heldout_dir = results / "cross-validation", results / "heldout"
    lines = [
        "# NLU and conversation evaluation",
        "",
        f"Written by `make evaluate` ({datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC). "
        "Intent figures are DIET's intent classification; the `faq` row is the retrieval "
        "intent as a whole, and its sub-intents are scored by the ResponseSelector below "
        "each table.",
        "",
    ]
    lines += nlu_section(
        "Cross-validation on the training data",
        cv_dir,
        reports,
        "cv",
        "`rasa test nlu --cross-validation -f 3` on data/ (the NLU examples in data/nlu and "
        "the service-question answers); figures are over the held-back folds.",
    )
    lines += nlu_section(
        "Held-out test set",
        heldout_dir,
        reports,
        "heldout",
        "The trained model (models/hsb.tar.gz) on tests/nlu/heldout.yml: professionals' "
        "messages written separately and never used for training "
        "(scripts/heldout_overlap.py checks).",
    )
    lines += facts_section(results / "facts.json")
    story_lines, conversations = conversations_section(results / "conversations")
    lines += story_lines
    (reports / "evaluation.md").write_text("\n".join(lines))

    print(f"Report: {shown(reports / 'evaluation.md')}")
    for label, folder in (("cross-validation", cv_dir), ("held-out", heldout_dir)):
        intents = load_json(folder / "intent_report.json")
        if intents is None:
            print(f"  {label}: not run")
            continue
        recall = per_class(intents).get("immediate_risk", {}).get("recall")
        print(
            f"  {label}: intent macro-F1 {macro_f1(intents):.3f}"
            + (f", immediate_risk recall {recall:.3f}" if recall is not None else "")
            + "; weakest "
            + ", ".join(f"{name} {f1:.3f}" for name, f1 in weakest(intents))
        )
    facts = load_json(results / "facts.json")
    if facts is not None:
        micro = facts["heldout"]["micro avg"]
        print(
            f"  facts (held-out): micro-F1 {micro['f1-score']:.3f}, "
            f"precision {micro['precision']:.3f}, recall {micro['recall']:.3f}"
        )
    if conversations:
        print(f"  conversation stories: {conversations['correct']}/{conversations['total']} passed")
    else:
        print("  conversation stories: not run")
    return 0


if __name__ == "__main__":
    sys.exit(main())
