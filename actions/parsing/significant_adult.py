"""The significant adult described in one answer: who they are to the young person,
their name and whether they will take part ("His nan, Margaret Hill, she's happy to
support him" -> relationship, name and willingness)."""

from __future__ import annotations

import re

from ._text import clean, fold
from .names import find_full_name, parse_person_name
from .people import RELATION_WORDS, parse_relationship

_UNSURE = re.compile(r"\b(?:not\s+sure|unsure|might|maybe|possibly|hopefully|undecided)\b")
_UNWILLING = re.compile(
    r"\b(?:not|isn'?t|aren'?t|won'?t|wouldn'?t|not\s+really)\s+(?:be\s+)?(?:happy|willing|keen|able|"
    r"prepared|want\w*|do\s+it|engag\w*)\b|\bunwilling\b|\brefus\w*|\bdeclin\w*"
)
_WILLING = re.compile(
    r"\b(?:happy|willing|keen|prepared|able|agreed|wants?|offered)\s+to\b|"
    r"\b(?:he|she|they)'?ll\s+do\s+it\b|\bup\s+for\s+it\b|\bon\s+board\b|\bsupportive\b"
)


# "Mum (Joanne Masters) agrees", "Dad (Steve) will", "Mum Tasha will do sessions": the
# relationship word, then the adult's name in brackets or straight after it.
_RELATIONSHIP_THEN_NAME = re.compile(
    r"(?<![\w'])(?P<relationship>(?:[Mm]aternal\s+|[Pp]aternal\s+|[Ff]oster\s+)?[A-Za-z][a-z]+)"
    r"(?:\s*\(\s*(?P<bracketed>[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)?)\s*\)|"
    r"\s+(?P<named>[A-Z][a-z'-]+)(?!\s*\())"
)


def _relationship_then_name(raw: str) -> dict[str, str]:
    for match in _RELATIONSHIP_THEN_NAME.finditer(raw):
        relationship = parse_relationship(match["relationship"])
        if relationship is None or not RELATION_WORDS.search(relationship):
            continue
        name = match["bracketed"] or match["named"]
        if RELATION_WORDS.search(name.lower()) or parse_person_name(name) is None:
            continue
        return {"sa_relationship": relationship, "sa_name": name}
    return {}


# "mum says yes she'll come to the sessions, her name is Leanne Doyle": the relationship
# opening the sentence, and the name given for them later in it.
_SUBJECT_THEN_NAMED = re.compile(
    r"^\W*(?:(?:his|her|their|the)\s+)?(?P<relationship>[A-Za-z]+(?:\s+carer)?)\s+"
    r"(?:says|said|is|has|will|would|agrees|agreed|can)\b[^.;!?]*?,\s*"
    r"(?:and\s+)?(?:her|his|their)\s+name(?:'s|\s+is)\s+(?P<name>[A-Z][a-z'-]+(?:\s+[A-Z][a-z'-]+)?)\b"
)


def _subject_then_named(raw: str) -> dict[str, str]:
    found = _SUBJECT_THEN_NAMED.match(raw)
    if found is None or parse_person_name(found["name"]) is None:
        return {}
    relationship = parse_relationship(found["relationship"])
    if relationship is None or not RELATION_WORDS.search(relationship):
        return {}
    return {"sa_relationship": relationship, "sa_name": found["name"]}


# A relationship as kept: the relation, perhaps after one word ("foster carer", "maternal
# aunt"), not a clause that ends in one ("i phoned mum") or a form's label ("parent/carer
# view: mother").
_OPENS_WITH_RELATION = re.compile(rf"^(?:[a-z'-]+\s+)?(?:{RELATION_WORDS.pattern})")


def parse_significant_adult(text: str) -> dict[str, str]:
    """sa_name, sa_relationship and sa_willing, those the answer states."""
    raw = clean(text)
    facts: dict[str, str] = {}
    if full_name := find_full_name(raw):
        facts["sa_name"] = " ".join(full_name)
    if paired := _subject_then_named(raw) or _relationship_then_name(raw):
        facts = {**paired, **facts} if "sa_name" in facts else paired
    for clause in re.split(r"[,;.]", raw):
        if "sa_relationship" in facts:
            break
        # A clause that is the relationship alone ("His nan"), not the name.
        # The relationship opens the clause ("His key worker at the home"), not a list of
        # people it ends in ("Both Oliver and his parents are happy").
        opening = " ".join(clause.lower().split()[:3])
        if RELATION_WORDS.search(opening) and find_full_name(clause) is None:
            # Among other words, only a relationship word is one ("Very much so" is not).
            relationship = parse_relationship(clause)
            if (
                relationship
                and _OPENS_WITH_RELATION.match(relationship)
                and ":" not in relationship
            ):
                facts["sa_relationship"] = relationship
                break
    t = fold(raw)
    if _UNSURE.search(t):
        facts["sa_willing"] = "unsure"
    elif _UNWILLING.search(t):
        facts["sa_willing"] = "no"
    elif _WILLING.search(t):
        facts["sa_willing"] = "yes"
    return facts


