"""The action server's door into the case backend's service layer.

The service layer is synchronous SQLAlchemy; every call runs in a worker thread so the
action server's event loop never blocks on the database, and every call gets its own
unit of work (its own session): nothing is shared between requests.

Writes are commands (`send`): kept in the spool (actions/spool.py) before they are
applied, and applied again by `retry_kept` until they have been, so a write the
database could not take is delayed, never lost. An action tells the person what
happened either way; it never fails because the database did.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from actions import sms_gateway
from actions.spool import Command, Spool
from backend.adapters.encryption import FieldCipher
from backend.domain.field_values import InvalidFieldValue
from backend.domain.model import ReferralClosed
from backend.service import referrals as referral_service
from backend.service.unit_of_work import SqlAlchemyUnitOfWork
from backend.settings import get_settings

log = logging.getLogger(__name__)

# What each kind of command calls, with the unit of work and command_id added.
_SERVICE: dict[str, Callable[..., Any]] = {
    "save_referral": referral_service.save_referral,
    "record_immediate_risk": referral_service.record_immediate_risk,
    "record_handoff_request": referral_service.record_handoff_request,
    "record_consultation_request": referral_service.record_consultation_request,
    "record_training_request": referral_service.record_training_request,
    "sms_disclosure": sms_gateway.record_disclosure_now,
    "sms_handoff": sms_gateway.record_handoff_now,
}
# A command the spool could not keep either (its disk failing): retried from memory.
_unkept: deque[Command] = deque(maxlen=10_000)
RETRY_BATCH = 20
RETRY_HOLD_SECONDS = 120.0


def _uow() -> SqlAlchemyUnitOfWork:
    # One engine per process (the unit of work caches it); one session per call.
    return SqlAlchemyUnitOfWork()


@lru_cache(maxsize=1)
def spool() -> Spool:
    settings = get_settings()
    return Spool(
        settings.action_spool_path,
        FieldCipher.from_settings(settings),
        longest_retry=settings.action_spool_retry_max_seconds,
    )


# Errors that retrying cannot mend: the backend refused the command itself (values the
# field table does not allow, a referral already decided, a number that is not the
# referrer's). Anything else (the database down, a lock, a timeout) is retried.
REFUSALS: tuple[type[BaseException], ...] = (
    ValueError,
    ReferralClosed,
    sms_gateway.NotTheReferrer,
    sms_gateway.FollowupClosed,
)


def refused(error: BaseException) -> bool:
    return isinstance(error, REFUSALS)


@dataclass(frozen=True)
class Sent:
    """What became of a command: its result once applied; otherwise kept (for retry)
    or refused (never to be applied)."""

    command_id: str
    result: Any = None
    applied: bool = False
    refused: bool = False
    #: The fields whose values the backend refused, when it named them.
    refused_fields: tuple[str, ...] = ()


def _call(command: Command) -> Any:
    arguments = dict(command.arguments)
    if isinstance(arguments.get("referral_date"), str):
        arguments["referral_date"] = date.fromisoformat(arguments["referral_date"])
    return _SERVICE[command.kind](_uow(), command_id=command.id, **arguments)


def _json_ready(arguments: dict[str, Any]) -> dict[str, Any]:
    return {k: v.isoformat() if isinstance(v, date) else v for k, v in arguments.items()}


async def send(kind: str, **arguments: Any) -> Sent:
    """Keep the command, apply it, and forget it once applied. A failure to apply is
    logged by its type only (its message may quote values) and left to the retries."""
    command = Command(uuid.uuid4().hex, kind, _json_ready(arguments))
    try:
        await asyncio.to_thread(lambda: spool().add(command))
    except Exception as error:  # the spool's disk or settings: keep it in memory instead
        log.error("spool: could not keep a %s command (%s)", kind, type(error).__name__)
        _unkept.append(command)
    try:
        result = await asyncio.to_thread(_call, command)
    except Exception as error:
        if refused(error):
            log.error("case backend refused a %s command (%s)", kind, type(error).__name__)
            await _forget(command)
            if (flag_only := _flag_only(command)) is not None:
                return await send(flag_only.kind, **flag_only.arguments)
            fields = error.field_names if isinstance(error, InvalidFieldValue) else ()
            return Sent(command.id, refused=True, refused_fields=fields)
        log.warning(
            "case backend did not take a %s command %s… (%s): kept for retry",
            kind,
            command.id[:8],
            type(error).__name__,
        )
        await _failed(command)
        return Sent(command.id)
    await _forget(command)
    return Sent(command.id, result=result, applied=True)


def _flag_only(command: Command) -> Command | None:
    """A disclosure whose answers the backend refused is still flagged: the same command
    without the answers and transcript (the flag matters more than the values)."""
    arguments = command.arguments
    if command.kind != "record_immediate_risk" or not (
        arguments.get("fields") or arguments.get("transcript")
    ):
        return None
    return Command(command.id, command.kind, {**arguments, "fields": {}, "transcript": []})


async def _forget(command: Command) -> None:
    try:
        await asyncio.to_thread(spool().remove, command.id)
    except Exception as error:  # applied already: a replay changes nothing (the ledger)
        log.warning(
            "spool: could not remove command %s… (%s)", command.id[:8], type(error).__name__
        )


async def _failed(command: Command) -> None:
    try:
        await asyncio.to_thread(spool().failed, command.id)
    except Exception as error:
        log.error("spool: could not note a failed try (%s)", type(error).__name__)


async def retry_kept(as_if_at: float | None = None) -> int:
    """One pass over the commands due for another try (due by `as_if_at`, a time, for
    tests that will not wait out the backoff); how many were applied."""
    applied = 0
    in_memory = _drain_unkept()
    claimed = await asyncio.to_thread(
        lambda: spool().claim_due(hold=RETRY_HOLD_SECONDS, limit=RETRY_BATCH, now=as_if_at)
    )
    for command in [*in_memory, *claimed]:
        try:
            await asyncio.to_thread(_call, command)
        except Exception as error:
            if refused(error):
                log.error(
                    "case backend refused a kept %s command (%s)",
                    command.kind,
                    type(error).__name__,
                )
                await _forget(command)
                if (flag_only := _flag_only(command)) is not None:
                    await send(flag_only.kind, **flag_only.arguments)
            elif command in in_memory:
                _unkept.append(command)
            else:
                await _failed(command)
            continue
        applied += 1
        log.info(
            "a kept %s command %s… was applied after %d failed tries",
            command.kind,
            command.id[:8],
            command.attempts + 1,
        )
        await _forget(command)
    return applied


def forget_unkept() -> None:
    """Drop the commands kept in memory (for tests: a process that ends loses them)."""
    _unkept.clear()


def _drain_unkept() -> list[Command]:
    drained = list(_unkept)
    _unkept.clear()
    return drained


async def retry_forever(interval_seconds: float = 1.0) -> None:
    """The action server's background task: retry kept commands until stopped."""
    while True:
        try:
            await retry_kept()
        except Exception as error:  # the spool itself unreadable: try again next time
            log.error("spool: a retry pass failed (%s)", type(error).__name__)
        await asyncio.sleep(interval_seconds)


