"""Alembic: upgrade to head matches the models, and downgrade to base empties the schema."""

from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from backend.adapters.db import make_engine
from backend.adapters.orm import Base
from backend.cli import alembic_config, migrate


def table_names(database_url: str) -> set[str]:
    engine = make_engine(database_url)
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_upgrade_head_then_downgrade_base(database_url: str) -> None:
    migrate(database_url)
    assert table_names(database_url) == set(Base.metadata.tables) | {"alembic_version"}

    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    finally:
        engine.dispose()
    assert differences == [], "the models and the migrations disagree: add a migration"

    command.downgrade(alembic_config(database_url), "base")
    assert table_names(database_url) == {"alembic_version"}

    migrate(database_url)  # and back up again, as after a rollback
    assert "referrals" in table_names(database_url)
