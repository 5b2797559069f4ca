"""Dates of birth, ages and rough periods, read day first."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from actions.parsing import DobResult, age_on, parse_date_of_birth, parse_period
from actions.parsing.dates import check_date_of_birth, find_dates

TODAY = date(2026, 11, 27)
MAY_3_2011 = date(2011, 5, 3)


@pytest.mark.parametrize(
    "text",
    [
        "3/5/2011",
        "03/05/2011",
        "3.5.11",
        "03-05-2011",
        "3 / 5 / 2011",
        "3rd May 2011",
        "3 may 2011",
        "3rd of May, 2011",
        "May 3rd, 2011",
        "may 3 2011",
        "2011-05-03",
        "DOB 3/5/11",
        "dob: 03/05/2011",
        "D.O.B. 3/5/2011",
        "born on the 3rd of May 2011",
        "his date of birth is 3rd May 2011.",
        "3rd May '11",
        "3-May-2011",
        "3 May 2011 😊",
        "03052011",
        "3/5/2011, he's 15",
    ],
)
def test_date_of_birth_day_first(text: str) -> None:
    assert parse_date_of_birth(text, TODAY) == DobResult(MAY_3_2011, 15, None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12/1/2012", date(2012, 1, 12)),  # 12 January, never 1 December
        ("1/12/2012", date(2012, 12, 1)),
        ("27/11/2012", date(2012, 11, 27)),  # 14th birthday today
        ("28/11/2012", date(2012, 11, 28)),  # 14 tomorrow: still 13
        ("5 Sept 2010", date(2010, 9, 5)),
        ("14 febuary 2013", date(2013, 2, 14)),
        ("1/1/98", None),  # two-digit years fall in the past: 1998, so 28
    ],
)
def test_date_of_birth_reads(text: str, expected: date | None) -> None:
    result = parse_date_of_birth(text, TODAY)
    assert result.date_of_birth == expected
    if expected is not None:
        assert result.age == age_on(expected, TODAY)


def test_two_digit_years_fall_in_the_past() -> None:
    assert parse_date_of_birth("3/5/11", TODAY).date_of_birth == MAY_3_2011
    assert "makes them 28" in (parse_date_of_birth("1/1/98", TODAY).error or "")


@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("he's 14", 14),
        ("he’s 14", 14),
        ("she is 14", 14),
        ("they're 16", 16),
        ("14", 14),
        ("14.", 14),
        ("14 years old", 14),
        ("14 years", 14),
        ("14yrs", 14),
        ("14-year-old", 14),
        ("aged 14", 14),
        ("age 14", 14),
        ("Age: 14", 14),
        ("fourteen", 14),
        ("Fourteen!", 14),
        ("twenty-one", 21),
        ("14yo", 14),
        ("14 y/o", 14),
        ("14 y.o.", 14),
        ("about 14", 14),
        ("he's 14 and a half", 14),
        ("nearly 15", 14),
        ("almost 15", 14),
        ("turning 15 next month", 14),
        ("just turned 15", 15),
        ("14, not sure of his DOB", 14),
        ("14 (DOB unknown)", 14),
        ("she is 25", 25),
        ("he's 5", 5),
    ],
)
def test_age_only(text: str, age: int) -> None:
    assert parse_date_of_birth(text, TODAY) == DobResult(None, age, None)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("31/2/2011", "isn't a real date"),
        ("30/02/2012", "isn't a real date"),
        ("32/1/2012", "isn't a real date"),
        ("13/13/2011", "isn't a real date"),
        ("3/13/2011", "for example 13/3/2011"),
        ("5/13/2011", "day first, for example 13/5/2011"),
        ("3/5/2027", "in the future"),
        ("1/12/2026", "in the future"),
        ("3/5/2024", "makes them 2"),
        ("3/5/1990", "makes them 36"),
        ("he is 40", "An age of 40"),
        ("3", "An age of 3"),
        ("26", "An age of 26"),
        ("3rd May", "include the year"),
        ("May 2011", "full date of birth"),
        ("31022011", "isn't a real date"),
    ],
)
def test_date_of_birth_errors(text: str, message: str) -> None:
    result = parse_date_of_birth(text, TODAY)
    assert result.date_of_birth is None and result.age is None
    assert result.error is not None and message in result.error


def test_future_message_is_the_documented_one() -> None:
    assert parse_date_of_birth("3/5/2030", TODAY).error == (
        "That date is in the future. What is their date of birth?"
    )


@pytest.mark.parametrize(
    "text", ["", "   ", "don't know", "not sure", "no idea", "he's lovely", "Yate", "🙂"]
)
def test_date_of_birth_not_understood(text: str) -> None:
    assert parse_date_of_birth(text, TODAY) == DobResult(None, None, None)


@pytest.mark.parametrize(
    ("dob", "on", "age"),
    [
        (date(2011, 5, 3), date(2026, 11, 27), 15),
        (date(2011, 5, 3), date(2026, 5, 3), 15),
        (date(2011, 5, 3), date(2026, 5, 2), 14),
        (date(2012, 2, 29), date(2030, 2, 28), 17),  # a leap-day birthday counts on 1 March
        (date(2012, 2, 29), date(2030, 3, 1), 18),
        (date(2012, 2, 29), date(2032, 2, 29), 20),
        (date(2026, 11, 27), date(2026, 11, 27), 0),
    ],
)
def test_age_on(dob: date, on: date, age: int) -> None:
    assert age_on(dob, on) == age


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("last week", "last week"),
        ("Last week.", "Last week"),
        ("about 3 months ago", "about 3 months ago"),
        ("  about 3 months   ago  ", "about 3 months ago"),
        ("September", "September"),
        ("september", "September"),
        ("summer 2025", "summer 2025"),
        ("since year 7", "since Year 7"),
        ("2 weeks ago", "2 weeks ago"),
        ("a couple of weeks ago", "a couple of weeks ago"),
        ("early october", "early October"),
        ("sept 2025", "Sept 2025"),
        ("before christmas", "before christmas"),
        ("when he was in year 5", "when he was in Year 5"),
        ("it may have started in may", "it may have started in May"),
        ("ongoing for years 😞", "ongoing for years"),
        ("3/3/2026", "2026-03-03"),
        ("03/03/26", "2026-03-03"),
        ("on 3/3/2026", "2026-03-03"),
        ("3rd March", "2026-03-03"),
        ("on the 3rd of march", "2026-03-03"),
        ("28th December", "2025-12-28"),  # no year: the latest one not after today
        ("2026-11-27", "2026-11-27"),
        ("around 3rd March", "around 3rd March"),
        ("don't know", "unknown"),
        ("not sure", "unknown"),
    ],
)
def test_period(text: str, expected: str) -> None:
    assert parse_period(text, TODAY) == expected


@pytest.mark.parametrize(
    "text",
    ["", "  ", "he touched his sister", "no", "31/2/2025", "3/3/2027", "28/11/2026", "Yate"],
)
def test_period_refused(text: str) -> None:
    assert parse_period(text, TODAY) is None


@pytest.mark.parametrize(
    "dob",
    [date(2011, 5, 3), date(2012, 2, 29), date(2026, 11, 28), date(1990, 1, 1), TODAY],
)
def test_a_clean_date_of_birth_checks_as_the_words_read(dob: date) -> None:
    assert check_date_of_birth(dob, TODAY) == parse_date_of_birth(dob.isoformat(), TODAY)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Twenty-third of April 2013.", date(2013, 4, 23)),
        ("Twelve. Date of birth second of September 2014.", date(2014, 9, 2)),
        ("the thirty-first of May 2012", date(2012, 5, 31)),
        ("born on the first of June, 2011", date(2011, 6, 1)),
    ],
)
def test_a_day_said_as_an_ordinal_word_is_read(text: str, expected: date) -> None:
    assert parse_date_of_birth(text, date(2026, 12, 4)).date_of_birth == expected


@pytest.mark.parametrize(
    "text",
    [
        "thirty-second of May 2012",
        "first of all, he's 14",
        "he came second in the race in May 2012",
        "the second of",
    ],
)
def test_an_ordinal_word_that_is_no_day_of_a_month_is_no_date(text: str) -> None:
    assert find_dates(text, date(2026, 12, 4)) == []


@given(st.text(max_size=200))
def test_any_text_gives_dates_found_within_it(text: str) -> None:
    for mention in find_dates(text, date(2026, 12, 4)):
        assert 0 <= mention.start < mention.end <= len(text)


_ORDINALS = (
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
    "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth"
).split()


@given(
    st.integers(min_value=1, max_value=31),
    st.sampled_from(["-", " "]),
    st.sampled_from(["January", "march", "JULY", "december"]),
)
def test_every_day_said_as_an_ordinal_word_is_that_day(day: int, joiner: str, month: str) -> None:
    tens = {0: "", 2: "twenty" + joiner, 3: "thirty" + joiner}
    if day in (10, 20, 30):
        word = {10: "tenth", 20: "twentieth", 30: "thirtieth"}[day]
    elif day < 20:
        word = _ORDINALS[day - 1]
    else:
        word = tens[day // 10] + _ORDINALS[day % 10 - 1]
    mentions = find_dates(f"the {word} of {month} 2012", date(2026, 12, 4))
    assert [(m.day, m.year) for m in mentions] == [(day, 2012)]
