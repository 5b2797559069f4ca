"""The young person in a pasted note, where the note does not label them: named with an
age in brackets ("Home visit to Reece (15)"), named at the head of a labelled line that
says more ("YP: Oliver "Ollie" Fenwick, male, DOB 05/01/2009"), and their gender from
the pronouns the writer uses for them ("Kieran lives with his mum").

Each reading is narrow: a harmed child's name or gender taken for the young person's is
worse than a question asked, and the bot says back what it took. Pure: no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from backend.domain.area import find_town

from ._text import NUMBER, number_value
from .dates import MAX_AGE, MIN_AGE
from .mentions import NOT_FIRST_NAMES, PRONOUN_GENDER
from .names import find_full_name, parse_person_name

# Ages the service sees; a child named with another age in brackets is someone else.
_AGES_SEEN = range(12, 18)
# "Reece (15)", "Liam (YP)", "Leon B (15, CP plan, Kingswood)", "Zak (13) Yate".
_NAMED_WITH_AGE = re.compile(
    r"(?<![\w'-])(?P<first>[A-Z][a-z]+(?:-[A-Z][a-z]+)?)(?:\s+[A-Z]\b\.?)?\s*"
    r"\(\s*(?:(?P<age>\d{1,2})\s*(?:y(?:rs?|ears?)?(?:\s*old)?|y/?o)?\s*[,)]|(?i:yp|young\s+person)\s*\)|(?i:dob|d\.o\.b|born)\b)",
)
# Words before a name that make it someone else's child: "his brother Callum (14)".
_SOMEONE_ELSES = re.compile(
    r"\b(?:brother|sister|sibling|cousin|friend|peer|girlfriend|boyfriend|victim|pupil|"
    r"child|girl|boy|son|daughter|niece|nephew|neighbour'?s?)\s*$",
    re.IGNORECASE,
)


# "Ellie-Mae is 14 and in Year 10", "Jake, 14, lives in Yate", "Tom is fifteen years old".
_NAME_IS_AGE = re.compile(
    r"(?<![\w'-])(?P<first>[A-Z][a-z]+(?:-[A-Z][a-z]+)?)(?:\s+[A-Z][a-z]+)?"
    rf"(?:\s+is|\s*,)\s+(?:aged\s+|now\s+)?(?P<age>{NUMBER})(?:\s*(?:years?\s+old|yrs?|y/?o))?"
    r"(?=\s*(?:[,.;)]|\s-\s|\s+and\b|$))",
    re.IGNORECASE,
)


def _named_is_age(sentence: str, note: str) -> tuple[str, int] | None:
    for match in _NAME_IS_AGE.finditer(sentence):
        first = match["first"]
        if not first[0].isupper() or first.lower() in NOT_FIRST_NAMES or find_town(first):
            continue
        # a name the note uses again: a capitalised word opening a sentence ("Room is
        # 14") is seldom repeated
        if len(re.findall(rf"(?<![\w'-]){re.escape(first)}(?![\w-])", note)) < 2:
            continue
        age = number_value(match["age"])
        if age is None or age not in _AGES_SEEN:
            continue
        if _SOMEONE_ELSES.search(sentence[: match.start()]):
            continue
        if (name := parse_person_name(first)) is not None:
            return name, age
    return None


def young_person_with_age(sentence: str, note: str = "") -> tuple[str, int | None] | None:
    """The first name and age of a child named with an age the service sees, in
    brackets ("Reece (15)", or "(YP)"), or said of them ("Ellie-Mae is 14") when the
    note (of which the sentence is part) names them again."""
    for match in _NAMED_WITH_AGE.finditer(sentence):
        age = int(match["age"]) if match["age"] else None
        if age is not None and age not in _AGES_SEEN:
            continue
        if _SOMEONE_ELSES.search(sentence[: match.start()]):
            continue
        first = parse_person_name(match["first"])
        if first is None:
            continue
        return first, age
    return _named_is_age(sentence, note)


# The young person named with their date of birth or age: "Kieran Masters (DOB 03/05/2011)",
# "Oliver Fenwick, male, DOB 05/01/2009", "Jade Cole, 14,", "Leo Fitzgerald, 15 (DOB ...)",
# "the lad Ethan Marsh (12)".
_NAMED_WITH_BIRTH = re.compile(
    # "Ellie-Mae ROURKE, female, 15 yrs, d.o.b ...": a hyphenated first name, a surname
    # in capitals as records write it
    r"(?P<name>[A-Z][a-z']+(?:-[A-Z][a-z']+)?(?:\s+\"[^\"]{1,20}\")?\s+"
    r"(?:[A-Z][a-z'\-]+|[A-Z]{2}[A-Z'\-]*))\s*(?:\(|,)\s*"
    r"(?i:(?:(?P<gender>male|female|boy|girl)\s*,\s*)?(?:dob|d\.o\.b|date\s+of\s+birth|born|aged?\s+\d|"
    r"(?P<age>\d{1,2})\s*(?:,|\)|yrs?|years?|\((?=\s*(?:dob|d\.o\.b|born)))))"
)
# A word for a boy or a girl just before the name: "the lad Ethan Marsh (12)".
_NOUN_BEFORE = re.compile(
    r"\b(?:the|this|a|our|my)\s+(?P<noun>lad|boy|girl|young\s+man|young\s+woman)\s+$",
    re.IGNORECASE,
)
# The young person's gender as the word for them gives it (young_person_gender too).
NOUN_GENDER = {
    "lad": "male",
    "boy": "male",
    "young man": "male",
    "girl": "female",
    "young woman": "female",
    "young lady": "female",
}


def named_with_birth(sentence: str) -> dict[str, str | int]:
    """The young person's first and last name, given with their date of birth or age,
    and that age and their gender where the same words say them ("the lad Ethan Marsh
    (12)"); {} when the sentence names no one so, or gives the name an age the service
    never sees (a sibling's)."""
    match = _NAMED_WITH_BIRTH.search(sentence)
    if match is None:
        return {}
    words = re.sub(r'\s+"[^"]*"', "", match["name"]).split()
    full = find_full_name(" ".join(words))
    if full is None and words[-1].isupper() and (tidy := parse_person_name(" ".join(words))):
        full = (words[0], tidy.split()[-1])  # "Ellie-Mae ROURKE"
    if full is None:
        return {}
    found: dict[str, str | int] = {"yp_first_name": full[0], "yp_last_name": full[1]}
    if match["age"] and not MIN_AGE <= int(match["age"]) <= MAX_AGE:
        return {}  # "his sister Amy Marsh (4)": a child of an age never referred
    if match["age"]:
        found["yp_age"] = int(match["age"])
    if noun := _NOUN_BEFORE.search(sentence[: match.start()]):
        found["yp_gender"] = NOUN_GENDER[" ".join(noun["noun"].lower().split())]
    elif match["gender"]:
        found["yp_gender"] = "male" if match["gender"].lower() in ("male", "boy") else "female"
    return found


# The head of a labelled value, up to the first comma, bracket, full stop or dash, with a
# nickname in quotes left out: 'Oliver "Ollie" Fenwick, male, DOB ...' -> "Oliver Fenwick".
_HEAD = re.compile(r"^\s*(?P<head>(?:(?!\s[-\u2013]\s)[^,(.;]){2,60})(?P<rest>.*)$", re.DOTALL)
_NICKNAME = re.compile(r"\s+[\"'\u201c\u2018][^\"'\u201d\u2019]{1,20}[\"'\u201d\u2019]")


def name_at_head(value: str) -> tuple[str, str, str] | None:
    """(first, last, what follows) when a labelled value opens with a full name and says
    more after it; None when the value is not such a line."""
    match = _HEAD.match(value)
    if match is None or not match["rest"].strip(" .,"):
        return None
    head = _NICKNAME.sub("", match["head"]).strip()
    full = find_full_name(head)
    if full is None or " ".join(full) != " ".join(head.split()):
        return None
    return full[0], full[1], match["rest"].strip(" ,.;-\u2013")


# "His mum", "her allocated social worker": a possessive before the people and places of
# a young person's own life. "His"/"her" before anything else, and "him"/"her" as an
# object, are as often the harmed child's ("touched her over her clothing").
_OWN_LIFE = (
    r"(?:own\s+|younger\s+|older\s+|little\s+|big\s+|step-?|foster\s+|birth\s+|allocated\s+|previous\s+|current\s+|new\s+)*"
    r"(?:mum|mom|dad|mother|father|nan|nana|gran|grandma|grandad|grandparents|grandmother|"
    r"grandfather|parents?|carers?|family|aunt|auntie|uncle|brother|sister|siblings?|home|school|"
    r"college|social\s+worker|sw|worker|case\s+manager|key\s+worker|placement|plan|order|"
    r"teacher|tutor|gp|consent|behaviour|needs)\b"
)
_MALE = re.compile(rf"\bhis\s+{_OWN_LIFE}", re.IGNORECASE)
_FEMALE = re.compile(rf"\bher\s+{_OWN_LIFE}", re.IGNORECASE)
# Pronouns for a young person who has told people how they describe themselves, or
# words that say so: then the writer's pronouns are not the gender to record.
_OWN_DESCRIPTION = re.compile(
    r"\b(?:they/them|non-?binary|trans\w*|identif\w+|gender\s*fluid|pronouns?)\b", re.IGNORECASE
)
_OPENING_PRONOUN = re.compile(r"\s*(he|she|his|her)\b", re.IGNORECASE)
# Words for a person other than the young person and the writer ("I"), and brackets,
# whose contents ("(DOB 1st August 2010)") name no one.
_ANOTHER_PERSON = re.compile(
    r"\b(?:mum|mother|dad|father|parents?|carers?|sister|brother|sibling|cousin|aunt\w*|uncle|"
    r"gran\w*|nan|girl|boy|child|children|friend|peer|worker|sw|teacher|officer|nurse|doctor|"
    r"gp|he|she|him|her|his|they|them|victim|pupils?|students?)\b",
    re.IGNORECASE,
)
_BRACKETED = re.compile(r"\([^()]*\)")
_LISTED_THEN_PRONOUN = re.compile(
    r"(?P<between>(?:\s+[A-Z][\w'-]+)?\s*,(?:[^,.;!?]{1,30},)?)\s*(?P<pronoun>he|she)(?:'s|\s+is)\b"
    # not "Mason Gray, she's his mum": someone else described
    r"(?!\s+(?:his|her|their|the|a|an|my|our)\b)",
    re.IGNORECASE,
)
_PRONOUNS = re.compile(r"\b(?:he|she|him|her|his|they|them)\b", re.IGNORECASE)
_CAPITALISED = re.compile(r"(?<![\w'-])[A-Z][\w'-]*")
# After the young person's name, the clause ends where someone else may come in.
_CLAUSE_END = re.compile(r"[;:,]|\b(?:but|who|that|after|when|because|whereas|while)\b")


def _about_them_alone(sentence: str, name: re.Pattern[str]) -> bool:
    """The sentence opens with the young person's name, or names them and no one else
    but the writer ("I've been seeing Freddie Walsh (DOB ...) for anxiety since the
    spring"): a pronoun opening the next sentence is theirs."""
    if name.match(sentence):
        return True
    if not name.search(sentence):
        return False
    bare = _BRACKETED.sub(" ", sentence)
    if _ANOTHER_PERSON.search(bare):
        return False
    others = [w for w in _CAPITALISED.findall(bare)[1:] if not name.fullmatch(w)]
    surname = name.search(bare)
    after = bare[surname.end() :].split()[:1] if surname else []
    return not [w for w in others if w not in after]


def gender_from_pronouns(sentences: Iterable[str], first_name: str) -> tuple[str, str] | None:
    """("male" | "female", the sentence) from the pronoun that follows the young person's
    name in its own clause, in every sentence that names them, or opens the sentence (or
    the part after a semicolon) after one about them alone; None when they differ,
    when none is found, or when the note says how the young person describes themselves.
    """
    name = re.compile(rf"(?<![\w'-]){re.escape(first_name)}(?![\w-])")
    found: dict[str, str] = {}
    about_them = False
    for sentence in (part for whole in sentences for part in whole.split(";")):
        if not sentence.strip():
            continue  # a blank line between paragraphs changes no one's subject
        if _OWN_DESCRIPTION.search(sentence):
            return None
        # "Tyrone was convicted in October. He isn't open to CSC": a sentence that opens
        # with a pronoun, just after one about the young person alone
        opening = _OPENING_PRONOUN.match(sentence)
        if about_them and opening:
            found.setdefault(PRONOUN_GENDER[opening[1].lower()], sentence.strip())
        about_them = _about_them_alone(sentence.strip(), name)
        for match in name.finditer(sentence):
            clause = _CLAUSE_END.split(sentence[match.end() :], maxsplit=1)[0]
            male, female = _MALE.search(clause), _FEMALE.search(clause)
            if male and not female:
                found.setdefault("male", sentence.strip())
            elif female and not male:
                found.setdefault("female", sentence.strip())
            # "Mason Gray, DOB 09/07/2013, he's 13": the name, its details, then the
            # pronoun saying more about them
            listed = _LISTED_THEN_PRONOUN.match(sentence[match.end() :])
            if listed and not _ANOTHER_PERSON.search(_PRONOUNS.sub(" ", listed["between"])):
                found.setdefault(PRONOUN_GENDER[listed["pronoun"].lower()], sentence.strip())
    if len(found) != 1:
        return None
    [(gender, words)] = found.items()
    return gender, words
