"""The writer of a pasted note from its sign-off (actions/parsing/note_writer.py)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from actions.parsing.note_writer import closing_signature, opening_rank, signature_facts


def _signed(lines: list[str]) -> dict[str, str]:
    return {str(fact.slot): str(fact.value) for fact in signature_facts(lines)}


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (
            ["Thanks,", "Dean Archer", "YOT Case Manager, South Gloucestershire YOT", "d@x.uk"],
            {
                "referrer_name": "Dean Archer",
                "referrer_role": "YOT worker",
                "referrer_organisation": "South Gloucestershire YOT",
            },
        ),
        (
            [
                "Regards",
                "DC 2291 Sian Roberts",
                "Protecting Vulnerable People, Avon and Somerset Police",
                "sian.roberts@police.example.org | 07700 900155",
            ],
            {
                "referrer_name": "DC Sian Roberts",
                "referrer_role": "police officer",
                "referrer_organisation": "Avon and Somerset Police",
            },
        ),
        (
            ["Kind regards,", "Helen Ashcroft", "DSL / Assistant Headteacher", "Brimsham Academy"],
            {
                "referrer_name": "Helen Ashcroft",
                "referrer_role": "teacher/DSL",
                "referrer_organisation": "Brimsham Academy",
            },
        ),
    ],
)
def test_the_sign_off_gives_the_writers_name_role_and_organisation(
    lines: list[str], expected: dict[str, str]
) -> None:
    assert _signed(lines) == expected


def test_a_role_line_with_no_organisation_after_its_comma_gives_none() -> None:
    signed = _signed(["Thanks,", "Dean Archer", "Social worker, part time", "d@x.uk"])
    assert "referrer_organisation" not in signed


@given(st.lists(st.text(max_size=60), max_size=8))
def test_any_lines_give_values_from_the_lines(lines: list[str]) -> None:
    text = "\n".join(lines)
    for fact in signature_facts(lines):
        if fact.slot == "referrer_organisation":
            assert str(fact.value) in text


def test_a_message_ending_with_name_role_and_number_is_signed_by_that_person() -> None:
    message = (
        "pls can HSB pick up Leon B (15, CP plan) - NFA. I'm allocated. Jo Tranter SW 07700 900921"
    )
    signed = {str(f.slot): f.value for f in closing_signature(message)}
    assert signed == {
        "referrer_name": "Jo Tranter",
        "referrer_role": "social worker",
        "referrer_phone": "+447700900921",
    }


@pytest.mark.parametrize(
    "message",
    [
        "Call me. Kerry Smith mum 07700 900921",  # a family word is no common role
        "Mum is Kerry Smith 07700 900921",
        "SW Lauren Pryce 07700 900277. Mum Tasha will do sessions.",  # not the end
        "Jo Tranter SW 07700 900921 is the worker to call.",
    ],
)
def test_a_name_and_number_not_closing_the_message_as_a_signature_gives_no_writer(
    message: str,
) -> None:
    assert closing_signature(message) == []


@given(st.text(max_size=200))
def test_any_closing_signature_names_someone_in_the_text(text: str) -> None:
    for fact in closing_signature(text):
        if fact.slot == "referrer_name":
            assert str(fact.value) in text


def test_a_role_signed_with_a_collar_number_is_the_role() -> None:
    signed = _signed(
        ["Regards", "Rachel Thorne", "Detective Constable 2291", "Avon and Somerset Constabulary"]
    )
    assert signed == {
        "referrer_name": "Rachel Thorne",
        "referrer_role": "police officer",
        "referrer_organisation": "Avon and Somerset Constabulary",
    }


def test_a_phone_number_under_the_name_is_no_role() -> None:
    signed = _signed(["Regards", "Rachel Thorne", "Tel 01632 960118", "Some Council"])
    assert signed == {"referrer_name": "Rachel Thorne"}


LETTER = [
    "Frenchay Road Surgery",
    "12 Frenchay Road, Downend",
    "",
    "Dr Priya Natarajan MBBS MRCGP",
    "",
    "Dear team, please see Harvey.",
    "Yours faithfully",
    "Dr P. Natarajan",
    "General Practitioner",
]


def test_a_letter_signed_with_an_initial_gives_the_name_in_full_and_the_letterhead() -> None:
    assert _signed(LETTER) == {
        "referrer_name": "Dr Priya Natarajan",
        "referrer_role": "GP",
        "referrer_organisation": "Frenchay Road Surgery",
    }


def test_an_initial_is_not_filled_in_from_someone_else_of_that_surname() -> None:
    lines = ["Dr Sanjay Natarajan is the consultant.", "Yours faithfully", "Dr P. Natarajan", "GP"]
    assert _signed(lines)["referrer_name"] == "Dr P Natarajan"


@pytest.mark.parametrize(
    "first_line",
    [
        "YOT case note",  # a document's title, naming an organisation word
        "Re: referral from the school",
        "Tyrone's school has been in touch",  # a sentence
        "Unit 4, Station Road",  # an address
    ],
)
def test_a_first_line_that_is_no_letterhead_gives_no_organisation(first_line: str) -> None:
    signed = _signed([first_line, "Thanks,", "Dean Archer", "Social worker"])
    assert "referrer_organisation" not in signed


@given(st.lists(st.text(max_size=60), max_size=8))
def test_any_name_signed_is_made_of_words_from_the_lines(lines: list[str]) -> None:
    words = set(" ".join(lines).lower().replace(".", " ").split())
    for fact in signature_facts(lines):
        if fact.slot == "referrer_name":
            assert set(str(fact.value).lower().split()) <= words


def test_a_message_opening_with_an_officers_rank_name_and_force_is_theirs() -> None:
    message = "PC 3381 Dan Okoro, Avon and Somerset Police. Re the lad Ethan Marsh (12)."
    assert {str(f.slot): f.value for f in opening_rank(message)} == {
        "referrer_name": "PC Dan Okoro",
        "referrer_role": "police officer",
        "referrer_organisation": "Avon and Somerset Police",
    }


@pytest.mark.parametrize(
    "message",
    [
        "DC Jo Hale, Avon and Somerset Police, has asked me to refer Ethan.",  # about them
        "Mum says PC Dan Okoro, Avon and Somerset Police, came round.",  # not the opening
        "PC Dan Okoro, who came round yesterday.",  # no force after the name
        "PC 3381 Dan Okoro came round.",
    ],
)
def test_an_officer_named_otherwise_is_not_the_writer(message: str) -> None:
    assert opening_rank(message) == []


@given(st.text(max_size=120))
def test_any_officer_read_is_named_in_the_message(text: str) -> None:
    for fact in opening_rank(text):
        if fact.slot != "referrer_role":
            assert str(fact.value).split()[-1] in text


def test_a_ranked_name_signed_with_its_collar_number_then_the_force() -> None:
    signed = _signed(
        ["Regards", "Sgt Paul Whitaker 1187", "Avon and Somerset Constabulary", "Tel 01632 960215"]
    )
    assert signed == {
        "referrer_name": "Sgt Paul Whitaker",
        "referrer_role": "police officer",
        "referrer_organisation": "Avon and Somerset Constabulary",
    }


def test_a_name_without_a_rank_and_a_number_after_it_is_no_signature() -> None:
    assert _signed(["Regards", "Paul Whitaker 1187", "Avon and Somerset Constabulary"]) == {}
