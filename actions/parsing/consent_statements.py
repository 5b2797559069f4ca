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
_YOUNG_PERSON = re.compile(
    r"\b(?:he|she|they|the\s+young\s+person|the\s+yp|yp|young\s+person)\b|"
    r"^\W*(?!(?:We|I|You|The|This|It|That|There|School|Police|Staff|Social|Everyone)\b)[A-Z][a-z]+\b"
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
_TO_THE_REFERRAL = r"(?:(?:the|this|a|our)\s+referral|it|this|us|being)\b"
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


def _whose(before: str) -> str | None:
    if _BOTH.search(before):
        return "both"
    if _PARENT.search(before):
        return "parent_consent"
    if _YOUNG_PERSON.search(before.strip()):
        return "yp_consent"
    return None


def consent_statements(text: str) -> dict[str, str]:
    """parent_consent and yp_consent ("agreed", "refused", "not_sought") as stated."""
    found: dict[str, str] = {}
    for clause in _CLAUSES.split(text):
        for pattern, value in _READINGS:
            match = pattern.search(clause)
            if match is None:
                continue
            whose = _whose(clause[: match.start()])
            slots = ("parent_consent", "yp_consent") if whose == "both" else (whose,)
            for slot in slots:
                if slot is not None:
                    found.setdefault(slot, value)
            break
    return found
