"""People and organisations a pasted note names in running text, found with the named
entities (named_entities) where the note reader's patterns found nothing.

Each rule pairs an entity with the words around it that say who the person is:
- the writer: the name on an "Added by:", "submitted by" or opening "From:" line, or
  heading the note with a common role ("Consultation - Dr Kate Lindqvist (GP)"), with
  their role and organisation when the same or the next line gives them;
- the allocated worker: a name straight after "SW" or "social worker" ("his SW
  Hannah Wright", "SW aware (Charlotte Evans)");
- the significant adult: a name next to a family or carer word ("aunt, Michelle
  Grant", "Dawn Ellery, a single foster carer"), when a sentence of the note says that
  adult will take part in the work.
Only slots the patterns left empty are proposed, and the slot validators still decide
every value. Pure apart from the model: no I/O, nothing logged."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping
from typing import Any

from .mentions import ORGANISATION_WORD
from .named_entities import Entity, find_entities
from .names import parse_person_name
from .note_facts import NoteFact
from .people import ROLES
from .significant_adult import SUPPORTS_IN_SESSIONS

_ROLE_BEFORE = re.compile(
    r"\b(?:(?:allocated\s+)?sw|(?:allocated\s+)?social\s+worker|allocated\s+worker|lead\s+professional)"
    r"(?:\s+(?:is|was|aware|informed))?\s*(?:[:=(\u2013-]\s*)?$",
    re.IGNORECASE,
)
_CONTACT = re.compile(r"@|\d{4,}|\d{3,}\s\d{3,}")
# Family and carer words: who the significant adult is to the young person.
_KIN = (
    r"(?:(?:maternal|paternal|foster|step|birth|adoptive)\s+)?(?:mum|mom|dad|mother|father|"
    r"aunt(?:ie)?|uncle|grandmother|grandfather|grandma|grandad|granddad|gran|nan|nana|"
    r"grandparent|sister|brother|cousin|carer|guardian|stepmum|stepdad|key\s*worker)"
)
_KIN_BEFORE = re.compile(
    rf"(?<![\w'])(?P<kin>{_KIN})\s*(?:,\s*|\(\s*|[-\u2013]\s*)?$", re.IGNORECASE
)
_KIN_AFTER = re.compile(
    rf"^\s*(?:,\s*(?:(?:a|an|the|his|her|their)\s+)?(?:\w+\s+)?|\(\s*)(?P<kin>{_KIN})\b",
    re.IGNORECASE,
)
_WRITER_LINE = re.compile(
    r"\b(?:added|submitted|completed|written|sent|made|referred)\s+by\b|^\s*from\s*:",
    re.IGNORECASE,
)
_RANK = re.compile(r"\b(?P<rank>PC|DC|DS|DI|Sgt|PCSO)\.?\s+(?:\d+\s+)?$")
_ORGANISATION = re.compile(rf"\b(?:{ORGANISATION_WORD})\b", re.IGNORECASE)
_TITLES = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr", "prof"})


def _common_role(text: str) -> str | None:
    """The common role the text starts with ("DSL" -> "teacher/DSL"), or None."""
    low = text.strip(" ,()-").lower()
    for label, pattern in ROLES:
        if re.match(pattern, low):
            return label
    return None


def _person(text: str) -> str | None:
    """The entity as a person's full name (two words or more), or None."""
    name = parse_person_name(text)
    words = [w for w in (name or "").split() if w.rstrip(".").lower() not in _TITLES]
    return name if name and len(words) >= 2 else None


def _line_of(text: str, entity: Entity) -> tuple[str, str]:
    """The words before and after the entity on its line."""
    start = text.rfind("\n", 0, entity.start) + 1
    end = text.find("\n", entity.end)
    return text[start : entity.start], text[entity.end : end if end != -1 else len(text)]


