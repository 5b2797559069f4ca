"""a referral keeps the words each field read from free text came from

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-04 15:00:00

For a field the bot read from a call transcript or a pasted note, the line or sentence it
came from, so staff checking a draft see why each value is there. Encrypted like the
rest of the referral's personal data; referrals saved before this revision have none.
"""

from typing import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("referrals", schema=None) as batch_op:
        batch_op.add_column(sa.Column("field_sources", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("referrals", schema=None) as batch_op:
        batch_op.drop_column("field_sources")
