"""Commands from the action server applied once, and how recent each conversation's
saved state is

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-04 09:00:00

A side effect the case backend could not take (the database down) waits in the action
server's spool and is retried; these tables make a retry take effect exactly once and
keep a late replay from overwriting newer answers.
"""

from typing import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "applied_commands",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("reference", sa.String(length=20), nullable=True),
        sa.Column("request_id", sa.Integer(), nullable=True),
        sa.Column("applied_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_applied_commands")),
    )
    with op.batch_alter_table("applied_commands", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_applied_commands_applied_at"), ["applied_at"], unique=False
        )
    op.create_table(
        "conversation_states",
        sa.Column("conversation_digest", sa.String(length=64), nullable=False),
        sa.Column("as_of", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("conversation_digest", name=op.f("pk_conversation_states")),
    )


def downgrade() -> None:
    op.drop_table("conversation_states")
    with op.batch_alter_table("applied_commands", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_applied_commands_applied_at"))
    op.drop_table("applied_commands")
