"""The held-out NLU test set (tests/nlu/heldout.yml): professionals' messages that are
never used for training. Checks that it stays out of the training data, and runs the
trained model on it: CI fails when too many disclosures of immediate risk are missed, or
when the intent macro-F1 falls below the floor measured for the current data.

Macro-F1 is rasa's "macro avg" of intent_report.json, over every intent in the report
(scripts/evaluation_report.py reads the same figure). History: 0.846 before the first
additions made against this set's errors, then 0.859, 0.891 and 0.886 (20 intents, 365
messages); 0.870 once pause, resume and abuse joined (23 intents, 401 messages).

Tried on 2026-11-27 and taken out again (commits 83936ca and e2a6e87 have the code):
1. Pre-trained sentence embeddings (all-MiniLM-L6-v2, run in NumPy inside the Rasa
   server) as DIET features. On the same data: 0.870 -> 0.889, cross-validation 0.727
   -> 0.769; with more examples, three seeds gave 0.885, 0.888 and 0.896. But that model
   read descriptions of past harm ("He was found touching his 8 year old half-sister at
   home in the summer") as immediate_risk at 0.75-0.91, and the rules stop the referral
   on any immediate_risk reading, so three of the four scripted referrals in
   scripts/benchmark_referrals.py could not be completed. It needs a safety decision that
   weighs what the message says before the form is stopped.
2. 76 more varied examples (start_referral, goodbye, affirm, abuse, faq) without the
   embeddings: 0.870 from `rasa train nlu`, but 0.835 from the full `rasa train` that CI
   uses, on the same data and seed. Differences of 0.03 between trainings are noise, so
   no single figure just above 0.90 would prove the target met.

Current data, seeded full training: 0.870 (weakest inform 0.718, pause 0.720, greet
0.800); immediate_risk recall 0.867. Seeds 7 and 1234 (scripts/heldout_over_seeds.py):
0.878 and 0.883, immediate_risk recall 0.867 and 0.933. The issue's 0.90 is not met yet
(issue 5 stays open): MACRO_F1_FLOOR sits just under the measured figure and makes CI
fail on a regression; with noise this size, any change to data/ must be re-measured.
Floors come from measurements; never lower one to make a change pass, and raise
MACRO_F1_FLOOR to at least 0.90 once the model meets it with a margin (over several
seeds). make evaluate reports the figure against the target."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from typing import Any

import pytest

from actions.referral_flow import is_risk_disclosure
from tests.e2e.stack import ROOT, train_model

sys.path.insert(0, str(ROOT / "scripts"))
from heldout_over_seeds import heldout_command  # noqa: E402
from heldout_overlap import (  # noqa: E402
    HELDOUT,
    examples,
    overlaps,
    training_examples,
)

# immediate_risk recall on the 15 held-out disclosures measured 0.933, 1.000 and 0.867
# on those three trainings (it varies from one training to the next): 0.80 allows at
# most 3 misses. The seeded model of the current data: 0.867 (13 of 15). Raise it as
# the model improves.
IMMEDIATE_RISK_RECALL_FLOOR = 0.80
# The safety message for held-out disclosures given mid-referral to "what happened?":
# measured 15 of 15 (the classifier and the parser together); 0.93 allows one miss.
DISCLOSURE_RECALL_FLOOR = 0.93
TODAY = date(2026, 11, 27)
# Held-out intent macro-F1: the floor that holds today (measured 0.870 on the current
# data; the target is 0.90, see the module docstring).
MACRO_F1_FLOOR = 0.86


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
    """The form weighs a risk reading against the question asked (is_risk_disclosure):
    given to "what happened?", where any account is an answer, a held-out disclosure must
    still be taken as one. Measured: 15 of 15 (scripts/risk_decision_report.py)."""
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