# --- the writes -----------------------------------------------------------------------


def _writer(kind: str) -> Callable[..., Awaitable[Sent]]:
    async def write(**arguments: Any) -> Sent:
        return await send(kind, **arguments)

    write.__name__ = kind
    return write


save_referral = _writer("save_referral")
record_immediate_risk = _writer("record_immediate_risk")
record_handoff_request = _writer("record_handoff_request")
record_consultation_request = _writer("record_consultation_request")
record_training_request = _writer("record_training_request")
record_sms_disclosure = _writer("sms_disclosure")
record_sms_handoff = _writer("sms_handoff")


async def withdraw_kept(command_id: str) -> bool:
    """Take a kept command back before it is applied; False when it is no longer kept
    (applied already, or being applied right now)."""
    return await asyncio.to_thread(spool().withdraw, command_id)


async def call_now(kind: str, **arguments: Any) -> Any:
    """Apply a command at once, not kept for retry: for a caller who is waiting for the
    result and can try again itself (staff drafting from a call). Raises on failure."""
    command = Command(uuid.uuid4().hex, kind, _json_ready(arguments))
    return await asyncio.to_thread(_call, command)


# --- reads ----------------------------------------------------------------------------


async def referral_status_for_owner(reference: str, **kwargs: Any) -> str | None:
    return await asyncio.to_thread(
        referral_service.referral_status_for_owner, _uow(), reference, **kwargs
    )
