"""Re-encrypt every encrypted column under the current key, after a key rotation.

Put the new key in FIELD_ENCRYPTION_KEY and the old one in FIELD_ENCRYPTION_OLD_KEYS,
run `python -m backend.cli rotate-keys`, then drop the old key.
"""

from __future__ import annotations

from sqlalchemy import Engine, select, update

from backend.adapters.encryption import FieldCipher
from backend.adapters.orm import Base, ReferralRow


def rotate_keys(engine: Engine, cipher: FieldCipher) -> int:
    """Re-encrypt values and conversation digests not made with the current key."""
    changed = 0
    with engine.begin() as connection:
        for table in Base.metadata.sorted_tables:
            columns = [c for c in table.columns if c.info.get("encrypted")]
            if not columns:
                continue
            for row in connection.execute(select(table.c.id, *columns)).all():
                values = {
                    column.name: cipher.encrypt(cipher.decrypt(value))
                    for column, value in zip(columns, row[1:], strict=True)
                    if value is not None and cipher.needs_rotation(value)
                }
                if values:
                    connection.execute(update(table).where(table.c.id == row.id).values(values))
                    changed += len(values)
        referrals = Base.metadata.tables[ReferralRow.__tablename__]
        rows = connection.execute(select(referrals.c.id, referrals.c.conversation_key)).all()
        for row_id, key in rows:
            digest = cipher.digest(cipher.decrypt(key))
            connection.execute(
                update(referrals).where(referrals.c.id == row_id).values(conversation_digest=digest)
            )
    return changed
