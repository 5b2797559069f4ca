"""Consent stated in running text: "Mum has been told about this referral and agrees",
"Kieran has also been told and agreed", "Ollie has not been asked", "both have agreed".

Read clause by clause: the words before the consent verb say whose consent it is (a
parent or carer word: the parent's; a pronoun, "the young person" or a name: the young
person's). Anything unclear is left for the bot to ask.
"""

from __future__ import annotations

import re

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
_BOTH = re.compile(r"\b(?:both|everyone|all\s+parties)\b", re.IGNORECASE)
_NOT_ASKED = re.compile(
    r"\b(?:(?:has|have)\s*(?:n'?t|not)\s+(?:yet\s+)?been\s+(?:asked|told|spoken\s+to|consulted)|"
    r"not\s+(?:yet\s+)?(?:been\s+)?(?:asked|told|discussed|consulted|sought)|"
    r"(?:have|has)\s*(?:n'?t|not)\s+(?:yet\s+)?(?:asked|told|discussed\s+it\s+with|spoken\s+to)|"
    r"yet\s+to\s+be\s+(?:asked|told)|will\s+(?:ask|speak\s+to|discuss))",
    re.IGNORECASE,
)
_REFUSED = re.compile(
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
    rf"\b(?:agree[sd]?|consent(?:s|ed)?)\b"
    rf"(?!\s+(?:a|an|the|that|on|with)\b|\s+to\s+(?!{_TO_THE_REFERRAL}))"
    r"|\b(?:is|are|was|were)\s+(?:happy|in\s+agreement|on\s+board)"
    r"(?:\s+(?:with|for)\s+(?:this|the|a)\s+referral)?\b(?!\s+(?:to|with|that)\b)"
    r"|\b(?:has|have)\s+given\s+(?:consent|permission)\b",
    re.IGNORECASE,
)
_READINGS = ((_NOT_ASKED, "not_sought"), (_REFUSED, "refused"), (_AGREED, "agreed"))
_CLAUSES = re.compile(r"[.;!?\n]+|,\s*(?:but|and|while|whereas)\b|\bbut\b", re.IGNORECASE)


# "mum & leon agree", "mum + yp consent": a parent and the young person together.
_TOGETHER = re.compile(r"\s(?:&|\+|and)\s", re.IGNORECASE)


def _whose(before: str, young_person: str | None) -> str | None:
    if _BOTH.search(before):
        return "both"
    named = _NAME_AT_START.match(before.strip())
    young_person_named = bool(
        young_person and re.search(rf"\b{re.escape(young_person)}\b", before, re.IGNORECASE)
    )
    if _PARENT.search(before):
        with_them = young_person_named or re.search(r"\b(?:yp|young\s+person)\b", before, re.I)
        return "both" if with_them and _TOGETHER.search(before) else "parent_consent"
    if young_person_named or _YOUNG_PERSON_WORDS.search(before):
        return "yp_consent"
    if named:
        # a name: the young person's unless the note has named them otherwise
        # ("Michelle agrees" where the young person is Tyrone)
        return "yp_consent" if young_person is None else None
    return None


def consent_statements(text: str, young_person: str | None = None) -> dict[str, str]:
    """parent_consent and yp_consent ("agreed", "refused", "not_sought") as stated; with
    the young person's first name, when known, a clause about someone else named is left."""
    found: dict[str, str] = {}
    for clause in _CLAUSES.split(text):
        for pattern, value in _READINGS:
            match = pattern.search(clause)
            if match is None:
                continue
            whose = _whose(clause[: match.start()], young_person)
            slots = ("parent_consent", "yp_consent") if whose == "both" else (whose,)
            for slot in slots:
                if slot is not None:
                    found.setdefault(slot, value)
            break
    return found
