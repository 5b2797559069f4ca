"""Hypothesis text for parser property tests: arbitrary text with chosen pieces mixed in,
so that the paths a parser takes on real words are reached as well as the garbage."""

from __future__ import annotations

from collections.abc import Sequence

from hypothesis import strategies as st


def text_with(pieces: Sequence[str], max_pieces: int = 10) -> st.SearchStrategy[str]:
    """Text made of up to `max_pieces` parts, each arbitrary text or one of `pieces`."""
    return st.lists(
        st.one_of(st.text(max_size=40), st.sampled_from(list(pieces))), max_size=max_pieces
    ).map("".join)
