"""Where it happened: home, school, community, online."""

from __future__ import annotations

import pytest

from actions.parsing import parse_contexts


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("at home and on snapchat", ["home", "online"]),
        ("home", ["home"]),
        ("At home.", ["home"]),
        ("in his bedroom", ["home"]),
        ("school", ["school"]),
        ("in the school toilets", ["school"]),
        ("on the school bus", ["school"]),
        ("college", ["school"]),
        ("in the park", ["community"]),
        ("at his friend's house", ["community"]),
        ("at a sleepover", ["community"]),
        ("youth club", ["community"]),
        ("after-school club", ["community"]),
        ("online", ["online"]),
        ("on-line", ["online"]),
        ("instagram and whatsapp", ["online"]),
        ("Snap 📱", ["online"]),
        ("sending nudes", ["online"]),
        ("on the xbox", ["online"]),
        ("in the playground and at youth club", ["school", "community"]),
        ("school and online", ["school", "online"]),
        ("home, school and tiktok", ["home", "school", "online"]),
        ("not at school, at home", ["home"]),
        ("at home but nothing online", ["home"]),
        ("all of them", ["home", "school", "community", "online"]),
        ("everywhere", ["home", "school", "community", "online"]),
    ],
)
def test_contexts(text: str, expected: list[str]) -> None:
    assert parse_contexts(text) == expected


@pytest.mark.parametrize("text", ["", "don't know", "hmm", "yes", "not at school"])
def test_contexts_refused(text: str) -> None:
    assert parse_contexts(text) is None
