"""Single-choice answers: legal status, who they live with, police status, admission,
consent, the service wanted and previous assessments.

Each parser returns a value from the enumerations in backend.domain.fields, "unknown"
for a don't-know (or the enumeration's own don't-know value, e.g. admission
"not_known"), or None when the answer can't be placed. When an answer names two
different categories that can't both be true, the result is None rather than a guess.
"""

from __future__ import annotations

import re

from backend.domain.fields import UNKNOWN

from ._text import Table, any_pattern, drop_clauses, find_categories, fold
from .answers import is_dont_know
from .status_words import LEGAL_STATUS_WORDS, POLICE_STATUS_WORDS

# Clauses about the past are not the current status ("was on CP, now CIN").
_PAST = (
    r"\b(?:was|were|previously|formerly|used\s+to|came\s+off|ended|closed|ceased|"
    r"stepped\s+down\s+from|until|last\s+year|in\s+the\s+past|historic(?:al|ally)?|prior|before)\b"
)


def _current(t: str) -> str:
    """The answer with talk of the past removed; "from CP to CIN" keeps the "to" side."""
    t = re.sub(r"\bfrom\b.*?\b(?:to|into)\b", "to", t)
    return drop_clauses(t, _PAST)


def _only(categories: list[str]) -> str | None:
    return categories[0] if len(categories) == 1 else None


# --- legal status --------------------------------------------------------------------


def parse_legal_status(text: str) -> str | None:
    """none / child_in_need / child_protection_plan / looked_after / other.

    "CP", "on a CP plan" -> child_protection_plan; "CIN", "s17" -> child_in_need;
    "LAC", "CLA", "s20", "care order", "in foster care" -> looked_after; "SGO" -> other;
    "early help" or "not open to social care" -> none (no statutory status).
    """
    t = fold(text)
    if not t:
        return None
    if is_dont_know(t):
        return UNKNOWN
    found = find_categories(_current(t), LEGAL_STATUS_WORDS.answers)
    if found:
        return _only(found)
    return "none" if any_pattern(LEGAL_STATUS_WORDS.none_answers, t) else None


# --- who the young person lives with ---------------------------------------------------

_LIVES_WITH: Table = (
    (
        "residential",
        r"\bchildren'?s\s+home\b|\bresidential\b|\bcare\s+home\b|\bsecure\s+(?:unit|(?:children'?s\s+)?home)\b|\bgroup\s+home\b",
    ),
    ("foster", r"\bfoster\w*|\bifa\b"),
    (
        "other",
        r"\bshared\s+care\b|\bbetween\s+(?:his\s+|her\s+|their\s+)?(?:mum|mom|dad|parents|mother|father)\b|"
        r"\balternat\w+|\bweek\s+(?:about|on)\b|\bsplits?\s+(?:his\s+|her\s+|their\s+)?time\b|"
        r"\bsupported\s+(?:accommodation|lodgings?|housing)\b|\bsemi[\s-]?independen\w+|\bindependent(?:ly)?\b|"
        # "lives alone", not "lives with dad alone" (that parent only)
        r"\bhostel\b|\bon\s+(?:his|her|their)\s+own\b|"
        r"(?<!mum\s)(?<!mom\s)(?<!dad\s)(?<!mother\s)(?<!father\s)\balone\b|"
        r"\bsofa[\s-]?surf\w*|\bhomeless\b|"
        r"\byoi\b|\bcustody\b|\bsecure\s+training\b|^other\b",
    ),
    (
        "parents",
        r"\b(?:both|birth|biological|adoptive|his|her|their)?\s*parents\b|\bone\s+parent\b|\bsingle\s+(?:parent|mum|mom|dad|mother|father)\b|\blone\s+parent\b",
    ),
    ("step", r"\bstep[\s-]?(?:mum|mom|mother|dad|father|parent)s?\b"),
    ("mum", r"\b(?:mum|mom|mam|mother|mummy|mommy|ma)\b"),
    ("dad", r"\b(?:dad|father|daddy|papa)\b"),
    ("partner", r"\b(?:partner|boyfriend|girlfriend|husband|wife|fianc[eé]e?)\b"),
    (
        "kinship",
        r"\bgrand(?:parents?|ma|mother|pa|father|dad|mum|mom|mama|papa)s?\b|\bgran(?:ny|nie|s)?\b|"
        r"\bnan(?:a|na|ny|nie|s)?\b|\baunt(?:ie|y)?s?\b|\buncles?\b|\bsgo\b|\bspecial\s+guardian\w*|"
        r"\bkinship\b|\bconnected\s+(?:person|carers?)\b|\brelatives?\b|\bfamily\s+(?:member|friend)s?\b|"
        r"\b(?:older\s+|adult\s+|big\s+)?(?:brother|sister|sibling)s?\b|\bcousins?\b|\bin[\s-]?laws?\b",
    ),
)
_LIVES_PAST = (
    r"\b(?:used\s+to|previously|formerly|until|no\s+longer|moved\s+out|left|before|"
    r"was\s+living|were\s+living|lived)\b|\bnot\b|n't\b"
)


