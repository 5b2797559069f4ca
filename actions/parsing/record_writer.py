"""The writer of a case record or a text message named other than by an e-mail's
sign-off: a record's "Worker:" or "Recorded by:" line, by full name or by initials the
record spells out elsewhere ("Allocated worker: Rachel Stone (RS)" then "Worker: RS");
a short message signed with a first name alone ("... typo on the form. Marcus"); and
the writer's e-mail address, known by their name, with the phone beside it.
Pure: no I/O; the validators have the last word on the values.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from backend.domain.area import find_town

from .choices import parse_role
from .contacts import find_email, find_phone
from .mentions import NOT_FIRST_NAMES
from .names import find_full_name, parse_first_name, parse_person_name
from .note_facts import NoteFact
from .people import ROLES

# The label a case record puts its writer's name under.
_WRITER_LABEL = re.compile(
    r"(?:^|\s{2,}|\t)\s*(?:worker|case\s+worker|author|recorded\s+by|entered\s+by|completed\s+by|"
    r"written\s+by|submitting\s+officer|reporting\s+officer)\s*:\s*(?P<value>\S.*)$",
    re.IGNORECASE,
)
# Initials as a record signs its entries: "RS", "J.H.", "AB-C".
_INITIALS = re.compile(r"^(?:[A-Z]\.?){2,3}$")
# A full name followed, somewhere on its line, by initials in brackets: "Rachel Stone
# (RS), Case Manager".
_NAME_WITH_INITIALS = re.compile(
    r"(?P<name>[A-Z][a-z'-]+(?:\s+[A-Z][a-z'-]+){1,2})\s*\((?P<initials>[A-Z]{2,3})\)"
    r"(?:\s*,\s*(?P<role>[^,\n]{2,40}))?"
)
_RANK = re.compile(r"^(?:PC|DC|DS|DI|Sgt|PCSO)\.?\s+(?:\d{2,6}\s+)?", re.IGNORECASE)


def _initials_of(name: str) -> str:
    return "".join(word[0] for word in name.split()).upper()


def _spelled_out(initials: str, lines: list[str]) -> tuple[str, str | None] | None:
    """The full name (and the role after it) that a line of the record gives the
    initials, in brackets after it, or as a full name whose initials they are, when one
    person only has them."""
    found: dict[str, str | None] = {}
    for line in lines:
        for match in _NAME_WITH_INITIALS.finditer(line):
            if match["initials"] == initials and _initials_of(match["name"]) == initials:
                found.setdefault(match["name"], match["role"])
    if len(found) == 1:
        [(name, role)] = found.items()
        return name, role
    return None


def _named_writer(value: str) -> list[NoteFact]:
    """A writer's line by full name: "Lauren Pike, Case Manager", "PC 3318 Laura BRIGGS,
    Neighbourhood Policing Team Yate"."""
    parts = [part.strip() for part in value.split(",")]
    ranked = _RANK.match(parts[0])
    name = parse_person_name(_RANK.sub("", parts[0]))
    if name is None or len(name.split()) < 2 or find_full_name(name) is None:
        return []
    facts = [NoteFact("referrer_name", name, value)]
    role = "police officer" if ranked else (parse_role(parts[1]) if len(parts) > 1 else None)
    if role is not None:
        facts.append(NoteFact("referrer_role", role, value))
    return facts


def record_writer(lines: list[str]) -> list[NoteFact]:
    """The writer a record's "Worker:"-style line names, by name or by initials the
    record spells out; a role alone ("Recorded by: DSL") gives the role. [] when the
    record has no such line, or its initials are nobody's the record names."""
    for line in lines:
        labelled = _WRITER_LABEL.search(line)
        if labelled is None:
            continue
        value = labelled["value"].strip()
        head = re.split(r"\s{2,}|\t", value)[0].strip(" .")
        spelled = _spelled_out(head.replace(".", ""), lines) if _INITIALS.match(head) else None
        if spelled is not None:
            name, role_words = spelled
            facts = [NoteFact("referrer_name", name, line.strip())]
            role = parse_role(role_words) if role_words else None
            return facts + ([NoteFact("referrer_role", role, line.strip())] if role else [])
        if named := _named_writer(head):
            return named
        if (role := parse_role(head)) is not None and len(head.split()) <= 4:
            return [NoteFact("referrer_role", role, line.strip())]
    return []


# A first name alone ending a short message, after its last sentence: "... typo on the
# form. Marcus", "Thanks, Jo x".
_SIGNED_FIRST_NAME = re.compile(
    r"(?:[.!?,]\s+|\n\s*|^\s*)(?:(?:thanks|cheers|ta)\W+)?(?P<name>[A-Z][a-z'-]{1,20})"
    r"\s*(?:\bx+\b)?\W*$",
    re.IGNORECASE,
)
_MAX_SHORT_MESSAGE = 300


def _is_role(word: str) -> bool:
    return any(re.fullmatch(pattern, word.lower()) for _, pattern in ROLES)


def first_name_sign_off(text: str, named: Iterable[str]) -> list[NoteFact]:
    """The writer of a short message that ends with their first name alone; [] when the
    word is no first name (a town, "Thanks"), is someone the message names (the young
    person), or the message is longer than a text."""
    stripped = text.strip()
    if len(stripped) > _MAX_SHORT_MESSAGE:
        return []
    match = _SIGNED_FIRST_NAME.search(stripped)
    if match is None or not match["name"][0].isupper() or match.start("name") == 0:
        return []
    word = match["name"]
    if word.lower() in NOT_FIRST_NAMES or find_town(word) or _is_role(word):
        return []
    if any(word.lower() == other.lower() for other in named):
        return []
    first = parse_first_name(word)
    return [NoteFact("referrer_name", first, match[0].strip())] if first else []


def _is_theirs(address: str, name: str) -> bool:
    """Whether an e-mail address's local part is made of the name: "laura.briggs@" or
    "lbriggs@" for Laura Briggs."""
    words = [w.lower() for w in re.findall(r"[A-Za-z'-]+", name) if len(w) > 1]
    if len(words) < 2:
        return False
    first, last = words[-2], words[-1]
    local = re.sub(r"[^a-z]", "", address.split("@")[0].lower())
    return local in {first + last, first[0] + last, last + first, last + first[0]}


def writers_contact(lines: list[str], writer: str) -> list[NoteFact]:
    """The writer's e-mail address where the note gives one made of their name
    ("laura.briggs@police.example.org" for Laura Briggs), and the phone number on the
    same line; [] when no address is theirs by its name."""
    for line in lines:
        address = find_email(line)
        if address is None or not _is_theirs(address, writer):
            continue
        found = [NoteFact("referrer_email", address, line.strip())]
        if phone := find_phone(line.replace(address, " ")):
            found.append(NoteFact("referrer_phone", phone, line.strip()))
        return found
    return []
