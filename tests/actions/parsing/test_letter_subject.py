"""The young person a letter is about, from its "Re:" line
(actions/parsing/letter_subject.py)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from actions.parsing.letter_subject import letter_subject, regarding
from actions.parsing.notes import read_note

TODAY = date(2026, 12, 4)


def _subject(line: str) -> dict[str, object]:
    return {str(f.slot): f.value for f in letter_subject(line, TODAY)}


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "Re: Oliver Penhaligon, d.o.b. 07.01.2011, 14 Orchard Close, Winterbourne",
            {"yp_first_name": "Oliver", "yp_last_name": "Penhaligon",
             "yp_date_of_birth": "2011-01-07", "yp_age": 15, "yp_location": "Winterbourne"},
        ),
        (
            "RE: Harvey Cole   DOB 15/08/2014   NHS no. 999 123 4567",
            {"yp_first_name": "Harvey", "yp_last_name": "Cole",
             "yp_date_of_birth": "2014-08-15", "yp_age": 12},
        ),
        (
            "Re - Maya O'Connell (date of birth 3 March 2012)",
            {"yp_first_name": "Maya", "yp_last_name": "O'Connell",
             "yp_date_of_birth": "2012-03-03", "yp_age": 14},
        ),
    ],
)  # fmt: skip
def test_a_letters_re_line_names_the_young_person_with_their_birth(
    line: str, expected: dict[str, object]
) -> None:
    assert _subject(line) == expected


@pytest.mark.parametrize(
    "line",
    [
        "Subject: RE: RE: Jade Smith DOB 01/02/2012",  # a forwarded chain's subject
        "RE: RE: Jade Smith DOB 01/02/2012",
        "Re: HSB referral - Jayden Whitlock",  # no date of birth: anyone's name
        "Re: Jade Smith",
        "Re: Jade Smith, DOB 31/02/2012",  # no such date
        "Re: Jade Smith, DOB to follow",
        "Re: the meeting, born of necessity",
        "Dear Jade Smith, DOB 01/02/2012",  # not a Re: line
    ],
)
def test_other_lines_name_no_young_person(line: str) -> None:
    assert letter_subject(line, TODAY) == []


def test_the_signers_name_is_not_the_young_persons() -> None:
    letter = "\n".join(
        [
            "Re: Harvey Cole   DOB 15/08/2014",
            "",
            "Dear team, I would be grateful if you could see Harvey.",
            "Yours faithfully",
            "Dr Priya Natarajan",
            "General Practitioner",
        ]
    )
    read = {f.slot: f.value for f in read_note(letter, TODAY)}
    assert (read["yp_first_name"], read["yp_last_name"]) == ("Harvey", "Cole")
    assert read["referrer_name"] == "Dr Priya Natarajan"


_FIRST = st.sampled_from(["Oliver", "Amelia-Rose", "Kai", "Leo", "Ruby"])
_LAST = st.sampled_from(["Penhaligon", "Cole", "McAllister", "Mensah-Barnes", "Ward"])


@given(
    _FIRST,
    _LAST,
    st.dates(min_value=TODAY - timedelta(days=365 * 17), max_value=TODAY - timedelta(days=365 * 6)),
    st.sampled_from(["DOB", "d.o.b.", "D.O.B", "date of birth", "born"]),
    st.sampled_from([", ", "   ", " ("]),
)
def test_any_name_and_birth_on_a_re_line_are_read_back(
    first: str, last: str, born: date, label: str, gap: str
) -> None:
    line = f"Re: {first} {last}{gap}{label} {born:%d/%m/%Y}"
    read = _subject(line)
    assert (read["yp_first_name"], read["yp_last_name"]) == (first, last)
    assert read["yp_date_of_birth"] == born.isoformat()


@given(st.text(max_size=120))
def test_any_name_read_is_written_on_the_line(text: str) -> None:
    for fact in letter_subject(f"Re: {text}", TODAY):
        if fact.slot in {"yp_first_name", "yp_last_name"}:
            assert str(fact.value) in text


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("hi its mel from cin team, re Jaxon - mum sed yes 2 referral",
         {"yp_first_name": "Jaxon"}),
        ("Re: Mason Cole, his foster carer is ok with it",
         {"yp_first_name": "Mason", "yp_last_name": "Cole"}),
    ],
)  # fmt: skip
def test_a_text_says_whom_it_is_about_after_re(sentence: str, expected: dict[str, str]) -> None:
    assert regarding(sentence) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "Re: HSB referral - any update?",  # no name
        "Re: Yate - is it in your area?",  # a place
        "re the meeting, can we move it",
        "Re: Referral - Tom",
        "Are Tom and mum coming?",  # "re" inside a word
    ],
)
def test_other_re_openings_name_no_one(sentence: str) -> None:
    assert regarding(sentence) == {}


def test_a_name_after_re_in_a_text_gives_the_pronouns_their_gender() -> None:
    text = "hi its jen. re Mason - his foster carer Lisa is ok w it. hes 14, lives w Lisa."
    read = {f.slot: f.value for f in read_note(text, TODAY)}
    assert (read["yp_first_name"], read["yp_gender"], read["lives_with"]) == (
        "Mason",
        "male",
        "foster",
    )


@given(
    st.sampled_from(['("Jess")', "'Jess'", "\u201cJess\u201d", "(\u2018Jess\u2019)"]),
    st.sampled_from(["d.o.b. 08/10/2011", "DOB 08/10/2011"]),
)
def test_a_nickname_in_quotes_between_the_names_is_left_out(nickname: str, born: str) -> None:
    read = {
        f.slot: f.value for f in letter_subject(f"Re: Jessica {nickname} Tranter, {born}", TODAY)
    }
    assert (read["yp_first_name"], read["yp_last_name"]) == ("Jessica", "Tranter")


def test_a_nickname_alone_is_no_name() -> None:
    assert letter_subject('Re: "Jess" Tranter, DOB 08/10/2011', TODAY) == []


@pytest.mark.parametrize(
    ("line", "first", "last", "gender"),
    [
        ("Re: Owen TRANTER, DOB 30/01/2013 (13 yrs), male", "Owen", "Tranter", "male"),
        (
            "Re: JP - Jayden PRICE, male, dob 09/05/2010 (16), looked after",
            "Jayden",
            "Price",
            "male",
        ),
        ("RE: Maisie Cole, female, d.o.b. 14/02/2012", "Maisie", "Cole", "female"),
    ],
)
def test_a_records_subject_line(line: str, first: str, last: str, gender: str) -> None:
    """A surname in capitals, initials before the name and the gender beside the date of
    birth, as health and care records write the subject: none was read."""
    facts = {f.slot: f.value for f in letter_subject(line, date(2026, 12, 5))}
    assert (facts["yp_first_name"], facts["yp_last_name"], facts["yp_gender"]) == (
        first,
        last,
        gender,
    )


def test_a_subject_line_of_capitals_alone_names_nobody() -> None:
    assert letter_subject("Re: HSB REFERRAL, dob 1/1/2012", date(2026, 12, 5)) == []
