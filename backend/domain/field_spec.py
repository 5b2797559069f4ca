"""One referral field's specification: the facts about it that are not code.

A field has a flat name (the Rasa slot name), the record group and key it lands in, its
kind, and whether the screening needs it (a required field left unknown makes the
outcome `incomplete`). It also carries how people see it (the summary's label, the
label a follow-up text names it by) and where the record keeps it (a person's own
column). The table of every field is backend.domain.fields.FIELDS.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

# "period": when something happened, an ISO date when exact ("2026-03-03"), else the
# professional's words ("about 3 months ago").
Kind = Literal["text", "choice", "multi", "date", "period", "email", "phone", "list", "bool", "int"]


@dataclass(frozen=True)
class Field:
    """One field's specification: everything the project knows about it that is not
    code."""

    name: str  # slot name, e.g. "yp_first_name"
    group: str  # record group, e.g. "young_person"
    key: str  # key inside the group, e.g. "first_name"
    kind: Kind
    required: bool = True
    choices: tuple[str, ...] = ()
    label: str = ""  # how the read-back summary and the dashboard name it
    # choice: an answer outside the choices is kept in the professional's own words when
    # the whole of it matches this (a self-described gender)
    own_words: re.Pattern[str] | None = None
    sms_label: str = ""  # how a follow-up text names it when it is missing
    column: str = ""  # a person's own record column that keeps it; "" = their details
    # fields worked out from this one's value, set with it (the age from a date of birth)
    derived: tuple[str, ...] = ()
    # the labels a pasted note or another service's form gives it ("DOB", "Tel"), lower
    # case; "name" belongs to whoever the note's heading is about
    note_labels: tuple[str, ...] = ()
