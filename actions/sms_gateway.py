"""The action server's door into the SMS follow-ups of the case backend's service layer
(``backend/service/followup_schedule.py`` and ``sms_conversation.py``), off the event
loop like ``backend_gateway``.

The sender of a text is known only by the keyed hash of their number (the conversation
id); every call checks in the backend that the number is the referrer's.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import Any

from backend.domain.sms.followup import FollowupView
from backend.service import followup_schedule, sms_conversation
from backend.service.sms_conversation import FollowupClosed, NotTheReferrer
from backend.service.unit_of_work import SqlAlchemyUnitOfWork
from backend.settings import SmsSettings, get_settings

__all__ = ["FollowupClosed", "FollowupView", "NotTheReferrer"]


def _uow() -> SqlAlchemyUnitOfWork:
    return SqlAlchemyUnitOfWork()


def _sms() -> SmsSettings:
    return get_settings().sms


def _key() -> bytes:
    return _sms().number_key_bytes


def enabled() -> bool:
    """Whether numbers can be hashed: without SMS_NUMBER_KEY there are no follow-ups."""
    return _sms().followups_enabled


async def schedule_followup(reference: str) -> str:
    settings = _sms()
    return await asyncio.to_thread(
        followup_schedule.schedule_followup,
        _uow(),
        reference,
        number_key=settings.number_key_bytes,
        policy=followup_schedule.FollowupPolicy.from_settings(settings),
    )


async def followup_for_sender(digest: str) -> FollowupView | None:
    return await asyncio.to_thread(
        sms_conversation.followup_for_sender, _uow(), digest, number_key=_key()
    )


async def update_fields(
    reference: str,
    fields: Mapping[str, Any],
    *,
    digest: str,
    transcript: list[dict[str, str]],
) -> FollowupView:
    return await asyncio.to_thread(
        sms_conversation.update_fields_by_reference,
        _uow(),
        reference,
        fields,
        digest=digest,
        number_key=_key(),
        transcript=transcript,
    )


async def finish(reference: str, *, digest: str, transcript: list[dict[str, str]]) -> FollowupView:
    return await asyncio.to_thread(
        sms_conversation.finish_followup,
        _uow(),
        reference,
        digest=digest,
        number_key=_key(),
        transcript=transcript,
    )


# --- writes kept and retried by the action server (actions/backend_gateway.py) --------
# The number's key is added when a command is applied, never kept with it.


def record_disclosure_now(
    uow: SqlAlchemyUnitOfWork,
    *,
    command_id: str,
    digest: str,
    transcript: list[dict[str, str]],
    reference: str | None = None,
) -> str | None:
    """IMMEDIATE_RISK on the referral the texts are about: the one named, or the
    sender's open follow-up's when the database could not be asked which that was."""
    if reference is None:
        view = sms_conversation.followup_for_sender(uow, digest, number_key=_key())
        if view is None:
            return None  # no referral is open for this number: nothing to flag
        reference = view.reference
    sms_conversation.record_immediate_risk_by_sms(
        uow,
        reference,
        digest=digest,
        number_key=_key(),
        transcript=transcript,
        command_id=command_id,
    )
    return reference


def record_handoff_now(
    uow: SqlAlchemyUnitOfWork,
    *,
    command_id: str,
    reference: str,
    digest: str,
    transcript: list[dict[str, str]],
) -> int:
    return sms_conversation.record_handoff_by_sms(
        uow,
        reference,
        digest=digest,
        number_key=_key(),
        transcript=transcript,
        command_id=command_id,
    )
