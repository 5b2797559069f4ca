"""Every text the service sends on its own account (the bot's replies are the bot's).

A follow-up carries the reference number and what is needed, by the labels of
``backend/domain/sms/followup_fields.py``: never a name, date of birth, address or anything
about the behaviour. All wording is GSM-7, and each text fits the segment limit.
"""

from __future__ import annotations

from collections.abc import Sequence

from backend.domain.sms import segments
from backend.domain.sms.followup_fields import askable_by_sms, not_by_sms, sms_label

SIGNATURE = "South Glos HSB Service"
OPT_OUT = "Reply STOP to opt out."

HELP_TEXT = (
    f"{SIGNATURE}: this number is for follow-ups on referrals. For help, contact the "
    "Access and Response Team. If a child is in immediate danger, call 999. " + OPT_OUT
)
START_TEXT = f"{SIGNATURE}: you can get texts about your referrals again. {OPT_OUT}"
NO_FOLLOWUP_TEXT = (
    f"{SIGNATURE}: this number only takes replies about referrals we have texted you "
    "about. To make or ask about a referral, contact the Access and Response Team. "
    "If a child is in immediate danger, call 999."
)
ERROR_TEXT = (
    f"{SIGNATURE}: sorry, something went wrong. Please try again later, or contact "
    "the Access and Response Team."
)


def _listed(labels: Sequence[str]) -> str:
    if len(labels) <= 1:
        return "".join(labels)
    return ", ".join(labels[:-1]) + " and " + labels[-1]


def followup_text(
    reference: str, missing: Sequence[str], *, reminder: bool, max_segments: int
) -> str:
    """The follow-up text: the reference and what is needed, within max_segments."""
    askable = askable_by_sms(missing)
    by_phone = not_by_sms(missing)
    opening = f"{'Reminder from ' if reminder else ''}{SIGNATURE}: referral {reference}"
    closing = (
        (
            "Reply to this text and we'll ask for them one at a time. "
            if len(askable) > 1
            else "Reply to this text and we'll ask for it. "
        )
        + OPT_OUT
        if askable
        else "Please contact the Access and Response Team to complete it. " + OPT_OUT
    )
    phone_note = (
        " Some details are best talked through: the service will contact you about them."
        if askable and by_phone
        else ""
    )
    candidates = []
    if askable:
        candidates.append(
            f"{opening} still needs: {_listed([sms_label(n) for n in askable])}."
            f"{phone_note} {closing}"
        )
    count = len(missing)
    candidates.append(
        f"{opening} still needs {count} detail{'s' if count != 1 else ''}.{phone_note} {closing}"
    )
    for text in candidates:
        if segments.fits(text, max_segments):
            return text
    return segments.split(candidates[-1], max_segments)[0]
