"""While the action server is down, the Rasa server decides alone whether a failed
turn's message is a disclosure to keep and record (bot/outage_disclosures.py). It reads
the words with the action server's own rules as well as asking the model: a model
retrained on 2026-12-04 read "... is alone with his little sister right now ... and
nobody is watching" as not understood, and the disclosure was not kept (found by
tests/fuzz/test_no_personal_data_at_rest.py)."""

from __future__ import annotations

from tests.support.rasa_probe import run_probe

DISCLOSURES = [
    "I'm worried, Quentin Marchbanks-Oyelaran is alone with his little sister right now "
    "after the lilac trampoline incident and nobody is watching",
    "foster carer's just called, he's in the younger boy's bedroom and the door's locked",
]
ORDINARY = ["how long is the wait right now?", "he was interviewed by police in June"]


def test_the_words_alone_keep_a_disclosure_the_model_is_not_asked_about() -> None:
    found = run_probe("tests.bot.outage_disclosures_probe", *DISCLOSURES, *ORDINARY)
    assert all(found[text] for text in DISCLOSURES), found
    assert not any(found[text] for text in ORDINARY), found


def test_a_disclosure_kept_as_a_pass_finds_the_outbox_empty_is_still_recorded() -> None:
    """The loop stopped when a pass found nothing left, though a disclosure had been
    kept after the pass looked: it waited until the next failure or restart."""
    recorded = run_probe("tests.bot.outage_retry_probe")
    assert recorded == ["kept first", "kept during the last look"]