def _people(text: str) -> Iterable[tuple[Entity, str, str | None, str]]:
    """The entities that read as a full name, with that name, the common role the entity
    itself carries and the words before the name inside it ("Jo Tranter SW", "SW Lauren
    Pryce" -> "Jo Tranter", social worker). The small model's labels for a name are not
    reliable ("SW Rachel Moorcroft" comes as a facility): the name's shape decides."""
    for entity in find_entities(text):
        if entity.label not in {"PERSON", "ORG", "FAC"}:
            continue
        words = entity.text.split()
        role, lead = None, []
        while len(words) > 2 and (found := _common_role(words[-1])):
            role = found
            words.pop()
        while len(words) > 2 and not _RANK.match(words[0] + " "):
            if (found := _common_role(words[0])) is None:
                break
            role = found
            lead.append(words.pop(0))
        if name := _person(" ".join(words)):
            yield entity, name, role, " ".join(lead)


def _allocated_worker(text: str) -> list[NoteFact]:
    for entity, name, _, lead in _people(text):
        before, after = _line_of(text, entity)
        if _ROLE_BEFORE.search(f"{before}{lead} "[-40:]) and not _CONTACT.search(after[:30]):
            return [NoteFact("ap_name", name, (before + entity.text + after).strip())]
    return []


def _significant_adult(text: str, supporting: Collection[str]) -> list[NoteFact]:
    for entity, name, _, _ in _people(text):
        before, after = _line_of(text, entity)
        kin = _KIN_BEFORE.search(before[-40:]) or _KIN_AFTER.match(after)
        if kin is None:
            continue
        first = [w for w in name.split() if w.rstrip(".").lower() not in _TITLES][0]
        said = [s for s in supporting if first in s or kin["kin"].lower() in s.lower()]
        if said:
            words = (before + entity.text + after).strip()
            return [
                NoteFact("sa_name", name, words),
                NoteFact("sa_relationship", kin["kin"].lower(), words),
            ]
    return []


def _organisation_in(text: str) -> str | None:
    """The last comma-separated part of a line that names an organisation."""
    for part in reversed(re.split(r",|\.\s", text)):
        part = part.strip(" .;")
        if not part or len(part.split()) > 6 or _CONTACT.search(part):
            continue
        if _ORGANISATION.search(part):
            return part
    return None


def _writer_said(before: str, after: str, index: int, first: list[int]) -> bool:
    """Whether the line names the note's writer: "Added by:", "submitted by", "From:"
    in the first lines, or a first line ending in a name and a common role
    ("Consultation 02/12/2026 - Dr Kate Lindqvist (GP)"). A name that merely stands on
    one of the last lines is not taken: that proved wrong as often as right."""
    from_line = before.lstrip().lower().startswith("from")
    if _WRITER_LINE.search(before) and not (from_line and index not in first):
        return True
    bracketed = re.match(r"\s*\(([^()]{2,40})\)\s*$", after)
    return index == first[0] and bracketed is not None and _common_role(bracketed[1]) is not None


def _writer(text: str) -> list[NoteFact]:
    lines = text.splitlines()
    filled = [i for i, line in enumerate(lines) if line.strip()]
    if not filled:
        return []
    starts = [sum(len(line) + 1 for line in lines[:i]) for i in range(len(lines))]
    for entity, name, own_role, _ in _people(text):
        index = max(i for i, start in enumerate(starts) if start <= entity.start)
        before, after = _line_of(text, entity)
        if not _writer_said(before, after, index, filled[:2]):
            continue
        words = lines[index].strip()
        facts = [NoteFact("referrer_name", name, words)]
        bracketed = re.match(r"\s*\(([^()]{2,40})\)", after)
        role = own_role or (_common_role(bracketed[1]) if bracketed else _common_role(after))
        rank = _RANK.search(before) or re.match(r"(?P<rank>PC|DC|DS|DI|Sgt|PCSO)\b", name)
        if role is None and rank:
            role = _common_role(rank["rank"])
        following = lines[index + 1].strip() if index + 1 < len(lines) else ""
        if role is None and following and not _CONTACT.search(following):
            role = _common_role(following.split(",")[0])
        if role is not None:
            facts.append(NoteFact("referrer_role", role, words))
        organisation = _organisation_in(after) or (
            _organisation_in(following) if following and not after.strip(" ,") else None
        )
        if organisation is not None:
            facts.append(NoteFact("referrer_organisation", organisation, words))
        return facts
    return []


