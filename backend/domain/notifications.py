"""What the team is told by e-mail, and when. Pure.

A notification carries the kind of event and the reference number only: never a name, a
date of birth, a place or anything about the concern. Staff read the details in the
dashboard, where every read is audited.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

NotificationKind = Literal[
    "referral_submitted", "referral_flagged", "immediate_risk", "handoff_requested"
]
NOTIFICATION_KINDS: tuple[NotificationKind, ...] = get_args(NotificationKind)
IMMEDIATE_RISK = "IMMEDIATE_RISK"

# Short enough that "[HSB referrals] <subject>: <reference>" fits one header line.
_SUBJECTS: dict[NotificationKind, str] = {
    "referral_submitted": "New referral submitted",
    "referral_flagged": "Referral flagged for discussion",
    "immediate_risk": "IMMEDIATE RISK recorded",
    "handoff_requested": "Hand-off to a person requested",
}
_WHAT_HAPPENED: dict[NotificationKind, str] = {
    "referral_submitted": "A referral has been submitted.",
    "referral_flagged": "A submitted referral carries flags that need individual discussion.",
    "immediate_risk": "A professional said a child is in immediate danger or still at risk "
    "now. They were told to call 999 if so and to contact the Access and Response Team.",
    "handoff_requested": "A professional asked for the Access and Response Team to take "
    "over the conversation; the transcript is attached to the request.",
}


@dataclass(frozen=True)
class ReferralState:
    """What decides the notifications of a save: submitted or not, and its flags."""

    submitted: bool
    flags: frozenset[str]


def after_save(before: ReferralState | None, after: ReferralState) -> list[NotificationKind]:
    """The notifications a save of the referral calls for.

    Submitting tells the team once (flagged if it carries any flag). Later saves of a
    submitted referral tell them only of flags it did not have before. IMMEDIATE_RISK is
    notified when it is raised (see the service), not here, and drafts notify nothing.
    """
    if not after.submitted:
        return []
    if before is None or not before.submitted:
        return ["referral_flagged" if after.flags else "referral_submitted"]
    new_flags = after.flags - before.flags - {IMMEDIATE_RISK}
    return ["referral_flagged"] if new_flags else []


@dataclass(frozen=True)
class Message:
    subject: str
    body: str


def message_for(
    kind: NotificationKind,
    *,
    reference: str | None,
    request_id: int | None = None,
    dashboard_url: str | None = None,
) -> Message:
    """The e-mail for an event: its kind and reference number, nothing else."""
    about = reference or (f"hand-off request {request_id}" if request_id else "no reference")
    lines = [_WHAT_HAPPENED[kind], "", f"Reference: {about}"]
    if dashboard_url and reference:
        lines.append(
            f"Open it in the case dashboard: {dashboard_url}/dashboard#/referral/{reference}"
        )
    elif dashboard_url:
        lines.append(f"Open the case dashboard: {dashboard_url}/dashboard")
    lines += [
        "",
        "This message deliberately carries no personal data; read the details in the "
        "dashboard, where every read is recorded.",
    ]
    return Message(f"[HSB referrals] {_SUBJECTS[kind]}: {about}", "\n".join(lines))


class DeliveryFailed(Exception):
    """A message could not be handed to the mail server; its event stays in the outbox.

    The text says what kind of failure it was (no addresses, no message content)."""
