"""What a call handler's question asks about, so the caller's answer goes to that field.

"And what's his date of birth?" -> yp_date_of_birth. Used to read a call transcript the
way the chat reads an answer to its own question. Most specific patterns first; a
question about a "plan" or "why" depends on what was asked just before it.
"""

from __future__ import annotations

import re

from ._text import fold

_YP = r"(?:he|she|they|him|her|them|the\s+young\s+person|the\s+yp|the\s+lad|the\s+girl|the\s+boy)"
_HIS = r"(?:his|her|their|the\s+young\s+person'?s|the\s+yp'?s)"
_OTHER_CHILD = (
    r"(?:victim|other\s+(?:child|children|girl|boy|kid)|harmed\s+child|the\s+child\s+(?:who|that)|"
    r"(?:little|younger|older|half|step)[\s-]?(?:sister|brother|sibling)|sister|brother|cousin)"
)

# (field, pattern) in order: the first that matches names the topic.
_TOPICS: tuple[tuple[str, str], ...] = (
    (
        "hc_more",
        r"\b(?:any|anyone|any\s+other|other|more)\s+(?:other\s+)?(?:children|child|victims?|kids?)\s+(?:harmed|affected|involved|hurt)|\banyone\s+else\s+(?:harmed|affected|hurt)",
    ),
    (
        "hc_details",
        rf"\bwho\s+else\s+(?:was|were|has\s+been)\s+(?:harmed|affected|hurt)|\bwho\s+(?:was|were|did\s+{_YP}|has\s+{_YP})\s*(?:harmed|affected|hurt|target\w*|touch\w*|abus\w*)|\bwho\s+(?:was|is)\s+the\s+victim|\bhow\s+old\s+(?:is|was|are|were)\s+(?:the\s+|his\s+|her\s+)?{_OTHER_CHILD}|\babout\s+the\s+(?:victim|other\s+child|child\s+who)|\b(?:relationship|related)\b.{{0,30}}\b(?:victim|other\s+child|child\s+(?:who|that))",
    ),
    (
        "hc_same_home_or_school",
        rf"\b(?:live|living|lives)\s+(?:with\s+{_YP}|in\s+the\s+same|together)|\bsame\s+(?:house|home|household|school|class)\b|\bgo\s+to\s+the\s+same\b",
    ),
    (
        "yp_consent_reason",
        r"\bwhy\s+(?:not|hasn'?t|haven'?t|won'?t|wouldn'?t|isn'?t|is\s+that)\b(?=.*\b(?:he|she|they|young\s+person)\b)",
    ),
    (
        "ap_contact",
        r"\b(?:contact\s+details|number|email|e-mail)\b.{0,30}\b(?:for|of)\s+(?:them|him|her|the\s+(?:allocated|social\s+worker|sw|worker))",
    ),
    (
        "referrer_is_allocated",
        r"\b(?:are\s+you|you'?re|you\s+are)\s+(?:not\s+)?(?:the\s+|his\s+|her\s+|their\s+|the\s+young\s+person'?s\s+)?"
        r"(?:allocated|lead|named)\b|"
        # "Are you his social worker?": theirs, not "are you a social worker?" (a role)
        r"\b(?:are\s+you|you'?re|you\s+are)\s+(?:not\s+)?(?:the|his|her|their)\s+(?:social\s+worker|sw)\b",
    ),
    (
        "ap_name",
        r"\bwho(?:'s|\s+is)\s+(?:the\s+|his\s+|her\s+|their\s+)?(?:allocated|social\s+worker|lead\s+professional)|\b(?:allocated|social\s+worker'?s?)\s+name\b|"
        # "And her social worker?": the worker asked for by the words alone
        r"^\W*(?:and\s+)?(?:his|her|their)\s+(?:allocated\s+)?(?:social\s+worker|sw)\W*$",
    ),
    (
        "ap_exists",
        rf"\b(?:is\s+there|does\s+{_YP}\s+have|has\s+{_YP}\s+got)\s+(?:an?\s+)?(?:allocated|lead|named|social\s+worker)",
    ),
    (
        "ap_agency",
        r"\bwhich\s+(?:team|agency|service)\s+(?:are|is)\s+(?:they|he|she)\b|\b(?:they|he|she)\s+(?:with|from)\s+which\s+(?:team|agency)",
    ),
    ("referrer_email", r"\be-?mail\b"),
    (
        "referrer_sms_followup",
        r"\b(?:text|sms|texts|message)\s+(?:you|u)\b|\bok(?:ay)?\s+to\s+text\b|\bby\s+text\b",
    ),
    (
        "referrer_phone",
        r"\b(?:phone|telephone|mobile|contact|best|direct)\s+(?:number|no)\b|\byour\s+(?:\w+\s+)?number\b|"
        r"\b(?:your\s+)?contact\s+details\b|\bbest\s+(?:way\s+to\s+(?:contact|reach|get\s+hold\s+of)\s+you|contact)\b|\bnumber\s+(?:to|for|i\s+can)\s+(?:reach|call|contact|get)\b|\bcall\s+you\s+back\s+on\b",
    ),
    (
        "referrer_name",
        r"\b(?:your|ur)\s+(?:full\s+)?name\b|\bwho\s+(?:am\s+i|i'?m)\s+(?:speaking|talking)\s+(?:to|with)\b|\bwho(?:'s|\s+is)\s+calling\b|\btake\s+your\s+name\b",
    ),
    (
        "referrer_role",
        r"\byour\s+(?:role|job|position|job\s+title)\b|\bwhat\s+(?:do\s+you\s+do|capacity)\b|\bin\s+what\s+capacity\b|\byour\s+involvement\b",
    ),
    (
        "yp_education_setting",
        rf"\bschool\b|\bcollege\b|\beducation\b|\b{_YP}\s+(?:attend|go\s+to)\b",
    ),
    (
        "referrer_organisation",
        r"\b(?:which|what)\s+(?:organisation|agency|team|service|department)\b|\bwhere\s+(?:are\s+you|you'?re)\s+(?:calling|ringing)\s+from\b|\bwhere\s+do\s+you\s+work\b|\bwho\s+do\s+you\s+work\s+for\b",
    ),
    ("yp_last_name", r"\b(?:surname|last\s+name|family\s+name)\b"),
    (
        "yp_first_name",
        rf"\b{_HIS}\s+(?:first\s+|full\s+)?name\b|\bwhat(?:'s|\s+is)\s+(?:he|she|they)\s+called\b|\bname\s+of\s+the\s+young\s+person\b|\bwho(?:'s|\s+is)\s+the\s+young\s+person\b|"
        r"\bwhat(?:'s|\s+is)\s+the\s+young\s+person\s+called\b|"
        # a name asked with a date of birth is the young person's (no one asks a harmed
        # child's): "What's the girl's name and date of birth?"
        r"\bname\s+and\s+(?:date\s+of\s+birth|d\.?o\.?b)\b|^\W*(?:(?:ok(?:ay)?|right|thanks|great)\W+)*(?:and\s+)?the\s+young\s+person\W*$|"
        r"\bwho(?:'s|\s+is)\s+(?:it|this|the\s+referral)\s+(?:about|for)\b|\bwho\s+are\s+you\s+(?:calling|ringing|phoning)\s+about\b",
    ),
    (
        "yp_date_of_birth",
        rf"\bdate\s+of\s+birth\b|\bd\.?o\.?b\b|\bbirthday\b|\bwhen\s+was\s+{_YP}\s+born\b",
    ),
    ("yp_age", rf"\bhow\s+old\b|\b{_HIS}\s+age\b|\bwhat\s+age\b"),
    (
        "yp_gender",
        rf"\bgender\b|\bboy\s+or\s+(?:a\s+)?girl\b|\bmale\s+or\s+female\b|\bpronouns\b|\bhow\s+does\s+{_YP}\s+identify\b",
    ),
    (
        "lives_with",
        rf"\bwho\s+(?:does|do)\s+{_YP}\s+live\s+with\b|\bwho\s+(?:is|are)\s+{_YP}\s+living\s+with\b|\bwho\s+looks\s+after\s+{_YP}\s+at\s+home\b|\bliving\s+arrangements?\b",
    ),
    (
        "household",
        r"\bwho\s+else\s+(?:lives|is)\s+(?:in|at)\s+(?:the\s+)?(?:home|house|household|address)\b|\bother\s+children\s+(?:in|at)\s+(?:the\s+)?(?:home|house)\b|\banyone\s+else\s+(?:in|at)\s+(?:the\s+)?(?:home|house)\b",
    ),
    (
        "yp_location",
        rf"\bwhere\s+(?:does|do)\s+{_YP}\s+live\b|\bwhere(?:'s|\s+is|\s+are)\s+{_YP}\s+(?:living|staying|placed)\b|\baddress\b|\bpost\s?code\b|\bwhich\s+area\b|\bwhat\s+area\b|\bwhereabouts\b",
    ),
    (
        "yp_additional_needs",
        r"\badditional\s+needs?\b|\bsend\b|\bsen\b|\bdiagnos\w*|\behcp\b|\blearning\s+(?:needs|difficult\w*|disabilit\w*)|\bneurodiverg\w*|\bany\s+needs\b|\binterpreter\b",
    ),
    (
        "safety_plan",
        r"\bsafety\s+plan\b|\bsupervis\w*|\bplan\s+in\s+place\b|\baccess\s+to\s+(?:other\s+|younger\s+)?children\b",
    ),
    (
        "safe_place",
        r"\bsafe\s+(?:place|placement|home|enough)\b|\bsomewhere\s+safe\b|\bis\s+(?:it|home|the\s+placement)\s+safe\b",
    ),
    (
        "sa_name",
        r"\b(?:anyone|someone|somebody|an?\s+adult|any\s+adult)\b.{0,40}\b(?:support|be\s+involved|take\s+part)\b|"
        # "Who'd come to sessions with him?": the adult who would take part
        r"\bwho(?:'d|\s+would|'ll|\s+will|\s+could|\s+can)\s+(?:come|attend|go|bring|take)\b.{0,30}\b(?:sessions?|appointments?)\b",
    ),
    (
        "sa_willing",
        r"\b(?:willing|happy|able|prepared)\s+to\s+(?:support|be\s+involved|take\s+part|engage|join|work\s+with)",
    ),
    ("sa_relationship", r"\b(?:relationship|related)\b"),
    # "Has his foster carer agreed to it?" asks for consent, not for the carer as the
    # significant adult (a carer willing to support is asked above).
    (
        "parent_consent",
        r"\b(?:has|have|is|are|does|do)\s+(?:the\s+|his\s+|her\s+|their\s+)?(?:foster\s+|kinship\s+)?"
        r"(?:carers?|guardians?)\b.{0,30}\b(?:consent\w*|agree\w*|aware|know|happy\s+(?:for|with)|"
        r"on\s+board|okay|ok)\b",
    ),
    (
        "sa_name",
        r"\bsignificant\s+adult\b|\b(?:main\s+)?carer\b|\bparent\s+or\s+carer\b|\bwho\s+(?:supports|looks\s+after)\b|\bguardian\b",
    ),
    (
        "concern_first_noticed",
        r"\bfirst\s+(?:noticed|started|start|happened|came\s+to\s+light|raised|reported|disclosed)\b|\bwhen\s+did\s+(?:this|it|the\s+(?:concern|behaviour))\s+(?:start|begin)\b|\bhow\s+long\s+(?:has|have)\s+(?:this|it|the)\b",
    ),
    (
        "concern_most_recent",
        r"\bmost\s+recent\b|\blast\s+(?:time|incident|happened)\b|\bwhen\s+did\s+(?:it|this)\s+last\b|\blatest\s+incident\b|\bwhen\s+was\s+(?:this|it|that|the\s+incident)\b",
    ),
    (
        "concern_context",
        r"\bwhere\s+(?:did|has|have)\s+(?:it|this|that|the\s+\w+)\s+(?:happen\w*|take\s+place|taken\s+place|occur\w*)|\bonline\s+or\b|\bin\s+person\s+or\b|\bwhere\s+was\s+(?:this|that|it)\b",
    ),
    (
        "admission",
        rf"\bwhat\s+(?:does|did|has)\s+(?:{_YP}|[a-z'-]+)\s+(?:say|said|think)\b|\b(?:admit\w*|acknowledg\w*|deni\w*|deny)\b|\b{_HIS}\s+(?:account|version|view)\b|"
        r"\b(?:has|did)\s+[a-z'-]+\s+(?:said|say)\s+anything\b",
    ),
    (
        "severity_view",
        r"\bhackett\b|\btraffic\s+light\b|\bbrook\b|\bhow\s+(?:serious|worried|concerned)\b|\bseverity\b|\byour\s+view\s+of\s+the\s+behaviour\b",
    ),
    (
        "social_care_investigated",
        r"\bs\.?\s?47\b|\bsection\s+47\b|\bsocial\s+care\s+(?:investigat\w*|involved|looked|been)|\bchildren'?s\s+(?:social\s+care|services)\s+(?:investigat\w*|involved|looked|done)|\bhas\s+(?:social\s+care|children'?s\s+services|social\s+services)\b",
    ),
    (
        "police_status",
        r"\b(?:where|what\s+stage|status|outcome)\b.{0,40}\b(?:police|investigation)\b|\bwhat\s+(?:did|have|has)\s+the\s+police\s+(?:do|done|say|said|decide)\b|\b(?:charged|bail|rui|nfa)\b|\bwhere\s+are\s+(?:the\s+)?police\b",
    ),
    ("police_involved", r"\bpolice\b"),
    (
        "multi_agency_meetings",
        r"\bmeetings?\b|\bstrategy\s+(?:discussion|meeting)\b|\bconference\b|\bicpc\b|\brcpc\b|\bfgc\b",
    ),
    (
        "previous_assessment_date",
        r"\bwhen\s+(?:was|were)\s+(?:that|the|this)\s+assess\w*|\bwhen\s+(?:was|were)\s+(?:he|she|they)\s+assessed\b",
    ),
    ("previous_assessment_report", r"\breport\b|\bcopy\b"),
    ("previous_assessment", r"\bassess\w*|\baim\d?\b|\berasor\b"),
    (
        "previous_harmful_behaviour",
        r"\banything\s+like\s+(?:this|that)\s+(?:before|previously)\b|\b(?:happened|done\s+(?:this|anything))\s+before\b|\b(?:before|previous\w*|prior|history|in\s+the\s+past|ever)\b.{0,40}\b(?:harmful|sexual|behaviour|incidents?|concerns?)\b|\b(?:harmful|sexual|behaviour|incidents?|concerns?)\b.{0,40}\b(?:before|previous\w*|prior|in\s+the\s+past)\b",
    ),
    (
        "professionals_involved",
        r"\bother\s+(?:professionals|agencies|services)\b|\bwho\s+else\s+is\s+(?:involved|working)\b|\bwhich\s+(?:professionals|agencies)\b|\bprofessionals\s+involved\b",
    ),
    (
        "parent_consent",
        r"\b(?:parents?|mum|dad|carers?|family|guardian)'?s?\b.{0,30}\b(?:consent\w*|agree\w*|aware|know|happy|on\s+board|okay|ok)\b|\bconsent\w*\b.{0,20}\b(?:parents?|carers?|mum|dad|family)\b",
    ),
    (
        "yp_consent",
        rf"\b{_YP}\b.{{0,30}}\b(?:consent\w*|agree\w*|aware|know\s+about|happy|willing)\b|\bconsent\w*\b.{{0,20}}\b{_YP}\b|"
        r"\b(?:does|has|is)\s+[a-z'-]+\s+(?:\w+\s+){0,4}?(?:agree\w*|consent\w*|know\s+(?:about|you\w*|that)|aware)\b",
    ),
    # Consent asked of no one in particular: the parent's (or the local authority's) first.
    ("parent_consent", r"\bconsent\w*\b"),
    (
        "service_requested",
        r"\bwhat\s+(?:would\s+you\s+like|are\s+you\s+(?:asking|looking)\s+for|do\s+you\s+want|service|support|help)\b|\bassessment\s+or\b|\blooking\s+for\s+from\s+us\b|\bfrom\s+us\b",
    ),
    (
        "concern_description",
        r"\bwhat(?:\s+|'s\s+|\s+has\s+)happened\b|\bwhat(?:'s|\s+has)\s+been\s+(?:going\s+on|happening)\b|\bwhat\s+(?:are\s+the\s+concerns?|is\s+the\s+concern|has\s+(?:he|she|they)\s+done)\b|\btell\s+me\s+(?:about|what|more)\b|\bdescribe\b|\bthe\s+concerns?\b",
    ),
)
_COMPILED = tuple((slot, re.compile(pattern)) for slot, pattern in _TOPICS)

