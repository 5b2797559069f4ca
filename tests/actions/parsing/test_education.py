"""The education setting."""

from __future__ import annotations

import pytest

from actions.parsing import parse_education


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Yate Academy", "Yate Academy"),
        ("yate academy", "Yate Academy"),
        ("YATE ACADEMY", "Yate Academy"),
        ("he goes to Yate Academy, year 9", "Yate Academy"),
        ("she attends Chipping Sodbury School but is often absent", "Chipping Sodbury School"),
        ("in year 10 at the castle school", "The Castle School"),
        ("he's at Filton College", "Filton College"),
        ("St Mary's CE Primary", "St Mary's CE Primary"),
        ("st marys ce primary", "St Marys CE Primary"),
        ("Brimsham Green School 😊", "Brimsham Green School"),
        ("college", "college"),
        ("College.", "college"),
        ("a special school", "special school"),
        ("secondary school", "secondary school"),
        ("the pru", "PRU"),
        ("permanently excluded, now at the PRU", "PRU"),
        ("not in education", "none"),
        ("NEET", "none"),
        ("excluded, no school place", "none"),
        ("not attending anywhere", "none"),
        ("none", "none"),
        ("home educated", "home educated"),
        ("EHE", "home educated"),
        ("don't know", "unknown"),
    ],
)
def test_education(text: str, expected: str) -> None:
    assert parse_education(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "yes",
        "12345",
        "he used to go to a school near his old house before the family moved out of the area "
        "a couple of years ago",
    ],
)
def test_education_refused(text: str) -> None:
    assert parse_education(text) is None
