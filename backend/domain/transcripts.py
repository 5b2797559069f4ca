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
# The whole label is the team's side ("ART", "Jo (ART)", "Call handler", "Duty worker"),
# not just a word in it: "The duty social worker said: ..." is a line of the caller's.
_HANDLER_TERM = (
    r"(?:art|access\s+and\s+response(?:\s+team)?|(?:call\s+)?handler|call\s+taker|advis[eo]r|"
    r"duty(?:\s+(?:worker|social\s+worker|officer|desk))?|operator)"
)
_HANDLER_LABEL = re.compile(
    rf"^(?:{_HANDLER_TERM}(?:\s*[-(]?\s*[a-z']+\)?)?|[a-z']+\s*[-(]?\s*{_HANDLER_TERM}\)?)$"
)
# "He said", "Mum told him": a quote inside a turn, never a speaker's label.
_QUOTE_LABEL = re.compile(
    r"\b(?:said|says|say|told|tells|asked|asks|shouted|wrote|replied|texted|messaged)\b"
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


def _is_handler_label(label: str) -> bool:
    return bool(_HANDLER_LABEL.match(label))


def _two_sided(labelled: list[str], counts: dict[str, int]) -> bool:
    """Whether the labelled lines are a call between two people: two labels taking turns,
    or a label heard once where the call opens or closes around the other's lines. A
    label met once mid-turn ("He said: stop") is words, not a speaker."""
    labels = set(labelled)
    if len(labels) != 2 or any(_QUOTE_LABEL.search(label) for label in labels):
        return False
    alternating = all(a != b for a, b in zip(labelled, labelled[1:], strict=False))
    heard_once = {label for label in labels if counts[label] == 1}
    return alternating or bool(heard_once & {labelled[0], labelled[-1]})


def _speakers(matches: list[re.Match[str] | None]) -> set[str]:
    labelled = [_label(m.group("speaker")).lower() for m in matches if m]
    counts: dict[str, int] = {}
    for key in labelled:
        counts[key] = counts.get(key, 0) + 1
    # A label is a speaker when it starts two or more lines: "He said: stop" inside a
    # turn is words, not a speaker. A call handler who spoke once ("Handler: Go ahead.")
    # is still one, as is a one-line label in a call of two voices taking turns.
    speakers = {label for label, n in counts.items() if n >= 2 or _is_handler_label(label)}
    if _two_sided(labelled, counts):
        speakers |= set(labelled)
    return speakers


def _from_text(raw: str) -> list[tuple[str, str]]:
    lines = raw.splitlines()
    matches = [_SPEAKER_LINE.match(line) for line in lines]
    speakers = _speakers(matches)
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
            "Only one speaker was found: a call transcript has the caller and the call handler"
            " (label a call handler who spoke once 'ART:')."
        )
    if len(labels) > MAX_SPEAKERS:
        raise TranscriptError(f"The transcript has more than {MAX_SPEAKERS} speakers.")
    roles = _roles(labels, referrer_speaker)
    return Transcript(tuple(TranscriptTurn(s, roles[s], words) for s, words in pairs))
