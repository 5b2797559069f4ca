"""Don't-know, yes/no and hedged answers.

Hedges ("I think so", "probably", "hopefully", "I don't think so") are never turned into
a firm yes or no: parse_yes_no and parse_yes_no_unknown give None for them (the bot asks
again), and parse_yes_no_unsure gives "unsure", which is what those fields are for.
"""

from __future__ import annotations

import re
from typing import Literal

from backend.domain.fields import UNKNOWN

from ._text import clean, fold

YesNo = Literal["yes", "no"]

_DONT_KNOW = re.compile(
    r"\b(?:"
    r"(?:do\s*n'?t|do\s+not|dont|did\s*n'?t|didnt)\s+know|dunno|d\s*k|idk|n/k|nk|"
    r"not\s+(?:yet\s+|really\s+|too\s+|100%\s+|totally\s+|entirely\s+|quite\s+)?(?:sure|certain|confirmed|clear)|"
    r"not\s+(?:yet\s+)?known(?!\s+to\b)|unknown|unsure|uncertain|unclear|"
    r"no\s+(?:idea|clue|information|info)|not\s+a\s+clue|have\s*n'?t\s+(?:got\s+)?(?:a|any)\s+(?:idea|clue)|"
    r"can'?t\s+(?:say|remember|recall)|cannot\s+(?:say|remember|recall)|could\s*n'?t\s+(?:say|tell\s+you)|"
    r"do\s*n'?t\s+(?:remember|recall)|"
    r"tbc|tbd|to\s+be\s+(?:confirmed|determined|decided)|yet\s+to\s+be\s+(?:confirmed|decided)|"
    r"(?:need|have|will\s+need|would\s+need|would\s+have)\s+to\s+(?:check|find\s+out)|will\s+check|"
    r"not\s+been\s+(?:told|confirmed|established)"
    r")\b",
    re.IGNORECASE,
)
# A don't-know followed by a guess is a hedged answer, not a don't-know.
_BUT_GUESS = re.compile(
    r"\b(?:but|though|although|maybe|probably|possibly|perhaps|think|believe|guess|reckon)\b"
)


def is_dont_know(text: str) -> bool:
    """True when the answer is "don't know" in any of its everyday forms.

    "not known to social care" is an answer (no involvement), not a don't-know; and a
    don't-know that goes on to a guess or a number ("not sure, maybe 14") is not one.
    """
    t = fold(text)
    if not t or not _DONT_KNOW.search(t):
        return False
    if re.search(r"\d", t):
        return False
    return not _BUT_GUESS.search(t)


# A message that only says to go on ("carry on", "ok, let's continue", "I'm back"):
# never the answer to the question it is given at.
_CARRY_ON = re.compile(
    r"^(?:(?:ok(?:ay)?|yes|yeah|yep|right|sure|fine|great|cool|alright|all\s+right|so)[\s,.!]*)*"
    r"(?:(?:let'?s|lets|can\s+we|we\s+can|please|i'?ll|i\s+will|i'?d\s+like\s+to)\s+)?"
    r"(?:carry\s+on|continue|go\s+on|keep\s+going|resume|proceed|crack\s+on|next(?:\s+question)?|"
    r"i'?m\s+back|i\s+am\s+back|back\s+(?:now|again)|where\s+were\s+we)"
    r"(?:[\s,.!]*(?:please|then|thanks|thank\s+you|with\s+(?:it|this|that|the\s+referral)|"
    r"from\s+where\s+(?:we|i)\s+(?:were|was|left\s+off)|where\s+(?:we|i)\s+left\s+off))*$"
)


def is_carry_on(text: str) -> bool:
    """True when a message only says to go on with the conversation."""
    return bool(_CARRY_ON.match(fold(text)))


