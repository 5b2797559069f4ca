"""Rasa's own checks: the training data validates cleanly, and the conversation test
stories pass against the trained model with no prediction errors."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from scripts.harness.stack import RASA, ROOT, Stack

pytestmark = pytest.mark.e2e


def test_training_data_validates_without_warnings_failing() -> None:
    done = subprocess.run(
        [str(RASA), "data", "validate", "--fail-on-warnings"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]


def test_conversation_stories_pass(stack: Stack, tmp_path: Path) -> None:
    done = subprocess.run(
        [
            str(RASA),
            "test",
            "core",
            "--stories",
            "tests/conversations",
            "--model",
            "models/hsb.tar.gz",
            "--endpoints",
            "endpoints.yml",
            "--fail-on-prediction-errors",
            "--out",
            str(tmp_path),
        ],
        cwd=ROOT,
        env=stack.env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    failed = tmp_path / "failed_test_stories.yml"
    details = failed.read_text() if failed.exists() else ""
    assert done.returncode == 0, details + done.stdout[-3000:] + done.stderr[-3000:]
