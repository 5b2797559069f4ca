"""Where the behaviour happened: home, school, community, online (any of them)."""

from __future__ import annotations

import re

from backend.domain.fields import CONTEXTS

from ._text import Table, drop_clauses, find_categories, fold
from .answers import is_dont_know

# Specific places first, so "a friend's house" is the community, not home.
_CONTEXTS: Table = (
    (
        "school",
        r"\bschool\s+(?:trip|bus|toilets?|grounds|field|disco|residential)\b|\bon\s+the\s+way\s+to\s+school\b",
    ),
    (
        "community",
        r"\bfriend'?s'?\s+(?:house|home|place|flat)\b|\bsleep[\s-]?overs?\b|\bneighbour'?s'?\s+(?:house|home|garden)?|"
        r"\bcommunity\b|\bparks?\b|\bstreets?\b|\bin\s+town\b|\btown\s+cent(?:re|er)\b|\bshops?\b|\bshopping\b|"
        r"\b(?:youth|football|sports?|after[\s-]?school|boxing|drama|dance|rugby|cricket|swimming)\s+club\b|\bclubs?\b|"
        r"\bchurch\b|\bmosque\b|\btemple\b|\bgurdwara\b|\bscouts\b|\bcubs\b|\bbrownies\b|\bguides\b|\bcadets\b|"
        r"\bbus\b|\btrain\b|\bpublic\b|\boutside\b|\boutdoors\b|\bwoods?\b|\bfields?\b|\bbeach\b|\bcinema\b|"
        r"\bplay\s*(?:area|ground\s+near)\b|\bskate\s*park\b|\bleisure\s+cent(?:re|er)\b|\bswimming\s+pool\b|"
        r"\bcar\s+park\b|\bpark\s+and\b|\bmcdonald'?s\b|\bestate\b|\balley\w*|\bunderpass\b",
    ),
    (
        "online",
        r"\bon[\s-]?line\b|\binternet\b|\bsnap(?:chat)?\b|\binsta(?:gram)?\b|\btik\s*tok\b|\bwhats\s*app\b|"
        r"\bfacebook\b|\bfb\b|\bmessenger\b|\bdiscord\b|\broblox\b|\bfortnite\b|\bminecraft\b|\bxbox\b|"
        r"\bplay\s*station\b|\bps[45]\b|\bgaming\b|\bgames?\s+console\b|\bsocial\s+media\b|\btexts?\b|"
        r"\btexting\b|\bsexting\b|\bnudes?\b|\bimages?\b|\bpics?\b|\bphotos?\b|\bvideos?\b|\bvideo\s+calls?\b|"
        r"\bfacetime\b|\byoutube\b|\bomegle\b|\btelegram\b|\bkik\b|\btwitter\b|\breddit\b|\bonlyfans\b|"
        r"\blive\s*stream\w*|\bwebcam\b|\bphone\b|\bmobile\b|\bapps?\b|\bdms?\b|\bmessages?\b|\bchat\s*rooms?\b",
    ),
    (
        "school",
        r"\bschools?\b|\bcollege\b|\bacademy\b|\bclass(?:room)?\b|\bplayground\b|\bpru\b|\bnursery\b|"
        r"\blessons?\b|\bbreak\s*time\b|\blunch\s*time\b|\bpe\b|\bchanging\s+rooms?\b|\bsixth\s+form\b|"
        r"\bon\s+the\s+school\b",
    ),
    (
        "home",
        r"\bhome\b|\bhouse\b|\bbedroom\b|\bbathroom\b|\bliving\s+room\b|\bgarden\b|\bflat\b|"
        r"\bat\s+(?:his|her|their)\s+(?:mum|dad|gran|nan|grandparents)'?s\b|\bat\s+(?:mum|dad|gran|nan)'?s\b|"
        r"\bplacement\b|\bfoster\s+(?:home|placement)\b|\bchildren'?s\s+home\b|\bfamily\s+home\b|"
        r"\bbunk\b|\bbath\s*time\b",
    ),
)
_ALL = re.compile(
    r"^(?:all|all\s+of\s+(?:them|those|the\s+above)|everywhere|all\s+four|all\s+settings)$"
)


def parse_contexts(text: str) -> list[str] | None:
    """The settings named, in the enumeration's order: "at home and on snapchat" ->
    ["home", "online"]. None when none is named (or for don't-know: the caller
    checks is_dont_know and records "unknown"). Negated ones ("not at school") are
    left out."""
    t = fold(text)
    if not t or is_dont_know(t):
        return None
    if _ALL.match(t):
        return list(CONTEXTS)
    kept = drop_clauses(t, r"\bnot\b|n't\b|\bnever\b|\bnothing\b")
    found = set(find_categories(kept, _CONTEXTS))
    return [context for context in CONTEXTS if context in found] or None
