"""Gender, the professional's role, and the significant adult's relationship."""

from __future__ import annotations

import re

from backend.domain.fields import UNKNOWN

from ._text import clean, fold
from .answers import is_dont_know, is_greeting

# --- gender ---------------------------------------------------------------------------

_MALE = re.compile(r"\b(?:male|m|boy|lad|he|him|his|he/him|man|young\s+man|son|bloke|masculine)\b")
_FEMALE = re.compile(
    r"\b(?:female|f|girl|lass|she|her|she/her|woman|young\s+woman|young\s+lady|daughter|feminine)\b"
)
_NON_BINARY = re.compile(r"\b(?:non[\s-]?binary|nb|enby|they/them|genderqueer|agender)\b")
# Answers kept in the professional's own words (self-described or withheld).
_SELF_DESCRIBED = re.compile(
    r"\b(?:trans\w*|ftm|mtf|identif\w+|gender\s*fluid|fluid|questioning|intersex|prefer\s+not|other|not\s+stated)\b"
)


def parse_gender(text: str) -> str | None:
    """ "male", "female", "non-binary", or the answer's own words for anything else.

    "boy", "lad", "he" -> male; "girl", "she" -> female; "trans boy" and
    "identifies as female" are kept as written (lower case): a professional's
    description is not re-labelled. None for answers that say nothing about gender.
    """
    t = fold(text)
    if not t or re.search(r"\d", t):
        return None
    if is_dont_know(t):
        return UNKNOWN
    if _NON_BINARY.search(t):
        return "non-binary"
    if _SELF_DESCRIBED.search(t) and len(t) <= 60:
        return re.sub(r"\s+", " ", t)
    male, female = _MALE.search(t), _FEMALE.search(t)
    if male and not female:
        return "male"
    if female and not male:
        return "female"
    return None


# --- the professional's role -------------------------------------------------------------

ROLES: tuple[tuple[str, str], ...] = (
    (
        "SENCo",
        r"\bsen[d]?co\b|\bspecial\s+educational\s+needs\s+(?:and\s+disabilit(?:y|ies)\s+)?co-?ordinator\b|\bsend?\s+co-?ordinator\b",
    ),
    ("school nurse", r"\bschool\s+nurse\b"),
    ("PCSO", r"\bpcso\b|\bpolice\s+community\s+support\s+officer\b"),
    (
        "teacher/DSL",
        r"\b(?:deputy\s+)?d?dsl\b|\b(?:deputy\s+)?designated\s+safeguarding\s+(?:lead|officer|person|teacher)\b|"
        r"\bdesignated\s+(?:lead|teacher|person)\b|\bsafeguarding\s+lead\b|\b(?:class\s+|form\s+)?teacher\b|"
        r"\bhead\s*teacher\b|\bhead\s+of\s+year\b|\b(?:deputy|assistant)\s+head\b|\bheadmaster\b|\bheadmistress\b",
    ),
    ("health visitor", r"\bhealth\s+visitor\b|\bhv\b"),
    ("CAMHS practitioner", r"\bcamhs\b"),
    ("YOT worker", r"\byot\b|\byos\b|\byjs\b|\byouth\s+(?:offending|justice)\b"),
    (
        "police officer",
        r"\bpolice\b|\bp\.?c\.?\b|\bd\.?c\.?\b|\bd\.?s\.?\b|\bd\.?i\.?\b|\bdetective\b|\bconstable\b|\bsergeant\b|\bsgt\b",
    ),
    ("GP", r"\bgp\b|\bgeneral\s+practi(?:tioner|ce)\b|\bfamily\s+doctor\b"),
    ("family support worker", r"\bfamily\s+support\b|\bfsw\b"),
    ("team manager", r"\bteam\s+manager\b"),
    ("independent reviewing officer", r"\biro\b|\bindependent\s+reviewing\s+officer\b"),
    ("early help worker", r"\bearly\s+help\b"),
    (
        "social worker",
        r"\bs/?w\b|\b(?:social|socail|soical|scoial|socila)\s*(?:work|worker|wroker|woker|workr)\b|\bcsw\b|\bssw\b",
    ),
)
_ROLE_LEAD_IN = re.compile(
    r"^(?:(?:hi|hello|hiya|yes|ok|sure)\W+)?(?:i'?m|im|i\s+am|i\s+work\s+as|i'?m\s+working\s+as|working\s+as|"
    r"my\s+role\s+is|my\s+job\s+is|role\W*|job\W*|it'?s|as)?\s*(?:currently\s+|actually\s+)?"
    r"(?:(?:a|an|the|his|her|their|the\s+young\s+person'?s|the\s+child'?s|yp'?s|[a-z]+'s)\s+)?"
    r"(?:allocated\s+|named\s+|lead\s+|main\s+)?",
    re.IGNORECASE,
)
_ROLE_TAIL = re.compile(
    r"\s+(?:at|for|with|in|from|based|working|on|who)\s+.*$|\s*[,(;].*$", re.IGNORECASE
)
_NOT_A_ROLE = re.compile(r"\b(?:not|no|don'?t|won'?t|want|yes|nope|why|what)\b", re.IGNORECASE)


def _tidy_role(text: str) -> str:
    """Lower case, except acronyms typed in capitals ("EHCP coordinator")."""
    return " ".join(
        word if len(word) > 1 and word.isupper() else word.lower() for word in text.split()
    )


