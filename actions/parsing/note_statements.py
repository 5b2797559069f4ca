"""Facts a pasted note states in a sentence of its own, as a referral e-mail or letter
puts them: what the young person says ("Callum has partly admitted it", "So
minimising."), no history ("no previous harmful sexual behaviour that we know of", "he
has never had an AIM or ERASOR assessment") or an earlier assessment ("Had an AIM3
assessment in Feb 2024"), where it happened ("Everything happened at home"), that the
home is safe ("Mum feels home is safe", "a safe enough placement"), needs stated as a
diagnosis ("has a diagnosis of ADHD", "She is autistic"), the household ("Also in the
house is his half-sister who is 4"), a safety plan mentioned, the harmed child's plan
and home when the sentence opens with them, and the service asked for.

Each reading needs the sentence to be about the young person (named, or "he"/"she"
opening it) or to state the fact outright; anything less is left for the bot to ask,
because a fact given to the wrong field is worse than a question."""

from __future__ import annotations

import re

from ._text import negated_before
from .contexts import parse_contexts
from .statuses import parse_admission, parse_service

_PRONOUN = r"(?:he|she|they|the\s+young\s+person|the\s+yp|yp)"
_ADMISSION_VERB = re.compile(
    r"\b(?:(?:partly|partially|fully)\s+)?(?:admit\w*|denie[sd]|deny\w*|minimis\w*|"
    r"accepts?\s+(?:responsibility|what\s+(?:he|she|they)\s+did)|gave\s+a\s+full\s+account)\b",
    re.IGNORECASE,
)
_NO_HISTORY = re.compile(
    r"\bnothing\s+previous\b|"
    r"\bno\s+(?:known\s+)?(?:(?:previous|prior|past|earlier)\s+history\s+of|previous|prior|past|"
    r"earlier|history\s+of)\s+"
    r"(?:harmful\s+sexual\s+behaviou?r|hsb|sexual(?:ly)?\s+harmful\s+behaviou?r|concerns?\s+of\s+this\s+(?:kind|nature))\b",
    re.IGNORECASE,
)
_NO_ASSESSMENT = re.compile(
    r"\bno\s+previous\s+(?:aim\d?|erasor)\b|"
    r"\b(?:has|have|had|'s)\s*(?:n'?t|not|never)\s+(?:previously\s+)?had\s+an?\s+(?:aim\d?|erasor)\b|"
    r"\b(?:(?:has|have|had|'s)\s*(?:n'?t|not|never)\s+(?:previously\s+)?(?:had|been\s+offered)\s+an?\s+"
    r"(?:(?:aim\d?|erasor|hsb)\s+(?:or\s+(?:aim\d?|erasor)\s+)?)?assessment|"
    r"no\s+(?:previous|prior|past|earlier)\s+(?:hsb\s+|aim\d?\s+|erasor\s+)?assessments?)\b",
    re.IGNORECASE,
)
# "She has not had an AIM assessment; an ERASOR was started in 2024": one was had.
_ONE_WAS_HAD = re.compile(
    r"\b(?:aim\d?|erasor|assessment)\b[^.;!?]{0,20}?\b(?:was|were|has\s+been|had\s+been)\s+"
    r"(?:started|begun|completed|done|carried\s+out|finished)\b",
    re.IGNORECASE,
)
_ALL_PLACES = re.compile(
    r"(?:\b(?:everything|it\s+all|all\s+of\s+(?:it|this)|all\s+(?:of\s+)?the\s+incidents?|"
    r"all\s+incidents|each\s+incident)\s+(?:has\s+|have\s+)?(?:happened|took\s+place|was|were)|"
    r"\b(?:it|this)\s+(?:has|have)\s+all\s+been|^\W*all)\s+(?P<where>(?:at|in|on)\s+[^.;!?,(]{2,40})|"
    r"\ball\s+(?P<online>online)\b|"
    # "so SCHOOL + ONLINE (nothing reported at home/community)"
    r"^\W*so\s+(?P<listed>(?:home|school|online|community)(?:\s*(?:\+|&|and|/|,)\s*"
    r"(?:home|school|online|community))*)\b",
    re.IGNORECASE,
)
# "Hollybrook is a safe enough placement for him to do the work", "the grandparents'
# home is a safe and stable place from which he can engage"
_A_SAFE_PLACE = re.compile(
    r"\b(?:is|'s)\s+a\s+safe\s+(?:enough\s+|and\s+\w+\s+)?(?:placement|place|home|environment)\b",
    re.IGNORECASE,
)
_SAFE_HOME = re.compile(
    r"\b(?:home|(?:the\s+)?house|the\s+home|(?:his|her|their)\s+(?:current\s+)?(?:home|placement)|"
    r"(?:the\s+|this\s+)?(?:current\s+)?placement)\s+(?:is|feels|felt|seems|was)\s+"
    r"(?:(?:considered|felt|thought|assessed)\s+(?:to\s+be\s+)?)?safe\b(?!\s+(?:for|from)\s+(?:other|younger))",
    re.IGNORECASE,
)
_NEEDS = re.compile(
    r"\b(?:(?:has|with)\s+(?:a\s+)?(?:diagnosis\s+of|diagnosed)\s+|diagnosed\s+with\s+|"
    r"(?:is|'s)\s+(?=(?:autistic|dyslexic|dyspraxic|deaf|hard\s+of\s+hearing)\b))(?P<need>[^.;!?]{2,60})",
    re.IGNORECASE,
)
_NO_NEEDS = re.compile(r"\bno\s+(?:known\s+)?(?:send?|additional\s+needs)(?:\s+known)?\b", re.I)


