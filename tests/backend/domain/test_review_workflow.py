"""The review workflow: which decisions a person may make, always with a reason."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from backend.domain.model import STATUSES, Referral, Status
from backend.domain.review import (
    MAX_NOTE_LENGTH,
    MAX_REASON_LENGTH,
    ReasonRequired,
    TransitionRefused,
    allowed_next,
    automatic_change,
    change_status,
    make_note,
)

NOW = datetime(2025, 6, 16, 14, 0, tzinfo=timezone.utc)
SUBMITTED_AT = datetime(2025, 6, 15, 9, 30, tzinfo=timezone.utc)


def referral(status: Status, *, submitted: bool = True) -> Referral:
    return Referral(
        "HSB-2025-00001",
        "web:abc",
        "web",
        SUBMITTED_AT,
        status=status,
        submitted_at=SUBMITTED_AT if submitted else None,
    )


ALLOWED: dict[Status, set[Status]] = {
    "draft": {"submitted", "withdrawn"},
    "submitted": {"needs_discussion", "accepted", "declined", "withdrawn"},
    "needs_discussion": {"submitted", "accepted", "declined", "withdrawn"},
    "accepted": {"withdrawn"},
    "declined": {"needs_discussion"},
    "withdrawn": {"needs_discussion"},
}


@pytest.mark.parametrize("before", STATUSES)
@pytest.mark.parametrize("after", STATUSES)
def test_every_transition_is_allowed_or_refused_as_the_table_says(
    before: Status, after: Status
) -> None:
    case = referral(before, submitted=before != "draft")
    if after in ALLOWED[before]:
        change = change_status(case, after, reason="Discussed at triage.", by="staff:Jo", at=NOW)
        assert case.status == after
        assert (change.from_status, change.to_status) == (before, after)
        assert (change.reason, change.by, change.at) == ("Discussed at triage.", "staff:Jo", NOW)
    else:
        with pytest.raises(TransitionRefused):
            change_status(case, after, reason="Because.", by="staff:Jo", at=NOW)
        assert case.status == before


def test_a_withdrawn_draft_can_only_come_back_as_a_draft() -> None:
    assert allowed_next("withdrawn", ever_submitted=False) == ("draft",)
    case = referral("withdrawn", submitted=False)
    with pytest.raises(TransitionRefused):
        change_status(case, "needs_discussion", reason="Reopen.", by="staff:Jo", at=NOW)
    change_status(case, "draft", reason="Withdrawn by mistake.", by="staff:Jo", at=NOW)
    assert case.status == "draft" and case.submitted_at is None


def test_submitting_a_draft_by_hand_records_when() -> None:
    case = referral("draft", submitted=False)
    change_status(case, "submitted", reason="Taken from the ART call.", by="staff:Jo", at=NOW)
    assert case.submitted_at == NOW


@pytest.mark.parametrize("reason", ["", "   ", "\n\t"])
def test_every_decision_needs_a_reason(reason: str) -> None:
    case = referral("submitted")
    with pytest.raises(ReasonRequired):
        change_status(case, "accepted", reason=reason, by="staff:Jo", at=NOW)
    assert case.status == "submitted"


def test_reasons_are_trimmed_and_bounded() -> None:
    case = referral("submitted")
    change = change_status(case, "accepted", reason="  Meets criteria.  ", by="s", at=NOW)
    assert change.reason == "Meets criteria."
    with pytest.raises(ReasonRequired):
        change_status(
            referral("submitted"), "accepted", reason="x" * (MAX_REASON_LENGTH + 1), by="s", at=NOW
        )


def test_refusal_says_what_is_possible() -> None:
    with pytest.raises(TransitionRefused, match="it can become withdrawn"):
        change_status(referral("accepted"), "declined", reason="Changed mind.", by="s", at=NOW)


def test_the_bots_changes_are_recorded_too() -> None:
    case = referral("submitted")
    assert automatic_change("submitted", case, reason="r", by="bot:web", at=NOW) is None
    case.status = "needs_discussion"
    change = automatic_change("submitted", case, reason="Screened again.", by="bot:web", at=NOW)
    assert change is not None and (change.from_status, change.to_status, change.by) == (
        "submitted",
        "needs_discussion",
        "bot:web",
    )


def test_notes_need_text() -> None:
    note = make_note("  Spoke to the DSL.  ", by="staff:Jo", at=NOW)
    assert (note.text, note.by, note.at) == ("Spoke to the DSL.", "staff:Jo", NOW)
    for text in ("", "   ", "x" * (MAX_NOTE_LENGTH + 1)):
        with pytest.raises(ReasonRequired):
            make_note(text, by="staff:Jo", at=NOW)
