"""The words that set a classifier reading of immediate risk aside, and the words that
keep it standing: what risk and danger are said about when it is not a child's safety
now ("at risk of permanent exclusion", "risk assessment done, low risk now"), and what
names someone who could be harmed. Vocabulary only; actions/parsing/risk.py weighs with
it. Kept apart because this list grows with each near miss measured, while the rules
that detect a disclosure change for other reasons."""

from __future__ import annotations

# The classifier reads "risk" and "danger" as immediate risk whatever they are about
# (measured: "he's at risk of permanent exclusion" 0.99, "low risk now" 1.00). Its reading
# is set aside only when every such word is accounted for by one of these, and nothing
# left in the message speaks of harm, a child with him, or this very moment.
OTHER_PROSPECT = (
    r"(?:exclu\w+|care|self[\s-]?harm\w*|(?:harming|hurting)\s+himself|suicid\w*|neet|los(?:e|ing)|"
    r"re-?offend\w*|homeless\w*|breakdown|bull(?:ied|ying)|label+ed|deteriorat\w*|disengag\w*|"
    r"fail\w*|drop(?:ping)?\s+out)"
)
# A time said with a reassurance belongs to it ("no contact with him at the moment").
_FOR_NOW = r"(?:\s+(?:at\s+(?:the|this)\s+moment|right\s+now|now|currently|at\s+present))?"
ELSEWHERE = (
    # risk or danger of a prospect that is not harm: "at risk of permanent exclusion"
    rf"\b(?:risk|danger)\s+(?:is\s+(?:that\s+)?|was\s+(?:that\s+)?|of\s+)(?:[\w']+\s+){{0,3}}?"
    rf"{OTHER_PROSPECT}\b",
    # a danger that was and did not come about: "the danger was that ... but that didn't happen"
    r"\b(?:risk|danger)\s+was\s+that\b[^.;]*\b(?:didn'?t|did\s+not|never)\s+happen\b",
    # a thing at risk: "his schooling is in real danger", "his education is at risk"
    r"\b(?:education|schooling|school\s+place|gcses?|exams?|grades|college\s+place|placement|"
    r"tenancy|mental\s+health|future|career|attendance)\s+(?:is|are|'s)\s+(?:\w+\s+)?"
    r"(?:at\s+risk|in\s+(?:\w+\s+)?danger)\b",
    # risk assessed, low or past: "risk assessment done, low risk now", "risk is historic"
    r"\brisk\s+assess?ments?\b|\b(?:low|little|minimal|historic(?:al)?)\s+risk\b|"
    r"\brisk\s+(?:of\s+(?:[\w']+\s+){1,3}?)?(?:is\s+|was\s+)?(?:assessed\s+as\s+|rated\s+(?:as\s+)?)?"
    r"(?:historic(?:al)?|low|managed|reduced)\b|\b(?:don'?t|do\s+not)\s+think\s+"
    r"there'?s\s+any\s+risk\b|\bno\s+risk\b|"
    r"\b(?:no\s+(?:children|child|kids|one)|nobody|no-one)\s+(?:is|are|'s)\s+(?:at\s+(?:any\s+)?risk|"
    rf"in\s+(?:any\s+)?danger|unsafe)\b{_FOR_NOW}",
    # a plan or register named: "on the child protection register for neglect"
    r"\bchild\s+protection\s+(?:plan|register|conference)\b",
    # his own grasp of danger, an additional need: "struggles to understand danger"
    r"\b(?:understand|see|recogni[sz]e|sense\s+of|awareness\s+of)\s+(?:\w+\s+){0,2}?(?:danger|risk)\b",
    # reassurances: "feels safe", "no kids there", "his own room now", "no contact now"
    r"\b(?:is|are|feels?|'s)\s+(?:fine|safe)\b(?!\s+to\b)|"
    r"\bno\s+(?:other\s+|younger\s+|little\s+)?(?:kids|children)\b|"
    r"\b(?:his|her)\s+own\s+room\b|"
    rf"\bno\s+contact(?:\s+with\s+(?:him|her|them))?\b{_FOR_NOW}|\bsupervised\b|\bdoing\s+(?:really\s+)?well\b|"
    r"\bsafety\s+plan\s+(?:is\s+)?(?:in\s+place|agreed|working)\b",
    # the child living with another adult: "she is now living with grandparents"
    r"\b(?:is|are|'s)\s+(?:now\s+)?(?:living|staying)\s+with\s+(?:her\s+|his\s+|their\s+)?"
    r"(?:grandparents|nan|gran|grandma|dad|father|mum|mother|aunt\w*|uncle|foster\s+carers?|relatives)\b",
)
# What keeps the classifier's reading standing: harm, danger left unexplained, a child
# with someone, this very moment, fear or urgency.
STILL_ALARMING = (
    r"\b(?:risk|danger\w*|unsafe|safe|safety|harm\w*|hurt\w*|abus\w*|rap(?:e|ed|ing|ist)|"
    r"assault\w*|touch\w*|groom\w*|molest\w*|expos\w*|alone|unsupervised|tonight|still|scared|"
    r"frightened|afraid|terrified|urgent\w*|help|999|police\s+now|emergency|"
    r"ri(?:ght|te)\s+now|rn|as\s+we\s+speak|at\s+(?:the|this)\s+moment|"
    r"with\s+(?:her|him|them|the\s+(?:kids|children|victim|little|younger|baby)))\b"
)

# Without any of these a message names nobody who could be harmed and no harm, danger or
# fear ("how long is the wait right now?", "can I send the chronology over now?"): an
# unsure classifier reading of risk comes from a word of now alone.
ANYONE_AT_RISK = (
    r"\b(?:risk|danger\w*|unsafe|safe|safety|harm\w*|hurt\w*|abus\w*|rap(?:e|ed|ing|ist)|assault\w*|"
    r"touch\w*|groom\w*|molest\w*|expos\w*|naked|undress\w*|sex\w*|porn\w*|pictures?|photos?|"
    r"images?|alone|unsupervised|babysit\w*|minding|looking\s+after|in\s+charge|sleep\w*|neighbou?r\w*|"
    r"party|park|toni(?:ght|te)|as\s+we\s+speak|scared|frightened|afraid|terrified|worried|urgent\w*|"
    r"help|999|call|ring|phone|come|"
    r"police|emergency|her|she|him|them|they|child\w*|kids?|girls?|boys?|baby|babies|toddlers?|"
    r"sisters?|brothers?|cousins?|victims?|little|younger|siblings?|nieces?|nephews?|twins|"
    r"daughters?|sons?|year\s+\d+|\d+\s*(?:yo|yrs?|years?)|missing|locked|meet\w*|room|bed\w*|"
    r"house|home|address|(?:goes|gone|going|went|round|over|back|still)\s+there|"
    r"(?:he|she|they)(?:'s|s|\s+is|\s+are)\s+(?:still\s+)?there)\b"
)