# A sentence in which an adult offers to take part: "she'll come along to any sessions",
# "he'll be the one supporting Aiden", "will attend whatever she needs to".
SUPPORTS_IN_SESSIONS = re.compile(
    # not "he doesn't want to come": the young person saying no
    r"(?<!n't\s)(?<!not\s)(?<!never\s)"
    r"\b(?:willing|happy|keen|agreed|offered|wants?)\s+to\s+(?:attend|support|take\s+part|come|be\s+"
    r"involved|engage|join|be\s+the\s+(?:supporting\s+)?adult\b)|"
    r"\b(?:will|would)\s+(?:attend|come\s+to|come\s+(?:along\s+)?with\s+(?:him|her|them)|support\s+him|"
    r"support\s+her)\b|"
    # "I'll bring him every week", "she can bring him to appointments"
    r"\b(?:'ll|will|would|can|could)\s+bring\s+(?:him|her|them)\s+(?:to|every|each|along)\b|"
    r"\b(?:come|came|go|going)\s+(?:along\s+)?to\s+(?:the\s+|any\s+|all\s+|every\s+)?sessions?\b|"
    r"\b(?:supporting|significant|consistent)\s+adult\b|\bdo\s+(?:the\s+)?sessions\b|"
    r"\bbe\s+the\s+one\s+(?:supporting|to\s+support|coming|attending)\b",
    re.IGNORECASE,
)
# "Nan, Mrs Pauline Brooke, has agreed", "dad - Mark - has agreed", "His mum, Carol Lane,
# will attend": a relationship, then the adult's name set off by commas, dashes or brackets.
# A relationship as written beside a name: "His mum", "Foster carer", "maternal aunt",
# "His key worker".
_RELATIONSHIP_BESIDE = (
    r"(?P<relationship>(?i:(?:(?:his|her|their)\s+)?(?:(?:maternal|paternal|foster|step)[\s-]?)?)"
    r"(?:(?i:key|support)\s+worker|[A-Za-z]+(?:\s+carer)?))"
)
_NAMED_BESIDE = re.compile(
    rf"(?<![\w']){_RELATIONSHIP_BESIDE}\s*(?:,|\s[-\u2013]|\()\s*"
    r"(?P<name>(?:(?:Mr|Mrs|Ms|Miss|Dr)\.?\s+)?[A-Z][a-z'-]+(?:\s+[A-Z][a-z'-]+)?)\s*(?:,|\s[-\u2013]|\))"
)
_TITLE = re.compile(r"^(?:Mr|Mrs|Ms|Miss|Dr)\.?\s+")


def adult_named_in_passing(text: str, young_person: str | None = None) -> dict[str, str]:
    """sa_name and sa_relationship from the first sentence of running text in which an adult
    named beside their relationship offers to take part; nothing otherwise (a parent
    named in passing is not, by that, the adult who will support the work). A name that
    is the young person's first name is theirs, not the adult's."""
    for raw in re.split(r"(?<=[.!?])\s+", clean(text)):
        if SUPPORTS_IN_SESSIONS.search(raw) and (found := _named_beside(raw, young_person)):
            return found
    return {}


def _named_beside(raw: str, young_person: str | None) -> dict[str, str]:
    for match in _NAMED_BESIDE.finditer(raw):
        relationship = parse_relationship(match["relationship"])
        name = match["name"]
        bare = _TITLE.sub("", name)
        if (
            relationship is None
            or not RELATION_WORDS.search(relationship)
            # "Mum, Dad, ...": words that are all relationships are no name ("Dean Foster" is)
            or all(RELATION_WORDS.fullmatch(word.lower()) for word in bare.split())
            or parse_person_name(bare) is None
            or (young_person is not None and bare.split()[0].lower() == young_person.lower())
        ):
            continue
        return {"sa_name": name, "sa_relationship": relationship}
    return {}


# "Jo is willing to be his supporting adult", "Dawn is very committed to Kayden and is
# willing to take part": an adult offering by first name, named in full elsewhere.
_OFFERS_BY_FIRST_NAME = re.compile(
    r"^\W*(?P<first>[A-Z][a-z]+)\s+(?:is|has|says|said|will|would|agrees|agreed)\b"
)
_RELATION_BEFORE = re.compile(rf"{_RELATIONSHIP_BESIDE}\s*[,(]?\s*$")
_RELATION_AFTER = re.compile(
    r"^\s*,\s*(?:an?|his|her|their)\s+(?:[a-z]+\s+){0,2}?"
    rf"(?P<relationship>(?:foster\s+)?(?:{RELATION_WORDS.pattern})(?:\s+carer)?)"
)


def adult_offering_by_first_name(
    sentences: list[str], young_person: str | None = None
) -> dict[str, str]:
    """sa_name and sa_relationship where a sentence opens with an adult's first name
    offering to take part and another names them in full beside their relationship
    ("with foster carer Jo Whitfield" ... "Jo is willing to be his supporting adult")."""
    text = " ".join(sentences)
    for sentence in sentences:
        offer = _OFFERS_BY_FIRST_NAME.match(clean(sentence))
        if offer is None or not SUPPORTS_IN_SESSIONS.search(sentence):
            continue
        first = offer["first"]
        if young_person and first.lower() == young_person.lower():
            continue
        if found := adult_by_first_name(first, text):
            return found
    return {}


