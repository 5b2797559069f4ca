"""The writer of a pasted note: from an e-mail's sign-off ("Kind regards," then their
name, role and organisation, one to a line) or from one signature line ("Owen Price,
Senior Mental Health Practitioner, South Glos CAMHS"). Pure: no I/O."""

from __future__ import annotations

import re

from .choices import parse_role
from .contacts import find_phone
from .mentions import ORGANISATION_WORD
from .names import find_full_name, parse_person_name
from .note_facts import NoteFact
from .people import ROLES

# "Kind regards," then the writer's name, role and organisation, one to a line.
_SIGN_OFF = re.compile(
    r"^\W*(?:(?:kind|best|warm|many)\s+(?:regards|wishes|thanks)|regards|thanks|thank\s+you|"
    r"cheers|yours\s+(?:sincerely|faithfully)|sincerely|best)\W*$",
    re.IGNORECASE,
)
# Words of a sentence, which a signature line does not have.
_SENTENCE_WORDS = re.compile(
    r"\b(?:who|is|was|are|were|he|she|they|his|her|their|has|have|had|will|came|attended)\b",
    re.IGNORECASE,
)


# "DC 2291 Sian Roberts": an officer's collar number between rank and name.
_COLLAR_NUMBER = re.compile(r"^(?P<rank>PC|DC|DS|DI|Sgt|PCSO)\.?\s+\d{2,6}\s+(?=[A-Z])")
_ORGANISATION = re.compile(rf"\b(?:{ORGANISATION_WORD})\b", re.IGNORECASE)


def _organisation_after_role(role_line: str) -> str | None:
    """The organisation after the role on the same line ("YOT Case Manager, South
    Gloucestershire YOT" -> "South Gloucestershire YOT"), when it names one."""
    parts = [part.strip() for part in role_line.split(",")]
    if len(parts) == 2 and _ORGANISATION.search(parts[1]) and len(parts[1].split()) <= 6:
        return parts[1]
    return None


def one_line_signature(line: str) -> list[NoteFact]:
    """The writer on one line: "Owen Price, Senior Mental Health Practitioner, South Glos
    CAMHS" (a full name alone, then a role, then perhaps the organisation)."""
    parts = [part.strip() for part in line.strip().rstrip(".").split(",")]
    if not 2 <= len(parts) <= 3 or any(c.isdigit() or c == "@" for c in line):
        return []
    if _SENTENCE_WORDS.search(line):
        return []
    full = find_full_name(parts[0])
    if full is None or " ".join(full) != " ".join(parts[0].split()):
        return []
    role = parse_role(parts[1])
    if role is None or len(parts[1].split()) > 5:
        return []
    words = line.strip()
    signed = [
        NoteFact("referrer_name", parts[0], words),
        NoteFact("referrer_role", role, words),
    ]
    if len(parts) == 3 and len(parts[2].split()) <= 6:
        signed.append(NoteFact("referrer_organisation", parts[2], words))
    return signed


def signature_facts(lines: list[str]) -> list[NoteFact]:
    """The writer of an e-mail, from the lines under its sign-off."""
    for index, line in enumerate(lines):
        if not _SIGN_OFF.match(line):
            continue
        below = [kept.strip() for kept in lines[index + 1 : index + 6] if kept.strip()]
        if below:
            below[0] = _COLLAR_NUMBER.sub(r"\g<rank> ", below[0])
        if not below or not (name := parse_person_name(below[0])) or len(below[0]) > 40:
            return []
        facts = [NoteFact("referrer_name", name, below[0])]
        contact_line = (
            "@" in below[1] or any(c.isdigit() for c in below[1]) if len(below) > 1 else True
        )
        if not contact_line and (role := parse_role(below[1])):
            facts.append(NoteFact("referrer_role", role, below[1]))
            if len(below) > 2 and "@" not in below[2] and not any(c.isdigit() for c in below[2]):
                facts.append(NoteFact("referrer_organisation", below[2], below[2]))
            elif organisation := _organisation_after_role(below[1]):
                facts.append(NoteFact("referrer_organisation", organisation, below[1]))
        return facts
    return []


# A message ending with its writer's name, common role and number: "... I'm allocated.
# Jo Tranter SW 07700 900921".
_CLOSING = re.compile(
    r"(?:^|[.!?]\s+|\n\s*|\s[-\u2013]\s+)(?P<name>[A-Z][a-z'-]+\s+[A-Z][a-z'-]+)\s+"
    r"(?P<role>[A-Za-z/]{2,10}(?:\s+[A-Za-z/]{2,10})?)\s*[,:-]?\s*(?P<phone>[+(]?\d[\d\s()-]{8,}\d)\W*$"
)


def _common_role(text: str) -> str | None:
    for label, pattern in ROLES:
        if re.fullmatch(rf"(?:{pattern})", text.lower()):
            return label
    return None


def closing_signature(text: str) -> list[NoteFact]:
    """The writer's name, common role and phone number ending the message, or []."""
    match = _CLOSING.search(text.strip())
    if match is None or (role := _common_role(match["role"])) is None:
        return []
    if (name := parse_person_name(match["name"])) is None or find_full_name(name) is None:
        return []
    words = match[0].strip(" .!?-\n")
    signed = [NoteFact("referrer_name", name, words), NoteFact("referrer_role", role, words)]
    if phone := find_phone(match["phone"]):
        signed.append(NoteFact("referrer_phone", phone, words))
    return signed
