"""The words for each legal status and police outcome, in one place per status.

Each status is read two ways. An answer to the bot's question is read broadly: the
whole reply is about the young person's status, so "foster" or "bail" alone is enough.
A mention in a free message is read narrowly, by unmistakable phrases only, because the
message may be about anyone ("his foster sister"). Both readings live side by side here
so a new word is added to a status once, with both readings in view.
"""

from __future__ import annotations

from dataclasses import dataclass

from ._text import Table


@dataclass(frozen=True)
class StatusWords:
    """One status enumeration's vocabulary: the words of an answer (most decisive
    first), the answers that mean none, and the phrases that state it in passing."""

    answers: Table
    none_answers: tuple[str, ...]
    stated: Table
    none_stated: str = ""


LEGAL_STATUS_WORDS = StatusWords(
    answers=(
        (
            "other",
            r"\bsgo\b|\bspecial\s+guardian(?:ship)?\b|\bchild\s+arrangements?\s+order\b|"
            r"\bresidence\s+order\b|\bsupervision\s+order\b|\bprivate(?:ly)?\s+foster\w*|"
            r"\badopted\b|\bcare\s+leaver\b|\bwardship\b|^other\b|\bsomething\s+else\b",
        ),
        (
            "child_protection_plan",
            r"\bc\.?p\.?p?\b(?!\s*(?:conference|meeting|medical|enquir\w*|investigation))|"
            r"\bchild\s+protection(?:\s+plan)?\b(?!\s*(?:conference|meeting|medical|enquir\w*|investigation|referral))|"
            r"\bon\s+the\s+(?:cp\s+|child\s+protection\s+)?register\b|\bsubject\s+to\s+(?:a\s+)?plan\b",
        ),
        ("child_in_need", r"\bcin\b|\bchild(?:ren)?\s+in\s+need\b|\bs\.?\s?17\b|\bsection\s+17\b"),
        (
            "looked_after",
            r"\blac\b|\bcla\b|\bcic\b|\blooked[\s-]+after\b|\bin\s+care\b|\bs\.?\s?20\b|\bsection\s+(?:20|31)\b|"
            r"\bs\.?\s?31\b|\b(?:interim\s+|full\s+)?care\s+order\b|\bico\b|\bplacement\s+order\b|"
            r"\bfoster(?:ed|ing)?\b|\bchildren'?s\s+home\b|\bresidential\s+(?:placement|home|unit)\b|"
            r"\b(?:voluntarily\s+)?accommodated\b|\bremand(?:ed)?\b|\bepo\b|\bemergency\s+protection\s+order\b",
        ),
    ),
    none_answers=(
        r"^(?:none|no|nope|nothing|nil|n/?a|not\s+applicable|no\s+status|neither)$",
        r"\bno\s+(?:legal\s+|statutory\s+|current\s+)?(?:status|order|orders|plan|plans|involvement|social\s+care|social\s+work|sw)\b",
        r"\bnot\s+(?:open|known|allocated)\s+to\b|\bnot\s+(?:on|subject\s+to)\s+(?:any|a)\s+(?:plan|order)\b",
        r"\bnot\s+(?:on|subject\s+to)\s+anything\b|\bnothing\s+(?:statutory|formal|in\s+place)\b|\bearly\s+help\b",
        r"\bnone\b",
    ),
    stated=(
        (
            "child_protection_plan",
            r"\b(?:on|subject\s+to)\s+(?:a\s+)?(?:cp|child\s+protection)(?:\s+plan)?\b|\bcp\s+plan\b|\bcpp\b|\bchild\s+protection\s+plan\b",
        ),
        (
            "child_in_need",
            # "mel from the CIN team": a team's name says where the writer works
            r"\bcin\b(?!\s+(?:meeting|review|team))|\bchild\s+in\s+need\b(?!\s+(?:meeting|review|team))",
        ),
        (
            "looked_after",
            r"\blooked[\s-]after\b|\blac\b|\bcla\b|\bs\.?\s?20\b|\bsection\s+20\b|\b(?:interim\s+)?care\s+order\b|"
            r"\bin\s+(?:foster\s+)?care\b|\bin\s+a\s+children'?s\s+home\b",
        ),
    ),
    # "the family's not known to social care, no CIN or CP", "isn't open to CSC": no
    # status, said of the young person or their family and nothing else.
    none_stated=(
        r"(?:\bnot|n't|\bnever\s+been)\s+(?:currently\s+)?(?:open|known)\s+to\s+(?:csc|children'?s\s+"
        r"(?:social\s+care|services)|social\s+(?:care|services))\b|"
        r"\bno\s+(?:cin|cp|child\s+in\s+need)\s*(?:,|/|or)\s*(?:cin|cp|child\s+protection)\b|"
        r"\bnot\s+(?:on|subject\s+to)\s+(?:a\s+|any\s+)?(?:cin|cp|child\s+in\s+need)\s+or\s+(?:cin|cp|child\s+protection)\b|"
        # "no longer open to social care", "was on a CIN plan but it closed ..., so nothing now"
        r"\bno\s+longer\s+(?:open|known)\s+to\s+(?:csc|children'?s\s+(?:social\s+care|services)|social\s+(?:care|services))\b|"
        r"\b(?:cin|cp|child\s+in\s+need|child\s+protection)\s+plan\b[^.;]{0,40}?\b(?:closed|ended)\b"
        r"[^.;]{0,30}?\b(?:nothing|none)\s+now\b"
    ),
)