# "there is a safety plan (...)", "We did a safety plan together at the home visit -
# ...", "the current safety plan (agreed at core group) is that ..."; not "no safety plan"
# "SAFETY PLAN", "3. CURRENT SAFETY PLAN (16/09, reviewed 20/10)": a heading, not a plan
_A_HEADING = re.compile(r"^[\W\d]*(?:[A-Z][A-Z'/&]*\s*)+(?:\([^)]*\))?\W*$")
_SAFETY_PLAN = re.compile(r"\b(?:safety|risk\s+management)\s+plan\b", re.IGNORECASE)
# The child harmed opening the sentence: "The girl who was harmed moved placement; she
# is on a child protection plan", "His brother is on a CP plan too".
_HARMED_CHILD_OPENS = re.compile(
    r"^\W*(?:the\s+(?:child|girl|boy|young\s+person)\s+(?:who\s+was\s+)?harmed|the\s+victim|"
    r"(?:his|her|their|the)\s+(?:(?:little|younger|older|baby)\s+)?(?:(?:half|step|foster)[\s-]?)?"
    r"(?:brother|sister|sibling|cousin|niece|nephew))\b",
    re.IGNORECASE,
)
_ON_A_PLAN = re.compile(r"\b(?P<not>not\s+)?on\s+a\s+(?:cp\s+|child\s+protection\s+)?plan\b", re.I)
_LIVES_APART = re.compile(
    r"\b(?:does\s*n[o']t|do\s*n[o']t|doesn't)\s+live(?:\s+or\s+go\s+to\s+school)?\s+with\b|"
    r"\bno\s+shared\s+home\s+or\s+school\b",
    re.I,
)
_INVESTIGATED_BY = re.compile(
    r"\binvestigated\s+by\s+(?:the\s+)?(?P<police1>police\s+and\s+)?(?:csc|children'?s\s+social\s+"
    r"care|social\s+care|children'?s\s+services)\b(?P<police2>\s+and\s+(?:the\s+)?police)?",
    re.IGNORECASE,
)
_ASSESSMENT_HAD = re.compile(
    r"(?:\b(?:an?\s+)?(?P<kind>aim\s?\d?|erasor)\b(?:\s+assessment)?\s+(?:was|were|has\s+been)\s+"
    r"(?:started|completed|done|carried\s+out|finished)|"
    r"\b(?<!never\s)(?<!not\s)had\s+an?\s+(?P<kind_had>aim\s?\d?|erasor)\b(?:\s+assessment)?)"
    r"(?:[^.;]*?\bin\s+(?P<year>(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w*\s+)?"
    r"(?:19|20)\d\d))?",
    re.IGNORECASE,
)
_REPORT_SHARED = re.compile(r"\breport\b[^.;]{0,40}\bcan\s+be\s+shared\b", re.IGNORECASE)
_NO_REPORT = re.compile(
    r"\b(?:no|there\s+is\s+no)\s+report\b|\breport\s+(?:is\s+)?not\s+available\b", re.I
)
_ASKING_FOR = re.compile(
    r"\b(?:to\s+ask\s+for|asking\s+for|to\s+request|requesting|seeking)\s+"
    r"(?P<what>an?\s+(?:hsb\s+)?(?:assessment|consultation)\b[^.;]{0,40})",
    re.IGNORECASE,
)
_HOUSEHOLD = re.compile(
    r"\b(?:also\s+)?in\s+the\s+(?:house|household|home)\s+(?:is|are)\s+(?P<who>[^.;]{3,80})|"
    r"\bthe\s+household\s+is\s+(?P<whole>[^.;]{3,80})|"
    r"\b(?:current\s+)?other\s+residents?\s*(?:are|is|:)\s*(?P<residents>[^.;]{3,80})",
    re.IGNORECASE,
)
# A line that is a school and a year group and nothing else: "- Filton Brook Academy, yr
# 10" under the young person's details
_SCHOOL_AND_YEAR = re.compile(
    r"^\W*(?P<school>[A-Z][\w'&.\- ]{2,60}?\b(?:Academy|School|College|High|Centre))\s*,?\s*"
    r"(?:(?:yr|year|y)\s*\d{1,2})\W*$",
    re.IGNORECASE,
)
_NO_OTHER_CHILDREN = re.compile(
    r"\bno\s+other\s+(?:children|kids|young\s+people)\s+(?:in\s+the\s+(?:house|home|household)|"
    r"at\s+home|there)\b",
    re.IGNORECASE,
)


