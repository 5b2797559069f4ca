"""Words typed letter by letter ("h e ' s  a l o n e  w i t h  t h e  k i d s"), read as
words. A disclosure spelled out this way had no word the safety net or the model could
read, so it got no 999 message. A line counts as spelled out when most of its tokens are
single letters; one space joins letters, a wider gap (or a tab) ends a word.

A spelled-out line with no wider gap anywhere cannot be split into words without
guessing; `spelled_without_gaps` finds it so the gate can ask for ordinary words (with
the 999 line). Pure standard library: the gate (bot/input_gate.py) runs it in the Rasa
server, at the edge, once.
"""

from __future__ import annotations

import re

# A token, or the whitespace between two tokens.
_PIECES = re.compile(r"(\s+)")
# Fewer single letters than this is ordinary text ("J A Smith", "a 5 y o").
_AT_LEAST = 8
_SHARE = 0.75
_APOSTROPHES = "'\u2019"


def _letter(token: str) -> bool:
    return len(token) == 1 and (token.isalpha() or token in _APOSTROPHES)


def _spelled(tokens: list[str]) -> bool:
    letters = sum(_letter(token) for token in tokens)
    return letters >= _AT_LEAST and letters >= _SHARE * len(tokens)


def _tokens_and_gaps(line: str) -> tuple[list[str], list[str]]:
    pieces = _PIECES.split(line.strip())
    return pieces[::2], pieces[1::2]


def _gapless(tokens: list[str], gaps: list[str]) -> bool:
    """One space, never a wider gap, between every two letters."""
    return all(
        gap == " "
        for gap, before, after in zip(gaps, tokens[:-1], tokens[1:], strict=True)
        if _letter(before) and _letter(after)
    )


def rejoined(line: str) -> str:
    """The line with its spelled-out words joined, when it is spelled out and has word
    gaps; otherwise the line as it was."""
    tokens, gaps = _tokens_and_gaps(line)
    if not _spelled(tokens) or _gapless(tokens, gaps):
        return line
    words = [tokens[0]]
    for gap, token in zip(gaps, tokens[1:], strict=True):
        if gap == " " and _letter(token) and _letter(words[-1][-1]):
            words[-1] += token
        else:
            words.append(token)
    return " ".join(words)


def spelled_without_gaps(line: str) -> bool:
    """Whether the line is spelled out with one space between every letter and no wider
    gap: "h e s a l o n e w i t h ..." cannot be read as words."""
    tokens, gaps = _tokens_and_gaps(line)
    return _spelled(tokens) and _gapless(tokens, gaps)
