"""Alembic on both databases: upgrade to head matches the models, every revision goes
down and up again, and data written under earlier revisions survives both ways."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

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


def test_audit_entries_keep_their_place_when_token_ids_come_and_go(
    database_url: str, cipher: FieldCipher
) -> None:
    """0006 records the acting token with each entry: entries made before it have none,
    and going down again keeps every entry, without its token."""
    migrate(database_url, revision="0005")
    engine = make_engine(database_url)
    try:
        with engine.begin() as connection:
            connection.execute(
                sa.text(
                    "INSERT INTO audit_events (at, actor, action) "
                    "VALUES (:at, 'staff:Jo Bloggs', 'referral.list')"
                ),
                {"at": datetime.now(timezone.utc)},
            )
        migrate(database_url)
        uow = SqlAlchemyUnitOfWork(make_session_factory(engine), cipher)
        with uow:
            uow.audit.record(actor=StaffUser("Dr Lee", "clinician", token_id=7).actor, action="x")
            uow.commit()
        with uow:
            assert [(e.actor, e.token_id) for e in uow.audit.events()] == [
                ("staff:Jo Bloggs", None),
                ("staff:Dr Lee", 7),
            ]
        command.downgrade(alembic_config(database_url), "0005")
        with engine.connect() as connection:
            kept = connection.execute(sa.text("SELECT actor, action FROM audit_events")).all()
        assert sorted(kept) == [("staff:Dr Lee", "x"), ("staff:Jo Bloggs", "referral.list")]
        columns = {c["name"] for c in inspect(engine).get_columns("audit_events")}
        assert "token_id" not in columns
    finally:
        engine.dispose()


def test_tokens_that_never_expired_get_ninety_days(database_url: str, cipher: FieldCipher) -> None:
    migrate(database_url, revision="0005")
    now = datetime.now(timezone.utc)
    later = now + timedelta(days=10)
    engine = make_engine(database_url)
    try:
        with engine.begin() as connection:
            connection.execute(
                sa.text(
                    "INSERT INTO staff_accounts (id, name, role, created_at) "
                    "VALUES (1, 'Jo Bloggs', 'art', :now)"
                ),
                {"now": now},
            )
            for token_id, expires, revoked in ((1, None, None), (2, None, now), (3, later, None)):
                connection.execute(
                    sa.text(
                        "INSERT INTO api_tokens (id, account_id, token_hash, created_at, "
                        "expires_at, revoked_at) VALUES (:id, 1, :hash, :now, :expires, :revoked)"
                    ),
                    {
                        "id": token_id,
                        "hash": hash_token(f"token-{token_id}"),
                        "now": now,
                        "expires": expires,
                        "revoked": revoked,
                    },
                )
        migrate(database_url)
        uow = SqlAlchemyUnitOfWork(make_session_factory(engine), cipher)
        with uow:
            expiry = {t.id: t.expires_at for t in uow.tokens.tokens()}
        assert expiry[1] is not None
        assert timedelta(days=89) < expiry[1] - now < timedelta(days=90, minutes=5)
        assert expiry[2] is None  # revoked: nothing to expire
        assert expiry[3] is not None and abs(expiry[3] - later) < timedelta(seconds=1)
    finally:
        engine.dispose()
