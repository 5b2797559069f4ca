"""Consent stated in running text: "Mum has been told about this referral and agrees",
"Kieran has also been told and agreed", "Ollie has not been asked", "both have agreed".

Read clause by clause: the words before the consent verb say whose consent it is (a
parent or carer word: the parent's; a pronoun, "the young person" or a name: the young
person's). Anything unclear is left for the bot to ask.
"""

from __future__ import annotations

import re

from ._text import negated_before

_PARENT = re.compile(
    r"\b(?:mum|mom|mother|dad|father|parents?|carers?|guardian|nan|gran|"
    r"grand(?:ma|pa|ad|dad|mother|father|parents?)|step-?(?:mum|dad|mother|father)|foster\s+carers?|aunt|uncle|"
    r"family|pr\b|parental)",
    re.IGNORECASE,
)
_YOUNG_PERSON_WORDS = re.compile(
    r"\b(?:he|she|they|the\s+young\s+person|the\s+yp|yp|young\s+person)\b", re.IGNORECASE
)
_NAME_AT_START = re.compile(
    r"^\W*(?!(?:We|I|You|The|This|It|That|There|School|Police|Staff|Social|Everyone|He|She|They)\b)"
    r"(?P<name>[A-Z][a-z]+)\b"
)
# Not "both parents": they are the parents.
_BOTH = re.compile(
    r"\b(?:both|everyone|all\s+parties)\b"
    r"(?!\s+(?:of\s+)?(?:(?:his|her|their|the)\s+)?(?:parents|carers|mum|dad|grandparents|adults))",
    re.IGNORECASE,
)
_STATUS_FOLLOWS = re.compile(r"[\s:\-–]*(?:(?:has|have|is|was)\s+)?")
# "doesn't know yet", "isn't aware of the referral": not told, so not asked. Not "doesn't
# know what happened".
_REFERRAL_YET = (
    r"(?:\s+(?:yet|about\s+(?:it|this|the\s+referral|us)|(?:that\s+)?(?:i'?m|we'?re|you'?re|"
    r"i\s+am|we\s+are)\s+referring|of\s+(?:it|this|the\s+referral)))"
)
_NOT_ASKED = re.compile(
    rf"\b(?:(?:does|do|did)\s*(?:n'?t|not)\s+know{_REFERRAL_YET}|"
    rf"(?:is|are|'s|'re)\s*(?:n'?t|not)\s+(?:yet\s+)?aware{_REFERRAL_YET}|"
    r"(?:has|have)\s*(?:n'?t|not)\s+(?:yet\s+)?been\s+(?:asked|told|spoken\s+to|consulted)|"
    r"not\s+(?:yet\s+)?(?:been\s+)?(?:asked|told|discussed|consulted|sought)|"
    r"(?:have|has)\s*(?:n'?t|not)\s+(?:yet\s+)?(?:asked|told|discussed\s+it\s+with|spoken\s+to|sought)|"
    r"yet\s+to\s+be\s+(?:asked|told)|will\s+(?:ask|speak\s+to|discuss))",
    re.IGNORECASE,
)
_REFUSED = re.compile(
    # "YP said no for now", "she said no to the referral"; not "said no further action",
    # "said no to the police", "SW says no plan": "no" is the answer only where nothing
    # it could qualify follows
    r"\b(?:said|says|saying|sed)\s+no\b(?=\s*(?:$|[.,;:!?)\-–]|(?:for\s+now|at\s+first|"
    r"at\s+the\s+moment|thanks?|thank\s+you|and|but|when|because|as|so|though|way|chance|"
    r"outright|straight\s+away|firmly|flatly|again|he|she|they|mum|dad|"
    r"(?:to|2)\s+(?:the\s+|this\s+)?(?:referral|it|this|us|service))\b))|"
    r"\b(?:refus\w*|declin\w*|(?:does|do|did)\s*(?:n'?t|not)\s+(?:agree|consent|want)|"
    r"won'?t\s+(?:agree|consent)|(?:is|are)\s+not\s+(?:happy|agreeing)|withh[eo]ld\w*\s+consent)",
    re.IGNORECASE,
)
# Agreeing to the referral, not to something else ("we agreed a safety plan", "agreed to
# share the report").
_TO_THE_REFERRAL = (
    r"(?:(?:(?:the|this|a|our)\s+)?(?:hsb\s+|harmful\s+sexual\s+behaviou?r\s+)?(?:referral|service)|"
    r"it|this|us|being)\b"
)
_AGREED = re.compile(
    # not "Jacob's own consent" after "we haven't sought": the noun, not an agreement
    rf"\b(?:agree[sd]?|(?<!'s\s)(?<!own\s)(?<!his\s)(?<!her\s)(?<!their\s)consent(?:s|ed)?)\b"
    rf"(?!\s+(?:a|an|the|that|on|with|from)\b|\s+to\s+(?!{_TO_THE_REFERRAL}))"
    r"|(?:\b(?:is|are|was|were)|'s|'re)\s+(?:happy|in\s+agreement|on\s+board)"
    r"(?:\s+(?:with|for)\s+(?:this|the|a)\s+referral)?\b(?!\s+(?:to|with|that)\b)"
    r"|\b(?:(?:has|have)\s+given|gave|giving)\s+(?:(?:his|her|their)\s+)?(?:consent|permission)\b"
    # "she's fine with it", "dad's okay with us referring", "happy for us to go ahead"
    r"|(?:\b(?:is|are|was|were)|'s|'re)\s+(?:(?:absolutely|completely|totally|quite)\s+)?"
    r"(?:fine|ok(?:ay)?|happy|alright|all\s+right)\s+(?:with|about)\s+(?:it|this|that|us|the\s+referral)\b"
    r"|\bhappy\s+for\s+(?:us|you|me|the\s+referral)\s+to\s+(?:go\s+ahead|proceed|refer|make)\b"
    r"|\b(?:gave|given|giving)\s+(?:us\s+|me\s+)?(?:the\s+)?(?:go[\s-]ahead|green\s+light|ok(?:ay)?)\b"
    r"|\ball\s+for\s+it\b"
    # "mum said yes to the referral", "mum sed yes 2 referral"; not "said yes to a
    # safety plan"
    r"|\b(?:said|says|saying|sed)\s+yes\b(?!\s+(?:to|2)\s+(?!(?:the\s+|this\s+)?(?:referral|it|this|us|service)\b))"
    # a note's verbless "mum ok w referral"; not "mum not ok w referral"
    r"|(?<!not\s)(?<!n't\s)\b(?:fine|ok(?:ay)?|happy)\s+(?:with|w/?)\s+(?:the\s+|this\s+)?referral\b"
    r"|(?:\b(?:is|are)|'s|'re)\s+supportive\s+of\s+(?:it|this|that|the\s+referral|us\s+referring)\b",
    re.IGNORECASE,
)
# "Grandma knows I'm referring and is supportive": supportive of the referral only where
# the clause speaks of referring (a mum "supportive" of her son is not consenting).
_SUPPORTIVE = re.compile(r"(?:\b(?:is|are)|'s|'re)\s+(?:very\s+|really\s+)?supportive\b", re.I)
_REFERRING = re.compile(r"\brefer(?:ral|ring|red)?\b", re.IGNORECASE)
# The young person saying they will do the work: "is happy to take part", "says he will
# go", "said he'll give it a go". Said of a parent, these offer to take part, and say
# nothing of consent to the referral: read for the young person only, named opening the
# clause.
_WILL_TAKE_PART = re.compile(
    r"(?:\b(?:is|are|was)|'s)\s+(?:happy|keen|willing)\s+to\s+(?:take\s+part|engage|attend|go)\b"
    r"|\b(?:says?|said)\s+(?:he|she|they)(?:'ll|\s+will|\s+would|'d)\s+"
    r"(?:go|come|attend|engage|take\s+part|give\s+it\s+a\s+go)\b",
    re.IGNORECASE,
)
_YOUNG_PERSONS_ONLY = "agreed (young person)"
# Consent someone holds from the parent: "has consent from mum", "obtained written
# consent from both parents".
_CONSENT_FROM_A_PARENT = re.compile(
    r"\b(?:has|have|had|got|obtained|gained|received)\s+(?:(?:verbal|written|their|her|his)\s+)?"
    rf"consent\s+from\s+(?:(?:his|her|their|the|both)\s+)*{_PARENT.pattern}",
    re.IGNORECASE,
)
_READINGS = ((_NOT_ASKED, "not_sought"), (_REFUSED, "refused"), (_AGREED, "agreed"))
_CLAUSES = re.compile(r"[.;!?\n]+|,\s*(?:but|and|while|whereas)\b|\bbut\b", re.IGNORECASE)


