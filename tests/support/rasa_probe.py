"""Runs a probe module in the Rasa server's environment (.venv-rasa), where bot/ code
runs, and reads back the one line of JSON it prints last."""

from __future__ import annotations

import json
import os
import subprocess
from typing import Any

from scripts.harness.stack import ROOT

PYTHON = ROOT / ".venv-rasa" / "bin" / "python"


def run_probe(module: str, *args: str) -> Any:
    """`.venv-rasa/bin/python -m module args...` from the repository root: its findings."""
    done = subprocess.run(
        [str(PYTHON), "-m", module, *args],
        cwd=ROOT,
        env={**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])
