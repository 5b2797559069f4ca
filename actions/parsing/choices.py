"""The choice parsers in one place, for callers that think of them as "choices".

They live in smaller modules by topic (answers, statuses, meetings, contexts, people,
education); this module only gathers them.
"""

from __future__ import annotations

from .answers import is_dont_know, parse_yes_no, parse_yes_no_unknown, parse_yes_no_unsure
from .contexts import parse_contexts
from .education import parse_education
from .meetings import parse_meetings
from .people import parse_gender, parse_relationship, parse_role
from .statuses import (
    parse_admission,
    parse_assessment,
    parse_consent,
    parse_legal_status,
    parse_lives_with,
    parse_police_status,
    parse_service,
)

__all__ = [
    "is_dont_know",
    "parse_admission",
    "parse_assessment",
    "parse_consent",
    "parse_contexts",
    "parse_education",
    "parse_gender",
    "parse_legal_status",
    "parse_lives_with",
    "parse_meetings",
    "parse_police_status",
    "parse_relationship",
    "parse_role",
    "parse_service",
    "parse_yes_no",
    "parse_yes_no_unknown",
    "parse_yes_no_unsure",
]
