"""Letters that look like Latin ones, read as the Latin ones: for matching only, never
for what is stored. Full-width and mathematical letters ("ｈｅ'ｓ", "𝗵𝗲") fold with
NFKC; Cyrillic and Greek look-alikes ("аlоne" with Cyrillic а and о) by a table, since
Unicode keeps them apart. The safety net reads a message this way so a disclosure typed
in such letters is still a disclosure. Pure standard library (it runs in the Rasa
server too)."""

from __future__ import annotations

import unicodedata

_LOOKALIKE = str.maketrans(
    {
        # Cyrillic
        "\u0430": "a", "\u0435": "e", "\u043e": "o", "\u0440": "p", "\u0441": "c",
        "\u0443": "y", "\u0445": "x", "\u0456": "i", "\u0458": "j", "\u04bb": "h",
        "\u0455": "s", "\u0501": "d", "\u051b": "q", "\u051d": "w", "\u0410": "A",
        "\u0412": "B", "\u0415": "E", "\u041a": "K", "\u041c": "M", "\u041d": "H",
        "\u041e": "O", "\u0420": "P", "\u0421": "C", "\u0422": "T", "\u0425": "X",
        "\u0406": "I", "\u0405": "S", "\u0408": "J",
        # Greek
        "\u03bf": "o", "\u03b1": "a", "\u03b9": "i", "\u03ba": "k", "\u03bd": "v",
        "\u03c1": "p", "\u03c4": "t", "\u03c5": "u", "\u0391": "A", "\u0392": "B",
        "\u0395": "E", "\u0397": "H", "\u0399": "I", "\u039a": "K", "\u039c": "M",
        "\u039d": "N", "\u039f": "O", "\u03a1": "P", "\u03a4": "T", "\u03a7": "X",
        "\u0396": "Z",
    }
)  # fmt: skip


def plain_letters(text: str) -> str:
    """The text with compatibility forms folded (NFKC) and look-alike letters made Latin."""
    return unicodedata.normalize("NFKC", text).translate(_LOOKALIKE)
