"""Names as police and health records write them (actions/parsing/names.py): a surname
in capitals after the given name ("Laura BRIGGS"), or first and followed by a comma
("WALSH, Ethan James"); and the same forms in a pasted form's labelled lines, including
a row whose parts are not all labelled (actions/parsing/note_labels.py)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from actions.parsing import parse_person_name
from actions.parsing.names import surname_first
from actions.parsing.note_labels import note_lines
from actions.parsing.notes import field_for_label, read_note

TODAY = date(2026, 12, 4)
_GIVEN = st.sampled_from(["Ethan", "Laura", "Amy-Jo", "Kim", "Brandon"])
_SURNAME = st.sampled_from(["WALSH", "BRIGGS", "O'NEILL", "PEARCE", "SMITH-JONES"])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Laura BRIGGS", "Laura Briggs"),
        ("Kim WALSH", "Kim Walsh"),
        ("PC Laura BRIGGS", "PC Laura Briggs"),
        # initials and mixed case are kept as written
        ("Laura JB Smith", "Laura JB Smith"),
        ("Fiona McAllister", "Fiona McAllister"),
    ],
)
def test_a_surname_in_capitals_is_written_as_a_name(text: str, expected: str) -> None:
    assert parse_person_name(text) == expected


@given(_GIVEN, _SURNAME, st.sampled_from(["", " James", " Lee Ann"]))
def test_a_name_listed_surname_first_gives_first_and_last(
    given_name: str, surname: str, middle: str
) -> None:
    first, last = surname_first(f"{surname}, {given_name}{middle}") or ("", "")
    assert first == given_name
    assert last.upper() == surname and not last.isupper()


@pytest.mark.parametrize(
    "text",
    ["Yate, Bristol", "Walsh, Ethan", "WALSH", "WALSH, 14", "BS16 7QT, Downend", "Ethan WALSH"],
)
def test_other_text_with_a_comma_is_no_surname_first_name(text: str) -> None:
    assert surname_first(text) is None


def test_a_form_row_with_a_part_without_its_colon_is_read_part_by_part() -> None:
    read = {
        f.slot: f.value
        for f in read_note(
            "SUBJECT (CYP): WALSH, Ethan James   DOB 19/01/2012 (14 yrs)   Sex: M\n"
            "Address: Chipping Sodbury\n",
            TODAY,
        )
    }
    assert (read["yp_first_name"], read["yp_last_name"]) == ("Ethan", "Walsh")
    assert read["yp_date_of_birth"] == "19/01/2012 (14 yrs)"
    assert read["yp_gender"] == "M"


@pytest.mark.parametrize(
    "row", ["Young person: Ethan Walsh   he is 14", "Met at school   DOB: 19/01/2012"]
)
def test_a_row_that_does_not_open_with_a_label_or_has_one_only_is_one_line(row: str) -> None:
    assert note_lines(row) == [row]


@pytest.mark.parametrize(
    ("label", "field"),
    [
        ("Subject (CYP)", "yp_first_name"),
        ("Name (CYP)", "yp_first_name"),
        ("Subject", None),
        ("Name", None),
        ("Name (please print)", None),
    ],
)
def test_a_label_known_only_by_its_aside_names_the_asides_field(
    label: str, field: str | None
) -> None:
    assert field_for_label(label, None) == field


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("DOB 11/11/2009 (17)", ["DOB: 11/11/2009 (17)"]),
        ("Tel 07700 900462", ["Tel: 07700 900462"]),
        ("DOB not known", ["DOB not known"]),  # no number: left as written
        ("Police were called", ["Police were called"]),
    ],
)
def test_a_line_that_is_a_label_then_a_number_is_a_labelled_line(
    line: str, expected: list[str]
) -> None:
    assert note_lines(line) == expected
