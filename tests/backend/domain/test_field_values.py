"""The value check every stored field passes: one rule per kind, from the field table.

That everything the chat form produces is accepted is shown against the form itself in
tests/actions/test_form_values_are_storable.py; here, the rules, what they refuse, that
nothing else ever escapes them, and that a refused update stores nothing.
"""

from __future__ import annotations

from datetime import date, datetime, timezone
from typing import Any, get_args

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backend.domain.field_values import (
    DATE_OF_BIRTH_SPAN_YEARS,
    ENTRY_RULES,
    KIND_CHECKS,
    MAX_ENTRIES,
    InvalidFieldValue,
    check_field_values,
    field_value_problems,
    value_problem,
    without_invalid_values,
)
from backend.domain.fields import (
    FIELDS,
    FIELDS_BY_NAME,
    INT_RANGES,
    MAX_LENGTHS,
    TEXT_MAX_LENGTH,
    UNKNOWN,
    Kind,
)
from backend.domain.model import Referral

TODAY = date(2026, 11, 27)

# One answer of each field as the chat form gives it.
VALID: dict[str, Any] = {
    "referrer_name": "Dr Amir Khan",
    "referrer_role": "teacher/DSL",
    "referrer_organisation": "Chipping Sodbury School",
    "referrer_email": "sam.lee@southglos.gov.uk",
    "referrer_phone": "+447700900123",
    "referrer_sms_followup": "yes",
    "referrer_is_allocated": "no",
    "yp_first_name": "José",
    "yp_last_name": "withheld",
    "yp_date_of_birth": "2011-05-03",
    "yp_age": 15,
    "yp_gender": "trans boy",
    "yp_location": "BS37 5AB",
    "yp_education_setting": "Yate Academy",
    "yp_legal_status": "child_in_need",
    "yp_additional_needs": "none",
    "ap_exists": "yes",
    "ap_name": "Jo O'Brien",
    "ap_role": "social worker",
    "ap_agency": "South Glos children's services",
    "ap_contact": "01454 868008",
    "sa_name": "none",
    "sa_relationship": "foster carer",
    "sa_willing": "unsure",
    "lives_with": "foster",
    "household": "Foster carers and two younger children.\nA dog.",
    "safe_place": "no",
    "safe_place_details": "Shares a room with\ta younger child.\r\n",
    "safety_plan": "Supervised at all times 🙂",
    "concern_description": "He sent explicit images to a younger girl on Snapchat.",
    "concern_first_noticed": "about 3 months ago",
    "concern_most_recent": "2026-11-20",
    "concern_context": ["home", "online"],
    "harmed_children": [
        {
            "relationship": "cousin",
            "age": "9",
            "same_home_or_school": "no",
            "protection_plan": "unknown",
        },
        {"relationship": None, "age": "4 years younger"},
        {"same_home_or_school": "unknown", "protection_plan": "unknown"},
        # groups: one entry for several children, with a range or ages not known
        {"relationship": "stranger", "age": "11-12", "count": "several"},
        {"relationship": "online contact", "age": "unknown", "count": 2},
    ],
    "admission": "not_known",
    "severity_view": "Serious, I think",
    "social_care_investigated": "yes",
    "police_involved": "yes",
    "police_status": "no_further_action",
    "multi_agency_meetings": [
        {"type": "strategy_meeting", "date": "2026-03-03"},
        {"type": "child_protection_conference", "date": "last week"},
        {"type": "child_care_review", "date": None},
    ],
    "previous_harmful_behaviour": "unknown",
    "previous_harmful_behaviour_details": "An incident in year 8.",
    "previous_assessment": "aim3",
    "previous_assessment_date": "early March 2024",
    "previous_assessment_report": "no",
    "professionals_involved": [
        {"agency": "education", "details": "DSL at school"},
        {"agency": "other", "details": "\t"},
    ],
    "parent_consent": "refused",
    "parent_consent_reason": "Mum is worried about what it means.",
    "yp_consent": "not_sought",
    "yp_consent_reason": "Not asked yet.",
    "service_requested": "assessment_and_therapy",
}

# The forged referral of issue 11, and an unpaired surrogate in a name.
FORGED: dict[str, Any] = {
    "yp_gender": "banana",
    "yp_date_of_birth": "not a date",
    "referrer_email": "not-an-email",
    "yp_first_name": "Al\ud83dex",
}


def test_every_field_has_an_example_and_every_example_is_accepted() -> None:
    assert set(VALID) == set(FIELDS_BY_NAME)
    assert field_value_problems(VALID, TODAY) == {}


@pytest.mark.parametrize("name", sorted(FIELDS_BY_NAME))
def test_unknown_is_valid_for_every_field(name: str) -> None:
    assert value_problem(FIELDS_BY_NAME[name], UNKNOWN, TODAY) is None


