"""The dashboard's names for things cover everything the record can hold."""

from __future__ import annotations

from backend.domain.criteria import CRITERIA, RESULTS
from backend.domain.fields import AGENCIES, FIELDS, GROUPS, MEETINGS, UNKNOWN
from backend.domain.flags import FLAG_CODES
from backend.domain.labels import (
    CHOICE_LABELS,
    CRITERION_LABELS,
    FLAG_LABELS,
    GROUP_TITLES,
    OUTCOME_LABELS,
    RESULT_LABELS,
    ROLE_LABELS,
    SOURCE_LABELS,
    STATUS_LABELS,
    record_layout,
)
from backend.domain.model import SOURCES, STATUSES
from backend.domain.screening import OUTCOMES
from backend.security import ROLES


def test_every_value_has_a_label() -> None:
    assert set(STATUS_LABELS) == set(STATUSES)
    assert set(SOURCE_LABELS) == set(SOURCES)
    assert set(CRITERION_LABELS) == set(CRITERIA)
    assert set(RESULT_LABELS) == set(RESULTS)
    assert set(OUTCOME_LABELS) == {*OUTCOMES, "not_screened"}
    assert set(GROUP_TITLES) == set(GROUPS)
    assert set(FLAG_LABELS) == set(FLAG_CODES)
    assert set(ROLE_LABELS) == set(ROLES)


def test_the_layout_lists_every_field_in_its_group_in_the_spec_order() -> None:
    layout = record_layout()
    assert [g["group"] for g in layout["groups"]] == list(GROUPS)
    keys = [(g["group"], f["key"]) for g in layout["groups"] for f in g["fields"]]
    assert keys == [(f.group, f.key) for f in sorted(FIELDS, key=lambda f: GROUPS.index(f.group))]
    assert set(layout["flags"]) == set(FLAG_CODES)
    assert layout["flag_names"]["POLICE_INVESTIGATION_ONGOING"] == "Police investigation ongoing"


def test_staff_read_about_the_referrer_not_to_them() -> None:
    labels = [f["label"] for g in record_layout()["groups"] for f in g["fields"]]
    assert not [label for label in labels if label.lower().startswith(("your ", "their "))]


def test_missing_fields_are_named_with_their_group() -> None:
    names = record_layout()["fields"]
    assert set(names) == {f.name for f in FIELDS}
    assert names["referrer_email"] == "Referrer: Email"
    assert names["yp_date_of_birth"] == "Young person: Date of birth"


def test_every_stored_choice_is_named_in_words() -> None:
    stored = {value for f in FIELDS for value in f.choices} | {*MEETINGS, *AGENCIES, UNKNOWN}
    assert stored <= set(CHOICE_LABELS)
    assert not [words for words in CHOICE_LABELS.values() if "_" in words]
    assert not [words for words in CHOICE_LABELS.values() if not words[:1].isupper()]
    assert record_layout()["choices"] == CHOICE_LABELS
    assert CHOICE_LABELS["no_further_action"] == "No further action"
    assert CHOICE_LABELS[UNKNOWN] == "Not known"
