"""What a correction message changes."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from actions.parsing import parse_correction
from actions.parsing.corrections import value_as_corrected

TODAY = date(2026, 11, 27)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("actually she's 15", {"yp_age": 15}),
        ("no, he's 15 not 14", {"yp_age": 15}),
        ("sorry, her age is 13", {"yp_age": 13}),
        ("change the postcode to BS37 5AB", {"yp_location": "BS37 5AB"}),
        ("change the postcode from BS16 1AA to BS37 5AB", {"yp_location": "BS37 5AB"}),
        ("postcode should be bs375ab", {"yp_location": "BS37 5AB"}),
        ("BS37 5AB is the postcode", {"yp_location": "BS37 5AB"}),
        ("actually he lives in Thornbury", {"yp_location": "Thornbury"}),
        (
            "actually his date of birth is 3 May 2011",
            {"yp_date_of_birth": "2011-05-03", "yp_age": 15},
        ),
        ("DOB should be 03/05/2011", {"yp_date_of_birth": "2011-05-03", "yp_age": 15}),
        ("sorry, my email is a.b@southglos.gov.uk", {"referrer_email": "a.b@southglos.gov.uk"}),
        ("update email to Sarah.Jones@NHS.net", {"referrer_email": "Sarah.Jones@nhs.net"}),
        ("change my phone number to 07700 900123", {"referrer_phone": "+447700900123"}),
        ("my mobile is actually 07700 900123", {"referrer_phone": "+447700900123"}),
        ("his surname is Smith not Smyth", {"yp_last_name": "Smith"}),
        ("last name: withheld", {"yp_last_name": "withheld"}),
        ("her first name is Jade", {"yp_first_name": "Jade"}),
        ("his name is Jake Smith", {"yp_first_name": "Jake", "yp_last_name": "Smith"}),
        ("my name is Sarah Smith not Sarah Jones", {"referrer_name": "Sarah Smith"}),
        (
            "the school is Chipping Sodbury School",
            {"yp_education_setting": "Chipping Sodbury School"},
        ),
        ("he's at college now, change the school to college", {"yp_education_setting": "college"}),
        (
            "police status is NFA now",
            {"police_status": "no_further_action", "police_involved": "yes"},
        ),
        ("police have NFA'd it", {"police_status": "no_further_action", "police_involved": "yes"}),
        ("she lives with her gran", {"lives_with": "kinship"}),
        ("change lives with to foster carers", {"lives_with": "foster"}),
        ("he's now CIN", {"yp_legal_status": "child_in_need"}),
        ("legal status should be CIN", {"yp_legal_status": "child_in_need"}),
        ("she is now on a CP plan", {"yp_legal_status": "child_protection_plan"}),
        ("change my role to DSL", {"referrer_role": "teacher/DSL"}),
        ("the organisation is Barnardo's", {"referrer_organisation": "Barnardo's"}),
        ("actually it's a girl", {"yp_gender": "female"}),
        ("gender is female", {"yp_gender": "female"}),
        (
            "the significant adult is Mary Jones, her gran",
            {"sa_name": "Mary Jones", "sa_relationship": "gran"},
        ),
        ("mum has now agreed", {"parent_consent": "agreed"}),
        ("the young person has agreed to the referral", {"yp_consent": "agreed"}),
        (
            "the meetings were a strat on 3/3/2026",
            {"multi_agency_meetings": [{"type": "strategy_meeting", "date": "2026-03-03"}]},
        ),
        (
            "service requested should be assessment and therapy",
            {"service_requested": "assessment_and_therapy"},
        ),
        # Recognised fields whose new value is wrong go to the slot's validator, which
        # explains what is wrong with them.
        ("change DOB to 31/2/2011", {"yp_date_of_birth": "31/2/2011"}),
        ("change my email to john@", {"referrer_email": "john@"}),
        ("change the phone to 12345678", {"referrer_phone": "12345678"}),
    ],
)
def test_correction(text: str, expected: dict[str, Any]) -> None:
    assert parse_correction(text, TODAY) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "hello",
        "actually",
        "change the school",
        "change the surname",
        "consent is agreed",  # whose consent? Don't guess.
        "that's all correct",
        "actually it's 15",
    ],
)
def test_correction_not_recognised(text: str) -> None:
    assert parse_correction(text, TODAY) == {}


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Lyde Green Primary - no sorry, Mangotsfield School", "Mangotsfield School"),
        ("Mum - no, sorry, dad", "dad"),
        ("21/4/12. sorry I mean 21/4/13", "21/4/13"),
        # nothing corrected: the value as written
        ("Lyde Green Primary", "Lyde Green Primary"),
        ("No police involvement", "No police involvement"),
        ("Sorry for the delay - Bradley Stoke", "Sorry for the delay - Bradley Stoke"),
        # a word retyped at once
        ("Connor Edwrds - sorry, Edwards - 13yo", "Connor Edwards - 13yo"),
        ("Mum - sorry, Dad", "Mum - sorry, Dad"),  # not a retyping: two words
        ("Yate, sorry about the delay", "Yate, sorry about the delay"),
        # what is said around the corrected value
        ("Lyde Green Primary - no sorry he's at Mangotsfield School now", "Mangotsfield School"),
        ("Mangotsfield School now", "Mangotsfield School now"),  # nothing corrected
    ],
)
def test_a_value_corrected_as_it_was_written(value: str, expected: str) -> None:
    assert value_as_corrected(value) == expected


_WORD = re.compile(r"[\w'-]+")


@given(st.text(max_size=120))
def test_a_corrected_value_is_made_of_words_that_were_written(value: str) -> None:
    assert set(_WORD.findall(value_as_corrected(value))) <= set(_WORD.findall(value))