# A greeting and nothing else: never the answer to a question ("hello" is not a role,
# "Good Morning" not a name).
_GREETING_ONLY = re.compile(
    r"^(?:(?:hi|hello|hiya|hey|heya|howdy|greetings|good\s+(?:morning|afternoon|evening|day)|"
    r"morning|afternoon|evening|g'?day)(?:\s+(?:there|all|everyone|again|bot))?[\s,.!]*)+$"
)


def is_greeting(text: str) -> bool:
    """True when a message only greets ("hello", "Good morning!", "hi there")."""
    return bool(_GREETING_ONLY.match(fold(text)))


_YES_WORD = r"(?:y|ya|yes+|yeah?|yea|yeh|yep|yup|yas|aye|yessir)"
_NO_WORD = r"(?:n|no+|nope|nah|naw|nay)"
_SUBJECT = r"(?:i|he|she|they|we|it|there|that|this|mum|dad)"
_AUX = (
    r"(?:'?m|'?s|'?re|'?ve|\s+am|\s+is|\s+are|\s+was|\s+were|\s+do|\s+does|\s+did|\s+have|"
    r"\s+has|\s+had|\s+will|\s+would|\s+can|\s+could|\s+should)"
)
_NEG_AUX = (
    r"(?:isn'?t|aren'?t|wasn'?t|weren'?t|don'?t|doesn'?t|didn'?t|haven'?t|hasn'?t|hadn'?t|"
    r"won'?t|wouldn'?t|can'?t|cannot|couldn'?t|shouldn'?t|ain'?t)"
)

_NO_START = re.compile(
    rf"^(?:{_NO_WORD}|not|never|negative|none|incorrect|wrong|false|"
    r"no\s+way|(?:absolutely|definitely|certainly|of\s+course|really)\s+not|not\s+at\s+all|"
    r"that'?s\s+(?:wrong|incorrect|not\s+(?:right|true|correct))|"
    rf"{_SUBJECT}{_AUX}?\s*(?:not|n'?t)|{_SUBJECT}\s+{_NEG_AUX}|{_NEG_AUX})\b"
)
_STRONG_YES_START = re.compile(
    rf"^(?:{_YES_WORD}|certainly|definitely|absolutely|indeed|correct|affirmative|"
    r"of\s+course|totally|exactly|confirmed|spot\s+on|"
    r"that'?s\s+(?:right|correct|true|me)|that\s+is\s+(?:right|correct|me)|it'?s\s+me)\b"
)
# Weaker openings ("sure", "I am", "there is") count only when nothing later negates them:
# "there is no plan" and "right, so he's not" are not yeses.
_WEAK_YES_START = re.compile(r"^(?:sure|true|ok|okay|okey|course|me|that'?s\s+it)\b")
# "He is" or "right" is an answer only when short: a longer message that merely starts
# that way is a statement ("he's living with his nan while mum decides"), and reading it
# as yes would store an answer the person never gave.
_ECHO_YES_START = re.compile(rf"^(?:right|{_SUBJECT}{_AUX})\b")
_ECHO_YES_MAX_WORDS = 4
_ANY_NEGATION = re.compile(r"\b(?:no|not|never|nothing|none|nobody|no\s+one)\b|n't\b")
_YES_ANYWHERE = re.compile(rf"\b(?:{_YES_WORD}|correct|that'?s\s+right)\b")
_NO_ANYWHERE = re.compile(r"\b(?:nope|nah)\b")
_BOTH = re.compile(r"^(?:yes\s*(?:and|or|/|&)\s*no|no\s*(?:and|or|/|&)\s*yes)\b")

_HEDGE = re.compile(
    r"\b(?:i\s+(?:think|believe|guess|reckon|assume|suppose|hope|imagine)|"
    r"i\s+(?:do\s*n'?t|do\s+not)\s+(?:think|believe)|probably|possibly|maybe|perhaps|"
    r"likely|unlikely|hopefully|should\s+be|might|may\s+be|doubt|sort\s+of|kind\s+of|"
    r"partly|partially|sometimes|in\s+a\s+way|more\s+or\s+less|it\s+depends|depends|"
    r"as\s+far\s+as\s+i\s+(?:know|am\s+aware)|not\s+that\s+i\s+know|not\s+as\s+far|"
    r"in\s+theory|on\s+paper|hard\s+to\s+say)\b"
)

