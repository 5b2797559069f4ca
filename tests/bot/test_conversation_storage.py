"""The local conversation store (bot/conversation_storage.py): sealed rows in a private
SQLite file that expire like Redis keys, are deleted when they do, and can be shared by
two processes, without ever blocking the event loop."""

from __future__ import annotations

import asyncio
import os
import sqlite3
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.conversation_storage import (
    DEFAULT_PATH,
    MEMORY,
    PROJECT_ROOT,
    Sealer,
    SQLiteStorage,
    storage_path,
)

KEY = bytes(range(32))
SENDER = "29:1Zq8Vw3Teams-user-id-of-a-named-professional"
SENTINEL = "Ottoline Brackenbury, born 14/02/2011, marmalade lighthouse"


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "var" / "conversations.sqlite3"


@pytest.fixture
def storage(path: Path, clock: Clock) -> Iterator[SQLiteStorage]:
    opened = SQLiteStorage(path, KEY, clock=clock)
    yield opened
    opened.close()


def rows(path: Path) -> int:
    with sqlite3.connect(path) as db:
        return int(db.execute("SELECT count(*) FROM conversations").fetchone()[0])


def raw_bytes(path: Path) -> bytes:
    """Everything SQLite keeps on disk for this store: the file, its log and index."""
    parts = (path, Path(f"{path}-wal"), Path(f"{path}-shm"))
    return b"".join(part.read_bytes() for part in parts if part.exists())


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.asyncio
async def test_put_then_get(storage: SQLiteStorage) -> None:
    assert await storage.get(SENDER) is None
    await storage.put(SENDER, "first", 60)
    await storage.put(SENDER, "second", 60)
    await storage.put("another", "other", 60)
    assert await storage.get(SENDER) == "second"
    assert await storage.get("another") == "other"
    assert sorted(await storage.keys()) == sorted([SENDER, "another"])


@pytest.mark.asyncio
async def test_an_entry_expires_its_retention_after_the_last_save(
    storage: SQLiteStorage, path: Path, clock: Clock
) -> None:
    await storage.put(SENDER, "sealed", 60)
    clock.now += 50
    await storage.put(SENDER, "sealed again", 60)  # each save starts the period again
    clock.now += 50
    assert await storage.get(SENDER) == "sealed again"
    clock.now += 10
    assert await storage.get(SENDER) is None
    assert await storage.keys() == []
    assert rows(path) == 0  # deleted when read, not just hidden


@pytest.mark.asyncio
async def test_expired_entries_are_purged_without_being_asked_for(path: Path, clock: Clock) -> None:
    storage = SQLiteStorage(path, KEY, clock=clock, purge_interval=0.05)
    try:
        await storage.put("short", "a", 60)
        await storage.put("long", "b", 600)
        clock.now += 61
        deadline = time.monotonic() + 5
        while rows(path) > 1 and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        assert rows(path) == 1
        assert await storage.keys() == ["long"]
    finally:
        storage.close()


@pytest.mark.asyncio
async def test_opening_the_store_purges_what_expired_while_it_was_closed(
    storage: SQLiteStorage, path: Path, clock: Clock
) -> None:
    await storage.put(SENDER, "sealed", 60)
    clock.now += 3600
    reopened = SQLiteStorage(path, KEY, clock=clock)
    try:
        assert rows(path) == 0
    finally:
        reopened.close()


@pytest.mark.asyncio
async def test_purged_conversations_leave_no_bytes_behind(path: Path, clock: Clock) -> None:
    storage = SQLiteStorage(path, KEY, clock=clock)
    sealed = Sealer(KEY).seal(SENDER, SENTINEL * 20)
    await storage.put(SENDER, sealed, 60)
    await storage.put("stays", "x", 6000)
    assert sealed[-40:].encode() in raw_bytes(path)
    clock.now += 61
    assert storage.purge_expired() == 1
    storage.close()
    assert sealed[-40:].encode() not in raw_bytes(path)  # zeroed, and the log truncated


@pytest.mark.asyncio
async def test_nothing_is_stored_in_plaintext(storage: SQLiteStorage, path: Path) -> None:
    sealer = Sealer(KEY)
    conversation = '{"events": [{"text": "' + SENTINEL + '"}], "sender_id": "' + SENDER + '"}'
    await storage.put(SENDER, sealer.seal(SENDER, conversation), 60)
    stored = await storage.get(SENDER)
    assert stored is not None and sealer.open(SENDER, stored) == conversation
    for on_disk in (raw_bytes(path), (storage.close(), raw_bytes(path))[1]):
        for secret in (SENTINEL, "Brackenbury", "marmalade", SENDER, "Teams-user-id"):
            assert secret.encode() not in on_disk
            assert secret.encode("utf-16-le") not in on_disk


def test_a_sealed_conversation_opens_only_for_its_own_id_and_key() -> None:
    sealed = Sealer(KEY).seal(SENDER, SENTINEL)
    assert Sealer(KEY).open(SENDER, sealed) == SENTINEL
    assert Sealer(KEY).open("someone else", sealed) is None
    assert Sealer(os.urandom(32)).open(SENDER, sealed) is None
    tampered = sealed[:20] + ("A" if sealed[20] != "A" else "B") + sealed[21:]
    assert Sealer(KEY).open(SENDER, tampered) is None
    assert Sealer(KEY).open(SENDER, "not base64 at all!") is None


