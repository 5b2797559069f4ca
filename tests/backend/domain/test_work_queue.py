"""The work queue: what waits for a decision, in what order, and its counts."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from backend.domain.model import ReferralSummary, Source, Status
from backend.domain.queue import count_queue, in_queue_order

START = datetime(2025, 6, 1, 9, 0, tzinfo=timezone.utc)


def summary(
    reference: str,
    status: Status,
    *,
    flags: tuple[str, ...] = (),
    outcome: str | None = "criteria_met",
    day: int = 0,
    source: Source = "web",
) -> ReferralSummary:
    at = START + timedelta(days=day)
    return ReferralSummary(
        reference=reference,
        status=status,
        source=source,
        outcome=outcome,
        flags=flags,
        referrer_organisation=None,
        created_at=at,
        submitted_at=None if status == "draft" else at,
    )


def test_immediate_risk_first_then_discussion_then_the_rest_oldest_first() -> None:
    queue = in_queue_order(
        [
            summary("plain-new", "submitted", day=5),
            summary("plain-old", "submitted", day=1),
            summary("discuss-new", "needs_discussion", flags=("SAFETY_UNSURE",), day=4),
            summary("discuss-old", "needs_discussion", flags=("CONSENT_REFUSED",), day=2),
            summary("risk-new", "needs_discussion", flags=("IMMEDIATE_RISK",), day=6),
            summary("risk-draft", "draft", flags=("IMMEDIATE_RISK",), day=3),
            summary("incomplete", "submitted", outcome="needs_discussion", day=0),
        ]
    )
    assert [s.reference for s in queue] == [
        "risk-draft",
        "risk-new",
        "incomplete",  # its screening asks for discussion even if staff cleared the status
        "discuss-old",
        "discuss-new",
        "plain-old",
        "plain-new",
    ]


def test_decided_referrals_and_plain_drafts_are_not_waiting() -> None:
    queue = in_queue_order(
        [
            summary("accepted", "accepted"),
            summary("declined", "declined", flags=("IMMEDIATE_RISK",)),
            summary("withdrawn", "withdrawn"),
            summary("draft", "draft"),
            summary("waiting", "submitted"),
        ]
    )
    assert [s.reference for s in queue] == ["waiting"]


def test_counts_per_outcome_flag_and_status() -> None:
    counts = count_queue(
        [
            summary(
                "a",
                "needs_discussion",
                flags=("IMMEDIATE_RISK", "SAFETY_UNSURE"),
                outcome="needs_discussion",
            ),
            summary("b", "needs_discussion", flags=("SAFETY_UNSURE",), outcome="needs_discussion"),
            summary("c", "submitted", outcome="incomplete"),
            summary("d", "draft", flags=("IMMEDIATE_RISK",), outcome=None),
        ]
    )
    assert counts.total == 4 and counts.immediate_risk == 2
    assert counts.by_outcome == {"needs_discussion": 2, "incomplete": 1, "not_screened": 1}
    assert counts.by_flag == {"IMMEDIATE_RISK": 2, "SAFETY_UNSURE": 2}
    assert counts.by_status == {"needs_discussion": 2, "submitted": 1, "draft": 1}


def test_a_draft_art_made_from_a_call_waits_for_art_to_complete_it() -> None:
    queue = in_queue_order(
        [
            summary("web-draft", "draft", outcome="incomplete", day=1),
            summary("call-draft", "draft", outcome="incomplete", day=2, source="art_transcript"),
            summary("submitted", "submitted", day=3),
        ]
    )
    assert [s.reference for s in queue] == ["call-draft", "submitted"]
