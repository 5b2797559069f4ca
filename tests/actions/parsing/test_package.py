"""The public API others code against."""

from __future__ import annotations

import inspect

import actions.parsing as parsing
from actions.parsing import choices

PUBLIC = {
    "DobResult", "age_on", "extract_facts", "find_email", "find_phone", "is_carry_on",
    "is_dont_know",
    "is_uk_mobile", "mentions_immediate_risk", "normalise_phone", "parse_admission",
    "parse_assessment", "parse_consent", "parse_contexts", "parse_correction",
    "parse_date_of_birth", "parse_education", "parse_email", "parse_first_name",
    "parse_gender", "parse_harmed_child", "describes_children_apart", "parse_last_name",
    "parse_legal_status",
    "parse_lives_with", "parse_meetings", "parse_more", "parse_period", "parse_person_name",
    "parse_same_home_or_school",
    "parse_police_status", "parse_relationship", "parse_report_shareable", "parse_role",
    "parse_service",
    "parse_yes_no", "parse_yes_no_unknown", "parse_yes_no_unsure",
}  # fmt: skip


def test_package_exports_the_public_api() -> None:
    assert set(parsing.__all__) == PUBLIC
    for name in PUBLIC:
        assert getattr(parsing, name) is not None


def test_choices_module_gathers_the_choice_parsers() -> None:
    for name in choices.__all__:
        assert getattr(choices, name) is getattr(parsing, name)


def test_parsers_take_text_and_today_where_dates_matter() -> None:
    takes_today = {
        "parse_date_of_birth",
        "parse_period",
        "parse_meetings",
        "extract_facts",
        "parse_correction",
    }
    for name in PUBLIC - {"DobResult", "age_on"}:
        parameters = list(inspect.signature(getattr(parsing, name)).parameters)
        expected = ["text", "today"] if name in takes_today else ["text"]
        if name == "is_uk_mobile":
            expected = ["e164"]
        assert parameters == expected, name


def test_dob_result_is_frozen() -> None:
    result = parsing.DobResult(None, 14, None)
    try:
        result.age = 15  # type: ignore[misc]
    except AttributeError:
        return
    raise AssertionError("DobResult should be frozen")


def test_parsers_never_raise_on_odd_input() -> None:
    from datetime import date

    today = date(2026, 11, 27)
    odd = [
        "",
        " ",
        "\n\t",
        "🙂🙂",
        "' OR 1=1 --",
        "x" * 5000,
        "½ ¾ ∞",
        "null",
        "None",
        "_",
        "—",
        "?!",
    ]
    for name in PUBLIC - {"DobResult", "age_on"}:
        function = getattr(parsing, name)
        takes_today = "today" in inspect.signature(function).parameters
        for text in odd:
            function(text, today) if takes_today else function(text)
