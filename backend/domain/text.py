"""Text the record can always keep, whatever a client sent."""

from __future__ import annotations


def storable_text(text: str) -> str:
    """The text with every unpaired surrogate (which cannot be encoded, so would fail
    when the record is encrypted) replaced by U+FFFD. What someone said is mended, never
    refused."""
    return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