# "mum & leon agree", "mum + yp consent": a parent and the young person together.
_TOGETHER = re.compile(r"\s(?:&|\+|and)\s", re.IGNORECASE)


# "We haven't spoken to Tyler about it", "Haven't asked Mason yet", "so I haven't asked
# her": the caller did not ask, and whom they did not ask follows.
_CALLER_DID = re.compile(r"(?:^|\b(?:i|we)(?:'ve|'d|\s+have|\s+had)?)\W*$", re.IGNORECASE)
_WHOM = re.compile(
    r"^\s*(?:(?:it|this|the\s+referral|about\s+it)\s+)?(?:(?:with|to)\s+)?"
    rf"(?:(?:his|her|their)\s+(?={_PARENT.pattern}))?(?P<whom>[\w-]+)(?:'s)?\b",
    re.IGNORECASE,
)
_YOUNG_PERSON_OBJECT = re.compile(r"(?:him|her|them|yp)", re.IGNORECASE)
# The words between two statements of one subject: "... willing to take part in the
# programme and has agreed to the referral" (no new subject after "and").
_SAME_SUBJECT = re.compile(
    r"[^,;]*?\band\s+(?:(?:has|have|is|are|was|were|also|already|now)\s+)*$", re.IGNORECASE
)


def _whom(after: str, young_person: str | None, guess_whose: bool) -> str | None:
    """Whose consent the caller has not sought, from the words after the verb."""
    found = _WHOM.match(after)
    if found is None:
        return None
    whom = found["whom"]
    if _PARENT.fullmatch(whom):
        return "parent_consent"
    if young_person is not None and whom.lower() == young_person.lower():
        return "yp_consent"
    # a pronoun, or a name when the young person's is not known, as _whose reads them
    if guess_whose and (
        _YOUNG_PERSON_OBJECT.fullmatch(whom) or (young_person is None and whom[:1].isupper())
    ):
        return "yp_consent"
    return None