# The answers run most decisive first: a conviction outranks the charge that led to it,
# an acquittal the charge, and any outcome the investigation before it.
POLICE_STATUS_WORDS = StatusWords(
    answers=(
        (
            "convicted",
            r"\bconvicted\b|\bconviction\b|\bfound\s+guilty\b|\b(?:pleaded|pled|plead)\s+guilty\b|\bguilty\s+plea\b|"
            r"\bsentenced\b|\bawaiting\s+sentenc\w+|\breferral\s+order\b|\byouth\s+rehabilitation\s+order\b|\byro\b|"
            r"\bdetention\s+and\s+training\b|\bdto\b|\b(?:custodial|suspended)\s+sentence\b|^convicted$",
        ),
        # No acquittal in the enumeration: a finished case with no sanction is, for the
        # screening, the same as no further action.
        (
            "acquitted",
            r"\bfound\s+not\s+guilty\b|\bnot\s+guilty\s+verdict\b|\bacquitted\b|\bcleared\b|"
            r"\bcase\s+(?:was\s+)?(?:dismissed|discontinued)\b|\bdiscontinued\b",
        ),
        (
            "charged",
            r"\bcharged\b|\bcharges?\s+(?:brought|laid|pending)\b|\bawaiting\s+(?:a\s+)?(?:court|trial|hearing)\b|"
            r"\bcourt\s+(?:date|case|hearing|appearance)\b|\btrial\b|\bgoing\s+to\s+court\b|\bdue\s+(?:in|at)\s+court\b|"
            r"\bin\s+court\b|\b(?:pleaded|pled)\s+not\s+guilty\b|\bremanded\b|\bpostal\s+requisition\b|\bsummons(?:ed)?\b|"
            r"\b(?:crown|youth|magistrates'?)\s+court\b",
        ),
        (
            "caution",
            r"\bcaution(?:ed)?\b|\bycc\b|\byc\b|\bfinal\s+warning\b|\breprimand(?:ed)?\b",
        ),
        (
            "community_resolution",
            r"\bcommunity\s+resolution\b|\bcr\b|\boutcome\s+22\b|\brestorative\s+(?:justice|approach)\b|"
            r"\btriage\b|\bdiver(?:sion|ted)\b",
        ),
        (
            "no_further_action",
            r"\bnfa(?:'?d|-?ed|'?ed)?\b|\bno\s+further\s+(?:police\s+)?action\b|\boutcome\s+(?:14|15|16|21)\b|"
            r"\bno\s+action\b|\bno\s+police\s+action\s+(?:is\s+|will\s+be\s+|to\s+be\s+|being\s+)taken\b|"
            r"\bdropped\b|\bcase\s+(?:was\s+|has\s+been\s+)?closed\b|\bclosed\s+(?:the\s+)?case\b|"
            r"\binsufficient\s+evidence\b|\bnot\s+(?:being\s+)?(?:pursued|proceeding|taken\s+further)\b",
        ),
        (
            "open",
            r"\bunder\s+(?:police\s+)?investigation\b|\brui\b|\breleased\s+under\s+investigation\b|"
            r"\b(?:on|pre[\s-]?charge)\s+bail\b|\bbailed\b|\bbail\b|\bon[\s-]?going\b|\bbeing\s+investigated\b|"
            r"\binvestigating\b|\b(?:open|active|live|current)\s+(?:police\s+)?(?:investigation|case|enquiry|inquiry)\b|"
            r"\bawaiting\s+(?:a\s+|the\s+)?(?:cps|charging|decision|outcome|interview|forensics?|results?)\b|"
            r"\b(?:with|to)\s+(?:the\s+)?cps\b|\barrested\b|\binterviewed\b|\bvoluntary\s+(?:interview|attendance)\b|"
            r"\bpending\b|\bstill\s+open\b|^open\b",
        ),
    ),
    none_answers=(
        r"^(?:none|no|nope|nil|n/?a|nothing|not\s+applicable|not\s+involved)$",
        r"\bno\s+police\b|\bno\s+(?:police\s+)?(?:involvement|investigation|contact)\b",
        r"\bpolice\s+(?:are\s+|were\s+|have\s+|had\s+)?(?:not|n't|never)\s+(?:been\s+)?(?:involved|informed|contacted|told|called|aware)\b",
        r"\bpolice\s+(?:haven'?t|have\s+not|weren'?t|were\s+not|aren'?t|are\s+not|hadn'?t)\s+(?:been\s+)?(?:involved|informed|contacted|told|called)\b",
        r"\bnot\s+(?:been\s+)?reported\b|\bnot\s+a\s+police\s+matter\b|\bnot\s+known\s+to\s+(?:the\s+)?police\b|\bnone\b",
    ),
    stated=(
        (
            "convicted",
            r"\bconvicted\b|\bfound\s+guilty\b|\breferral\s+order\b|\bsentenced\b|"
            r"\byouth\s+rehabilitation\s+order\b",
        ),
        ("charged", r"\bcharged\b|\bawaiting\s+(?:court|trial)\b|\bcourt\s+date\b"),
        (
            "caution",
            r"\b(?:a|youth|conditional|youth\s+conditional)\s+caution\b|\bcautioned\b|\bycc\b",
        ),
        ("community_resolution", r"\bcommunity\s+resolution\b|\boutcome\s+22\b"),
        (
            "no_further_action",
            r"\bnfa(?:'?d|-?ed)?\b|\bno\s+further\s+action\b|\boutcome\s+21\b|"
            # "no police action to be taken", "police are taking no action"
            r"\bno\s+further\s+police\s+action\b|"
            r"\bno\s+police\s+action\s+(?:is\s+|will\s+be\s+|to\s+be\s+|being\s+)taken\b|"
            r"\bpolice\s+(?:are|were|will\s+be)\s+taking\s+no\s+(?:further\s+)?action\b",
        ),
        (
            "open",
            r"\brui\b|\breleased\s+under\s+investigation\b|\bon\s+(?:police\s+|pre[\s-]?charge\s+)?bail\b|\bbailed\b|"
            r"\b(?:under|subject\s+to)\s+(?:a\s+|an\s+)?(?:ongoing\s+|open\s+)?police\s+investigation\b|"
            r"\bpolice\s+(?:are\s+|is\s+)?(?:still\s+)?investigating\b|\bpolice\s+investigation\s+(?:is\s+)?(?:ongoing|open|live|continuing)\b",
        ),
    ),
    none_stated=(
        r"\bno\s+police\s+(?:involvement|investigation)\b|"
        # "- no police" as a note's bullet, the whole of it
        r"^\W*no\s+police\s*[.!]?\s*$|"
        r"\bpolice\s+(?:are\s+|were\s+|have\s+|had\s+)?not\s+(?:yet\s+)?(?:been\s+)?(?:involved|informed|contacted)\b|"
        r"\bpolice\s+(?:aren'?t|weren'?t|haven'?t)\s+(?:yet\s+)?(?:been\s+)?(?:involved|informed|contacted)\b|"
        r"\bpolice\s*:\s*(?:none|nil|no(?:\s+involvement)?|not\s+involved)\s*(?:$|[.;,\n])|\bnot\s+reported\s+to\s+(?:the\s+)?police\b|"
        r"\bnot\s+known\s+to\s+(?:the\s+)?police\b"
    ),
)