# "her mum's sister", "dad's partner": the parent's relation is who they live with, not
# the parent; "mum's parents" are grandparents.
_PARENTS_RELATION = re.compile(
    r"\b(?:mum|mom|mother|dad|father)'s\s+(?=(?:sister|brother|partner|boyfriend|girlfriend|"
    r"husband|wife|cousin|aunt|auntie|uncle|friend|family)\b)"
)
_PARENTS_PARENTS = re.compile(r"\b(?:mum|mom|mother|dad|father)'s\s+parents\b")


_SINCE = re.compile(
    r"\bsince\s+(?:(?:his|her|their)\s+)?(?:mum|mom|mother|dad|father|parents?)\b[^,;.]*"
)


def parse_lives_with(text: str) -> str | None:
    """parents / one_parent / kinship / foster / residential / other.

    A parent and a step-parent or partner count as "parents"; one parent alone as
    "one_parent" even with other family there ("mum and gran"); shared care between
    two homes is "other", as neither category fits it.
    """
    t = _PARENTS_PARENTS.sub("grandparents", _PARENTS_RELATION.sub("", fold(text)))
    # "lives with dad since mum left": what came to an end is no one they live with
    t = _SINCE.sub("", t)
    if not t:
        return None
    if is_dont_know(t):
        return UNKNOWN
    if re.fullmatch(r"one\s+parent", t):
        return "one_parent"
    found = set(find_categories(drop_clauses(t, _LIVES_PAST), _LIVES_WITH, negation=False))
    for category in ("residential", "foster", "other"):
        if category in found:
            return category
    if "parents" in found:
        return (
            "one_parent"
            if re.search(r"\b(?:one|single|lone)\s+parent|\bsingle\s+\w+", t)
            else "parents"
        )
    parent_figures = found & {"mum", "dad", "step", "partner"}
    birth_parents = found & {"mum", "dad"}
    if len(parent_figures) >= 2 and birth_parents:
        return "parents"
    if birth_parents:
        return "one_parent"
    if "kinship" in found:
        return "kinship"
    if parent_figures:
        return "other"  # a step-parent or partner alone
    return None


# --- police --------------------------------------------------------------------------

_POLICE_PRECEDENCE = (
    "convicted",
    "acquitted",
    "charged",
    "caution",
    "community_resolution",
    "no_further_action",
    "open",
)
_POLICE_PAST = (
    r"\b(?:previously|formerly|in\s+the\s+past|last\s+year|before|prior|historic(?:al|ally)?|"
    r"other\s+matter|unrelated)\b"
)


def parse_police_status(text: str) -> str | None:
    """none / open / no_further_action / community_resolution / caution / charged / convicted.

    "RUI", "on bail", "ongoing" -> open; "NFA", "NFA'd", "outcome 21" -> no_further_action;
    "youth caution", "YCC" -> caution; "awaiting court" -> charged; "referral order" ->
    convicted. An acquittal or a discontinued case is no_further_action (the process
    is over with no sanction). "not charged" and other negated outcomes are skipped.
    """
    t = fold(text)
    if not t:
        return None
    if is_dont_know(t) and not re.search(r"\bnot\s+known\s+to\b", t):
        return UNKNOWN
    found = set(find_categories(drop_clauses(t, _POLICE_PAST), POLICE_STATUS_WORDS.answers))
    for category in _POLICE_PRECEDENCE:
        if category in found:
            return "no_further_action" if category == "acquitted" else category
    return "none" if any_pattern(POLICE_STATUS_WORDS.none_answers, t) else None


