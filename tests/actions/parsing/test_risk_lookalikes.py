"""A disclosure typed in look-alike letters is still a disclosure. Found probing the web
chat: "he's alone with the kids tonight" in full-width letters (as some phone keyboards
and copy-paste give) got no safety message at any point of the form, and in Cyrillic
look-alike letters only when the classifier happened to read it (not at the read-back).
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from actions.parsing import mentions_immediate_risk
from actions.parsing.lookalikes import plain_letters

PLAIN = "he's alone with the kids tonight"
_FULL_WIDTH = {chr(c): chr(c + 0xFEE0) for c in range(0x21, 0x7F)}
_CYRILLIC = {"a": "\u0430", "o": "\u043e", "e": "\u0435", "i": "\u0456", "c": "\u0441"}


def _swap(text: str, table: dict[str, str]) -> str:
    return "".join(table.get(c, c) for c in text)


@pytest.mark.parametrize(
    "text",
    [
        _swap(PLAIN, _FULL_WIDTH),
        _swap(PLAIN, _CYRILLIC),
        "he's \u0430l\u043ene with the kids t\u043enight",
        "\U0001d5f5\U0001d5f2's alone with the kids tonight",  # mathematical sans-serif
    ],
)
def test_a_disclosure_in_lookalike_letters_fires(text: str) -> None:
    assert mentions_immediate_risk(PLAIN)
    assert mentions_immediate_risk(text)


@given(st.text())
def test_plain_letters_never_raises_and_keeps_plain_text(text: str) -> None:
    assert isinstance(plain_letters(text), str)
    assert plain_letters("Sarah Jones, BS37 5AB") == "Sarah Jones, BS37 5AB"