def test_the_table_and_the_rules_agree() -> None:
    assert set(KIND_CHECKS) == set(get_args(Kind))
    assert set(ENTRY_RULES) == {f.name for f in FIELDS if f.kind == "list"}
    assert set(INT_RANGES) == {f.name for f in FIELDS if f.kind == "int"}
    assert set(MAX_LENGTHS) <= {f.name for f in FIELDS if f.kind in ("text", "period", "choice")}
    assert all(f.choices for f in FIELDS if f.kind in ("choice", "multi"))


@pytest.mark.parametrize(
    ("name", "value", "reason"),
    [
        # choices, and a choice in the professional's own words
        ("yp_gender", "banana", "is not one of the choices"),
        ("yp_gender", "trans 4 life", "is not one of the choices"),
        ("yp_gender", "other " * 20, "is longer than 60 characters"),
        ("yp_gender", "Male", "is not one of the choices"),
        ("yp_legal_status", "child in need", "is not one of the choices"),
        ("referrer_sms_followup", "unsure", "is not one of the choices"),
        ("admission", ["full"], "is not one of the choices"),
        ("concern_context", "home", "is not a list of one or more choices"),
        ("concern_context", [], "is not a list of one or more choices"),
        ("concern_context", ["home", "garden"], "is not one of the choices"),
        ("concern_context", ["home", "home"], "names a choice twice"),
        # dates of birth
        ("yp_date_of_birth", "not a date", "is not a real date"),
        ("yp_date_of_birth", "2011-02-29", "is not a real date"),
        ("yp_date_of_birth", "2011-5-3", "is not a real date"),
        ("yp_date_of_birth", "03/05/2011", "is not a real date"),
        ("yp_date_of_birth", "２０１１-０５-０３", "is not a real date"),
        ("yp_date_of_birth", "2011-05-03T00:00", "is not a real date"),
        ("yp_date_of_birth", 20110503, "is not a real date"),
        ("yp_date_of_birth", "2026-11-29", "is in the future"),
        ("yp_date_of_birth", "1990-01-01", f"more than {DATE_OF_BIRTH_SPAN_YEARS} years ago"),
        # periods
        ("concern_most_recent", "2027-01-01", "is in the future"),
        ("concern_most_recent", "2026-02-30", "is not a real date"),
        ("concern_first_noticed", "x" * 201, "is longer than 200 characters"),
        ("previous_assessment_date", 2024, "is not text"),
        # email and phone
        ("referrer_email", "not-an-email", "is not an email address"),
        ("referrer_email", "john@gov", "is not an email address"),
        ("referrer_email", "john smith@example.org", "is not an email address"),
        ("referrer_email", "a@example.org\n", "is not an email address"),
        ("referrer_email", "x" * 65 + "@example.org", "is not an email address"),
        ("referrer_phone", "07700 900123", "is not a UK phone number"),
        ("referrer_phone", "+12025550100", "is not a UK phone number"),
        ("referrer_phone", "+440700900123", "is not a UK phone number"),
        ("referrer_phone", "+44770090012345", "is not a UK phone number"),
        # text
        ("yp_first_name", "Al\ud83dex", "is not valid Unicode"),
        ("yp_first_name", "Alex\x00", "contains a control character"),
        ("yp_first_name", "Alex\x1b[31m", "contains a control character"),
        ("yp_first_name", "Alex\x85", "contains a control character"),
        ("yp_first_name", "A" * 101, "is longer than 100 characters"),
        ("yp_first_name", "   ", "is blank"),
        ("yp_first_name", "", "is blank"),
        ("yp_first_name", ["Alex"], "is not text"),
        ("concern_description", "x" * (TEXT_MAX_LENGTH + 1), "is longer than"),
        # int and bool
        ("yp_age", "14", "is not a whole number"),
        ("yp_age", 14.0, "is not a whole number"),
        ("yp_age", True, "is not a whole number"),
        ("yp_age", 4, "is outside 5 to 25"),
        ("yp_age", 10**100, "is outside 5 to 25"),
    ],
)
def test_what_each_kind_refuses(name: str, value: Any, reason: str) -> None:
    problem = value_problem(FIELDS_BY_NAME[name], value, TODAY)
    assert problem is not None and reason in problem


