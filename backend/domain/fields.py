"""The referral's fields: one specification per field, shared by the bot, the screening,
the record and the SMS follow-up.

Each field has a flat name (the Rasa slot name), the record group and key it lands
in, its kind, and whether the screening needs it (a required field left unknown makes
the outcome `incomplete`). It also carries how people see it (the summary's label, the
label a text names it by) and where the record keeps it (a person's own column).
Values are plain JSON types; UNKNOWN is a professional's "don't know".

The other per-field tables are derived from FIELDS: the SMS labels
(backend.domain.sms.followup_fields), the person columns (backend.adapters.referral_rows) and
the fields worked out from another (backend.service.followups). The bot's validator for
each field is attached in actions/field_hooks.py. What a value may be
(choices, the longest text, an age's range) is checked by backend/domain/field_values.py.
This module also re-exports the enumerations (backend.domain.choices) and the rules
across fields (backend.domain.field_rules), so one import serves a field's facts.
"""

from __future__ import annotations

from backend.domain.case_fields import CASE_FIELDS
from backend.domain.choices import (
    ADMISSION,
    AGENCIES,
    ASSESSMENTS,
    CONSENT,
    CONTEXTS,
    GENDERS,
    HARMED_CHILD_RELATIONSHIPS,
    LEGAL_STATUS,
    LIVES_WITH,
    MEETINGS,
    MOST_CHILDREN_IN_A_GROUP,
    POLICE_STATUS,
    SELF_DESCRIBED_GENDER,
    SERVICES,
    SEVERAL_CHILDREN,
    UNKNOWN,
    YES_NO,
    YES_NO_UNKNOWN,
    YES_NO_UNSURE,
)
from backend.domain.field_rules import (
    GROUPS,
    INT_RANGES,
    MAX_LENGTHS,
    TEXT_MAX_LENGTH,
    applies,
    is_uk_mobile,
    max_length,
)
from backend.domain.field_spec import Field, Kind
from backend.domain.person_fields import PERSON_FIELDS

__all__ = [
    "ADMISSION",
    "AGENCIES",
    "ASSESSMENTS",
    "CONSENT",
    "CONTEXTS",
    "FIELDS",
    "FIELDS_BY_NAME",
    "Field",
    "GENDERS",
    "GROUPS",
    "HARMED_CHILD_RELATIONSHIPS",
    "INT_RANGES",
    "Kind",
    "LEGAL_STATUS",
    "LIVES_WITH",
    "MAX_LENGTHS",
    "MEETINGS",
    "MOST_CHILDREN_IN_A_GROUP",
    "POLICE_STATUS",
    "SELF_DESCRIBED_GENDER",
    "SERVICES",
    "SEVERAL_CHILDREN",
    "TEXT_MAX_LENGTH",
    "UNKNOWN",
    "YES_NO",
    "YES_NO_UNKNOWN",
    "YES_NO_UNSURE",
    "applies",
    "is_uk_mobile",
    "max_length",
]

FIELDS: tuple[Field, ...] = PERSON_FIELDS + CASE_FIELDS
FIELDS_BY_NAME: dict[str, Field] = {f.name: f for f in FIELDS}
