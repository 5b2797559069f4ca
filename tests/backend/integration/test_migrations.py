"""Alembic on both databases: upgrade to head matches the models, every revision goes
down and up again, and data written under earlier revisions survives both ways."""

from __future__ import annotations

from datetime import datetime, timezone

import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from backend.adapters.db import make_engine, make_session_factory
from backend.adapters.encryption import FieldCipher
from backend.adapters.orm import Base
from backend.cli import alembic_config, migrate
from backend.security import StaffUser, authenticate, hash_token
from backend.service.referrals import save_referral
from backend.service.unit_of_work import SqlAlchemyUnitOfWork


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


OLD_TOKENS = sa.table(
    "api_tokens",
    sa.column("id", sa.Integer()),
    sa.column("name", sa.String()),
    sa.column("role", sa.String()),
    sa.column("token_hash", sa.String()),
    sa.column("created_at", sa.DateTime(timezone=True)),
    sa.column("revoked_at", sa.DateTime(timezone=True)),
)


def test_tokens_made_before_staff_accounts_keep_working_up_and_down(
    database_url: str, cipher: FieldCipher
) -> None:
    migrate(database_url, revision="0001")
    now = datetime.now(timezone.utc)
    rows = [
        ("Jo Bloggs", "art", "token-one", None),
        ("Jo Bloggs", "admin", "token-two", None),  # one name, two roles: two accounts
        ("Dr Lee", "clinician", "token-three", None),
        ("Dr Lee", "clinician", "token-four", now),  # revoked stays revoked
    ]
    engine = make_engine(database_url)
    try:
        with engine.begin() as connection:
            for name, role, token, revoked in rows:
                connection.execute(
                    sa.insert(OLD_TOKENS).values(
                        name=name,
                        role=role,
                        token_hash=hash_token(token),
                        created_at=now,
                        revoked_at=revoked,
                    )
                )

        migrate(database_url)
        uow = SqlAlchemyUnitOfWork(make_session_factory(engine), cipher)
        signed_in = {token: authenticate(uow, token) for _, _, token, _ in rows}
        assert signed_in == {
            "token-one": StaffUser("Jo Bloggs", "art"),
            "token-two": StaffUser("Jo Bloggs (admin)", "admin"),
            "token-three": StaffUser("Dr Lee", "clinician"),
            "token-four": None,
        }
        # The new tables work on the migrated schema.
        reference = save_referral(
            uow,
            conversation_key="web:m",
            source="web",
            fields={"safe_place": "unsure"},
            transcript=[],
            submit=True,
        ).reference
        with uow:
            assert [e.kind for e in uow.outbox.events()] == ["referral_flagged"]

        command.downgrade(alembic_config(database_url), "0001")
        assert "staff_accounts" not in table_names(database_url)
        with engine.connect() as connection:
            back = connection.execute(
                sa.select(OLD_TOKENS.c.name, OLD_TOKENS.c.role, OLD_TOKENS.c.token_hash).order_by(
                    OLD_TOKENS.c.id
                )
            ).all()
            kept = connection.execute(sa.text("SELECT reference FROM referrals")).scalars().all()
        assert back == [
            ("Jo Bloggs", "art", hash_token("token-one")),
            ("Jo Bloggs (admin)", "admin", hash_token("token-two")),
            ("Dr Lee", "clinician", hash_token("token-three")),
            ("Dr Lee", "clinician", hash_token("token-four")),
        ]
        assert kept == [reference]
    finally:
        engine.dispose()


def test_each_revision_goes_down_and_up_again(database_url: str) -> None:
    config = alembic_config(database_url)
    migrate(database_url)
    for step_down, expected_gone in (("0002", "case_notes"), ("0001", "staff_accounts")):
        command.downgrade(config, step_down)
        assert expected_gone not in table_names(database_url)
    migrate(database_url)
    assert {"case_notes", "status_changes", "notification_outbox", "staff_accounts"} <= (
        table_names(database_url)
    )