@pytest.mark.asyncio
async def test_another_key_finds_nothing(storage: SQLiteStorage, path: Path) -> None:
    await storage.put(SENDER, "sealed", 60)
    other = SQLiteStorage(path, os.urandom(32))
    try:
        assert await other.get(SENDER) is None
        assert await other.keys() == []
    finally:
        other.close()


@pytest.mark.asyncio
async def test_the_file_and_its_directory_are_private(storage: SQLiteStorage, path: Path) -> None:
    await storage.put(SENDER, "sealed", 60)
    assert mode(path.parent) == 0o700
    assert mode(path) == 0o600
    for suffix in ("-wal", "-shm"):
        assert mode(Path(f"{path}{suffix}")) == 0o600


def test_an_existing_file_readable_by_others_is_made_private(tmp_path: Path) -> None:
    path = tmp_path / "conversations.sqlite3"
    path.touch()
    path.chmod(0o644)
    SQLiteStorage(path, KEY).close()
    assert mode(path) == 0o600


@pytest.mark.asyncio
async def test_two_connections_share_one_file(path: Path, clock: Clock) -> None:
    first = SQLiteStorage(path, KEY, clock=clock)
    second = SQLiteStorage(path, KEY, clock=clock)
    try:
        await first.put(SENDER, "from the first", 60)
        assert await second.get(SENDER) == "from the first"
        await second.put(SENDER, "from the second", 60)
        assert await first.get(SENDER) == "from the second"
        writes = [
            store.put(f"{name}-{i}", f"value {i}", 60)
            for i in range(100)
            for name, store in (("first", first), ("second", second))
        ]
        await asyncio.gather(*writes)
        assert len(await first.keys()) == 201
        assert await second.get("first-99") == "value 99"
    finally:
        first.close()
        second.close()


CHILD = """
import sys, time
from bot.conversation_storage import SQLiteStorage
storage = SQLiteStorage(sys.argv[1], bytes(range(32)))
print("ready", flush=True)
for i in range(300):
    storage._put(f"child-{i}", "x" * 2000, 60)
    time.sleep(0.002)  # a turn's worth of other work between writes
storage.close()
print("done", flush=True)
"""


@pytest.mark.asyncio
async def test_two_processes_write_to_one_file_at_once(path: Path) -> None:
    storage = SQLiteStorage(path, KEY)
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(path)],
        cwd=PROJECT_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "ready"
        written = while_the_child_writes = 0
        while written < 300 or child.poll() is None:
            await storage.put(f"parent-{written}", "y" * 2000, 60)
            written += 1
            while_the_child_writes += child.poll() is None
            await asyncio.sleep(0.002)
        out, err = child.communicate(timeout=60)
        assert child.returncode == 0, err
        assert out.strip() == "done"
        assert while_the_child_writes > 10  # the two really wrote at the same time
        assert len(await storage.keys()) == 300 + written
    finally:
        child.kill()
        storage.close()


@pytest.mark.asyncio
async def test_a_busy_file_does_not_stop_the_event_loop(storage: SQLiteStorage, path: Path) -> None:
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")  # another process holding the write lock
    try:
        saving = asyncio.create_task(storage.put(SENDER, "sealed", 60))
        ticks = 0
        for _ in range(10):
            await asyncio.sleep(0.02)
            ticks += 1
        assert ticks == 10 and not saving.done()
    finally:
        other.execute("COMMIT")
        other.close()
    await asyncio.wait_for(saving, timeout=5)
    assert await storage.get(SENDER) == "sealed"


@pytest.mark.asyncio
async def test_the_memory_store_keeps_nothing_on_disk(clock: Clock) -> None:
    storage = SQLiteStorage(MEMORY, KEY, clock=clock)
    try:
        await storage.put(SENDER, "sealed", 60)
        assert await storage.get(SENDER) == "sealed"
        clock.now += 61
        assert await storage.get(SENDER) is None
    finally:
        storage.close()
    assert not Path(MEMORY).exists()


def test_where_the_file_is() -> None:
    assert storage_path(None) == str(PROJECT_ROOT / DEFAULT_PATH)
    assert storage_path("  ") == str(PROJECT_ROOT / "var" / "conversations.sqlite3")
    assert storage_path("var/other.sqlite3") == str(PROJECT_ROOT / "var" / "other.sqlite3")
    assert storage_path("/srv/hsb/conversations.sqlite3") == "/srv/hsb/conversations.sqlite3"
    assert storage_path(MEMORY) == MEMORY


# Any code point, unpaired surrogates and NUL included (and made likely).
ANY_TEXT = st.text(
    st.characters(codec=None, exclude_categories=()) | st.sampled_from("\ud83d\udc00\x00\u2028"),
    max_size=200,
)


def test_any_id_and_any_text_round_trip(tmp_path: Path) -> None:
    storage = SQLiteStorage(tmp_path / "c.sqlite3", KEY)
    sealer = Sealer(KEY)

    @settings(max_examples=150, deadline=None)
    @given(ANY_TEXT, ANY_TEXT)
    def round_trip(conversation_id: str, text: str) -> None:
        async def check() -> None:
            await storage.put(conversation_id, sealer.seal(conversation_id, text), 60)
            stored = await storage.get(conversation_id)
            assert stored is not None and sealer.open(conversation_id, stored) == text
            assert conversation_id in await storage.keys()

        asyncio.run(check())

    try:
        round_trip()
    finally:
        storage.close()
