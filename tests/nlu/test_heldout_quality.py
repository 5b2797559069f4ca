"""The held-out NLU test set (tests/nlu/heldout.yml): professionals' messages never used
for training, so the trained model's figures on it measure how it understands messages
it has not seen. The model is the one CI trains (the full `rasa train`, seed 42 from
config.yml).

The tests check that
* no held-out example is in the training data, even nearly (scripts/heldout_overlap.py),
  and the set covers every trained intent;
* intent macro-F1 (rasa's "macro avg" of intent_report.json, over every intent in the
  report; scripts/evaluation_report.py reports the same figure) stays at the target;
* immediate_risk recall stays above its floor: a missed disclosure of immediate risk is
  the costliest misreading;
* held-out disclosures given mid-referral still get the safety message.

Each floor comes from a measurement (beside the constants) and sits a little below it,
so a change that makes understanding worse fails CI; never lower one to make a change
pass. One training's figure moves by about 0.01 with the seed and by up to 0.02 with small
data changes, so a change to data/ is measured over several seeds
(scripts/heldout_over_seeds.py) before it lands. Some training examples were written for
intents the held-out errors showed weak (new wordings, never copies), so these figures
flatter the model a little; 3-fold cross-validation (`make evaluate`) is the independent
check."""

from __future__ import annotations

import json
import os
import subprocess
from datetime import date
from typing import Any

import pytest

from actions.referral_flow import is_risk_disclosure
from scripts.harness.stack import ROOT, train_model
from scripts.heldout_over_seeds import heldout_command
from scripts.heldout_overlap import (
    HELDOUT,
    examples,
    overlaps,
    training_examples,
)

# immediate_risk recall on the 15 held-out disclosures: 0.933 (14 of 15) on all three
# trainings of the current data; 0.86 allows two misses.
IMMEDIATE_RISK_RECALL_FLOOR = 0.86
# The safety message for held-out disclosures given mid-referral to "what happened?" (at
# once or after the one-tap check): measured 15 of 15; 0.93 allows one miss.
DISCLOSURE_RECALL_FLOOR = 0.93
TODAY = date(2026, 11, 27)
# Held-out intent macro-F1: the target. Measured 0.918 for the seeded model and
# 0.911-0.921 over three seeds (scripts/heldout_over_seeds.py).
MACRO_F1_FLOOR = 0.90


def test_no_held_out_example_is_in_the_training_data() -> None:
    found = overlaps(examples(HELDOUT), training_examples())
    assert not found, "\n".join(f"{a!r} ~ {b!r} ({why})" for a, b, why in found)


def test_held_out_set_covers_every_intent() -> None:
    held_out = {intent.split("/")[0] for intent, _ in examples(HELDOUT)}
    trained = {intent.split("/")[0] for intent, _ in training_examples()}
    assert held_out == trained


@pytest.fixture(scope="module")
def intent_report(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    model = train_model()
    out = tmp_path_factory.mktemp("heldout")
    done = subprocess.run(
        heldout_command(model, out),
        cwd=ROOT,
        env={**os.environ, "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "2"},
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    report: dict[str, Any] = json.loads((out / "intent_report.json").read_text())
    errors = json.loads((out / "intent_errors.json").read_text())
    report["_errors"] = [
        f"{e['intent']} -> {e['intent_prediction']['name']}: {e['text']}" for e in errors
    ]
    successes = json.loads((out / "intent_successes.json").read_text())
    report["_disclosures"] = [
        (row["text"], row["intent_prediction"]["name"], row["intent_prediction"]["confidence"])
        for row in [*successes, *errors]
        if row["intent"] == "immediate_risk"
    ]
    return report


def _weakest(report: dict[str, Any], count: int = 5) -> str:
    rows = sorted(
        (row["f1-score"], name)
        for name, row in report.items()
        if isinstance(row, dict) and "f1-score" in row and not name.endswith(" avg")
    )
    return ", ".join(f"{name} {f1:.3f}" for f1, name in rows[:count])


@pytest.mark.e2e
def test_held_out_intent_macro_f1_does_not_regress(intent_report: dict[str, Any]) -> None:
    macro_f1 = intent_report["macro avg"]["f1-score"]
    assert macro_f1 >= MACRO_F1_FLOOR, (
        f"held-out intent macro-F1 {macro_f1:.3f} < {MACRO_F1_FLOOR}; weakest: "
        + _weakest(intent_report)
        + "\n"
        + "\n".join(intent_report["_errors"])
    )


@pytest.mark.e2e
def test_held_out_immediate_risk_is_recognised(intent_report: dict[str, Any]) -> None:
    recall = intent_report["immediate_risk"]["recall"]
    missed = [e for e in intent_report["_errors"] if e.startswith("immediate_risk ->")]
    assert recall >= IMMEDIATE_RISK_RECALL_FLOOR, (
        f"immediate_risk recall {recall:.3f} < {IMMEDIATE_RISK_RECALL_FLOOR}:\n" + "\n".join(missed)
    )


@pytest.mark.e2e
def test_held_out_disclosures_get_the_safety_message_mid_referral(
    intent_report: dict[str, Any],
) -> None:
    """The form weighs a risk reading against the question asked (risk_reading): given
    to "what happened?", where any account is an answer, a held-out disclosure must still
    get the safety message, at once or after "is any child at risk right now?". Measured:
    15 of 15, 3 of them after that check (scripts/risk_decision_report.py)."""
    disclosures = intent_report["_disclosures"]
    missed = [
        f"{intent} {confidence:.2f}: {text}"
        for text, intent, confidence in disclosures
        if not is_risk_disclosure(text, intent, confidence, "concern_description", {}, TODAY)
    ]
    recall = 1 - len(missed) / len(disclosures)
    assert recall >= DISCLOSURE_RECALL_FLOOR, f"safety message recall {recall:.3f}:\n" + "\n".join(
        missed
    )