@pytest.mark.parametrize(
    ("name", "value", "reason"),
    [
        ("harmed_children", {"relationship": "cousin"}, "is not a list"),
        ("harmed_children", [], "is empty"),
        ("harmed_children", ["cousin"], "entry 1 is not a description of a child"),
        ("harmed_children", [{"relationship": "Lily Smith"}], "not one of the relationships"),
        ("harmed_children", [{"relationship": "cousin", "notes": "x"}], "a detail other than"),
        ("harmed_children", [{"age": 9}], "has an age that is not an age"),
        ("harmed_children", [{"age": "nine years"}], "has an age that is not an age"),
        ("harmed_children", [{"age": "9", "protection_plan": "maybe"}], "protection plan"),
        ("harmed_children", [{"age": "9", "count": 1}], "count outside 2 to 50"),
        ("harmed_children", [{"age": "9", "count": 51}], "count outside 2 to 50"),
        ("harmed_children", [{"age": "9", "count": True}], "not a number of children"),
        ("harmed_children", [{"age": "9", "count": "lots"}], "not a number of children"),
        ("harmed_children", [{"age": "9-"}], "has an age that is not an age"),
        ("multi_agency_meetings", [{"type": "party", "date": None}], "not one of the meetings"),
        ("multi_agency_meetings", [{"type": "strategy_meeting", "where": "x"}], "not a meeting"),
        ("multi_agency_meetings", [{"type": "strategy_meeting", "date": "2030-01-01"}], "future"),
        ("multi_agency_meetings", [{"type": "strategy_meeting", "date": "x" * 101}], "longer"),
        ("professionals_involved", [{"agency": "MI5", "details": "x"}], "not one of the agencies"),
        ("professionals_involved", [{"agency": "YOT"}], "is not a professional"),
        ("professionals_involved", [{"agency": "YOT", "details": "x\x07"}], "control character"),
        ("professionals_involved", [{"agency": "YOT", "details": "x"}] * (MAX_ENTRIES + 1), "more"),
    ],
)
def test_what_the_list_entries_refuse(name: str, value: Any, reason: str) -> None:
    problem = value_problem(FIELDS_BY_NAME[name], value, TODAY)
    assert problem is not None and reason in problem


def test_empty_lists_are_answers_where_none_is_one() -> None:
    assert value_problem(FIELDS_BY_NAME["multi_agency_meetings"], [], TODAY) is None
    assert value_problem(FIELDS_BY_NAME["professionals_involved"], [], TODAY) is None


def test_a_date_may_be_a_day_ahead_for_time_zones() -> None:
    dob, recent = FIELDS_BY_NAME["yp_date_of_birth"], FIELDS_BY_NAME["concern_most_recent"]
    assert value_problem(recent, "2026-11-28", TODAY) is None
    assert value_problem(recent, "2026-11-29", TODAY) == "is in the future"
    assert value_problem(dob, "1996-11-27", TODAY) is None
    assert value_problem(dob, "1996-11-26", TODAY) is not None


@pytest.mark.parametrize("today", [date.min, date.max, date(1, 3, 1), date(9999, 12, 31)])
def test_the_ends_of_the_calendar_raise_nothing(today: date) -> None:
    for value in ("0001-01-01", "9999-12-31", "2011-05-03"):
        for name in ("yp_date_of_birth", "concern_most_recent"):
            assert value_problem(FIELDS_BY_NAME[name], value, today) in (
                None,
                "is in the future",
                f"is more than {DATE_OF_BIRTH_SPAN_YEARS} years ago",
            )


# --- issue 11: the forged values ------------------------------------------------------


def _referral() -> Referral:
    return Referral("HSB-2026-00001", "web:c", "web", datetime(2026, 11, 27, tzinfo=timezone.utc))


def test_the_forged_values_are_refused_and_named() -> None:
    with pytest.raises(InvalidFieldValue) as refused:
        check_field_values({**VALID, **FORGED}, TODAY)
    assert refused.value.field_names == tuple(sorted(FORGED))


def test_a_forged_update_stores_nothing_not_even_its_valid_values() -> None:
    referral = _referral()
    referral.update_fields({"yp_first_name": "Alex", "yp_age": 14}, today=TODAY)
    with pytest.raises(InvalidFieldValue):
        referral.update_fields({**VALID, **FORGED}, today=TODAY)
    assert referral.fields == {"yp_first_name": "Alex", "yp_age": 14}
    for name, value in FORGED.items():
        with pytest.raises(InvalidFieldValue) as refused:
            referral.update_fields({"yp_location": "Yate", name: value}, today=TODAY)
        assert refused.value.field_names == (name,)
    assert referral.fields == {"yp_first_name": "Alex", "yp_age": 14}


def test_update_fields_checks_dates_against_the_machines_day_when_not_told() -> None:
    referral = _referral()
    with pytest.raises(InvalidFieldValue):
        referral.update_fields({"concern_most_recent": "9999-01-01"})
    referral.update_fields({"concern_most_recent": "2000-01-01"})
    assert referral.fields == {"concern_most_recent": "2000-01-01"}


def test_identifying_details_of_a_harmed_child_are_dropped_before_the_check() -> None:
    referral = _referral()
    child = {"relationship": "sibling", "age": "8", "name": "Lily", "date_of_birth": "x"}
    referral.update_fields({"harmed_children": [child]}, today=TODAY)
    assert referral.fields["harmed_children"] == [{"relationship": "sibling", "age": "8"}]


