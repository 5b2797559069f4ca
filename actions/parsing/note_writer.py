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
# "Sgt Paul Whitaker 1187": the collar number after a ranked name.
_RANKED = re.compile(r"^(?:PC|DC|DS|DI|Sgt|PCSO)\.?\s+[A-Z]")
_NUMBER_AFTER_RANKED_NAME = re.compile(
    r"^(?P<name>(?:PC|DC|DS|DI|Sgt|PCSO)\.?\s+[A-Z][a-z'-]+\s+[A-Z][a-z'-]+)\s+\d{2,6}$"
)
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


# "Detective Constable 2291", "Staff Nurse 40012": a role with a collar or staff number.
_ROLE_NUMBER = re.compile(r"^(?P<role>[^\d@]{2,60}?)\s*[,#]?\s+(?:no\.?\s*)?\d{2,6}$", re.I)
# The words of a document's title, which a letterhead line does not have.
_DOCUMENT_WORDS = re.compile(
    r"\b(?:note|notes|log|record|form|summary|referral|report|minutes|extract|subject|re|"
    r"from|to|sent|date)\b",
    re.IGNORECASE,
)
# "Dr P. Natarajan": an initial, then the surname.
_INITIAL_NAME = re.compile(
    r"^(?P<title>(?:Dr|Mr|Mrs|Ms|Miss|Mx|Prof)\.?\s+)?(?P<initial>[A-Z])\.?\s+"
    r"(?P<surname>[A-Z][a-z'-]+)$"
)


# Letters after a name: "RN (SCPHN)", "MBBS MRCPsych", "BSc (Hons)".
_POST_NOMINALS = re.compile(
    r"(?:\s+\(?(?:[A-Z][A-Za-z]{0,2}[A-Z]{1,6}|[A-Z]{2,}[a-z]{1,5}|BSc|MSc|PhD|BA|MA|Hons)\)?)+\s*$"
)


def without_post_nominals(line: str) -> str:
    """A signature's name without the letters after it ("Hannah Okoro RN (SCPHN)" ->
    "Hannah Okoro"), when a first and last name are left; the line as it is otherwise
    ("Laura BRIGGS" keeps its surname in capitals)."""
    bare = _POST_NOMINALS.sub("", line)
    name = re.sub(r"^\s*(?:Dr|Mr|Mrs|Ms|Miss|Mx|Prof)\.?\s+", "", bare).strip()
    full = find_full_name(name)
    return bare if bare != line and full and " ".join(full) == name else line


def _is_contact(line: str) -> bool:
    """A line of contact details: an e-mail address or a phone number."""
    return "@" in line or find_phone(line) is not None


def _role_of(line: str) -> str | None:
    """The role a signature line gives, without a collar or staff number after it
    ("Detective Constable 2291" -> "police officer"); None for a contact line."""
    numbered = _ROLE_NUMBER.match(line)
    if numbered and not _is_contact(line):
        line = numbered["role"]
    if any(c.isdigit() for c in line) or "@" in line:
        return None
    return parse_role(line)


def _written_in_full(name: str, lines: list[str]) -> str | None:
    """The writer's name as a line of the note gives it in full, when they sign with an
    initial ("Dr P. Natarajan" under a letterhead naming "Dr Priya Natarajan MBBS")."""
    initial = _INITIAL_NAME.match(name)
    if initial is None:
        return None
    written = re.compile(
        rf"(?<![\w'-])(?P<first>{initial['initial']}[a-z'-]+)\s+{initial['surname']}(?![\w'-])"
    )
    for line in lines:
        if full := written.search(line):
            return f"{initial['title'] or ''}{full['first']} {initial['surname']}"
    return None


def _letterhead(lines: list[str]) -> str | None:
    """The organisation heading a letter: its first line, when that names one alone
    ("Frenchay Road Surgery"), not a document's title ("YOT case note")."""
    first = next((line.strip() for line in lines if line.strip()), "")
    if not first or len(first.split()) > 6 or any(c.isdigit() for c in first):
        return None
    if ":" in first or _SENTENCE_WORDS.search(first) or _DOCUMENT_WORDS.search(first):
        return None
    return first if _ORGANISATION.search(first) else None


def signature_facts(lines: list[str]) -> list[NoteFact]:
    """The writer of an e-mail or letter, from the lines under its sign-off: their name
    (in full where the letter gives it so), role and organisation, or the letterhead's
    organisation when the signature names none."""
    for index, line in enumerate(lines):
        if not _SIGN_OFF.match(line):
            continue
        below = [kept.strip() for kept in lines[index + 1 : index + 6] if kept.strip()]
        if below:
            below[0] = _COLLAR_NUMBER.sub(r"\g<rank> ", below[0])
            below[0] = _NUMBER_AFTER_RANKED_NAME.sub(r"\g<name>", below[0])
        if below:
            below[0] = without_post_nominals(below[0])
        if not below or not (name := parse_person_name(below[0])) or len(below[0]) > 40:
            return []
        name = _written_in_full(below[0], lines[:index]) or name
        facts = [NoteFact("referrer_name", name, below[0])]
        if _RANKED.match(below[0]) and len(below) > 1 and _ORGANISATION.search(below[1]):
            # "Sgt Paul Whitaker 1187" then the force: the rank is the role
            return [
                *facts,
                NoteFact("referrer_role", "police officer", below[0]),
                NoteFact(
                    "referrer_organisation",
                    _organisation_after_role(below[1]) or below[1],
                    below[1],
                ),
            ]
        role = _role_of(below[1]) if len(below) > 1 else None
        organisation = None
        if role is not None:
            facts.append(NoteFact("referrer_role", role, below[1]))
            if len(below) > 2 and not _is_contact(below[2]):
                organisation = NoteFact("referrer_organisation", below[2], below[2])
            elif after := _organisation_after_role(below[1]):
                organisation = NoteFact("referrer_organisation", after, below[1])
        if organisation is None and (head := _letterhead(lines[:index])):
            organisation = NoteFact("referrer_organisation", head, head)
        return facts + ([organisation] if organisation else [])
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


# A message opening with an officer's rank, collar number and name, then their force or
# unit, as police officers sign an SMS or a note: "PC 3381 Dan Okoro, Avon and Somerset
# Police." The opening must end there: "DC Jo Hale, Avon and Somerset Police, has asked
# me to refer ..." is someone else writing about the officer.
_OPENING_RANK = re.compile(
    r"^\W*(?P<rank>PC|DC|DS|DI|Sgt|PCSO)\.?\s+(?:\d{2,6}\s+)?"
    r"(?P<name>[A-Z][a-z'-]+\s+[A-Z][a-z'-]+(?:-[A-Z][a-z'-]+)?)\s*,\s*"
    r"(?P<organisation>[^,.;!?\n]{3,60}?)\s*(?:[.;!\n]|$)"
)


def opening_rank(text: str) -> list[NoteFact]:
    """The officer a message opens with, by rank, name and force, as its writer; []
    when the message does not open so."""
    match = _OPENING_RANK.match(text)
    if match is None or not _ORGANISATION.search(match["organisation"]):
        return []
    if find_full_name(match["name"]) is None:
        return []
    words = match[0].strip()
    return [
        NoteFact("referrer_name", f"{match['rank']} {match['name']}", words),
        NoteFact("referrer_role", "police officer", words),
        NoteFact("referrer_organisation", match["organisation"].strip(), words),
    ]
