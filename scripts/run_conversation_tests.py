"""Runs the conversation test stories (tests/conversations) against the trained model
with a real action server, for `make evaluate`: results in results/conversations
(story_report.json, failed_test_stories.yml, ...). Unlike tests/e2e/test_rasa_tools.py
it does not stop at the first prediction error: it records how many stories pass.

    .venv-app/bin/python -m scripts.run_conversation_tests [--stack var/dev-stack/stack.json]

Without --stack it starts an action server of its own (on a fresh database, as
scripts/harness/stack.py does) and stops it afterwards; with --stack it uses that running
stack's action server. Exits with rasa's exit code."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from scripts.harness.stack import MODEL, RASA, Stack, make_stack

ROOT = Path(__file__).resolve().parent.parent


def start_action_server(workdir: Path) -> Stack:
    """An action server on a free port against a fresh, migrated database."""
    stack = make_stack(workdir)
    stack.cli("migrate")
    stack.start_actions()
    stack._wait_until_up("actions", f"{stack.actions_url}/health")
    return stack


def run_stories(stack: Stack, out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    env = {**stack.env, "ACTION_SERVER_URL": f"{stack.actions_url}/webhook"}  # a reused stack
    done = subprocess.run(
        [
            str(RASA),
            "test",
            "core",
            "--stories",
            "tests/conversations",
            "--model",
            str(MODEL),
            "--endpoints",
            "endpoints.yml",
            "--successes",
            "--out",
            str(out),
        ],
        cwd=ROOT,
        env=env,
        check=False,
    )
    return done.returncode


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stack", type=Path, help="stack.json of a running stack")
    parser.add_argument("--out", type=Path, default=ROOT / "results" / "conversations")
    args = parser.parse_args()
    if args.stack:
        return run_stories(Stack.from_description(json.loads(args.stack.read_text())), args.out)
    with tempfile.TemporaryDirectory(prefix="hsb-stories-") as workdir:
        stack = start_action_server(Path(workdir))
        try:
            return run_stories(stack, args.out)
        finally:
            stack.stop()


if __name__ == "__main__":
    sys.exit(main())
