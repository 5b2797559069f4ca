"""The action server's door into the case backend's service layer.

The service layer is synchronous SQLAlchemy; every call runs in a worker thread so the
action server's event loop never blocks on the database, and every call gets its own
unit of work (its own session): nothing is shared between requests.
"""

from __future__ import annotations

import asyncio
from typing import Any

from backend.service import referrals as referral_service
from backend.service.unit_of_work import SqlAlchemyUnitOfWork


def _uow() -> SqlAlchemyUnitOfWork:
    # One engine per process (the unit of work caches it); one session per call.
    return SqlAlchemyUnitOfWork()


async def save_referral(**kwargs: Any) -> referral_service.SubmissionResult:
    return await asyncio.to_thread(referral_service.save_referral, _uow(), **kwargs)


async def record_immediate_risk(**kwargs: Any) -> str:
    return await asyncio.to_thread(referral_service.record_immediate_risk, _uow(), **kwargs)


async def record_handoff_request(**kwargs: Any) -> int:
    return await asyncio.to_thread(referral_service.record_handoff_request, _uow(), **kwargs)


async def record_consultation_request(**kwargs: Any) -> int:
    return await asyncio.to_thread(referral_service.record_consultation_request, _uow(), **kwargs)


async def record_training_request(**kwargs: Any) -> int:
    return await asyncio.to_thread(referral_service.record_training_request, _uow(), **kwargs)


async def referral_status_for_owner(reference: str, **kwargs: Any) -> str | None:
    return await asyncio.to_thread(
        referral_service.referral_status_for_owner, _uow(), reference, **kwargs
    )
