"""The writer of a case record or a text message named other than by an e-mail's
sign-off (actions/parsing/record_writer.py, note_writer.py, referrer_facts.py): a
"Worker:" line by name or by initials the record spells out, a text signed with a first
name alone, a text opening "Hi, Sophie from ...", and a signature with letters after
the name. Each form is read; text like it that names someone else, or no one, is not."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from actions.parsing.note_writer import without_post_nominals
from actions.parsing.notes import read_note
from actions.parsing.record_writer import first_name_sign_off, record_writer, writers_contact

TODAY = date(2026, 12, 4)


def writer(facts: list) -> dict[str, object]:
    return {f.slot: f.value for f in facts}


def test_a_records_entries_signed_by_initials_are_the_person_it_spells_them_out_for() -> None:
    lines = [
        "Allocated worker: Rachel Stone (RS), Case Manager",
        "",
        "29/11/2026   Worker: RS",
        "Home visit.",
    ]
    assert writer(record_writer(lines)) == {
        "referrer_name": "Rachel Stone",
        "referrer_role": "case manager",
    }


@pytest.mark.parametrize(
    "lines",
    [
        ["Worker: RS", "Home visit."],  # initials nobody is named for
        ["Allocated worker: Rachel Stone (RS)", "Worker: JH"],  # someone else's initials
        ["Rachel Stone (RS) and Ross Smith (RS)", "Worker: RS"],  # two people's
        ["The worker: visited at home"],  # no name, no role
    ],
)
def test_initials_or_words_that_name_no_one_give_no_writer(lines: list[str]) -> None:
    assert "referrer_name" not in writer(record_writer(lines))


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Worker: Lauren Pike, Case Manager", {"referrer_name": "Lauren Pike"}),
        ("Submitting officer: PC 3318 Laura BRIGGS, NPT Yate", {"referrer_name": "Laura Briggs"}),
        ("Recorded by: DSL", {"referrer_role": "teacher/DSL"}),
    ],
)
def test_a_records_writer_line_gives_their_name_or_role(line: str, expected: dict) -> None:
    assert writer(record_writer([line])).items() >= expected.items()


_FIRST_NAMES = st.sampled_from(["Marcus", "Jo", "Priya", "Dean", "Aisha"])
_ENDINGS = st.sampled_from(["typo on the form. {}", "thanks, {}", "will call tmrw. {} x"])


@given(_FIRST_NAMES, _ENDINGS)
def test_a_short_message_signed_with_a_first_name_gives_the_writer(name: str, ending: str) -> None:
    text = "Sorry DOB is actually 30/10/2010 not 30/11 - " + ending.format(name)
    assert writer(first_name_sign_off(text, [])) == {"referrer_name": name}


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("mum says yes, police not involved. Riley", ["Riley"]),  # the young person
        ("he lives with his nan now. Kingswood", []),  # a town
        ("mum has agreed to the referral. Thanks", []),
        ("her name is Leanne Doyle", []),  # a surname in a sentence
        ("Sorry, typo. Marcus\n" + "x" * 400, []),  # no text message
    ],
)
def test_a_last_word_that_is_no_signature_gives_no_writer(text: str, named: list[str]) -> None:
    assert first_name_sign_off(text, named) == []


@pytest.mark.parametrize(
    ("text", "name", "organisation"),
    [
        (
            "Hi, Sophie from Unity Sexual Health again - sorry, the DOB is 3/4/2011",
            "Sophie",
            "Unity Sexual Health",
        ),
        (
            "Hello Dean Cole from Kingswood Academy here. Mum agrees.",
            "Dean Cole",
            "Kingswood Academy",
        ),
    ],
)
def test_a_text_opening_with_a_greeting_then_the_writer_from_somewhere(
    text: str, name: str, organisation: str
) -> None:
    read = writer(read_note(text, TODAY))
    assert (read["referrer_name"], read["referrer_organisation"]) == (name, organisation)


@pytest.mark.parametrize("text", ["Hi, Yate from Monday is fine.", "Hi, Mum from the school rang."])
def test_a_greeting_before_a_place_or_a_relative_names_no_writer(text: str) -> None:
    assert "referrer_name" not in writer(read_note(text, TODAY))


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Hannah Okoro RN (SCPHN)", "Hannah Okoro"),
        ("Dr Priya Natarajan MBBS MRCPsych", "Dr Priya Natarajan"),
        ("Laura BRIGGS", "Laura BRIGGS"),
        ("Owen Price", "Owen Price"),
        ("South Glos CAMHS", "South Glos CAMHS"),
    ],
)
def test_letters_after_a_name_are_left_off_it(line: str, expected: str) -> None:
    assert without_post_nominals(line) == expected


@given(
    st.sampled_from(["laura.briggs", "lbriggs", "laura_briggs", "briggs.laura", "L.Briggs"]),
    st.sampled_from(["Contact: 07700 900649 / {}@police.example.org", "{}@police.example.org"]),
)
def test_the_writers_address_is_known_by_their_name(local: str, line: str) -> None:
    found = writer(writers_contact(["Ref: 118842", line.format(local)], "Laura Briggs"))
    assert found["referrer_email"] == f"{local}@police.example.org"
    assert ("referrer_phone" in found) is ("07700" in line)


@pytest.mark.parametrize(
    "line",
    [
        "Mum: kim.walsh@example.com 07700 900111",  # someone else's
        "SW: kirsty.dunn@southglos.gov.uk",
        "office@police.example.org",
    ],
)
def test_an_address_made_of_another_name_is_not_the_writers(line: str) -> None:
    assert writers_contact([line], "Laura Briggs") == []
