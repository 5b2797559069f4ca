"""Several referral facts from one free message.

"14 year old boy from Yate, I'm his social worker" -> age, gender, location and role.
Only confident facts are returned: a fact is left out when the message could be about
someone else (the harmed child, a sibling, the referrer's own office) or says two
different things. Missing is better than wrong, because the bot will simply ask.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from ._text import clean
from .referrer_facts import referrer_facts
from .status_facts import status_facts
from .young_person_facts import young_person_facts


def extract_facts(text: str, today: date) -> dict[str, Any]:
    """The facts a free message states with confidence, keyed by slot name.

    May return yp_age, yp_gender, yp_date_of_birth (ISO), yp_first_name, yp_location,
    yp_education_setting, yp_legal_status, lives_with, police_status (with
    police_involved), referrer_name, referrer_role, referrer_organisation,
    referrer_email, referrer_phone and referrer_is_allocated.
    """
    raw = clean(text)
    if not raw:
        return {}
    low = raw.lower()
    return {
        **young_person_facts(raw, low, today),
        **status_facts(low),
        **referrer_facts(raw, low),
    }
