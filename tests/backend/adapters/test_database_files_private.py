"""The embedded SQLite database is the backend's account's alone: its folder 0700 when
the backend makes it, the database and its -wal and -shm files 0600, whether the
backend creates the database, opens it or migrates it, and whatever the umask. (Found
by an attacker probe: var/ was 0755 and var/hsb.db with its -wal and -shm 0644, so any
local user could read references, flags, statuses, organisations and the audit log.)"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from backend import settings as settings_module
from backend.adapters.db import make_engine
from backend.cli import migrate
from backend.settings import load_settings, sqlite_url_in_repo

SIDE_FILES = ("-wal", "-shm")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(autouse=True)
def permissive_umask() -> Iterator[None]:
    """The loosest umask there is: the modes must not depend on the caller's."""
    before = os.umask(0)
    try:
        yield
    finally:
        os.umask(before)


def write_something(url: str) -> None:
    engine = make_engine(url)
    try:
        with engine.begin() as connection:
            connection.execute(text("CREATE TABLE IF NOT EXISTS t (x INTEGER)"))
            connection.execute(text("INSERT INTO t VALUES (1)"))
        with engine.connect() as connection:  # the WAL kept open: -wal and -shm exist
            connection.execute(text("SELECT count(*) FROM t"))
            files = [Path(f"{engine.url.database}{suffix}") for suffix in SIDE_FILES]
            assert all(file.exists() for file in files)
            assert [mode(file) for file in files] == [0o600, 0o600]
    finally:
        engine.dispose()


def test_a_new_database_and_its_folder_are_private(tmp_path: Path) -> None:
    database = tmp_path / "new" / "var" / "hsb.db"
    write_something(f"sqlite:///{database}")
    assert mode(database.parent) == 0o700
    assert mode(database) == 0o600


def test_files_left_readable_by_an_earlier_version_are_made_private(tmp_path: Path) -> None:
    database = tmp_path / "hsb.db"
    write_something(f"sqlite:///{database}")
    for path in (database, *(Path(f"{database}{suffix}") for suffix in SIDE_FILES)):
        path.touch()
        path.chmod(0o644)
    engine = make_engine(f"sqlite:///{database}")
    try:
        assert mode(database) == 0o600  # before any connection
        with engine.connect() as connection:
            connection.execute(text("SELECT count(*) FROM t"))
        for suffix in SIDE_FILES:
            assert mode(Path(f"{database}{suffix}")) == 0o600
    finally:
        engine.dispose()


def test_migrating_makes_a_private_database(tmp_path: Path) -> None:
    database = tmp_path / "fresh" / "hsb.db"
    migrate(f"sqlite:///{database}")
    assert (mode(database.parent), mode(database)) == (0o700, 0o600)
    for suffix in SIDE_FILES:
        part = Path(f"{database}{suffix}")
        assert not part.exists() or mode(part) == 0o600


def test_settings_make_the_folder_private(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The default database lives in the repository's var/: made 0700, and tightened
    when an earlier version made it 0755. Any other folder is made 0700 when missing,
    and otherwise left as the operator set it."""
    repo, elsewhere = tmp_path / "repo", tmp_path / "elsewhere" / "db"
    repo.mkdir()
    monkeypatch.setattr(settings_module, "REPO_ROOT", repo)
    loaded = load_settings({"DATABASE_URL": ""})  # the default: var/hsb.db in the repository
    assert loaded.database_url == f"sqlite:///{repo / 'var' / 'hsb.db'}"
    assert mode(repo / "var") == 0o700

    (repo / "var").chmod(0o755)
    sqlite_url_in_repo("sqlite:///var/hsb.db")
    assert mode(repo / "var") == 0o700

    sqlite_url_in_repo(f"sqlite:///{elsewhere / 'hsb.db'}")
    assert mode(elsewhere) == 0o700
    elsewhere.chmod(0o750)  # the operator's choice
    sqlite_url_in_repo(f"sqlite:///{elsewhere / 'hsb.db'}")
    assert mode(elsewhere) == 0o750
    (repo / "data").mkdir()
    sqlite_url_in_repo("sqlite:///data/hsb.db")  # somewhere else in the repository
    sqlite_url_in_repo("sqlite:///hsb.db")  # its root
    assert (mode(repo), mode(repo / "data")) == (0o777, 0o777)  # not the backend's to change


def test_memory_databases_touch_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    for url in ("sqlite://", "sqlite:///:memory:"):
        engine = make_engine(url)
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        engine.dispose()
    assert list(tmp_path.iterdir()) == []
