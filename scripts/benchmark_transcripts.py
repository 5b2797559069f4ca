"""Transcript extraction rate: each call in tests/fixtures/transcripts handed over through
POST /api/transcripts of a running stack (the trained bot reads it), then the draft read
back from the staff API and compared, field by field, with what the call states
(tests/fixtures/transcript_cases.py). Prints, per call and overall, the fields read
correctly / the fields stated, the fields missed and the fields read wrongly, and how
long each handover took.

    .venv-app/bin/python -m scripts.benchmark_transcripts [--stack var/dev-stack/stack.json]

Without --stack it trains if needed and starts a stack of its own (scripts/harness/stack.py),
then stops it."""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

import httpx

from scripts.harness.stack import Stack, make_stack, train_model
from scripts.harness.staff_api import new_token
from tests.fixtures.transcript_cases import CALL_DATE, CASES, fields_of, matches

ROOT = Path(__file__).resolve().parent.parent


def benchmark(stack: Stack) -> int:
    token = new_token(stack, "transcript-benchmark", "art")
    headers = {"Authorization": f"Bearer {token}"}
    total_read = total_stated = 0
    print(f"{'call':28} {'read':>5} {'stated':>6} {'rate':>6} {'secs':>5}  missed / read wrongly")
    for case in CASES:
        started = time.perf_counter()
        answer = httpx.post(
            f"{stack.backend_url}/api/transcripts",
            json={"transcript": case.text, "call_date": CALL_DATE.isoformat()},
            headers=headers,
            timeout=120,
        )
        seconds = time.perf_counter() - started
        answer.raise_for_status()
        reference = answer.json()["reference"]
        record = httpx.get(
            f"{stack.backend_url}/api/referrals/{reference}", headers=headers, timeout=10
        ).json()
        fields = fields_of(record)
        stated = {**case.read, **case.misread, **dict.fromkeys(case.missed)}
        correct = [
            name for name, value in case.read.items() if matches(name, value, fields.get(name))
        ]
        missed = sorted(name for name in stated if fields.get(name) is None)
        wrong = sorted(name for name in stated if name not in correct and name not in missed)
        total_read += len(correct)
        total_stated += len(stated)
        print(
            f"{case.file:28} {len(correct):>5} {len(stated):>6} {len(correct) / len(stated):>6.0%}"
            f" {seconds:>5.1f}  {', '.join(missed) or '-'} / {', '.join(wrong) or '-'}"
        )
    print(f"{'all calls':28} {total_read:>5} {total_stated:>6} {total_read / total_stated:>6.1%}")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stack", type=Path, help="stack.json of a running stack")
    args = parser.parse_args()
    if args.stack:
        return benchmark(Stack.from_description(json.loads(args.stack.read_text())))
    train_model()
    with tempfile.TemporaryDirectory(prefix="hsb-transcripts-") as workdir:
        stack = make_stack(Path(workdir))
        try:
            stack.start()
            return benchmark(stack)
        finally:
            stack.stop()


if __name__ == "__main__":
    sys.exit(main())