SENTINEL = "Zebedee-Quartermaine"


def test_reasons_never_quote_the_values() -> None:
    forged: dict[str, Any] = {
        "yp_gender": SENTINEL,
        "yp_date_of_birth": SENTINEL,
        "referrer_email": SENTINEL,
        "referrer_phone": SENTINEL,
        "yp_first_name": SENTINEL + "\x00",
        "yp_age": SENTINEL,
        "concern_context": [SENTINEL],
        "harmed_children": [{SENTINEL: SENTINEL}],
        "multi_agency_meetings": [{"type": SENTINEL, "date": SENTINEL}],
        "professionals_involved": [{"agency": "YOT", "details": SENTINEL * 50}],
        "concern_most_recent": SENTINEL * 20,
    }
    with pytest.raises(InvalidFieldValue) as refused:
        check_field_values(forged, TODAY)
    assert set(refused.value.field_names) == set(forged)
    assert SENTINEL not in str(refused.value)
    assert SENTINEL not in repr(refused.value.args)
    assert all(SENTINEL not in reason for reason in refused.value.problems.values())


def test_names_outside_the_table_and_none_are_not_checked() -> None:
    assert field_value_problems({"not_a_field": object(), "yp_gender": None}, TODAY) == {}


def test_a_transcript_draft_keeps_what_is_valid() -> None:
    kept, dropped = without_invalid_values({**VALID, **FORGED, "extra": 1}, TODAY)
    assert dropped == tuple(sorted(FORGED))
    assert kept == {**{k: v for k, v in VALID.items() if k not in FORGED}, "extra": 1}


def test_the_error_is_a_value_error_the_gateway_does_not_retry() -> None:
    assert issubclass(InvalidFieldValue, ValueError)


# --- properties -----------------------------------------------------------------------

_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(st.characters(blacklist_categories=()), max_size=30)
    | st.sampled_from([UNKNOWN, "yes", "home", "cousin", "9", "strategy_meeting", "YOT", "other"])
    | st.sampled_from(["2011-05-03", "2026-11-28", "+447700900123", "a@b.co", "same age"])
    | st.binary(max_size=5)
    | st.dates()
)
_KEYS = (
    st.sampled_from(
        ["relationship", "age", "same_home_or_school", "protection_plan", "type", "date", "agency"]
        + ["details", "name", "dob"]
    )
    | st.integers()
    | st.text(max_size=5)
    | st.tuples(st.integers())
)
ANY_VALUE = st.recursive(
    _SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(_KEYS, inner, max_size=5)
        | st.tuples(inner)
        | st.frozensets(st.integers(), max_size=3)
    ),
    max_leaves=12,
)
NAMES = st.sampled_from(sorted(FIELDS_BY_NAME))


@settings(max_examples=600, deadline=None)
@given(name=NAMES, value=ANY_VALUE, today=st.dates())
def test_any_value_gets_an_answer_and_never_an_error(name: str, value: Any, today: date) -> None:
    problem = value_problem(FIELDS_BY_NAME[name], value, today)
    assert problem is None or isinstance(problem, str)


@settings(max_examples=400, deadline=None)
@given(values=st.dictionaries(NAMES | st.text(max_size=8), ANY_VALUE, max_size=6))
def test_an_update_is_taken_whole_or_refused_whole(values: dict[str, Any]) -> None:
    referral = _referral()
    referral.update_fields({"yp_first_name": "Alex"}, today=TODAY)
    try:
        referral.update_fields(values, today=TODAY)
    except InvalidFieldValue as refused:
        assert referral.fields == {"yp_first_name": "Alex"}
        assert set(refused.field_names) <= set(values) & set(FIELDS_BY_NAME)
        assert refused.field_names
    else:
        given_fields = {k for k, v in values.items() if k in FIELDS_BY_NAME and v is not None}
        assert given_fields <= set(referral.fields)


@settings(max_examples=300, deadline=None)
@given(
    name=st.sampled_from(sorted(n for n, f in FIELDS_BY_NAME.items() if f.kind == "text")),
    text=st.text(st.characters(blacklist_categories=()), min_size=1, max_size=40),
)
def test_text_is_refused_exactly_when_it_could_not_be_stored_or_shown(name: str, text: str) -> None:
    problem = value_problem(FIELDS_BY_NAME[name], text, TODAY)
    unencodable = any("\ud800" <= c <= "\udfff" for c in text)
    controls = any(ord(c) < 32 and c not in "\t\n\r" or 0x7F <= ord(c) <= 0x9F for c in text)
    assert (problem is None) == (not unencodable and not controls and bool(text.strip()))
    if problem is None:
        text.encode("utf-8")  # storable as it is