_THUMBS_UP = ("\U0001f44d", "\u2705", "\u2714", "\U0001f44c")
_THUMBS_DOWN = ("\U0001f44e", "\u274c", "\u2716", "\u274e")


def _emoji_answer(text: str) -> YesNo | None:
    """A bare 👍 or 👎, as sent from a phone."""
    if clean(text):
        return None
    up = any(symbol in text for symbol in _THUMBS_UP)
    down = any(symbol in text for symbol in _THUMBS_DOWN)
    if up != down:
        return "yes" if up else "no"
    return None


def _is_hedge(t: str) -> bool:
    return _HEDGE.search(t) is not None


def _weak_yes(t: str) -> bool:
    if _WEAK_YES_START.search(t):
        return True
    return _ECHO_YES_START.search(t) is not None and len(t.split()) <= _ECHO_YES_MAX_WORDS


def _firm_yes_no(t: str) -> YesNo | None:
    if _BOTH.search(t):
        return None
    if _NO_START.search(t):
        return "no"
    negated = _ANY_NEGATION.search(t) is not None
    if _STRONG_YES_START.search(t) or (_weak_yes(t) and not negated):
        return "yes"
    yes, no = _YES_ANYWHERE.search(t), _NO_ANYWHERE.search(t)
    if yes and not no and not negated:
        return "yes"
    if no and not yes:
        return "no"
    return None


def parse_yes_no(text: str) -> YesNo | None:
    """ "yes" or "no"; None for don't-know, hedges and anything unclear."""
    if (emoji := _emoji_answer(text)) is not None:
        return emoji
    t = fold(text)
    if not t or is_dont_know(t) or _is_hedge(t):
        return None
    return _firm_yes_no(t)


def parse_yes_no_unknown(text: str) -> str | None:
    """ "yes", "no" or "unknown" (for don't-know); None for hedges and unclear answers."""
    if is_dont_know(text):
        return UNKNOWN
    return parse_yes_no(text)


def parse_yes_no_unsure(text: str) -> str | None:
    """ "yes", "no" or "unsure": don't-know and hedges ("I think so") are "unsure"."""
    if (emoji := _emoji_answer(text)) is not None:
        return emoji
    t = fold(text)
    if not t:
        return None
    if is_dont_know(t) or _is_hedge(t):
        return "unsure"
    return _firm_yes_no(t)


# How an answer to a closed question opens: "That's right", "Yes she is", "No, ...".
_OPENS_YES = re.compile(
    r"^\W*(?:(?:oh|um|er|erm)\W+)?(?:yes|yeah|yep|yup|yh|that'?s\s+(?:right|correct)|correct|absolutely|"
    r"definitely|(?:he|she|they|i|we|it)\s+(?:is|are|am|has|have|does|do|did|was|were|knows)\b"
    r"(?!\s*(?:not|n'?t)\b))\b"
)
_OPENS_NO = re.compile(
    r"^\W*(?:(?:oh|um|er|erm)\W+)?(?:no|nope|nah|not\s+(?:yet|at\s+the\s+moment|at\s+the\s+minute)|"
    r"(?:he|she|they|i|we|it)\s+(?:isn'?t|aren'?t|hasn'?t|haven'?t|doesn'?t|don'?t|didn'?t|is\s+not|"
    r"has\s+not|does\s+not))\b"
)


def opening_yes_no(text: str) -> YesNo | None:
    """The yes or no an answer opens with, whatever follows ("yes, our PCSO logged it, I
    don't know where that's up to" is a yes); None when it opens with neither, or hedges."""
    t = fold(text)
    if _is_hedge(t.split(",")[0]):
        return None
    if _OPENS_NO.search(t):
        return "no"
    return "yes" if _OPENS_YES.search(t) else None