def adult_by_first_name(first: str, text: str) -> dict[str, str]:
    """sa_name and sa_relationship of the adult the text names in full beside their
    relationship, by their first name ("Angela" in "with Angela Byrne, her foster
    carer"), or {}."""
    for named in re.finditer(rf"\b{re.escape(first)}\s+(?P<last>[A-Z][a-z'-]+)\b", text):
        if parse_person_name(f"{first} {named['last']}") is None:
            continue
        before = _RELATION_BEFORE.search(text[max(0, named.start() - 30) : named.start()])
        after = _RELATION_AFTER.match(text[named.end() : named.end() + 40])
        for found in (before, after):
            relationship = parse_relationship(found["relationship"]) if found else None
            if relationship and RELATION_WORDS.search(relationship):
                return {"sa_name": f"{first} {named['last']}", "sa_relationship": relationship}
    return {}


# A labelled value naming the adult and how they are related, whichever comes first:
# "Lynn Avery (foster carer)", "Maternal aunt (Kelly Shaw) - willing", "Grandad - Michael
# Brown (willing)", "Mum, Stacey Edwards". A word saying whether they are willing, in
# brackets or after a dash at the end, is no part of either.
_WILLING_AT_END = re.compile(
    r"\s*(?:\(\s*(?:not\s+)?(?:willing|unsure|agreed)\s*\)|[-\u2013,]\s*(?:not\s+)?"
    r"(?:willing|unsure|agreed))\s*\.?\s*$",
    re.IGNORECASE,
)
_BRACKETED_PAIR = re.compile(r"^(?P<one>[^()]{2,40}?)\s*\((?P<two>[^()]{2,40})\)")
_LISTED_PAIR = re.compile(
    r"^(?P<one>[^()\-\u2013,]{2,40}?)\s*(?:\s[-\u2013]\s|,)\s*(?P<two>[^()]{2,40})$"
)


def labelled_adult(value: str) -> dict[str, str]:
    """sa_name and sa_relationship from a labelled value that gives both (the one a full
    name, the other a relationship word), or {} when it does not."""
    core = _WILLING_AT_END.sub("", value.strip())
    pair = _BRACKETED_PAIR.match(core) or _LISTED_PAIR.match(core)
    if pair is None:
        return {}
    for name, relationship in ((pair["one"], pair["two"]), (pair["two"], pair["one"])):
        name, relationship = name.strip(" -"), relationship.strip(" -")
        if (
            find_full_name(name) is not None
            and find_full_name(relationship) is None
            and RELATION_WORDS.search(relationship.lower())
        ):
            return {"sa_name": name, "sa_relationship": relationship}
    return {}


# "Mrs Penhaligon has said she will come along": an adult named by title and surname.
_TITLE_AND_SURNAME = re.compile(r"^(?:Mrs|Mr|Ms|Miss|Mx|Dr)\.?\s+(?P<surname>[A-Z][a-z'-]+)$")
# A relationship just before a name: "his adoptive mother, Mrs ".
_RELATIONSHIP_BEFORE = re.compile(
    r"(?P<relationship>(?:(?:maternal|paternal|adoptive|foster|birth|step)\s+)?[a-z]+(?:\s+[a-z]+)?)"
    r"\s*,?\s*(?:\(\s*)?(?:(?:Mrs|Mr|Ms|Miss|Mx|Dr)\.?\s+)?$"
)


def adult_in_full(name: str, text: str, others: frozenset[str] = frozenset()) -> dict[str, str]:
    """The adult named by title and surname ("Mrs Penhaligon") as the text names them in
    full ("his adoptive mother, Mrs Claire Penhaligon"), with the relationship written
    just before that full name; {} when the name is not so or the text names no one
    of that surname, or more than one, first names in `others` (the young person's:
    "Re: Oliver Penhaligon") aside."""
    short = _TITLE_AND_SURNAME.match(name.strip())
    if short is None:
        return {}
    surname = re.escape(short["surname"])
    full = list(re.finditer(rf"(?<![\w'-])(?P<first>[A-Z][a-z'-]+)\s+{surname}(?![\w'-])", text))
    firsts = {m["first"] for m in full} - {"Mrs", "Mr", "Ms", "Miss", "Mx", "Dr"} - others
    if len(firsts) != 1:
        return {}
    first = firsts.pop()
    found = {"sa_name": f"{first} {short['surname']}"}
    match = next(m for m in full if m["first"] == first)
    before = _RELATIONSHIP_BEFORE.search(text[max(0, match.start() - 40) : match.start()])
    if before and RELATION_WORDS.search(before["relationship"]):
        relationship = parse_relationship(before["relationship"])
        if relationship and RELATION_WORDS.search(relationship):
            found["sa_relationship"] = relationship
    return found
