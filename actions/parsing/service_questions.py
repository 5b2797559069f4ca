"""Whether a message asks the service something rather than answering the form.

"do you see 17 year olds?" given to "what's their date of birth?" carries an age the
form could take, but it asks who the service is for: it gets the answer, and the form's
question is asked again. Only a message put as a question, about the service, its
criteria, who it takes or how long it takes, counts; "he's 14?" or "3/5/2011?" is an
unsure answer.
"""

from __future__ import annotations

import re

from ._text import fold

# A question mark, or a question word opening the message or one of its clauses
# ("quick q - do u take 11yos").
_PUT_AS_A_QUESTION = re.compile(
    r"\?|(?:^|[,.;:!-]\s*|\b(?:hi|hello|sorry|also|and|so|but|ok(?:ay)?)\s+)"
    r"(?:do|does|can|could|would|will|is|are|what|who|how|hw|which)\b"
)
_THE_SERVICE = r"(?:you|u|ye|you\s+guys|the\s+service|your\s+service|the\s+team|your\s+team|hsb)"
_WHO_IT_TAKES = (
    rf"\b(?:do|does|can|could|would|will|are|is)\s+{_THE_SERVICE}\s+(?:still\s+|also\s+|ever\s+)?"
    r"(?:see|take|accept|work\s+with|cover|deal\s+with|help|support|assess|treat|consider|"
    r"offer|do|provide|need|want|require|run|come\s+out)\b"
)
_ELIGIBILITY = (
    r"\btoo\s+(?:young|old)\b|\b(?:eligib\w*|criteria|criterion|cut[\s-]?off|qualif\w*|"
    r"age\s+(?:limit|range|bracket|group)|(?:upper|lower|minimum|maximum|min|max)\s+age)\b|"
    r"\bwhat\s+ages?\b|\bhow\s+old\s+(?:do|does|must|should|can)\b|\bwho\s+(?:is|are)\s+"
    r"(?:the\s+service|it|you)\s+for\b|\bwho\s+do\s+(?:you|u)\s+(?:see|take|work\s+with)\b|"
    r"\b(?:out\s+of|outside\s+(?:of\s+)?)\s*(?:area|county|south\s+glos\w*|your\s+area)\b|"
    r"\b(?:old|young)\s+enough\b"
)
# How long the wait is, or the work takes: never an answer to a form question, though
# "how long has it been going on?" asks about the behaviour, not the service.
_TIMESCALES = (
    r"\b(?:waiting\s+(?:list|times?)|wait\s+times?|backlog)\b|"
    r"\bhow\s+long\s+(?:is|are|will|would|does|do)\s+(?:the\s+|your\s+|ur\s+|an?\s+)?"
    r"(?:wait|waiting|queue|assessment|therapy|programme|program|intervention|sessions?)\b|"
    rf"\bhow\s+(?:soon|quickly)\s+(?:will|would|could|can|do|does)\s+(?:{_THE_SERVICE}|someone|"
    r"somebody)\b"
)
_ABOUT_THE_SERVICE = re.compile(f"{_WHO_IT_TAKES}|{_ELIGIBILITY}|{_TIMESCALES}")


def is_question_to_the_service(text: str) -> bool:
    """True when the message is put as a question about the service or who it is for
    ("do you see 17 year olds?", "is 11 too young?", "would you take a lad from
    Bristol?"), whatever else it carries."""
    t = fold(text) + ("?" if text.rstrip().endswith("?") else "")
    return bool(_PUT_AS_A_QUESTION.search(t) and _ABOUT_THE_SERVICE.search(t))