# Asked straight after these, a "why?" or "a plan?" is about the same thing.
_WHY = re.compile(r"\bwhy\b|\breason\b|\bhow\s+come\b")
_PLAN = re.compile(r"\b(?:protection|cp)\s+plan\b|\bon\s+a\s+plan\b|\bplan\b")
_HARMED_CHILD_TOPICS = frozenset({"hc_details", "hc_same_home_or_school", "hc_more"})
_REASONS = {
    "parent_consent": "parent_consent_reason",
    "yp_consent": "yp_consent_reason",
    "previous_harmful_behaviour": "previous_harmful_behaviour_details",
    "safe_place": "safe_place_details",
}
# "Name?" alone: the name being talked about, the caller's or the young person's.
_BARE_NAME = re.compile(r"^\W*(?:and\s+)?(?:(?:full|first)\s+)?names?\W*$")
# A question put for a yes or a no: "Is mum aware?", "And you're his social worker?".
_CLOSED = re.compile(
    r"^\W*(?:and\s+|so\s+|okay\W+|ok\W+|right\W+)?(?:is|are|was|were|has|have|had|does|do|did|can|could|will|would|"
    r"you'?re|you\s+are|he'?s|she'?s|they'?re|it'?s)\b"
)
# "You're not his allocated worker, I take it?": a "no" agrees, a "yes" is unclear.
_NEGATIVE = re.compile(
    r"\b(?:not|isn'?t|aren'?t|hasn'?t|haven'?t|doesn'?t|don'?t|didn'?t|wasn'?t)\b"
)
_LEGAL_STATUS = re.compile(
    r"\blegal\s+status\b|\b(?:cp|child\s+protection)\b|\bchild\s+in\s+need\b|\bcin\b|\blooked\s+after\b|"
    r"\blac\b|\bcla\b|\bcare\s+order\b|\bsection\s+20\b|\bs\.?20\b|\bon\s+a\s+plan\b"
)


