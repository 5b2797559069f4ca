"""A fact read from a pasted note, with the words it came from."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class NoteFact:
    slot: str
    value: Any
    words: str  # the line or sentence it came from