# The writer's own word for it: "partly admitted" is partial even where he "says it was a
# game"; "he denies touching B at all" is denial whatever else he says.
_SAID_PARTLY = re.compile(
    r"\b(?:partly|partially|part)[\s-]+admit\w*|\badmit\w*\s+(?:some|part)\b", re.I
)
_SAID_ALL = re.compile(
    r"\badmit\w*\s+(?:everything|it\s+all|all\s+of\s+it|fully|what\s+\w+\s+\w+\s+described)\b|"
    r"\bfull(?:y)?\s+admi\w*|\bgave\s+a\s+full\s+account\b",
    re.IGNORECASE,
)
_SAID_NONE = re.compile(r"\bden(?:ies|ied|ying)\b(?![^.;]*\bbut\s+(?:admits|accepts))", re.I)
# "So minimising." closing what the young person says
_VERDICT = re.compile(
    r"^\W*(?:so\s+)?(?P<word>minimi[sz]\w*|denial|full\s+admission|partial(?:\s+admission)?)\W*$",
    re.IGNORECASE,
)
_VERDICTS = {"minim": "minimising", "denia": "denial", "full": "full", "parti": "partial"}


def _admission_said(sentence: str) -> str | None:
    for pattern, value in ((_SAID_PARTLY, "partial"), (_SAID_ALL, "full"), (_SAID_NONE, "denial")):
        if pattern.search(sentence):
            return value
    return None


def _about_the_young_person(sentence: str, young_person: str | None) -> bool:
    """Opened by the young person: named or "he"/"she", after any short label ("Other
    things - Tyler is dyslexic") or connective ("So he's admitting some of it")."""
    names = rf"|{re.escape(young_person)}" if young_person else ""
    opener = r"\W*(?:[\w ]{1,25}\s[-–:]\s+)?(?:(?:so|and|but|also|however|now)\s*,?\s+)?"
    return re.match(rf"{opener}(?:{_PRONOUN}{names})\b", sentence, re.IGNORECASE) is not None


