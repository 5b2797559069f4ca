"""audit entries record the staff token that acted; every token expires

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-04 10:30:00

Each entry a member of staff causes records the id of the token they signed in with
(never the token), so whatever a token does leads back to its token.created entry and
whoever made it. Entries made before this revision have none. Not a foreign key: the
log outlives tokens and accounts.

Tokens made without an expiry (the default before this revision) and still active get
one, 90 days after the upgrade (the default STAFF_TOKEN_DAYS): no token lasts for ever,
and nobody is locked out on the day. Going down keeps those expiry dates.
"""

from datetime import datetime, timedelta, timezone
from typing import Sequence

import sqlalchemy as sa
from alembic import op

LEGACY_TOKEN_DAYS = 90  # fixed here, as the revision's own: settings may change later
tokens = sa.table(
    "api_tokens",
    sa.column("expires_at", sa.DateTime(timezone=True)),
    sa.column("revoked_at", sa.DateTime(timezone=True)),
)

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.add_column(sa.Column("token_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_audit_events_token_id"), ["token_id"], unique=False)
    op.execute(
        tokens.update()
        .where(tokens.c.expires_at.is_(None), tokens.c.revoked_at.is_(None))
        .values(expires_at=datetime.now(timezone.utc) + timedelta(days=LEGACY_TOKEN_DAYS))
    )


def downgrade() -> None:
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_events_token_id"))
        batch_op.drop_column("token_id")