# "mum ok w referral, connor not asked yet": one word after the last comma, straight
# before the verb, is the verb's subject, not the parent named earlier. Not an auxiliary
# ("Nan, Mrs Brooke, has agreed") or a pronoun.
_LAST_SUBJECT = re.compile(r",\s*(?P<word>[A-Za-z][\w-]*)\s*$")
_NOT_A_SUBJECT = re.compile(
    r"(?:has|have|had|is|are|was|were|and|also|both|all|who|which|he|she|they|it|i|we|"
    r"now|then|so|yes|has\s+also)",
    re.IGNORECASE,
)


def _whose(before: str, young_person: str | None, guess_whose: bool = True) -> str | None:
    last = _LAST_SUBJECT.search(before)
    if last and not _NOT_A_SUBJECT.fullmatch(last["word"]) and not _PARENT.fullmatch(last["word"]):
        word = last["word"]
        if (young_person is not None and word.lower() == young_person.lower()) or (
            guess_whose and _YOUNG_PERSON_WORDS.fullmatch(word)
        ):
            return "yp_consent"
        # another word: a name only when capitalised, as at the clause's start
        if word[0].isupper() and young_person is None and guess_whose:
            return "yp_consent" if _NAME_AT_START.match(word) else None
        return None
    if _BOTH.search(before):
        return "both"
    named = _NAME_AT_START.match(before.strip())
    young_person_named = bool(
        young_person and re.search(rf"\b{re.escape(young_person)}\b", before, re.IGNORECASE)
    )
    if _PARENT.search(before):
        with_them = young_person_named or re.search(r"\b(?:yp|young\s+person)\b", before, re.I)
        return "both" if with_them and _TOGETHER.search(before) else "parent_consent"
    if young_person_named or (guess_whose and _YOUNG_PERSON_WORDS.search(before)):
        return "yp_consent"
    if named:
        # a name: the young person's unless the note has named them otherwise
        # ("Michelle agrees" where the young person is Tyrone)
        return "yp_consent" if young_person is None and guess_whose else None
    return None


def _readings(clause: str) -> list[tuple[int, int, str]]:
    """Each consent the clause states, in order, as (start, end, value); where readings
    overlap ("won't consent" is a refusal, not "consent") the first pattern's stands."""
    found: list[tuple[int, int, str]] = []
    readings = [
        *_READINGS,
        *([(_SUPPORTIVE, "agreed")] if _REFERRING.search(clause) else []),
        (_WILL_TAKE_PART, _YOUNG_PERSONS_ONLY),
    ]
    for pattern, value in readings:
        for match in pattern.finditer(clause):
            if all(match.end() <= start or match.start() >= end for start, end, _ in found):
                found.append((match.start(), match.end(), value))
    found.sort()
    # "consent not sought", "consent: refused": the word is the subject, not an agreement.
    return [
        reading
        for reading, after in zip(found, [*found[1:], None], strict=False)
        if not (
            reading[2] == "agreed"
            and after is not None
            and after[2] != "agreed"
            and _STATUS_FOLLOWS.fullmatch(clause[reading[1] : after[0]])
        )
    ]


