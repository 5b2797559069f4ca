"""The team's work queue: the referrals still waiting for a decision, most urgent first.

A referral is waiting when it has been submitted and not yet decided, when it is a
draft carrying IMMEDIATE_RISK (the professional disclosed a risk and may never have
finished the form), or when it is a draft ART made from a call transcript (waiting for
ART to check and complete it). Order: IMMEDIATE_RISK first, then those that need individual
discussion, then the rest; within each, the one waiting longest first.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from backend.domain.model import ReferralSummary, Status

IMMEDIATE_RISK = "IMMEDIATE_RISK"
WAITING_STATUSES: frozenset[Status] = frozenset({"submitted", "needs_discussion"})


def is_waiting(summary: ReferralSummary) -> bool:
    return summary.status in WAITING_STATUSES or (
        summary.status == "draft"
        and (IMMEDIATE_RISK in summary.flags or summary.source == "art_transcript")
    )


def needs_discussion(summary: ReferralSummary) -> bool:
    return summary.status == "needs_discussion" or summary.outcome == "needs_discussion"


def _urgency(summary: ReferralSummary) -> tuple[int, datetime, str]:
    band = 0 if IMMEDIATE_RISK in summary.flags else 1 if needs_discussion(summary) else 2
    waiting_since = summary.submitted_at or summary.created_at
    return band, waiting_since, summary.reference


def in_queue_order(summaries: Iterable[ReferralSummary]) -> list[ReferralSummary]:
    """The waiting referrals, most urgent first."""
    return sorted((s for s in summaries if is_waiting(s)), key=_urgency)


@dataclass(frozen=True)
class QueueCounts:
    total: int
    immediate_risk: int
    by_outcome: dict[str, int]
    by_flag: dict[str, int]
    by_status: dict[str, int]


def count_queue(queue: Iterable[ReferralSummary]) -> QueueCounts:
    items = list(queue)
    return QueueCounts(
        total=len(items),
        immediate_risk=sum(IMMEDIATE_RISK in s.flags for s in items),
        by_outcome=dict(Counter(s.outcome or "not_screened" for s in items)),
        by_flag=dict(Counter(code for s in items for code in s.flags)),
        by_status=dict(Counter(s.status for s in items)),
    )