# --- what the young person says ---------------------------------------------------------

_ADMISSION: Table = (
    (
        "not_known",
        r"\bnot\s+(?:yet\s+)?(?:been\s+)?(?:asked|spoken\s+(?:to|with)|interviewed|discussed|talked\s+(?:to|with))\b|"
        r"\b(?:has|have)\s*(?:n'?t|\s+not)\s+(?:yet\s+)?(?:been\s+)?(?:asked|spoken|said|talked|discussed|interviewed)\b|"
        r"\bno\s+comment\b|\b(?:won'?t|will\s+not|refuses?\s+to|refused\s+to)\s+(?:talk|speak|discuss|engage|say)\b|"
        r"\bnot\s+known\b|\byet\s+to\s+(?:be\s+)?(?:asked|spoken|discuss\w*|interviewed)\b|\bsilent\b|^not\s+known$",
    ),
    ("full", r"\b(?:does|did|has)\s*(?:n'?t|\s+not)\s+den(?:y|ied)\b"),
    (
        "minimising",
        r"\bminimi[sz]\w*|\bplay(?:s|ing|ed)?\s+(?:it\s+)?down\b|\bdown[\s-]?play\w*|"
        r"\b(?:just|only)\s+(?:a\s+)?(?:joke|joking|game|playing|messing|mucking|banter|laugh|curious|curiosity)\b|"
        r"\b(?:was|were)\s+(?:a\s+|just\s+)?(?:joke|game|joking|messing|mucking)\b|\bmessing\s+(?:about|around)\b|"
        r"\bmucking\s+(?:about|around)\b|\bno\s+big\s+deal\b|\bnot\s+a\s+big\s+deal\b|\bnot\s+(?:that\s+)?serious\b|"
        r"\b(?:she|he|they)\s+wanted\s+(?:it|to)\b|\bconsensual\b|\bblam(?:es|ing|ed)\b|\bexaggerat\w*|"
        r"\boverreact\w*|\bdidn'?t\s+mean\b|\bit\s+was\s+only\b|\bonly\s+once\b",
    ),
    (
        "partial",
        r"\bpartial(?:ly)?\b|\bpartly\b|\badmit(?:s|ted)?\s+(?:to\s+)?(?:some|part|parts|elements|bits|a\s+bit)\b|"
        r"\bsome\s+of\s+(?:it|what|the)\b|\bnot\s+(?:all|everything)\b",
    ),
    (
        "denial",
        r"\bden(?:y|ies|ied|ying|ial)\b|\b(?:didn'?t|never)\s+happen\w*|\bnothing\s+happened\b|"
        r"\b(?:she|he|they)(?:'s|'re|\s+is|\s+are)\s+(?:lying|making\s+it\s+up)\b|\blying\b|\bmade\s+(?:it\s+|this\s+)?up\b|"
        r"\b(?:has|does|will|did)\s*(?:n'?t|\s+not)\s+admit\w*|\bwon'?t\s+admit\w*|\bnever\s+admit\w*|"
        r"\brefutes?\b|\brejects?\s+the\s+allegations?\b|\bsays?\s+(?:he|she|they)\s+(?:didn'?t|did\s+not)\b",
    ),
    (
        "admits",
        r"\badmit(?:s|ted|ting)?\b|\bfull(?:y)?\s+admi\w*|\bconfess\w*|"
        r"\baccept(?:s|ed)?\s+(?:full\s+)?(?:responsibility|what|it|that|the)\b|\btakes?\s+(?:full\s+)?responsibility\b|"
        r"\btook\s+(?:full\s+)?responsibility\b|\bowned\s+(?:up|it)\b|\bowns\s+it\b|\backnowledg\w*|"
        r"\b(?:says|said)\s+(?:he|she|they)\s+did\s+it\b|^full\b",
    ),
)


