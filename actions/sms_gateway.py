"""The action server's door into the SMS follow-ups of the case backend's service layer
(``backend/service/followups.py``), off the event loop like ``backend_gateway``.

The sender of a text is known only by the keyed hash of their number (the conversation
id); every call checks in the backend that the number is the referrer's.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import Any

from backend.service import followups
from backend.service.unit_of_work import SqlAlchemyUnitOfWork
from backend.sms.settings import get_sms_settings

FollowupView = followups.FollowupView
NotTheReferrer = followups.NotTheReferrer
FollowupClosed = followups.FollowupClosed


def _uow() -> SqlAlchemyUnitOfWork:
    return SqlAlchemyUnitOfWork()


def _key() -> bytes:
    return get_sms_settings().number_key_bytes


def enabled() -> bool:
    """Whether numbers can be hashed: without SMS_NUMBER_KEY there are no follow-ups."""
    return get_sms_settings().followups_enabled


async def schedule_followup(reference: str) -> str:
    settings = get_sms_settings()
    return await asyncio.to_thread(
        followups.schedule_followup,
        _uow(),
        reference,
        number_key=settings.number_key_bytes,
        policy=followups.FollowupPolicy.from_settings(settings),
    )


async def followup_for_sender(digest: str) -> FollowupView | None:
    return await asyncio.to_thread(followups.followup_for_sender, _uow(), digest, number_key=_key())


async def update_fields(
    reference: str,
    fields: Mapping[str, Any],
    *,
    digest: str,
    transcript: list[dict[str, str]],
) -> FollowupView:
    return await asyncio.to_thread(
        followups.update_fields_by_reference,
        _uow(),
        reference,
        fields,
        digest=digest,
        number_key=_key(),
        transcript=transcript,
    )


async def finish(reference: str, *, digest: str, transcript: list[dict[str, str]]) -> FollowupView:
    return await asyncio.to_thread(
        followups.finish_followup,
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
        view = followups.followup_for_sender(uow, digest, number_key=_key())
        if view is None:
            return None  # no referral is open for this number: nothing to flag
        reference = view.reference
    followups.record_immediate_risk_by_sms(
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
    return followups.record_handoff_by_sms(
        uow,
        reference,
        digest=digest,
        number_key=_key(),
        transcript=transcript,
        command_id=command_id,
    )
