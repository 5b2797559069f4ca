"""A harmed child: relationship and age only, never a name."""

from __future__ import annotations

import pytest

from actions.parsing import parse_harmed_child, parse_more


@pytest.mark.parametrize(
    ("text", "relationship", "age"),
    [
        ("sibling", "sibling", None),
        ("his younger sister, 8", "sibling", "8"),
        ("Sister (8)", "sibling", "8"),
        ("brother aged 6", "sibling", "6"),
        ("half brother aged 6", "half-sibling", "6"),
        ("half-sister", "half-sibling", None),
        ("step-sister (10)", "step-sibling", "10"),
        ("stepbrother, 12", "step-sibling", "12"),
        ("foster brother", "foster sibling", None),
        ("cousin, 9", "cousin", "9"),
        ("his cousin who is nine", "cousin", "9"),
        ("a peer", "peer", None),
        ("classmate", "classmate", None),
        ("a girl in his class", "classmate", None),
        ("neighbour's child", "neighbour's child", None),
        ("the neighbours' little boy, 5", "neighbour's child", "5"),
        ("younger child", "younger child", None),
        ("a child he was babysitting, 4", "child being babysat", "4"),
        ("his friend's little brother, 5", "friend's sibling", "5"),
        ("his girlfriend", "partner", None),
        ("his brother who is 4 years younger", "sibling", "4 years younger"),
        ("4 years younger", None, "4 years younger"),
        ("a year younger", None, "1 year younger"),
        ("two years older", None, "2 years older"),
        ("same age", None, "same age"),
        ("8", None, "8"),
        ("18 months", None, "18 months"),
        ("she's 8", None, "8"),
    ],
)
def test_harmed_child(text: str, relationship: str | None, age: str | None) -> None:
    assert parse_harmed_child(text) == {"relationship": relationship, "age": age}


@pytest.mark.parametrize(
    "text",
    [
        "Lily, 8, his sister",
        "his sister Lily who is 8",
        "Amy Smith (8), cousin",
        "cousin Tom, 9",
    ],
)
def test_harmed_child_never_keeps_a_name(text: str) -> None:
    child = parse_harmed_child(text)
    assert child is not None
    assert set(child) == {"relationship", "age"}
    for value in child.values():
        assert value is None or not any(name in value for name in ("Lily", "Amy", "Smith", "Tom"))


@pytest.mark.parametrize("text", ["", "Amy", "don't know", "hmm", "Lily Smith"])
def test_harmed_child_refused(text: str) -> None:
    assert parse_harmed_child(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("yes", True),
        ("yep, another one", True),
        ("another one", True),
        ("his cousin as well", True),
        ("there's also his cousin, 6", True),
        ("a second child, aged 5", True),
        ("no", False),
        ("No.", False),
        ("nope, just her", False),
        ("that's all", False),
        ("that's it 👍", False),
        ("no more", False),
        ("only the one", False),
        ("just the one", False),
        ("no one else", False),
    ],
)
def test_more(text: str, expected: bool) -> None:
    assert parse_more(text) is expected


@pytest.mark.parametrize("text", ["", "not sure", "hmm", "I think so"])
def test_more_refused(text: str) -> None:
    assert parse_more(text) is None