def parse_admission(text: str) -> str | None:
    """full / partial / minimising / denial / not_known.

    Admitting one thing and denying another is partial; admitting while calling it a
    joke or a game is minimising. Don't-know is "not_known".
    """
    t = fold(text)
    if not t:
        return None
    if is_dont_know(t):
        return "not_known"
    found = find_categories(t, _ADMISSION, negation=False)
    if "not_known" in found:
        return "not_known"
    if "minimising" in found:
        return "minimising"
    if "partial" in found or ("admits" in found and "denial" in found):
        return "partial"
    if "denial" in found:
        return "denial"
    if "admits" in found or "full" in found:
        return "full"
    return None


# --- consent -------------------------------------------------------------------------

_CONSENT: Table = (
    (
        "not_sought",
        r"\b(?:have|has|had)\s*(?:n'?t|\s+not)\s+(?:yet\s+)?(?:been\s+)?(?:asked|sought|discussed|spoken|raised|approached|told|informed|had\s+(?:a|the)\s+chance)\b|"
        r"\bnot\s+(?:yet\s+)?(?:been\s+)?(?:asked|sought|discussed|approached|raised|spoken\s+to|told|informed)\b|"
        r"\byet\s+to\s+(?:ask|be\s+asked|seek|discuss|speak|raise|approach)\b|"
        r"\b(?:will|going\s+to|gonna|plan\s+to|intend\s+to|about\s+to)\s+(?:ask|speak|discuss|raise|seek|approach)\b|"
        r"\bnot\s+sought\b|^not\s+yet$|\bnot\s+(?:safe|appropriate)\s+to\s+ask\b|"
        r"\b(?:would|could|might)\s+(?:increase|raise|heighten)\s+(?:the\s+)?risk\b|\bdid\s*(?:n'?t|\s+not)\s+ask\b",
    ),
    (
        "refused",
        r"\brefus\w*|\bdeclin\w*|"
        r"\b(?:won'?t|will\s+not|wouldn'?t|would\s+not|doesn'?t|does\s+not|didn'?t|did\s+not|don'?t|do\s+not)\s+(?:agree|consent|want|give\s+consent|accept|engage)\b|"
        r"\bdisagree\w*|\b(?:not|isn'?t|aren'?t|wasn'?t)\s+(?:happy|willing|keen|on\s+board|agreeable|in\s+agreement|consenting)\b|"
        r"\bunwilling\b|\bagainst\s+(?:it|the\s+referral|this)\b|\bobject(?:s|ed|ing)?\b|\bwithdr[ae]wn?\s+(?:consent|agreement)\b|"
        r"\b(?:said|says|saying)\s+no\b|\bno\s+consent\b|\bnot\s+consented\b",
    ),
    (
        "agreed",
        r"\bagree(?:d|s)?\b|\bconsent(?:ed|s|ing)?\b|\bgave\s+(?:\w+\s+)?consent\b|\bgiven\s+(?:\w+\s+)?consent\b|"
        r"\bhappy\b|\bon\s+board\b|\bsupportive\b|\bfine\s+(?:with|about)\b|\bok(?:ay)?\s+with\b|\bwilling\b|\bkeen\b|"
        r"\bwants?\s+(?:the\s+)?(?:referral|help|support|it)\b|\bsigned\b|\bagreeable\b|\bin\s+agreement\b|"
        r"^(?:yes|yeah|yep|yup|y)\b|\ball\s+good\b|\bup\s+for\s+it\b|"
        # a form's "Parental consent: Obtained (mother)"
        r"^(?:consent\s+)?(?:obtained|given|gained|granted)\b",
    ),
)


def parse_consent(text: str) -> str | None:
    """agreed / refused / not_sought ("haven't asked yet", or asking would raise the risk).

    A bare "no" is not read as refused: it may mean not asked yet, so the bot asks.
    """
    t = fold(text)
    if not t:
        return None
    if is_dont_know(t):
        return UNKNOWN
    found = find_categories(t, _CONSENT)
    for category in ("not_sought", "refused", "agreed"):
        if category in found:
            return category
    return None


