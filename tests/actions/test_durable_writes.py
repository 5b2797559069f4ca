"""Writes to the case backend that cannot be lost (actions/spool.py,
actions/backend_gateway.py, the backend's command ledger): a write the database cannot
take is kept, sealed, and applied once it can be; applied twice, it takes effect once;
a late replay never overwrites newer answers."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from actions import backend_gateway
from actions.spool import Command, Spool, retry_delay
from backend.adapters.encryption import FieldCipher, generate_key, parse_key
from backend.adapters.orm import HandoffRequestRow, NotificationRow, ReferralRow
from backend.cli import migrate
from backend.service import referrals
from backend.service.unit_of_work import SqlAlchemyUnitOfWork, default_engine
from backend.settings import get_settings

SENTINEL = "Quilliam Fortescue-Blythe"


@pytest.fixture
def cipher() -> FieldCipher:
    return FieldCipher(parse_key(generate_key()))


# --- the spool --------------------------------------------------------------------------


def test_a_kept_command_is_sealed_on_disk(tmp_path: Path, cipher: FieldCipher) -> None:
    spool = Spool(tmp_path / "spool.sqlite3", cipher)
    spool.add(Command("c1", "save_referral", {"fields": {"referrer_name": SENTINEL}}))
    raw = b"".join(p.read_bytes() for p in tmp_path.iterdir())
    assert SENTINEL.encode() not in raw
    assert (tmp_path / "spool.sqlite3").stat().st_mode & 0o777 == 0o600
    assert spool.pending() == 1


def test_commands_are_claimed_once_retried_with_backoff_and_removed(
    tmp_path: Path, cipher: FieldCipher
) -> None:
    spool = Spool(tmp_path / "spool.sqlite3", cipher, longest_retry=30)
    now = time.time()
    spool.add(Command("c1", "record_immediate_risk", {"n": 1}), now=now)
    # The sender holds a new command while it applies it: no worker takes it meanwhile.
    assert spool.claim_due(hold=60, limit=10, now=now + 1) == []
    spool.failed("c1", now=now + 1)
    assert spool.claim_due(hold=60, limit=10, now=now + 1) == []  # not due yet
    (claimed,) = spool.claim_due(hold=60, limit=10, now=now + 1 + retry_delay(1, 30))
    assert (claimed.id, claimed.kind, claimed.arguments, claimed.attempts) == (
        "c1",
        "record_immediate_risk",
        {"n": 1},
        1,
    )
    # A second process sharing the file does not get it while it is held.
    other = Spool(tmp_path / "spool.sqlite3", cipher)
    assert other.claim_due(hold=60, limit=10, now=now + 10) == []
    spool.remove("c1")
    assert spool.pending() == 0


def test_backoff_doubles_up_to_the_longest_wait() -> None:
    assert [retry_delay(n, 60) for n in range(1, 8)] == [2, 4, 8, 16, 32, 60, 60]
    assert retry_delay(10_000, 60) == 60


def test_a_command_is_withdrawn_only_while_nobody_applies_it(
    tmp_path: Path, cipher: FieldCipher
) -> None:
    spool = Spool(tmp_path / "spool.sqlite3", cipher)
    now = time.time()
    spool.add(Command("c1", "save_referral", {}), now=now)
    assert not spool.withdraw("c1", now=now)  # its sender is applying it
    spool.failed("c1", now=now)
    assert spool.withdraw("c1", now=now)
    assert not spool.withdraw("c1", now=now)


# --- the gateway against a database that is down, then back ------------------------------


@pytest.fixture
def case_system(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, Any]]:
    """A case database that does not exist yet (as good as down) and a spool; `start()`
    brings the database up."""
    url = f"sqlite:///{tmp_path / 'hsb.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("FIELD_ENCRYPTION_KEY", generate_key())
    monkeypatch.setenv("ACTION_SPOOL_PATH", str(tmp_path / "spool.sqlite3"))
    for cache in (get_settings, default_engine, backend_gateway.spool):
        cache.cache_clear()
    (tmp_path / "hsb.db").touch()  # an empty file: no tables, every write fails
    yield {"url": url, "start": lambda: migrate(url), "spool": tmp_path / "spool.sqlite3"}
    default_engine().dispose()
    for cache in (get_settings, default_engine, backend_gateway.spool):
        cache.cache_clear()


def count(row_class: Any) -> int:
    uow = SqlAlchemyUnitOfWork()
    with uow:
        return int(uow.session.scalar(select(func.count()).select_from(row_class)) or 0)


def referral_arguments(name: str, as_of: float) -> dict[str, Any]:
    return {
        "conversation_key": "sender-1:key-1",
        "source": "web",
        "fields": {"referrer_name": name},
        "transcript": [{"speaker": "professional", "text": "hello", "at": "2026-12-04T09:00:00"}],
        "submit": True,
        "as_of": as_of,
    }


def test_a_submission_the_database_cannot_take_is_kept_then_applied_once(
    case_system: dict[str, Any],
) -> None:
    sent = asyncio.run(backend_gateway.save_referral(**referral_arguments(SENTINEL, 1.0)))
    assert not sent.applied and not sent.refused
    assert backend_gateway.spool().pending() == 1
    assert SENTINEL.encode() not in case_system["spool"].read_bytes()

    case_system["start"]()
    # Due after the first backoff; the pass after that finds nothing left to do.
    assert asyncio.run(backend_gateway.retry_kept()) == 0  # not due yet
    later = time.time() + 3600
    assert asyncio.run(backend_gateway.retry_kept(as_if_at=later)) == 1
    assert asyncio.run(backend_gateway.retry_kept(as_if_at=later)) == 0
    assert backend_gateway.spool().pending() == 0
    assert count(ReferralRow) == 1

    # The professional presses "Submit" again: the same one record, now with a reference.
    again = asyncio.run(backend_gateway.save_referral(**referral_arguments(SENTINEL, 2.0)))
    assert again.applied and again.result.reference.startswith("HSB-")
    assert count(ReferralRow) == 1


def test_a_command_applied_twice_takes_effect_once(case_system: dict[str, Any]) -> None:
    case_system["start"]()
    arguments = {
        "conversation_key": "sender-2:key-2",
        "source": "web",
        "reason": "request_human",
        "transcript": [],
        "contact": None,
    }
    first = referrals.record_handoff_request(SqlAlchemyUnitOfWork(), command_id="h1", **arguments)
    second = referrals.record_handoff_request(SqlAlchemyUnitOfWork(), command_id="h1", **arguments)
    assert first == second
    assert count(HandoffRequestRow) == 1
    risk = {"conversation_key": "sender-2:key-2", "source": "web", "fields": {}, "transcript": []}
    flagged = referrals.record_immediate_risk(SqlAlchemyUnitOfWork(), command_id="r1", **risk)
    again = referrals.record_immediate_risk(SqlAlchemyUnitOfWork(), command_id="r1", **risk)
    assert again == flagged
    kinds = [k for k in _notification_kinds() if k == "immediate_risk"]
    assert kinds == ["immediate_risk"]  # the team is told once, not once per replay


def _notification_kinds() -> list[str]:
    uow = SqlAlchemyUnitOfWork()
    with uow:
        return list(uow.session.scalars(select(NotificationRow.kind)))


def test_a_save_replayed_late_never_overwrites_newer_answers(case_system: dict[str, Any]) -> None:
    case_system["start"]()
    newer_state, older_state = (referral_arguments(n, t) for n, t in (("Newer", 20), ("Older", 10)))
    newer = referrals.save_referral(SqlAlchemyUnitOfWork(), **newer_state)
    referrals.save_referral(SqlAlchemyUnitOfWork(), **older_state)
    record = referrals.get_record(SqlAlchemyUnitOfWork(), newer.reference, actor="test")
    assert record is not None
    assert record["referrer"]["name"] == "Newer"


def test_a_disclosure_whose_answers_are_refused_is_still_flagged(
    case_system: dict[str, Any],
) -> None:
    case_system["start"]()
    sent = asyncio.run(
        backend_gateway.record_immediate_risk(
            conversation_key="sender-3:key-3",
            source="web",
            fields={"yp_gender": "banana"},  # a value the form never produces
            transcript=[],
        )
    )
    assert sent.applied
    record = referrals.get_record(SqlAlchemyUnitOfWork(), sent.result, actor="test")
    assert record is not None
    assert "IMMEDIATE_RISK" in {f["code"] for f in record["screening"]["flags"]}
    assert json.dumps(record).count("banana") == 0