_CONSENT_TOPICS = frozenset({"parent_consent", "yp_consent"})
_PARENTS_FOLLOW_ON = re.compile(
    r"\W*(?:and\s+)?(?:what\s+about\s+)?(?:(?:his|her|their|the)\s+)?"
    r"(?:parents?|mum|dad|mother|father|carers?|family)\W*"
)


def _last_question(text: str) -> str:
    """The last question in a turn ("Thanks. And where does he live?"), or the turn."""
    questions = [q for q in re.findall(r"[^.?!]*\?", text) if q.strip()]
    return questions[-1] if questions else text


def _young_person_follow_on(question: str, young_person: str | None) -> bool:
    """ "And Riley?", "What about him?": the same question, put about the young person."""
    who = rf"{_YP}|{re.escape(fold(young_person))}" if young_person else _YP
    return re.fullmatch(rf"\W*(?:and\s+)?(?:what\s+about\s+)?(?:{who})\W*", question) is not None


def question_topic(
    text: str, previous: str | None = None, young_person: str | None = None
) -> str | None:
    """The field a call handler's turn asks about, given the one asked before it (and
    the young person's first name, when the call has given it)."""
    question = fold(_last_question(text))
    if not question:
        return None
    if previous in _REASONS and _WHY.search(question):
        return _REASONS[previous]
    if previous in _CONSENT_TOPICS and _PARENTS_FOLLOW_ON.fullmatch(question):
        return "parent_consent"  # "And his parents?" after the young person's consent
    if previous == "parent_consent" and _young_person_follow_on(question, young_person):
        return "yp_consent"  # "Does dad know?" - "Yes" - "And Riley?"
    if _PLAN.search(question) and (
        previous in _HARMED_CHILD_TOPICS or re.search(rf"\b{_OTHER_CHILD}\b", question)
    ):
        return "hc_protection_plan"
    if _LEGAL_STATUS.search(question):
        return "yp_legal_status"
    if _BARE_NAME.match(question):
        if previous is not None and previous.startswith("yp_"):
            return "yp_first_name"  # "A boy or a girl?" - "A boy." - "Name?"
        return previous if previous == "referrer_name" else None
    for slot, pattern in _COMPILED:
        if pattern.search(question):
            return slot
    return None


def closed_question(text: str) -> str | None:
    """ "closed" for a question put for a yes or a no, "negative" for one put in the
    negative ("you're not his allocated worker?"), None for any other turn."""
    question = fold(_last_question(text))
    if "?" not in text or not _CLOSED.search(question):
        return None
    return "negative" if _NEGATIVE.search(question) else "closed"