def note_statements(sentence: str, young_person: str | None) -> dict[str, str | list[str]]:
    """admission, previous_harmful_behaviour, previous_assessment, concern_context,
    safe_place and yp_additional_needs, as the sentence states them."""
    found: dict[str, str | list[str]] = {}
    about_them = _about_the_young_person(sentence, young_person)
    if about_them and _ADMISSION_VERB.search(sentence):
        admission = _admission_said(sentence) or parse_admission(sentence)
        if admission not in (None, "not_known"):
            found["admission"] = admission
    elif verdict := _VERDICT.match(sentence):
        found["admission"] = _VERDICTS[verdict["word"].lower().split()[0][:5]]
    if (none_before := _NO_HISTORY.search(sentence)) and not negated_before(
        sentence, none_before.start()
    ):
        found["previous_harmful_behaviour"] = "no"
    if _NO_ASSESSMENT.search(sentence) and not _ONE_WAS_HAD.search(sentence):
        found["previous_assessment"] = "no"
    if places := _ALL_PLACES.search(sentence):
        where = parse_contexts(places["where"] or places["online"] or places["listed"])
        if isinstance(where, list) and where:
            found["concern_context"] = where
    safe = _SAFE_HOME.search(sentence) or _A_SAFE_PLACE.search(sentence)
    if safe and not negated_before(sentence, safe.start()):
        found["safe_place"] = "yes"
    found.update(_stated_plainly(sentence))
    if about_them and (needs := _NEEDS.search(sentence)):
        found["yp_additional_needs"] = needs["need"].strip(" ,")
    elif _NO_NEEDS.search(sentence):
        found["yp_additional_needs"] = "none known"
    return found


def _stated_plainly(sentence: str) -> dict[str, str | list[str]]:
    """safety_plan, the harmed child's plan and home, social care's investigation, an
    earlier assessment, the service asked for and a household with no other children:
    facts whose words say whose they are."""
    found: dict[str, str | list[str]] = {}
    plan = _SAFETY_PLAN.search(sentence)
    if plan and not negated_before(sentence, plan.start()) and not _A_HEADING.match(sentence):
        found["safety_plan"] = sentence.strip()
    if _HARMED_CHILD_OPENS.match(sentence):
        if on_plan := _ON_A_PLAN.search(sentence):
            found["hc_protection_plan"] = "no" if on_plan["not"] else "yes"
        if _LIVES_APART.search(sentence):
            found["hc_same_home_or_school"] = "no"
    if by := _INVESTIGATED_BY.search(sentence):
        found["social_care_investigated"] = "yes"
        if by["police1"] or by["police2"]:
            found["police_involved"] = "yes"
    had = _ASSESSMENT_HAD.search(sentence)
    if (
        had
        and not negated_before(sentence, had.start(), words=4)
        and "previous_assessment" not in found
    ):
        found["previous_assessment"] = had["kind"] or had["kind_had"]
        if had["year"]:
            found["previous_assessment_date"] = had["year"]
        if _NO_REPORT.search(sentence):
            found["previous_assessment_report"] = "no"
    if (shared := _REPORT_SHARED.search(sentence)) and not negated_before(sentence, shared.start()):
        found["previous_assessment_report"] = "yes"
    if (asked := _ASKING_FOR.search(sentence)) and (service := parse_service(asked["what"])):
        if service != "unknown":
            found["service_requested"] = service
    if school := _SCHOOL_AND_YEAR.match(sentence):
        found["yp_education_setting"] = school["school"].strip()
    if household := _HOUSEHOLD.search(sentence):
        found["household"] = next(g for g in household.groups() if g).strip(" ,")
    elif _NO_OTHER_CHILDREN.search(sentence):
        found["household"] = "no other children"
    return found
