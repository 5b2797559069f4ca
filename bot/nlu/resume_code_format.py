"""What a resume code looks like: 12 characters from an alphabet with no look-alikes,
written in three groups of four (ABCD-EFGH-JKMN).

A professional who pauses a referral in the web chat is given one, and types it in
another tab or device to carry on (actions/resuming.py). 31 symbols to the power 12 is
about 2^59 codes: a code can't be guessed within the rate limit, and it is short enough
to copy by hand. The reading is forgiving: any case, spaces or hyphens between groups or
none. A code always has letters and digits, so words are never taken for one.

Pure (no Rasa), so the NLU component that hears a code
(bot/nlu/referral_request_classifier.py) and the action server that redeems it share it."""

from __future__ import annotations

import re

# No I, L, O, 0 or 1: nothing that reads as another symbol when copied by hand.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
DIGITS = frozenset("23456789")
# The longest message read as giving a code: a longer one is an answer that happens to
# hold something code-like (a case reference in a pasted note).
LONGEST_CODE_MESSAGE = 80
CODE_LENGTH = 12
GROUP_SIZE = 4

_GROUP = f"[A-Za-z0-9]{{{GROUP_SIZE}}}"
_SEPARATOR = r"[\s\-]?"
# Three groups standing on their own in a message ("resume ABCD-EFGH-JKMN please").
_IN_TEXT = re.compile(
    r"(?<![A-Za-z0-9\-])"
    + _SEPARATOR.join([_GROUP] * (CODE_LENGTH // GROUP_SIZE))
    + r"(?![A-Za-z0-9\-])"
)
_SEPARATORS = re.compile(r"[\s\-]")


def canonical(text: str) -> str | None:
    """The code this string is, upper-case and without separators; None when it is not
    a code (wrong length, a symbol outside the alphabet, separators out of place)."""
    stripped = text.strip()
    if len(stripped) > CODE_LENGTH + 2 * (CODE_LENGTH // GROUP_SIZE):
        return None
    match = _IN_TEXT.fullmatch(stripped)
    if match is None:
        return None
    code = _SEPARATORS.sub("", stripped).upper()
    if len(code) != CODE_LENGTH or any(symbol not in ALPHABET for symbol in code):
        return None
    if not is_mixed(code):
        return None
    return code


def is_mixed(code: str) -> bool:
    """Letters and digits both: every code made has them, so that words ("have been
    very") and numbers are never read as a code."""
    digits = sum(symbol in DIGITS for symbol in code)
    return 0 < digits < len(code)


def code_in(text: str) -> str | None:
    """The first resume code written in a message, canonical; None when there is none."""
    for match in _IN_TEXT.finditer(text[:2000]):
        code = canonical(match.group(0))
        if code is not None:
            return code
    return None


def gives_resume_code(text: str) -> bool:
    """A short message with a code in it: the professional wants to resume with it."""
    return len(text) <= LONGEST_CODE_MESSAGE and code_in(text) is not None


def grouped(code: str) -> str:
    """A canonical code as it is shown: ABCD-EFGH-JKMN."""
    return "-".join(code[i : i + GROUP_SIZE] for i in range(0, len(code), GROUP_SIZE))


def hides_codes(text: str) -> str:
    """The text with every resume code in it replaced, for a transcript kept after use."""
    return _IN_TEXT.sub(lambda m: "[resume code]" if canonical(m.group(0)) else m.group(0), text)
