"""The screening: every criterion, result, flag and outcome, and their order."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from backend.domain.fields import FIELDS, UNKNOWN
from backend.domain.screening import CRITERIA, FLAG_CODES, OUTCOMES, RESULTS, screen

REFERRAL_DATE = date(2025, 6, 15)

# A referral that meets every criterion with nothing missing.
COMPLETE: dict[str, Any] = {
    "referrer_name": "Sam Carter",
    "referrer_role": "social worker",
    "referrer_organisation": "South Gloucestershire Council",
    "referrer_email": "sam.carter@example.org",
    "referrer_phone": "+441454000000",
    "referrer_is_allocated": "yes",
    "yp_first_name": "Alex",
    "yp_date_of_birth": "2011-01-10",
    "yp_gender": "male",
    "yp_location": "BS37 5AB",
    "yp_education_setting": "school",
    "yp_legal_status": "child_in_need",
    "sa_name": "Chris",
    "sa_relationship": "mother",
    "sa_willing": "yes",
    "lives_with": "parents",
    "household": "mother, sister (9)",
    "safe_place": "yes",
    "safety_plan": "supervision at home",
    "concern_description": "Sexualised behaviour towards a younger sibling.",
    "concern_first_noticed": "March 2025",
    "concern_most_recent": "May 2025",
    "concern_context": ["home"],
    "harmed_children": [{"relationship": "sibling", "age": "9", "same_home": "yes"}],
    "admission": "partial",
    "social_care_investigated": "yes",
    "police_involved": "no",
    "multi_agency_meetings": [{"type": "strategy_meeting", "date": "2025-04-01"}],
    "previous_harmful_behaviour": "no",
    "previous_assessment": "none",
    "professionals_involved": [{"agency": "education", "details": "DSL"}],
    "parent_consent": "agreed",
    "yp_consent": "agreed",
    "service_requested": "assessment",
}


def with_changes(**changes: Any) -> dict[str, Any]:
    fields = dict(COMPLETE)
    for name, value in changes.items():
        if value is ...:
            fields.pop(name, None)
        else:
            fields[name] = value
    return fields


def result_of(criterion: str, fields: dict[str, Any], on: date = REFERRAL_DATE) -> str:
    screening = screen(fields, on)
    return next(c.result for c in screening.criteria if c.criterion == criterion)


def test_complete_referral_meets_every_criterion() -> None:
    screening = screen(COMPLETE, REFERRAL_DATE)
    assert [c.criterion for c in screening.criteria] == list(CRITERIA)
    assert {c.result for c in screening.criteria} == {"met"}
    assert screening.flags == []
    assert screening.missing_fields == []
    assert screening.outcome == "criteria_met"
    assert screening.next_steps


# (case id, changes, criterion, result, flags raised, outcome)
CASES: list[tuple[str, dict[str, Any], str, str, set[str], str]] = [
    # age, on 15 June 2025
    (
        "age 11y364d",
        {"yp_date_of_birth": "2013-06-16"},
        "age",
        "not_met",
        set(),
        "criteria_not_met",
    ),
    ("age 12th birthday", {"yp_date_of_birth": "2013-06-15"}, "age", "met", set(), "criteria_met"),
    ("age 17", {"yp_date_of_birth": "2008-01-01"}, "age", "met", set(), "criteria_met"),
    ("age 17y8m30d", {"yp_date_of_birth": "2007-09-16"}, "age", "met", set(), "criteria_met"),
    (
        "age 17y9m",
        {"yp_date_of_birth": "2007-09-15"},
        "age",
        "met",
        {"AGE_NEAR_18"},
        "needs_discussion",
    ),
    (
        "age day before 18",
        {"yp_date_of_birth": "2007-06-16"},
        "age",
        "met",
        {"AGE_NEAR_18"},
        "needs_discussion",
    ),
    (
        "age 18th birthday",
        {"yp_date_of_birth": "2007-06-15"},
        "age",
        "not_met",
        set(),
        "criteria_not_met",
    ),
    ("age 30", {"yp_date_of_birth": "1995-01-01"}, "age", "not_met", set(), "criteria_not_met"),
    ("age stated only", {"yp_date_of_birth": ..., "yp_age": 14}, "age", "met", set(), "incomplete"),
    (
        "age stated as text",
        {"yp_date_of_birth": UNKNOWN, "yp_age": "15"},
        "age",
        "met",
        set(),
        "incomplete",
    ),
    (
        "age stated 18",
        {"yp_date_of_birth": ..., "yp_age": 18},
        "age",
        "not_met",
        set(),
        "criteria_not_met",
    ),
    (
        "age stated 11",
        {"yp_date_of_birth": ..., "yp_age": 11},
        "age",
        "not_met",
        set(),
        "criteria_not_met",
    ),
    ("age not known", {"yp_date_of_birth": UNKNOWN}, "age", "unknown", set(), "incomplete"),
    ("age not given", {"yp_date_of_birth": ...}, "age", "unknown", set(), "incomplete"),
    (
        "birth after referral",
        {"yp_date_of_birth": "2025-07-01"},
        "age",
        "unknown",
        set(),
        "incomplete",
    ),
    (
        "birth date rubbish",
        {"yp_date_of_birth": "last spring"},
        "age",
        "unknown",
        set(),
        "incomplete",
    ),
    # area
    ("area postcode in", {"yp_location": "bs36 2aa"}, "area", "met", set(), "criteria_met"),
    ("area town in", {"yp_location": "Thornbury"}, "area", "met", set(), "criteria_met"),
    ("area out", {"yp_location": "Bath"}, "area", "not_met", set(), "criteria_not_met"),
    (
        "area straddling",
        {"yp_location": "BS16 3AA"},
        "area",
        "unknown",
        {"AREA_UNCERTAIN"},
        "needs_discussion",
    ),
    ("area unrecognised", {"yp_location": "by the river"}, "area", "unknown", set(), "incomplete"),
    ("area not known", {"yp_location": UNKNOWN}, "area", "unknown", set(), "incomplete"),
    # allocated professional
    (
        "ap is referrer",
        {"referrer_is_allocated": "yes"},
        "allocated_professional",
        "met",
        set(),
        "criteria_met",
    ),
    (
        "ap named",
        {
            "referrer_is_allocated": "no",
            "ap_exists": "yes",
            "ap_name": "Jo",
            "ap_role": "social worker",
            "ap_agency": "ART",
            "ap_contact": "jo@example.org",
        },
        "allocated_professional",
        "met",
        set(),
        "criteria_met",
    ),
    (
        "ap exists, details missing",
        {"referrer_is_allocated": "no", "ap_exists": "yes"},
        "allocated_professional",
        "met",
        set(),
        "incomplete",
    ),
    (
        "ap none",
        {"referrer_is_allocated": "no", "ap_exists": "no"},
        "allocated_professional",
        "exception",
        {"NO_ALLOCATED_PROFESSIONAL"},
        "needs_discussion",
    ),
    (
        "ap not known",
        {"referrer_is_allocated": "no", "ap_exists": UNKNOWN},
        "allocated_professional",
        "unknown",
        set(),
        "incomplete",
    ),
    (
        "ap not asked",
        {"referrer_is_allocated": ...},
        "allocated_professional",
        "unknown",
        set(),
        "incomplete",
    ),
    # significant adult
    (
        "sa none named",
        {"sa_name": "none", "sa_willing": ...},
        "significant_adult",
        "not_met",
        set(),
        "criteria_not_met",
    ),
    (
        "sa not willing",
        {"sa_willing": "no"},
        "significant_adult",
        "not_met",
        set(),
        "criteria_not_met",
    ),
    (
        "sa unsure",
        {"sa_willing": "unsure"},
        "significant_adult",
        "unknown",
        {"SIGNIFICANT_ADULT_UNSURE"},
        "needs_discussion",
    ),
    (
        "sa willing not asked",
        {"sa_willing": ...},
        "significant_adult",
        "unknown",
        set(),
        "incomplete",
    ),
    (
        "sa name not known",
        {"sa_name": UNKNOWN},
        "significant_adult",
        "unknown",
        set(),
        "incomplete",
    ),
    # safe place
    ("safe no", {"safe_place": "no"}, "safe_place", "not_met", set(), "criteria_not_met"),
    (
        "safe unsure",
        {"safe_place": "unsure"},
        "safe_place",
        "unknown",
        {"SAFETY_UNSURE"},
        "needs_discussion",
    ),
    ("safe not known", {"safe_place": UNKNOWN}, "safe_place", "unknown", set(), "incomplete"),
    # investigation
    (
        "police open",
        {"police_involved": "yes", "police_status": "open"},
        "investigation",
        "exception",
        {"POLICE_INVESTIGATION_ONGOING"},
        "needs_discussion",
    ),
    (
        "police charged, social care not",
        {"social_care_investigated": "no", "police_involved": "yes", "police_status": "charged"},
        "investigation",
        "exception",
        {"POLICE_INVESTIGATION_ONGOING"},
        "needs_discussion",
    ),
    (
        "never investigated",
        {"social_care_investigated": "no", "police_involved": "no"},
        "investigation",
        "not_met",
        set(),
        "criteria_not_met",
    ),
    (
        "police complete only",
        {
            "social_care_investigated": "no",
            "police_involved": "yes",
            "police_status": "no_further_action",
        },
        "investigation",
        "met",
        set(),
        "criteria_met",
    ),
    (
        "police convicted",
        {
            "social_care_investigated": UNKNOWN,
            "police_involved": "yes",
            "police_status": "convicted",
        },
        "investigation",
        "met",
        set(),
        "incomplete",
    ),
    (
        "police status not known",
        {"police_involved": "yes", "police_status": UNKNOWN},
        "investigation",
        "met",
        set(),
        "incomplete",
    ),
    (
        "investigation not known",
        {"social_care_investigated": UNKNOWN, "police_involved": UNKNOWN},
        "investigation",
        "unknown",
        set(),
        "incomplete",
    ),
    # consent
    (
        "parent refused",
        {"parent_consent": "refused"},
        "consent",
        "exception",
        {"CONSENT_REFUSED"},
        "needs_discussion",
    ),
    (
        "yp refused",
        {"yp_consent": "refused"},
        "consent",
        "exception",
        {"CONSENT_REFUSED"},
        "needs_discussion",
    ),
    (
        "yp not sought",
        {"yp_consent": "not_sought"},
        "consent",
        "exception",
        {"CONSENT_NOT_SOUGHT"},
        "needs_discussion",
    ),
    (
        "refused and not sought",
        {"parent_consent": "refused", "yp_consent": "not_sought"},
        "consent",
        "exception",
        {"CONSENT_REFUSED", "CONSENT_NOT_SOUGHT"},
        "needs_discussion",
    ),
    ("consent not known", {"yp_consent": UNKNOWN}, "consent", "unknown", set(), "incomplete"),
    # multi-agency meetings
    (
        "no meetings",
        {"multi_agency_meetings": []},
        "multi_agency_meetings",
        "not_met",
        set(),
        "criteria_not_met",
    ),
    (
        "meetings not known",
        {"multi_agency_meetings": UNKNOWN},
        "multi_agency_meetings",
        "unknown",
        set(),
        "incomplete",
    ),
    (
        "meetings not asked",
        {"multi_agency_meetings": ...},
        "multi_agency_meetings",
        "unknown",
        set(),
        "incomplete",
    ),
]


@pytest.mark.parametrize(
    ("changes", "criterion", "result", "flags", "outcome"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_criterion(
    changes: dict[str, Any], criterion: str, result: str, flags: set[str], outcome: str
) -> None:
    screening = screen(with_changes(**changes), REFERRAL_DATE)
    found = next(c for c in screening.criteria if c.criterion == criterion)
    assert found.result == result
    assert {f.code for f in screening.flags} == flags
    assert screening.outcome == outcome
    assert found.reason and found.reason.endswith(".")


def test_cases_cover_every_criterion_result_flag_and_outcome() -> None:
    assert {case[2] for case in CASES} == set(CRITERIA)
    assert {case[3] for case in CASES} == set(RESULTS)
    assert {code for case in CASES for code in case[4]} | {"IMMEDIATE_RISK"} == set(FLAG_CODES)
    assert {case[5] for case in CASES} == set(OUTCOMES)


@pytest.mark.parametrize(
    ("date_of_birth", "on", "result", "flagged"),
    [
        ("2008-02-29", date(2026, 2, 28), "met", True),  # turns 18 on 1 March in a common year
        ("2008-02-29", date(2026, 3, 1), "not_met", False),
        ("2012-02-29", date(2024, 2, 29), "met", False),  # 12th birthday on the day
        ("2008-02-28", date(2025, 11, 30), "met", True),  # three months on is 28 February
        ("2008-03-01", date(2025, 11, 30), "met", False),
    ],
)
def test_age_at_calendar_edges(date_of_birth: str, on: date, result: str, flagged: bool) -> None:
    screening = screen(with_changes(yp_date_of_birth=date_of_birth), on)
    assert result_of("age", with_changes(yp_date_of_birth=date_of_birth), on) == result
    assert ("AGE_NEAR_18" in {f.code for f in screening.flags}) is flagged


def test_immediate_risk_comes_only_from_extra_flags() -> None:
    plain = screen(COMPLETE, REFERRAL_DATE)
    flagged = screen(COMPLETE, REFERRAL_DATE, extra_flags=["IMMEDIATE_RISK"])
    assert "IMMEDIATE_RISK" not in {f.code for f in plain.flags}
    assert [f.code for f in flagged.flags] == ["IMMEDIATE_RISK"]
    assert flagged.outcome == "needs_discussion"
    assert "999" in flagged.next_steps[0]  # the most urgent step comes first


def test_unknown_extra_flag_is_refused() -> None:
    with pytest.raises(ValueError):
        screen(COMPLETE, REFERRAL_DATE, extra_flags=["MADE_UP"])


def test_repeated_flags_appear_once() -> None:
    screening = screen(COMPLETE, REFERRAL_DATE, extra_flags=["IMMEDIATE_RISK", "IMMEDIATE_RISK"])
    assert [f.code for f in screening.flags] == ["IMMEDIATE_RISK"]


class TestOutcomePrecedence:
    def test_not_met_beats_flags_and_missing(self) -> None:
        fields = with_changes(
            yp_date_of_birth="2015-01-01", parent_consent="refused", yp_gender=...
        )
        screening = screen(fields, REFERRAL_DATE)
        assert screening.outcome == "criteria_not_met"
        assert "CONSENT_REFUSED" in {f.code for f in screening.flags}
        assert "yp_gender" in screening.missing_fields

    def test_flags_beat_missing(self) -> None:
        screening = screen(with_changes(safe_place="unsure", yp_gender=UNKNOWN), REFERRAL_DATE)
        assert screening.outcome == "needs_discussion"
        assert screening.missing_fields == ["yp_gender"]

    def test_missing_required_field_makes_incomplete(self) -> None:
        screening = screen(with_changes(household=...), REFERRAL_DATE)
        assert (screening.outcome, screening.missing_fields) == ("incomplete", ["household"])

    def test_unknown_answer_counts_as_missing(self) -> None:
        assert screen(with_changes(admission=UNKNOWN), REFERRAL_DATE).missing_fields == [
            "admission"
        ]

    def test_optional_fields_are_not_needed(self) -> None:
        optional = {f.name: ... for f in FIELDS if not f.required}
        assert screen(with_changes(**optional), REFERRAL_DATE).outcome == "criteria_met"

    def test_nothing_given_is_incomplete_not_declined(self) -> None:
        screening = screen({}, REFERRAL_DATE)
        assert screening.outcome == "incomplete"
        assert {c.result for c in screening.criteria} == {"unknown"}


class TestFieldsThatApply:
    def test_referrer_is_allocated_so_no_ap_fields(self) -> None:
        fields = with_changes(ap_exists=..., ap_name=...)
        assert not [n for n in screen(fields, REFERRAL_DATE).missing_fields if n.startswith("ap_")]

    def test_referrer_not_allocated_asks_whether_one_exists(self) -> None:
        missing = screen(with_changes(referrer_is_allocated="no"), REFERRAL_DATE).missing_fields
        assert missing == ["ap_exists"]

    def test_allocated_professional_details_when_one_exists(self) -> None:
        fields = with_changes(referrer_is_allocated="no", ap_exists="yes")
        missing = screen(fields, REFERRAL_DATE).missing_fields
        assert missing == ["ap_name", "ap_role", "ap_agency", "ap_contact"]

    def test_no_details_when_there_is_none(self) -> None:
        fields = with_changes(referrer_is_allocated="no", ap_exists="no")
        assert screen(fields, REFERRAL_DATE).missing_fields == []

    def test_police_status_only_when_police_involved(self) -> None:
        assert screen(with_changes(police_involved="no"), REFERRAL_DATE).missing_fields == []
        missing = screen(with_changes(police_involved="yes"), REFERRAL_DATE).missing_fields
        assert missing == ["police_status"]


class TestReasonsAndNextSteps:
    @pytest.mark.parametrize("case", CASES, ids=[case[0] for case in CASES])
    def test_every_criterion_has_a_reason_and_every_outcome_next_steps(self, case: tuple) -> None:
        screening = screen(with_changes(**case[1]), REFERRAL_DATE)
        assert all(c.reason.strip() for c in screening.criteria)
        assert all(f.reason.strip() for f in screening.flags)
        assert screening.next_steps

    def test_not_investigated_points_to_the_access_and_response_team(self) -> None:
        fields = with_changes(social_care_investigated="no", police_involved="no")
        steps = " ".join(screen(fields, REFERRAL_DATE).next_steps)
        assert "contact the Access and Response Team so the concern can be investigated first" in (
            steps[0].lower() + steps[1:]
        )

    def test_reasons_carry_no_names_or_places(self) -> None:
        screening = screen(with_changes(yp_location="Yate BS37 5AB"), REFERRAL_DATE)
        text = " ".join([c.reason for c in screening.criteria] + screening.next_steps)
        for personal in ("Alex", "Chris", "Sam", "BS37 5AB", "Yate"):
            assert personal not in text

    def test_flags_each_bring_a_next_step(self) -> None:
        fields = with_changes(parent_consent="not_sought", safe_place="unsure")
        screening = screen(fields, REFERRAL_DATE)
        assert len(screening.next_steps) >= len(screening.flags) + 1

    def test_british_spelling(self) -> None:
        screening = screen({}, REFERRAL_DATE)
        text = " ".join([c.reason for c in screening.criteria] + screening.next_steps).lower()
        for american in ("organization", "center", "program ", "color"):
            assert american not in text
