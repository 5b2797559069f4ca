"""SMS: follow-ups on referrals with missing fields, and the opt-out (suppression) list

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03 09:00:00

Phone numbers are not stored here: both tables know a number by its keyed hash.
"""

from typing import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "sms_followups",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("referral_id", sa.Integer(), nullable=False),
        sa.Column("phone_digest", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("texts_sent", sa.Integer(), nullable=False),
        sa.Column("next_due_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.String(length=200), nullable=True),
        sa.Column("claimed_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["referral_id"],
            ["referrals.id"],
            name=op.f("fk_sms_followups_referral_id_referrals"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sms_followups")),
        sa.UniqueConstraint("referral_id", name=op.f("uq_sms_followups_referral_id")),
    )
    with op.batch_alter_table("sms_followups", schema=None) as batch_op:
        for column in ("phone_digest", "status", "next_due_at"):
            batch_op.create_index(batch_op.f(f"ix_sms_followups_{column}"), [column], unique=False)

    op.create_table(
        "sms_suppressions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("phone_digest", sa.String(length=64), nullable=False),
        sa.Column("reason", sa.String(length=20), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sms_suppressions")),
        sa.UniqueConstraint("phone_digest", name=op.f("uq_sms_suppressions_phone_digest")),
    )


def downgrade() -> None:
    op.drop_table("sms_suppressions")
    with op.batch_alter_table("sms_followups", schema=None) as batch_op:
        for column in ("next_due_at", "status", "phone_digest"):
            batch_op.drop_index(batch_op.f(f"ix_sms_followups_{column}"))
    op.drop_table("sms_followups")