_WRITER_ANYWHERE = re.compile(
    r"\b(?:added|submitted|completed|written|sent|made|referred)\s+by\b|^\s*from\s*:|\(",
    re.IGNORECASE | re.MULTILINE,
)
_SW_ANYWHERE = re.compile(
    r"\b(?:sw|social\s+worker|allocated\s+worker|lead\s+professional)\b", re.IGNORECASE
)
_KIN_ANYWHERE = re.compile(rf"\b{_KIN}\b", re.IGNORECASE)


def _worth_reading(text: str, found: Collection[str], supporting: Collection[str]) -> bool:
    """Whether the words one of the rules needs are in the text at all: most messages
    (an SMS reply, a short answer) then cost no model run."""
    return bool(
        ("referrer_name" not in found and _WRITER_ANYWHERE.search(text))
        or ("ap_name" not in found and _SW_ANYWHERE.search(text))
        or ("sa_name" not in found and supporting and _KIN_ANYWHERE.search(text))
    )


def entity_facts(text: str, found: Collection[str], supporting: Collection[str]) -> list[NoteFact]:
    """Facts about the people the note names that its patterns did not find: the
    writer, the allocated worker and the significant adult, for slots not in `found`.
    `supporting` are the note's sentences about an adult taking part in the work."""
    facts: list[NoteFact] = []
    if not _worth_reading(text, found, supporting):
        return facts  # none of the rules could apply: the model is not run
    if "referrer_name" not in found:
        facts.extend(f for f in _writer(text) if f.slot not in found)
    if "ap_name" not in found:
        facts.extend(_allocated_worker(text))
    if "sa_name" not in found:
        facts.extend(f for f in _significant_adult(text, supporting) if f.slot not in found)
    writer = {str(f.value) for f in facts if f.slot == "referrer_name"}
    return [f for f in facts if not (f.slot in {"ap_name", "sa_name"} and str(f.value) in writer)]


# Questions about the allocated worker, whose answer may name them in passing ("Is there a
# social worker?" - "Yes, Amira Hassan in the Kingswood area team").
_ALLOCATED_TOPICS = frozenset({"ap_exists", "ap_name"})


def _allocated_in_answer(answer: str, topic: str | None, referrer: str) -> dict[str, str]:
    if topic not in _ALLOCATED_TOPICS:
        return {}
    if not _SW_ANYWHERE.search(answer) and not re.match(r"\W*(?:yes|yeah|yep)\b", answer, re.I):
        return {}  # the model is run only on an answer that says there is one
    names = {name for _, name, _, _ in _people(answer) if name.lower() != referrer}
    return {"ap_name": names.pop()} if len(names) == 1 else {}


def _adult_in_turn(turn: str, referrer: str) -> dict[str, str]:
    """The adult a turn says will take part, by name and relationship: next to each other
    ("His mum, Carol Lane, ... will attend"), or the one name and the one family word of
    the turn ("mum's the one who'll come to the sessions, that's Sarah Gray")."""
    if not SUPPORTS_IN_SESSIONS.search(turn) or not _KIN_ANYWHERE.search(turn):
        return {}
    if paired := _significant_adult(turn, [turn]):
        return {str(f.slot): str(f.value) for f in paired}
    names = {name for _, name, _, _ in _people(turn) if name.lower() != referrer}
    kin = {k.lower() for k in _KIN_ANYWHERE.findall(turn)}
    if len(names) == 1 and len(kin) == 1:
        return {"sa_name": names.pop(), "sa_relationship": kin.pop()}
    return {}


def named_in_turn(turn: str, topic: str | None, known: Mapping[str, Any]) -> dict[str, str]:
    """The people a caller's turn names that the patterns missed, for slots still empty:
    the allocated worker in an answer to a question about them, naming one person only;
    the significant adult in a turn saying they will take part. Never the referrer."""
    referrer = str(known.get("referrer_name") or "").lower()
    found: dict[str, str] = {}
    if known.get("ap_name") is None:
        found |= _allocated_in_answer(turn, topic, referrer)
    if known.get("sa_name") is None and known.get("sa_relationship") is None:
        # an adult already described is not given another's name ("His uncle ...", then
        # "Mum, Donna Hale, said she'd come too")
        found |= _adult_in_turn(turn, referrer)
    return found
