"""staff accounts: a role per person, tokens that belong to them and may expire

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02 10:00:00

Tokens made before this revision carried their own name and role; each distinct name
becomes an account with that role (a name used with two roles becomes two accounts,
"name (role)"). Downgrading copies the account's name and role back onto its tokens.
"""

from typing import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

accounts = sa.table(
    "staff_accounts",
    sa.column("id", sa.Integer()),
    sa.column("name", sa.String()),
    sa.column("role", sa.String()),
    sa.column("created_at", sa.DateTime(timezone=True)),
)
tokens = sa.table(
    "api_tokens",
    sa.column("id", sa.Integer()),
    sa.column("account_id", sa.Integer()),
    sa.column("name", sa.String()),
    sa.column("role", sa.String()),
    sa.column("created_at", sa.DateTime(timezone=True)),
)


def upgrade() -> None:
    op.create_table(
        "staff_accounts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_staff_accounts")),
        sa.UniqueConstraint("name", name=op.f("uq_staff_accounts_name")),
    )
    with op.batch_alter_table("api_tokens", schema=None) as batch_op:
        batch_op.add_column(sa.Column("account_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True))

    connection = op.get_bind()
    account_of: dict[tuple[str, str], int] = {}
    role_of_name: dict[str, str] = {}
    existing = connection.execute(
        sa.select(tokens.c.id, tokens.c.name, tokens.c.role, tokens.c.created_at).order_by(
            tokens.c.id
        )
    ).all()
    for token_id, name, role, created_at in existing:
        if (name, role) not in account_of:
            account_name = name if role_of_name.setdefault(name, role) == role else None
            account_name = account_name or f"{name[:80]} ({role})"
            account_of[(name, role)] = connection.execute(
                sa.insert(accounts)
                .values(name=account_name, role=role, created_at=created_at)
                .returning(accounts.c.id)
            ).scalar_one()
        connection.execute(
            sa.update(tokens)
            .where(tokens.c.id == token_id)
            .values(account_id=account_of[(name, role)])
        )

    with op.batch_alter_table("api_tokens", schema=None) as batch_op:
        batch_op.alter_column("account_id", existing_type=sa.Integer(), nullable=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_api_tokens_account_id_staff_accounts"),
            "staff_accounts",
            ["account_id"],
            ["id"],
            ondelete="CASCADE",
        )
        batch_op.create_index(batch_op.f("ix_api_tokens_account_id"), ["account_id"], unique=False)
        batch_op.drop_column("name")
        batch_op.drop_column("role")


def downgrade() -> None:
    with op.batch_alter_table("api_tokens", schema=None) as batch_op:
        batch_op.add_column(sa.Column("name", sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column("role", sa.String(length=20), nullable=True))

    connection = op.get_bind()
    for account_id, name, role in connection.execute(
        sa.select(accounts.c.id, accounts.c.name, accounts.c.role)
    ).all():
        connection.execute(
            sa.update(tokens).where(tokens.c.account_id == account_id).values(name=name, role=role)
        )

    with op.batch_alter_table("api_tokens", schema=None) as batch_op:
        batch_op.alter_column("name", existing_type=sa.String(length=100), nullable=False)
        batch_op.alter_column("role", existing_type=sa.String(length=20), nullable=False)
        batch_op.drop_index(batch_op.f("ix_api_tokens_account_id"))
        batch_op.drop_constraint(
            batch_op.f("fk_api_tokens_account_id_staff_accounts"), type_="foreignkey"
        )
        batch_op.drop_column("expires_at")
        batch_op.drop_column("account_id")

    op.drop_table("staff_accounts")
