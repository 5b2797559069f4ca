"""The text-parsing layer: raw chat text in, clean referral values out.

Pure functions with no I/O and no Rasa imports. Each returns a clean value, or None
when the text can't be read (the caller then asks again with a clear message).
Don't-know answers become "unknown" (backend.domain.fields.UNKNOWN) where the field
allows it. Dates are read day first, the UK way.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .answers import is_carry_on
    from .choices import (
        is_dont_know,
        parse_admission,
        parse_assessment,
        parse_consent,
        parse_contexts,
        parse_education,
        parse_gender,
        parse_legal_status,
        parse_lives_with,
        parse_meetings,
        parse_police_status,
        parse_relationship,
        parse_role,
        parse_service,
        parse_yes_no,
        parse_yes_no_unknown,
        parse_yes_no_unsure,
    )
    from .contacts import find_email, find_phone, is_uk_mobile, normalise_phone, parse_email
    from .corrections import parse_correction
    from .dates import DobResult, age_on, parse_date_of_birth, parse_period
    from .facts import extract_facts
    from .harmed_children import (
        describes_children_apart,
        parse_harmed_child,
        parse_more,
        parse_same_home_or_school,
    )
    from .names import parse_first_name, parse_last_name, parse_person_name
    from .report_sharing import parse_report_shareable
    from .risk import mentions_immediate_risk

# Each name is imported from its module when first used, so that a process needing one
# module (the Rasa server reads the risk rules, actions/parsing/risk.py, which need only
# the standard library) does not import every parser's packages.
_HOME = {
    "DobResult": "dates",
    "age_on": "dates",
    "describes_children_apart": "harmed_children",
    "extract_facts": "facts",
    "find_email": "contacts",
    "find_phone": "contacts",
    "is_carry_on": "answers",
    "is_dont_know": "choices",
    "is_uk_mobile": "contacts",
    "mentions_immediate_risk": "risk",
    "normalise_phone": "contacts",
    "parse_admission": "choices",
    "parse_assessment": "choices",
    "parse_consent": "choices",
    "parse_contexts": "choices",
    "parse_correction": "corrections",
    "parse_date_of_birth": "dates",
    "parse_education": "choices",
    "parse_email": "contacts",
    "parse_first_name": "names",
    "parse_gender": "choices",
    "parse_harmed_child": "harmed_children",
    "parse_last_name": "names",
    "parse_legal_status": "choices",
    "parse_lives_with": "choices",
    "parse_meetings": "choices",
    "parse_more": "harmed_children",
    "parse_period": "dates",
    "parse_same_home_or_school": "harmed_children",
    "parse_person_name": "names",
    "parse_police_status": "choices",
    "parse_relationship": "choices",
    "parse_report_shareable": "report_sharing",
    "parse_role": "choices",
    "parse_service": "choices",
    "parse_yes_no": "choices",
    "parse_yes_no_unknown": "choices",
    "parse_yes_no_unsure": "choices",
}


def __getattr__(name: str) -> Any:
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{home}", __name__), name)
    globals()[name] = value
    return value


__all__ = [
    "DobResult",
    "age_on",
    "describes_children_apart",
    "extract_facts",
    "find_email",
    "find_phone",
    "is_carry_on",
    "is_dont_know",
    "is_uk_mobile",
    "mentions_immediate_risk",
    "normalise_phone",
    "parse_admission",
    "parse_assessment",
    "parse_consent",
    "parse_contexts",
    "parse_correction",
    "parse_date_of_birth",
    "parse_education",
    "parse_email",
    "parse_first_name",
    "parse_gender",
    "parse_harmed_child",
    "parse_last_name",
    "parse_legal_status",
    "parse_lives_with",
    "parse_meetings",
    "parse_more",
    "parse_period",
    "parse_person_name",
    "parse_police_status",
    "parse_relationship",
    "parse_report_shareable",
    "parse_role",
    "parse_same_home_or_school",
    "parse_service",
    "parse_yes_no",
    "parse_yes_no_unknown",
    "parse_yes_no_unsure",
]
