"""Several facts from one free message; only the confident ones."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from actions.parsing import extract_facts
from actions.parsing.young_person_facts import town_beside_named_age

TODAY = date(2026, 11, 27)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "14 year old boy from Yate, I'm his social worker",
            {
                "yp_age": 14,
                "yp_gender": "male",
                "yp_location": "Yate",
                "referrer_role": "social worker",
            },
        ),
        (
            "14yo lad from yate. im his sw",
            {
                "yp_age": 14,
                "yp_gender": "male",
                "yp_location": "Yate",
                "referrer_role": "social worker",
            },
        ),
        ("DOB 3/5/2011", {"yp_date_of_birth": "2011-05-03", "yp_age": 15}),
        (
            "born 3rd May 2011, lives in Thornbury",
            {"yp_date_of_birth": "2011-05-03", "yp_age": 15, "yp_location": "Thornbury"},
        ),
        # The date of birth wins over a stated age that disagrees with it.
        (
            "15 year old girl, DOB 3/5/2012",
            {"yp_date_of_birth": "2012-05-03", "yp_age": 14, "yp_gender": "female"},
        ),
        ("postcode BS37 5AB", {"yp_location": "BS37 5AB"}),
        ("lives at bs375ab", {"yp_location": "BS37 5AB"}),
        (
            "girl, 13, from Bath, CIN",
            {
                "yp_age": 13,
                "yp_gender": "female",
                "yp_location": "Bath",
                "yp_legal_status": "child_in_need",
            },
        ),
        ("a girl aged 15", {"yp_age": 15, "yp_gender": "female"}),
        ("I'm referring a 13 year old young man", {"yp_age": 13, "yp_gender": "male"}),
        ("hello I am worried about a boy", {"yp_gender": "male"}),
        ("he is 14 and his sister is 8", {"yp_age": 14}),
        (
            "my email is a.b@southglos.gov.uk and my number is 07700 900123",
            {"referrer_email": "a.b@southglos.gov.uk", "referrer_phone": "+447700900123"},
        ),
        (
            "Hi, my name is Sarah Jones, I'm a social worker at South Glos children's services",
            {
                "referrer_name": "Sarah Jones",
                "referrer_role": "social worker",
                "referrer_organisation": "South Glos children's services",
            },
        ),
        (
            "this is Priya from Yate Academy, I'm the DSL",
            {
                "referrer_name": "Priya",
                "referrer_organisation": "Yate Academy",
                "referrer_role": "teacher/DSL",
            },
        ),
        (
            "Hi it's Dr Amir Khan from Kingswood Health Centre",
            {"referrer_name": "Dr Amir Khan", "referrer_organisation": "Kingswood Health Centre"},
        ),
        (
            "referral for Jake, 14, on a CP plan, RUI",
            {
                "yp_first_name": "Jake",
                "yp_age": 14,
                "yp_legal_status": "child_protection_plan",
                "police_status": "open",
                "police_involved": "yes",
            },
        ),
        (
            "a boy called Jake who lives with his mum",
            {"yp_first_name": "Jake", "yp_gender": "male", "lives_with": "one_parent"},
        ),
        ("young person is Jake", {"yp_first_name": "Jake"}),
        (
            "I'm his allocated social worker",
            {"referrer_role": "social worker", "referrer_is_allocated": "yes", "yp_gender": "male"},
        ),
        ("I'm the lead professional", {"referrer_is_allocated": "yes"}),
        (
            "I'm not the allocated worker, I'm the school nurse",
            {"referrer_role": "school nurse", "referrer_is_allocated": "no"},
        ),
        (
            "NFA'd by police in June",
            {"police_status": "no_further_action", "police_involved": "yes"},
        ),
        ("he's on bail", {"police_status": "open", "police_involved": "yes"}),
        ("police not involved", {"police_status": "none", "police_involved": "no"}),
        ("no police involvement", {"police_status": "none", "police_involved": "no"}),
        (
            "he's 15 and lives in foster care",
            {"yp_age": 15, "yp_legal_status": "looked_after", "lives_with": "foster"},
        ),
        ("she lives with her grandparents", {"lives_with": "kinship"}),
        (
            "he attends Chipping Sodbury School, year 9",
            {"yp_education_setting": "Chipping Sodbury School"},
        ),
        ("I'm based in Kingswood, the young person lives in Filton", {"yp_location": "Filton"}),
    ],
)
def test_extract_facts(text: str, expected: dict[str, Any]) -> None:
    assert extract_facts(text, TODAY) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "hello",
        "don't know",
        # Facts about the harmed child, a sibling or someone else are not the young person's.
        "he touched a girl called Amy, she is 8",
        "a 6 year old girl was touched by him",
        "his sister is on a CP plan",
        "his sister lives with her dad",
        "mum's number is 07700 900123",
        "her dad's email is dad@example.com",
        # Negated, past or ambiguous statements.
        "he was on a CP plan last year",
        "not charged",
        "a 14 year old boy and a 15 year old boy",
        "I work in Yate",
        "this is Sarah from Yate",
        "I'm worried",
        "referral for CAMHS",
    ],
)
def test_extract_facts_leaves_out_what_it_cannot_be_sure_of(text: str) -> None:
    facts = extract_facts(text, TODAY)
    assert not {k: v for k, v in facts.items() if k not in ("referrer_name",)}, facts


def test_a_whole_first_message() -> None:
    text = (
        "Hi, I'm Jo Bloggs, the DSL at Castle School in Thornbury. I want to refer a 15 year "
        "old girl, DOB 12/01/2011, who lives with her mum in Thornbury. She's on a CIN plan. "
        "Police are involved, she was interviewed and is RUI. My number is 01454 868008."
    )
    assert extract_facts(text, TODAY) == {
        "yp_date_of_birth": "2011-01-12",
        "yp_age": 15,
        "yp_gender": "female",
        "yp_location": "Thornbury",
        "yp_legal_status": "child_in_need",
        "police_involved": "yes",
        "police_status": "open",
        "lives_with": "one_parent",
        "referrer_name": "Jo Bloggs",
        "referrer_role": "teacher/DSL",
        "referrer_organisation": "Castle School in Thornbury",
        "referrer_phone": "+441454868008",
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Good morning, it's PC Dan Evans from Avon and Somerset Police",
            {
                "referrer_name": "PC Dan Evans",
                "referrer_role": "police officer",
                "referrer_organisation": "Avon and Somerset Police",
            },
        ),
        (
            "YOT worker here - 16yo male, referral order, lives with mum in Filton",
            {
                "referrer_role": "YOT worker",
                "yp_age": 16,
                "yp_gender": "male",
                "yp_location": "Filton",
                "police_involved": "yes",
                "police_status": "convicted",
                "lives_with": "one_parent",
            },
        ),
        (
            "I'm a social worker for South Gloucestershire Council, referring Tom (14) who "
            "lives with foster carers in Kingswood, BS15 9TR. Care order. He has been NFA'd",
            {
                "referrer_role": "social worker",
                "referrer_organisation": "South Gloucestershire Council",
                "yp_first_name": "Tom",
                "yp_age": 14,
                "yp_location": "BS15 9TR",
                "yp_legal_status": "looked_after",
                "lives_with": "foster",
                "police_involved": "yes",
                "police_status": "no_further_action",
            },
        ),
        ("I'm working with a 14 year old boy", {"yp_age": 14, "yp_gender": "male"}),
    ],
)
def test_more_first_messages(text: str, expected: dict[str, Any]) -> None:
    assert extract_facts(text, TODAY) == expected


@pytest.mark.parametrize(
    "text",
    [
        "a 13 year old girl from his class",
        "a girl, 13, who he met online",
        "he was sexually inappropriate with a 6 year old girl",
        "it's Monday",
    ],
)
def test_other_children_are_not_the_young_person(text: str) -> None:
    assert extract_facts(text, TODAY) == {}


def test_this_is_sarah_from_yate_is_only_her_name() -> None:
    assert extract_facts("this is Sarah from Yate", TODAY) == {"referrer_name": "Sarah"}


def test_a_harmed_childs_name_is_never_the_young_persons() -> None:
    facts = extract_facts("he touched a girl called Amy, she is 8", TODAY)
    assert "Amy" not in facts.values()


@pytest.mark.parametrize(
    "sentence",
    [
        "He isn't open to CSC - no CIN, CP or LAC status.",
        "There is no social worker and Ellie-Mae is not on a CIN or CP plan.",
    ],
)
def test_a_negated_list_of_statuses_states_none_of_them(sentence: str) -> None:
    assert extract_facts(sentence, TODAY).get("yp_legal_status") in (None, "none")


@pytest.mark.parametrize(
    ("text", "organisation"),
    [
        (
            "Hi, it's PC Gareth Lloyd, collar number 4471, from Avon and Somerset Police.",
            "Avon and Somerset Police",
        ),
        ("Hi it's Saima Khan, DSL at Yate Vale Academy - he's a pupil here", "Yate Vale Academy"),
        (
            "Hello, I'm a support worker with Next Steps Trust – it's about a lad",
            "Next Steps Trust",
        ),
    ],
)
def test_the_organisation_ends_where_the_introduction_does(text: str, organisation: str) -> None:
    assert extract_facts(text, date(2026, 11, 20))["referrer_organisation"] == organisation


@pytest.mark.parametrize(
    ("text", "allocated"),
    [
        ("I'm not her social worker, I supervise the carer.", "no"),
        ("There's no SW and I'm not really his allocated worker either.", "no"),
        ("Yes I am her GP but not the allocated worker - SW is Tom Reilly.", "no"),
        ("im not the allocated sw, just covering duty", "no"),
        ("I'm Tyrone Grant's allocated YOT case manager.", "yes"),
        ("Mum and Leon agree. I'm allocated. Call me on the usual number.", "yes"),
        ("I'm his allocated social worker since March.", "yes"),
    ],
)
def test_whether_the_caller_is_the_allocated_worker(text: str, allocated: str) -> None:
    assert extract_facts(text, date(2026, 11, 20))["referrer_is_allocated"] == allocated


@pytest.mark.parametrize(
    "text",
    [
        "I'm not sure who the allocated worker is.",
        "I'm allocated to the duty desk this week, so it came to me first.",
        "His allocated social worker is off sick.",
    ],
)
def test_words_about_allocation_that_do_not_say_who_is_allocated(text: str) -> None:
    assert "referrer_is_allocated" not in extract_facts(text, date(2026, 11, 20))


@pytest.mark.parametrize(
    "text",
    [
        "No, the family's not known to social care, no CIN or CP.",
        "He isn't open to CSC - no CIN, CP or anything.",
        "The family aren't known to children's services at all.",
        "She's not on a CIN or CP plan.",
        "Never been known to social services as far as I know.",
    ],
)
def test_no_legal_status_said_in_passing(text: str) -> None:
    assert extract_facts(text, date(2026, 11, 20))["yp_legal_status"] == "none"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a status stated wins over the family's history
        ("Not known to social care before, but he's on a CP plan now.", "child_protection_plan"),
        # about another child
        ("His sister isn't known to social care.", None),
        ("Not known to the police.", None),
    ],
)
def test_no_legal_status_only_when_nothing_else_is_said(text: str, expected: str | None) -> None:
    assert extract_facts(text, date(2026, 11, 20)).get("yp_legal_status") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "I'm a supervising social worker at Horizon Fostering, it's an independent agency.",
            {"referrer_role": "social worker", "referrer_organisation": "Horizon Fostering"},
        ),
        ("I'm the duty social worker at South Glos Council.", {"referrer_role": "social worker"}),
    ],
)
def test_a_role_with_a_word_before_it_is_still_the_common_role(
    text: str, expected: dict[str, str]
) -> None:
    facts = extract_facts(text, TODAY)
    assert {slot: facts.get(slot) for slot in expected} == expected


def test_a_supervising_word_with_no_common_role_after_it_gives_no_role() -> None:
    assert "referrer_role" not in extract_facts("I'm a supervising chef at the hotel.", TODAY)


@pytest.mark.parametrize(
    ("text", "town"),
    [
        ("TC to ART re HSB ref - Zak (13) Yate, CP plan, NFA from police.", "Yate"),
        ("pls can HSB pick up Leon B (15, CP plan, Kingswood) - NFA, mum agrees.", "Kingswood"),
    ],
)
def test_a_place_beside_a_name_and_age_in_brackets_is_where_they_live(text: str, town: str) -> None:
    assert extract_facts(text, TODAY)["yp_location"] == town


@pytest.mark.parametrize(
    "text",
    [
        "Concern raised by his sister Amy (9) Yate, CP plan.",  # another child's
        "Zak (13) went to Yate and Kingswood.",  # no place on its own
        "Zak (13, Yate) and Amy (12, Kingswood) were seen.",  # two places
    ],
)
def test_no_place_from_brackets_that_may_not_be_the_young_persons(text: str) -> None:
    assert town_beside_named_age(text) is None


@given(st.text(max_size=200))
def test_any_place_read_beside_brackets_is_in_the_text(text: str) -> None:
    town = town_beside_named_age(text)
    assert town is None or town.lower() in text.lower()


@pytest.mark.parametrize(
    ("text", "gender"),
    [
        ("Yes I am her GP but not the allocated worker - SW is Tom Reilly", "female"),
        ("I'm his allocated social worker", "male"),
        ("Saima Khan, DSL at Yate Vale Academy - he's a pupil here, yr 8.", "male"),
    ],
)
def test_the_writers_tie_to_the_young_person_gives_their_gender(text: str, gender: str) -> None:
    assert extract_facts(text, TODAY)["yp_gender"] == gender


@pytest.mark.parametrize(
    "text",
    [
        "I'm her mum",  # a parent writing: not a worker's tie
        "I'm her GP, and I'm his social worker",  # both
        "she's a pupil at Yate Academy",  # not the writer's school
    ],
)
def test_no_gender_from_a_tie_that_does_not_say_it(text: str) -> None:
    assert "yp_gender" not in extract_facts(text, TODAY)


@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("She's sixteen.", 16),
        ("He's seventeen, lives with his nan.", 17),
        ("a 14yo boy from Yate", 14),
        ("a sixteen-year-old lad", 16),
        ("fourteen year old girl", 14),
    ],
)
def test_a_number_word_is_read_whole(text: str, age: int) -> None:
    # "sixteen" had been read as "six" + the noun "teen": an age of 6
    assert extract_facts(text, date(2026, 12, 4)).get("yp_age") == age


@given(st.sampled_from(["thirteen", "fourteen", "fifteen", "sixteen", "seventeen"]))
def test_no_age_from_part_of_a_teen_number_word(word: str) -> None:
    age = extract_facts(f"She's {word}.", date(2026, 12, 4)).get("yp_age")
    assert age is None or age >= 13


@pytest.mark.parametrize(
    "text",
    [
        "hi its mel from cin team, re Jaxon",
        "I work in the Children in Need team at the council.",
    ],
)
def test_a_team_name_is_not_a_legal_status(text: str) -> None:
    assert extract_facts(text, date(2026, 12, 4)).get("yp_legal_status") is None


def test_a_plan_beside_a_team_name_is_still_read() -> None:
    facts = extract_facts("I'm in the CIN team; he's on a CIN plan.", date(2026, 12, 4))
    assert facts.get("yp_legal_status") == "child_in_need"


def test_an_organisation_cut_inside_brackets_has_them_closed() -> None:
    """The read-back showed "the Early Help team (South Gloucestershire Council"."""
    said = (
        "So I'm Jo Pritchard, I'm a Family Practitioner in the Early Help team (South "
        "Gloucestershire Council, we're based at Yate One Stop Shop)."
    )
    organisation = extract_facts(said, date(2026, 12, 5))["referrer_organisation"]
    assert organisation == "the Early Help team (South Gloucestershire Council)"


@given(st.text(max_size=200))
def test_an_organisation_read_never_leaves_a_bracket_open(text: str) -> None:
    organisation = extract_facts(text, date(2026, 12, 5)).get("referrer_organisation")
    if isinstance(organisation, str):
        assert organisation.count("(") <= organisation.count(")")
