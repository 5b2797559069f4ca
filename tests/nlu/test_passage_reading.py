"""Whole passages read field by field (tests/nlu/passages.yml, scored by
scripts/passage_report.py): referral e-mails, case notes and forms pasted into the chat,
SMS replies and call transcripts, written blind by another session from the spec and the
leaflet, in eight voices (fourteen development passages, p69-p76 and p77-p82, were
added later by sessions that had read the reader; none is held out).

The held-out part was never used to change the reader. The floors sit below the figures
measured when they were set (the report prints them): raise them as the reader improves;
never lower one to make a change pass. They are far below the targets of issue 13
(precision 0.97, F1 0.90); the README says what the reader still misses."""

from __future__ import annotations

from scripts.fact_extraction_report import score
from scripts.passage_report import load, read_passage

PRECISION_FLOOR = 0.93
F1_FLOOR = 0.83


def test_held_out_passages_are_read_rarely_wrongly() -> None:
    passages, today = load("heldout")
    micro = score(passages, today, reader=read_passage, stated_key="fields")["micro avg"]
    assert micro["precision"] >= PRECISION_FLOOR, micro
    assert micro["f1-score"] >= F1_FLOOR, micro


def test_every_kind_of_passage_is_held_out() -> None:
    held_out, _ = load("heldout")
    development, _ = load("development")
    assert {p["kind"] for p in held_out} == {p["kind"] for p in development}
    assert not {p["text"] for p in held_out} & {p["text"] for p in development}