# --- the service asked for ---------------------------------------------------------------

_SERVICE: Table = (
    (
        "advice_for_family",
        r"\b(?:advice|support|help|guidance)\s+(?:and\s+(?:support|advice)\s+)?for\s+(?:the\s+)?(?:family|parents?|carers?|mum|dad|foster\s+carers?)\b|"
        r"\bfamily\s+(?:advice|support)\b|\bparent(?:al)?\s+(?:advice|support)\b",
    ),
    (
        "assessment_and_therapy",
        r"\bassess\w*\s*(?:and|&|\+|then|plus|with|followed\s+by)\s*(?:\w+\s+)?(?:therap\w*|intervention|treatment|work)\b|"
        r"\bboth\b|\bfull\s+(?:service|package)\b|\btherap\w*|\bintervention\b|\btreatment\b|\bprogramme\b",
    ),
    ("assessment", r"\bassess\w*|\baim\s*\d?\b|\berasor\b"),
    (
        "consultation",
        r"\bconsult\w*|\bcase\s+discussion\b|\bdiscuss\s+(?:the|this)\s+case\b|\btalk\s+(?:it\s+)?through\b|"
        r"\bprofessional\s+advice\b|\badvice\s+(?:for|to)\s+(?:me|us|the\s+team|myself|professionals?|the\s+network)\b|"
        r"\badvice\s+on\s+(?:how|managing|next\s+steps)\b|\bguidance\s+for\s+(?:me|us)\b",
    ),
)


def parse_service(text: str) -> str | None:
    """assessment / assessment_and_therapy / consultation / advice_for_family.

    Therapy follows an assessment, so asking for therapy is assessment_and_therapy.
    When several are named the fullest wins ("an assessment and advice for mum" is an
    assessment). A bare "advice" is None: it could be for the professional or the family.
    """
    t = fold(text)
    if not t:
        return None
    if is_dont_know(t):
        return UNKNOWN
    found = find_categories(t, _SERVICE)
    for category in ("assessment_and_therapy", "assessment", "consultation", "advice_for_family"):
        if category in found:
            return category
    return None


# --- previous assessments ----------------------------------------------------------------

_ASSESSMENT: Table = (
    ("aim3", r"\baim\s*-?\s*(?:3|iii|three)\b"),
    ("aim", r"\baim(?:\s*-?\s*(?:2|ii|two))?\b(?!\s+(?:to|is|was|of|for)\b)"),
    ("erasor", r"\be\.?r\.?a\.?s\.?o\.?r\b\.?|\beraser\b"),
    (
        "other",
        r"\basset\s*(?:plus|\+)?\b|\bj-?soap\w*|\bpsycholog\w*|\bpsychiatr\w*|\bcamhs\s+assessment\b|"
        r"\b(?:an?|some)\s+(?:other|different)\s+(?:\w+\s+)?assessment\b|\brisk\s+assessment\b|"
        r"\bhsb\s+assessment\b|\bsexual\s+behaviour\s+assessment\b|^other\b|\bsomething\s+else\b",
    ),
)
_ASSESSMENT_NONE = (
    r"^(?:none|no|nope|nothing|never|n/?a|nil|not\s+applicable)$",
    r"\bno\s+(?:previous\s+|prior\s+|formal\s+|other\s+)?assessments?\b|\bnever\s+(?:been\s+)?assessed\b",
    r"\bnot\s+(?:been\s+|previously\s+)?assessed\b|\b(?:hasn'?t|has\s+not)\s+(?:had\s+(?:one|any|an?\s+assessment)|been\s+assessed)\b",
    r"^none\b",
)


def parse_assessment(text: str) -> str | None:
    """none / aim / aim3 / erasor / other. AIM2 counts as aim; when two are named the
    first mentioned is kept (the record holds one)."""
    t = fold(text)
    if not t:
        return None
    if is_dont_know(t):
        return UNKNOWN
    found = find_categories(t, _ASSESSMENT)
    if found:
        return found[0]
    return "none" if any_pattern(_ASSESSMENT_NONE, t) else None
