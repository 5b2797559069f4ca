"""How many SMS segments a text takes, and keeping every text within a limit. Pure.

A text that uses only the GSM 03.38 alphabet is sent as GSM-7: 160 septets in one
segment, or 153 per segment once it is split (the rest of each segment is the header
that joins them). The characters of the GSM extension table (``^{}\\[~]|€`` and form
feed) take two septets each, and a pair is never split across segments. A single
character outside the alphabet (an emoji, a curly quote) makes the whole text UCS-2:
70 UTF-16 code units in one segment, 67 per segment when split, and a surrogate pair
(most emoji) is never split.

Typographic quotes, dashes, ellipses and non-breaking spaces are replaced by their
GSM-7 equivalents first (``normalise``), so an apostrophe does not cost half the text.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

Encoding = Literal["GSM-7", "UCS-2"]

GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENSION = frozenset("^{}\\[~]|€\f")

GSM7_SINGLE, GSM7_PART = 160, 153
UCS2_SINGLE, UCS2_PART = 70, 67

_REPLACEMENTS = {
    "\u2018": "'",  # ‘
    "\u2019": "'",  # ’
    "\u201a": "'",
    "\u201b": "'",
    "\u2032": "'",
    "\u201c": '"',  # “
    "\u201d": '"',  # ”
    "\u201e": '"',
    "\u2033": '"',
    "\u2013": "-",  # –
    "\u2014": "-",  # —
    "\u2012": "-",
    "\u2015": "-",
    "\u2212": "-",
    "\u2026": "...",  # …
    "\u00a0": " ",  # no-break space
    "\u2009": " ",
    "\u202f": " ",
    "\u200b": "",  # zero-width space
    "\u2022": "-",  # •
    "\t": " ",
}


def normalise(text: str) -> str:
    """Typographic characters replaced by GSM-7 ones; line endings made plain."""
    text = text.replace("\r\n", "\n")
    return "".join(_REPLACEMENTS.get(ch, ch) for ch in text)


def encoding_of(text: str) -> Encoding:
    return "GSM-7" if all(ch in GSM7_BASIC or ch in GSM7_EXTENSION for ch in text) else "UCS-2"


def _units(ch: str, encoding: Encoding) -> int:
    """Septets (GSM-7) or UTF-16 code units (UCS-2) one character takes."""
    if encoding == "GSM-7":
        return 2 if ch in GSM7_EXTENSION else 1
    return 2 if ord(ch) > 0xFFFF else 1


@dataclass(frozen=True)
class SegmentCount:
    encoding: Encoding
    segments: int
    units: int  # septets or UTF-16 code units


def count(text: str) -> SegmentCount:
    """The encoding and number of segments the text is sent in (0 for an empty text)."""
    encoding = encoding_of(text)
    single, part = (GSM7_SINGLE, GSM7_PART) if encoding == "GSM-7" else (UCS2_SINGLE, UCS2_PART)
    units = sum(_units(ch, encoding) for ch in text)
    if units == 0:
        return SegmentCount(encoding, 0, 0)
    if units <= single:
        return SegmentCount(encoding, 1, units)
    segments, used = 1, 0
    for ch in text:  # fill segments, never splitting a two-unit character
        size = _units(ch, encoding)
        if used + size > part:
            segments, used = segments + 1, 0
        used += size
    return SegmentCount(encoding, segments, units)


def fits(text: str, max_segments: int) -> bool:
    return count(text).segments <= max_segments


def _longest_prefix(text: str, max_segments: int) -> int:
    """The number of characters of text that fit in max_segments (at least 1)."""
    low, high = 1, len(text)
    while low < high:  # binary search: fitting is monotonic in the prefix length
        middle = (low + high + 1) // 2
        if fits(text[:middle], max_segments):
            low = middle
        else:
            high = middle - 1
    return low


_BREAKS = ("\n\n", "\n", ". ", "? ", "! ", "; ", ", ", " ")


def split(text: str, max_segments: int) -> list[str]:
    """The text as one or more texts of at most max_segments segments each, broken at a
    paragraph, line, sentence or word where possible."""
    if max_segments < 1:
        raise ValueError("max_segments must be at least 1")
    text = normalise(text).strip()
    parts: list[str] = []
    while text:
        if fits(text, max_segments):
            parts.append(text)
            break
        limit = _longest_prefix(text, max_segments)
        cut = limit
        for mark in _BREAKS:
            at = text.rfind(mark, 0, limit)
            if at > limit // 3:  # not a tiny first part
                cut = at + (len(mark) if mark.strip() else 0)
                break
        part = text[:cut].rstrip()
        if not part:  # only whitespace before the break: cut hard
            cut, part = limit, text[:limit]
        parts.append(part)
        text = text[cut:].strip()
    return parts


def pack(messages: Iterable[str], max_segments: int, separator: str = "\n\n") -> list[str]:
    """Consecutive messages joined into as few texts as possible, none longer than
    max_segments segments; a message too long on its own is split."""
    texts: list[str] = []
    for message in messages:
        for part in split(message, max_segments):
            if texts and fits(texts[-1] + separator + part, max_segments):
                texts[-1] = texts[-1] + separator + part
            else:
                texts.append(part)
    return texts