def _stated(
    text: str, young_person: str | None, guess_whose: bool
) -> list[tuple[str | None, str, str]]:
    """Each consent stated: whose ("parent_consent", "yp_consent", "both" or None), what,
    and the words after it in its clause."""
    stated: list[tuple[str | None, str, str]] = []
    for clause in _CLAUSES.split(text):
        said = 0
        last_whose: str | None = None
        for start, end, value in _readings(clause):
            before = clause[said:start]
            whose = _whose(before, young_person, guess_whose)
            if whose is None and said and _SAME_SUBJECT.match(before):
                # "Mum is willing to take part and has agreed to the referral"
                whose = last_whose
            last_whose = whose
            if whose is None and value == "not_sought" and _CALLER_DID.search(before):
                whose = _whom(clause[end:], young_person, guess_whose)
            said = end
            if value == _YOUNG_PERSONS_ONLY:
                # the young person opens the clause: not "Dawn is committed to Kayden
                # and is willing to take part"
                opens = young_person and re.match(rf"\W*{re.escape(young_person)}\b", clause)
                if whose != "yp_consent" or not opens:
                    continue
                value = "agreed"
            stated.append((whose, value, clause[end:]))
    return stated


def consent_statements(
    text: str, young_person: str | None = None, guess_whose: bool = True
) -> dict[str, str]:
    """parent_consent and yp_consent ("agreed", "refused", "not_sought") as stated; with
    the young person's first name, when known, a clause about someone else named is left.
    A clause may state two ("Grandma knows and is supportive, Maisie doesn't know yet"):
    the words since the last one say whose the next is. Without guess_whose, only a
    parent word or the young person's name says whose: not "he", "she" or "they", nor
    another name (on a call they are as often the parent asked about)."""
    found: dict[str, str] = {}
    held = _CONSENT_FROM_A_PARENT.search(text)
    if held and not negated_before(text.lower(), held.start()):
        found["parent_consent"] = "agreed"  # "Her social worker has consent from mum"
    for whose, value, _ in _stated(text, young_person, guess_whose):
        slots = ("parent_consent", "yp_consent") if whose == "both" else (whose,)
        for slot in slots:
            if slot is not None:
                found.setdefault(slot, value)
    return found


# Why consent was not sought or was refused: "because grandma is worried how she'll
# react", "mum wanted to speak to her first", "dad would rather tell him himself".
_REASON_VERB = (
    r"(?:is|are|was|were|wants?|wanted|would|feels?|felt|thinks?|thought|worried|needs?|needed|"
    r"has|have|had)"
)
_REASON = re.compile(
    r"\b(?:because|'cause|cos)\s+(?P<because>[^.;!?]+)"
    # "as" is a reason only before a clause: "as he's in prison", "as mum is unwell"
    rf"|\bas\s+(?P<since>(?:\w+'(?:s|re|ve|d)|(?:[\w']+\s+){{1,3}}?{_REASON_VERB})\b[^.;!?]*)"
    r"|(?:^|[,;]\s*|\band\s+)(?P<wish>(?:(?:his|her|their|the)\s+)?[\w']+\s+"
    r"(?:wants?|wanted|would\s+(?:like|rather|prefer)|prefers?|preferred|is\s+worried|was\s+worried)"
    r"\s+[^.;!?,]*)",
    re.IGNORECASE,
)
_REASON_SLOT = {"parent_consent": "parent_consent_reason", "yp_consent": "yp_consent_reason"}


def stated_reason(text: str) -> str | None:
    """The reason the words give for consent not sought or refused, as said, or None."""
    found = _REASON.search(text)
    if found is None:
        return None
    reason = (found["because"] or found["since"] or found["wish"]).strip(" ,")
    return reason if len(reason.split()) >= 3 else None


def consent_reasons(
    text: str, young_person: str | None = None, guess_whose: bool = True
) -> dict[str, str]:
    """parent_consent_reason and yp_consent_reason: the reason given in the same
    sentence as a consent not sought or refused, after it ("Maisie doesn't know yet
    because grandma is worried how she'll react")."""
    found: dict[str, str] = {}
    for sentence in re.split(r"[.;!?\n]+", text):
        for whose, value, after in _stated(sentence, young_person, guess_whose):
            if value == "agreed" or whose not in _REASON_SLOT:
                continue
            if (reason := stated_reason(after)) is not None:
                found.setdefault(_REASON_SLOT[whose], reason)
    return found