def parse_role(text: str) -> str | None:
    """The professional's role, normalised where it is a common one.

    "SW", "I'm her social worker" -> "social worker"; "DSL", "designated safeguarding
    lead", "teacher" -> "teacher/DSL"; "PC", "DC" -> "police officer"; "YOT worker",
    "youth justice" -> "YOT worker"; "SENCo" -> "SENCo". Other roles come back as
    typed, without lead-ins or the workplace ("I'm a youth worker at the hub" ->
    "youth worker"). None for empty, don't-know or non-answers.
    """
    t = clean(text)
    if not t or is_dont_know(t) or is_greeting(t) or re.search(r"\d", t):
        return None
    folded = t.lower()
    for label, pattern in ROLES:
        if re.search(pattern, folded):
            return label
    rest = _ROLE_LEAD_IN.sub("", t)
    rest = _ROLE_TAIL.sub("", rest).strip(" .,-")
    if not rest or len(rest) > 60 or len(rest.split()) > 6 or _NOT_A_ROLE.search(rest):
        return None
    return _tidy_role(rest)


# --- the significant adult's relationship to the young person ----------------------------

_SPELLINGS: tuple[tuple[str, str], ...] = (
    (r"\b(?:mom|mam|mummy|mommy|mumma|mama)\b", "mum"),
    (r"\b(?:daddy|papa)\b", "dad"),
    (r"\bstep[\s-]+(mum|dad|mother|father|parent|brother|sister)\b", r"step\1"),
    (r"\b(?:auntie|aunty)\b", "aunt"),
    (r"\b(?:granny|grannie)\b", "gran"),
    (r"\b(?:nana|nanna|nanny|nannie)\b", "nan"),
    (r"\b(?:granddad|grandpa|granda)\b", "grandad"),
    (r"\b(?:gran|grand)[\s-]+(mother|father|ma|dad)\b", r"grand\1"),
    (r"\bfoster\s+(?:carers|parents?)\b", "foster carer"),
    (r"\bfoster\s+(mum|dad)s?\b", r"foster \1"),
    (r"\bbirth\s+(mum|dad|mother|father)\b", r"\1"),
)
RELATION_WORDS = re.compile(
    r"\b(?:mum|dad|mother|father|parents?|step\w+|grand\w+|gran|nan|aunt|uncle|brother|sister|sibling|"
    r"cousin|carer|guardian|foster|adoptive|partner|boyfriend|girlfriend|husband|wife|friend|godparent|"
    r"godmother|godfather|keyworker|key\s+worker|worker|mentor|coach|teacher|neighbour|relative|family|"
    r"in[\s-]?law)\b"
)
_RELATION_LEAD_IN = re.compile(
    r"^(?:(?:she|he|they|it|that)(?:'s|'re|\s+is|\s+are)\s+|(?:is|are)\s+)?"
    r"(?:(?:his|her|their|the\s+young\s+person'?s|the\s+child'?s|the\s+yp'?s|yp'?s)\s+)?(?:(?:a|an|the)\s+)?",
)
_WHERE_AFTER = re.compile(r"\s+(?:at|from|in)\s+(?:the|his|her|their|our|school|college|work)\b.*$")
_NOT_A_RELATION = re.compile(r"\b(?:not|no|don'?t|won'?t|want|yes|nope|why|what|none|nobody)\b")


_SAID_OF_THEM = re.compile(
    r"\s+(?:is|are|was|were|has|have|had|will|would|says?|said|can|could|agrees?|agreed|"
    r"consents?|consented|wants?|feels?|thinks?)\b|'(?:ll|d|ve|re)\b"
)


def _before_what_is_said_of_them(text: str) -> str:
    """The relationship before a verb: "auntie's fine with it" -> "auntie", "mum is
    happy" -> "mum"; "mum's partner" stays (there the possessive is the relationship).
    Only where a relation word comes first: "how are you" is no relationship."""
    verb = _SAID_OF_THEM.search(text)
    if verb and _names_a_relation(text[: verb.start()]):
        text = text[: verb.start()]
    for owner in re.finditer(r"'s\s+(?P<rest>\S.*)$", text):
        if _names_a_relation(text[: owner.start()]) and not RELATION_WORDS.match(owner["rest"]):
            return text[: owner.start()]
    return text


def _names_a_relation(text: str) -> bool:
    for pattern, replacement in _SPELLINGS:  # "auntie", "nanny": the words in any spelling
        text = re.sub(pattern, replacement, text)
    return RELATION_WORDS.search(text) is not None


def parse_relationship(text: str) -> str | None:
    """How the significant adult is related, tidied to lower case: "his dad" -> "dad",
    "Mum" -> "mum", "foster carers" -> "foster carer", "she's his grandmother" ->
    "grandmother", "Jake's mum" -> "mum". None for non-answers."""
    raw = clean(text)
    if not raw or is_dont_know(raw) or re.search(r"\d", raw):
        return None
    # "Jake's mum": a capitalised name before the relationship is dropped, never kept
    # ("Mum's partner" stays: there the possessive is itself the relationship).
    owner = re.match(r"^([A-Z][a-z]+)'s?\s+(?=\w)", raw)
    if owner and not RELATION_WORDS.search(owner.group(1).lower()):
        raw = raw[owner.end() :]
    t = raw.lower()
    t = _RELATION_LEAD_IN.sub("", t)
    t = _before_what_is_said_of_them(t)
    t = re.sub(r"\s*[,(;].*$|\s+(?:who|and\s+(?:she|he|they))\b.*$", "", t).strip(" .-")
    # "key worker at the home", "mentor from the youth club": who they are, not where
    if RELATION_WORDS.search(t):
        t = _WHERE_AFTER.sub("", t)
    for pattern, replacement in _SPELLINGS:
        t = re.sub(pattern, replacement, t)
    if not t or len(t) > 60 or len(t.split()) > 5 or _NOT_A_RELATION.search(t):
        return None
    if RELATION_WORDS.search(t) or len(t.split()) <= 3:
        return t
    return None
