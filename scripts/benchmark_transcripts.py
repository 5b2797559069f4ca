"""Transcript extraction rate: each call in tests/fixtures/transcripts handed over through
POST /api/transcripts of a running stack (the trained bot reads it), then the draft read
back from the staff API and compared, field by field, with what the call states
(tests/fixtures/transcript_cases.py). Prints, per call and overall, the fields read
correctly / the fields stated, the fields missed and the fields read wrongly, and how
long each handover took; the held-out calls, never tuned on, apart.

    .venv-app/bin/python -m scripts.benchmark_transcripts [--stack var/dev-stack/stack.json]
    .venv-app/bin/python -m scripts.benchmark_transcripts --offline   # the reader alone

Without --stack it trains if needed and starts a stack of its own (scripts/harness/stack.py),
then stops it."""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

from actions.transcript_reading import ReadTurn, read_transcript
from backend.domain.transcripts import parse_transcript
from scripts.harness.stack import Stack, make_stack, train_model
from scripts.harness.staff_api import new_token
from tests.fixtures.transcript_cases import (
    CALL_DATE,
    CASES,
    HELD_OUT,
    TranscriptCase,
    fields_of,
    matches,
)

ROOT = Path(__file__).resolve().parent.parent
Reader = Callable[[TranscriptCase], dict[str, Any]]


def _draft_fields(stack: Stack, headers: dict[str, str], case: TranscriptCase) -> dict[str, Any]:
    answer = httpx.post(
        f"{stack.backend_url}/api/transcripts",
        json={"transcript": case.text, "call_date": CALL_DATE.isoformat()},
        headers=headers,
        timeout=120,
    )
    answer.raise_for_status()
    reference = answer.json()["reference"]
    record = httpx.get(
        f"{stack.backend_url}/api/referrals/{reference}", headers=headers, timeout=10
    ).json()
    return fields_of(record)


def _read_fields(case: TranscriptCase) -> dict[str, Any]:
    """The reader alone, without the model's intents (no stack)."""
    transcript = parse_transcript(case.text, case.referrer_speaker)
    turns = (ReadTurn(turn.role, turn.text) for turn in transcript.turns)
    return read_transcript(turns, CALL_DATE).fields


def _report(title: str, cases: tuple[TranscriptCase, ...], fields_for: Reader) -> None:
    total_read = total_stated = total_wrong = 0
    print(f"{title:28} {'read':>5} {'stated':>6} {'rate':>6} {'secs':>5}  missed / read wrongly")
    for case in cases:
        started = time.perf_counter()
        fields = fields_for(case)
        seconds = time.perf_counter() - started
        stated = {**case.read, **case.misread, **dict.fromkeys(case.missed)}
        correct = [
            name for name, value in case.read.items() if matches(name, value, fields.get(name))
        ]
        missed = sorted(name for name in stated if fields.get(name) is None)
        wrong = sorted(name for name in stated if name not in correct and name not in missed)
        total_read += len(correct)
        total_stated += len(stated)
        total_wrong += len(wrong)
        print(
            f"{case.file:28} {len(correct):>5} {len(stated):>6} {len(correct) / len(stated):>6.0%}"
            f" {seconds:>5.1f}  {', '.join(missed) or '-'} / {', '.join(wrong) or '-'}"
        )
    print(
        f"{'all ' + title:28} {total_read:>5} {total_stated:>6} {total_read / total_stated:>6.1%}"
        f"  ({total_wrong} read wrongly)\n"
    )


def benchmark(fields_for: Reader) -> int:
    # The held-out calls are never tuned on (tests/fixtures/transcripts/README.md).
    _report("calls", CASES, fields_for)
    _report("held-out calls", HELD_OUT, fields_for)
    return 0


def _on_stack(stack: Stack) -> int:
    token = new_token(stack, "transcript-benchmark", "art")
    headers = {"Authorization": f"Bearer {token}"}
    return benchmark(lambda case: _draft_fields(stack, headers, case))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stack", type=Path, help="stack.json of a running stack")
    parser.add_argument(
        "--offline", action="store_true", help="the reader alone: no stack, no model's intents"
    )
    args = parser.parse_args()
    if args.offline:
        return benchmark(_read_fields)
    if args.stack:
        return _on_stack(Stack.from_description(json.loads(args.stack.read_text())))
    train_model()
    with tempfile.TemporaryDirectory(prefix="hsb-transcripts-") as workdir:
        stack = make_stack(Path(workdir))
        try:
            stack.start()
            return _on_stack(stack)
        finally:
            stack.stop()


if __name__ == "__main__":
    sys.exit(main())
