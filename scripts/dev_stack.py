"""Starts the test stack and keeps it running, for developing end-to-end tests:

    .venv-app/bin/python -m scripts.dev_stack &
    HSB_E2E_STACK=var/dev-stack/stack.json .venv-app/bin/python -m pytest tests/e2e

Stop it with Ctrl-C (or kill); a changed actions/ needs a restart."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from scripts.harness.stack import make_stack, train_model

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    workdir = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "var" / "dev-stack"
    workdir.mkdir(parents=True, exist_ok=True)
    train_model()
    stack = make_stack(workdir)
    stack.start()
    (workdir / "stack.json").write_text(json.dumps(stack.describe()))
    print(f"Up: rasa {stack.rasa_url}, backend {stack.backend_url}", flush=True)
    try:
        while True:
            time.sleep(3600)
    finally:
        stack.stop()


if __name__ == "__main__":
    main()
