"""A referral call's transcript, as the Access and Response Team hands it over.

Two shapes are read: plain text with ``Speaker: words`` lines (a line without a speaker
continues the turn before it; a leading time such as ``[10:02]`` is allowed), or a JSON
list of ``{"speaker": ..., "text": ...}`` turns. Each speaker is either the referrer
(whose words are read for the referral) or the call handler; anyone else on the call is
kept with the call handler's side, as context only.

Pure: no I/O. Errors say what to fix, and never quote the transcript.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from typing import Any, Literal

from backend.domain.text import storable_text

Role = Literal["referrer", "art"]

MAX_CHARS = 100_000
MAX_TURNS = 400
MAX_TURN_CHARS = 10_000
MAX_SPEAKERS = 6
_LABEL_CHARS = 40

_SPEAKER_LINE = re.compile(
    r"^\s*(?:\[?\(?\d{1,2}:\d{2}(?::\d{2})?\)?\]?\s*[-\u2013]?\s*)?"
    r"(?P<speaker>[A-Za-z][A-Za-z0-9 .'()\-/&]{0,39}?)\s*:\s+(?P<text>\S.*)$"
)
# Labels that are the Access and Response Team's side of the call.
_ART_LABEL = re.compile(
    r"\b(?:art|access\s+and\s+response|call\s+handler|handler|call\s+taker|advis[eo]r|duty|"
    r"operator|interviewer|staff|q)\b",
    re.IGNORECASE,
)


class TranscriptError(ValueError):
    """The transcript can't be read; the message says why, without quoting it."""


@dataclass(frozen=True)
class TranscriptTurn:
    speaker: str
    role: Role
    text: str

    def to_dict(self) -> dict[str, str]:
        return {"speaker": self.speaker, "role": self.role, "text": self.text}


@dataclass(frozen=True)
class Transcript:
    turns: tuple[TranscriptTurn, ...]

    @property
    def referrer(self) -> str:
        return next(t.speaker for t in self.turns if t.role == "referrer")

    @property
    def speakers(self) -> dict[str, Role]:
        return {t.speaker: t.role for t in self.turns}


def _label(raw: str) -> str:
    return " ".join(raw.split())


def _from_text(raw: str) -> list[tuple[str, str]]:
    lines = raw.splitlines()
    matches = [_SPEAKER_LINE.match(line) for line in lines]
    counts: dict[str, int] = {}
    for match in matches:
        if match:
            key = _label(match.group("speaker")).lower()
            counts[key] = counts.get(key, 0) + 1
    # A label is a speaker when it starts two or more lines: "He said: stop" inside a
    # turn is words, not a speaker.
    speakers = {label for label, n in counts.items() if n >= 2}
    turns: list[tuple[str, str]] = []
    for line, match in zip(lines, matches, strict=True):
        if match and _label(match.group("speaker")).lower() in speakers:
            turns.append((_label(match.group("speaker")), match.group("text").strip()))
        elif line.strip() and turns:
            speaker, text = turns[-1]
            turns[-1] = (speaker, f"{text} {line.strip()}")
        elif line.strip():
            raise TranscriptError(
                "The transcript should start with a speaker's line, such as 'ART: Hello'."
            )
    return turns


def _from_json(raw: str) -> list[tuple[str, str]]:
    try:
        parsed: Any = json.loads(raw)
    except ValueError:
        raise TranscriptError(
            "The JSON could not be read: check its brackets and quotes."
        ) from None
    if not isinstance(parsed, list):
        raise TranscriptError('JSON transcripts are a list of {"speaker": ..., "text": ...} turns.')
    turns: list[tuple[str, str]] = []
    for number, item in enumerate(parsed, start=1):
        speaker = item.get("speaker") if isinstance(item, dict) else None
        text = item.get("text") if isinstance(item, dict) else None
        if not isinstance(speaker, str) or not speaker.strip() or not isinstance(text, str):
            raise TranscriptError(f'Turn {number} needs a "speaker" and a "text".')
        if len(speaker) > _LABEL_CHARS:
            raise TranscriptError(f"Turn {number}: a speaker's name is at most 40 characters.")
        if text.strip():
            turns.append((_label(speaker), " ".join(text.split())))
    return turns


def _roles(labels: list[str], referrer_speaker: str | None) -> dict[str, Role]:
    by_key = {label.lower(): label for label in labels}
    if referrer_speaker:
        chosen = by_key.get(_label(referrer_speaker).lower())
        if chosen is None:
            raise TranscriptError(
                "The referrer's name was not found among the speakers: " + ", ".join(labels) + "."
            )
        return {label: "referrer" if label == chosen else "art" for label in labels}
    callers = [label for label in labels if not _ART_LABEL.search(label)]
    if len(callers) == len(labels) and len(labels) == 2:
        # No label says which side is ART: the team answers the call, so speaks first.
        callers = labels[1:]
    if len(callers) != 1:
        raise TranscriptError(
            "Say which speaker is the referrer: the speakers are " + ", ".join(labels) + "."
        )
    return {label: "referrer" if label == callers[0] else "art" for label in labels}


def readable(text: str) -> str:
    """A turn's words as the bot will read them: an unpaired surrogate mended, control
    and formatting characters removed, spaces collapsed (the bot's input gate,
    bot/input_gate.py, does the same to every message). A turn left with nothing is no
    turn: a speaker who said nothing readable is not a speaker."""
    mended = storable_text(text)
    kept = "".join(
        " " if char.isspace() else char
        for char in mended
        if char.isspace() or unicodedata.category(char) not in ("Cc", "Cf", "Cs", "Cn")
    )
    return " ".join(kept.split())


def parse_transcript(raw: str, referrer_speaker: str | None = None) -> Transcript:
    """The turns of a pasted or uploaded transcript, each with its speaker's role."""
    if not raw or not raw.strip():
        raise TranscriptError("The transcript is empty.")
    if len(raw) > MAX_CHARS:
        raise TranscriptError(f"The transcript is longer than {MAX_CHARS:,} characters.")
    text = raw.strip()
    # "[09:12] Jo: ..." is text with times; "[{" or "[]" is JSON.
    read = _from_json(text) if re.match(r"\[\s*[{\]]", text) else _from_text(text)
    pairs = [(speaker, words) for speaker, words in ((s, readable(w)) for s, w in read) if words]
    if not pairs:
        raise TranscriptError(
            "No speakers were found: write each turn as 'Speaker: words' on its own line."
        )
    if len(pairs) > MAX_TURNS:
        raise TranscriptError(f"The transcript has more than {MAX_TURNS} turns.")
    if any(len(words) > MAX_TURN_CHARS for _, words in pairs):
        raise TranscriptError(f"A turn is longer than {MAX_TURN_CHARS:,} characters.")
    labels = list(dict.fromkeys(speaker for speaker, _ in pairs))
    if len(labels) < 2:
        raise TranscriptError(
            "Only one speaker was found: a call transcript has the caller and the call handler."
        )
    if len(labels) > MAX_SPEAKERS:
        raise TranscriptError(f"The transcript has more than {MAX_SPEAKERS} speakers.")
    roles = _roles(labels, referrer_speaker)
    return Transcript(tuple(TranscriptTurn(s, roles[s], words) for s, words in pairs))
