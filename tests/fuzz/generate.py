"""What the fuzz types: deterministic, from one seed, so that a failure reproduces.

Each conversation has its own random generator, seeded from the run's seed, the channel
and the conversation's number (``conversation_rng``), so what a conversation is sent
does not depend on how the threads that send it are scheduled. The seed is fixed
(``SEED``); ``HSB_FUZZ_SEED`` picks another one to explore, and the test prints the one
it used.

A message is any of:

* random Unicode from every plane, unpaired surrogates included, control characters,
  U+0085 / U+2028 / U+2029, bidirectional controls and right-to-left scripts, emoji
  sequences, piles of combining marks, noncharacters and unassigned code points;
* typed intent payloads and their look-alikes ("/restart", '/inform{"referrer_name":
  "x"}', random "/word{json}");
* huge texts (10,000 characters and more), texts at and just over each channel's limit,
  empty and whitespace-only texts;
* injection strings: SQL, HTML and script, format strings, template syntax, JSON,
  header splitting, Rasa's own entity markup;
* valid referral answers and openings (tests/e2e/test_referral_conversations.py), and
  valid answers with noise around them;
* a press of a button the bot just offered (kind "press"), resolved by the driver
  against the bot's last replies.
"""

from __future__ import annotations

import json
import os
import random
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from tests.e2e.test_referral_conversations import COMMON, CRITERIA_MET_OPENING

ROOT = Path(__file__).resolve().parents[2]
SEED = 20_261_127


def seed() -> int:
    return int(os.environ.get("HSB_FUZZ_SEED") or SEED)


def conversation_rng(run_seed: int, channel: str, number: int) -> random.Random:
    # A string seed is hashed (SHA-512) by random.Random: stable across runs and Pythons.
    return random.Random(f"{run_seed}:{channel}:{number}")


OPENINGS = [
    "I'd like to make a referral",
    "Hi, I'd like to make a referral",
    CRITERIA_MET_OPENING,
    "referral for a 15 year old girl in Yate please",
    "Hello, I need to refer a young person for harmful sexual behaviour",
    "hi",
    "Can I make an HSB referral for a boy in Thornbury?",
]

ANSWERS = sorted(set(COMMON.values())) + [
    "Sarah Jones",
    "Jake",
    "social worker",
    "South Gloucestershire Children's Services",
    "Male",
    "Female",
    "CP plan",
    "14/02/2011",
    "29/02/2012",
    "yes",
    "no",
    "don't know",
    "skip",
    "Carry on",
    "I'm back",
    "speak to a person",
    "what happens next?",
    "start again",
    "cancel",
    "he is alone with his little sister right now and nobody is watching",
]

INJECTIONS = [
    "'; DROP TABLE referrals; --",
    '" OR 1=1 --',
    "1' UNION SELECT token_hash FROM staff_tokens --",
    "Robert'); DELETE FROM referral_fields WHERE ('1'='1",
    "<script>alert('x')</script>",
    "<img src=x onerror=alert(1)>",
    "</textarea><svg onload=alert(document.cookie)>",
    "<at>HSB Service referrals</at> <b>bold</b> &amp; &lt;tag&gt; &#x202e;",
    "javascript:alert(1)",
    "%s%s%s%s%s%n%x%d",
    "{0} {1!r} {name.__class__.__mro__}",
    "{__import__('os').system('id')}",
    "${jndi:ldap://127.0.0.1/a}",
    "{{7*7}} {% raw %}{{ config }}{% endraw %}",
    "#{7*7} <%= 7*7 %>",
    '{"sender": "default", "message": "/restart", "input_channel": "teams"}',
    '{"__proto__": {"admin": true}}',
    "[1, 2, 3, null, true, 1e999]",
    '{"a": ' * 50 + "1" + "}" * 50,
    "../../../../etc/passwd",
    "line one\r\nX-Injected: header\r\n\r\n<html>",
    '[Sarah Jones](referrer_name) [14](yp_age){"entity": "yp_age"}',
    '[x]{"entity": "referrer_email", "value": "not-an-email"}',
    "\\u0000\\ud800 \\n literally escaped",
    "NaN Infinity -0 1e400 9223372036854775808",
    "HSB-2026-00001",
    "null",
    "undefined",
    "None",
    "True",
    "STOP",
    "HELP",
]

_EMOJI = [
    "\U0001f600",
    "\U0001f469\u200d\U0001f467\u200d\U0001f466",  # family: ZWJ sequence
    "\U0001f44d\U0001f3fd",  # skin tone
    "\U0001f1ec\U0001f1e7",  # flag: regional indicators
    "\U0001f3f4\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f",  # tag sequence
    "\u2764\ufe0f",
    "\u0031\ufe0f\u20e3",  # keycap
    "\U0001f9d1\u200d\U0001f91d\u200d\U0001f9d1",
    "\U0001f47e",
    "\U0001fae0",
]
_BIDI = ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069",
         "\u200e", "\u200f", "\u061c"]  # fmt: skip
_RTL = ["مرحبا، أريد إحالة", "שלום, אני רוצה להפנות", "ایک بچے کے بارے میں", "ܫܠܡܐ"]
_CONTROLS = (
    [chr(c) for c in range(0, 32)]
    + [chr(c) for c in range(127, 160)]
    + [
        "\u2028",
        "\u2029",
        "\u0085",
        "\ufeff",
        "\u200b",
        "\u2060",
        "\ufff9",
        "\ufffa",
        "\ufffb",
    ]
)
_BLANKS = [
    "",
    " ",
    "   ",
    "\t",
    "\n",
    "\r\n",
    " \n \t ",
    "\u00a0",
    "\u3000",
    "\u2003\u2009",
    "\u200b",
    "\ufeff",
    "\u0085",
    "\u2028",
    "\u2029\u2028",
    "\u001f" * 40,
    "\u0000",
    "\u200b\u200c\u200d",
    "\u180e",
    "\u034f",
]
# Blocks to draw code points from: (first, last).
_BLOCKS = [
    (0x20, 0x7E),
    (0xA0, 0x24F),
    (0x370, 0x52F),
    (0x590, 0x6FF),
    (0x900, 0x97F),
    (0xE00, 0xE7F),
    (0x1100, 0x11FF),
    (0x2000, 0x2BFF),
    (0x3000, 0x30FF),
    (0x4E00, 0x9FFF),
    (0xAC00, 0xD7A3),
    (0xD800, 0xDFFF),  # surrogates, unpaired
    (0xE000, 0xF8FF),  # private use
    (0xFDD0, 0xFDEF),  # noncharacters
    (0xFE00, 0xFE0F),
    (0xFFF0, 0xFFFF),
    (0x10000, 0x1007F),
    (0x1D400, 0x1D7FF),
    (0x1F300, 0x1FAFF),
    (0x20000, 0x2A6DF),
    (0xE0000, 0xE007F),
    (0xF0000, 0xF00FF),
    (0x10FFF0, 0x10FFFF),
]


@lru_cache(maxsize=1)
def intents() -> list[str]:
    domain = yaml.safe_load((ROOT / "domain.yml").read_text())
    return [str(i) if isinstance(i, str) else next(iter(i)) for i in domain["intents"]]


@lru_cache(maxsize=1)
def slot_names() -> list[str]:
    domain = yaml.safe_load((ROOT / "domain.yml").read_text())
    return sorted(domain["slots"])


def _word(rng: random.Random) -> str:
    return "".join(rng.choice("abcdefghijklmnopqrstuvwxyz_") for _ in range(rng.randint(1, 12)))


def _code_points(rng: random.Random, n: int) -> str:
    out = []
    for _ in range(n):
        first, last = rng.choice(_BLOCKS)
        out.append(chr(rng.randint(first, last)))
    return "".join(out)


def random_unicode(rng: random.Random) -> str:
    return _code_points(rng, rng.randint(1, 120))


def surrogates(rng: random.Random) -> str:
    lone = rng.choice(["\ud83d", "\ude00", "\udfff", "\ud800", "\ude00\ud83d", "\udbff\udbff"])
    base = rng.choice(ANSWERS + ["hello", "my name is"])
    cut = rng.randint(0, len(base))
    return base[:cut] + lone + base[cut:]


def controls(rng: random.Random) -> str:
    parts = [rng.choice(_CONTROLS) for _ in range(rng.randint(1, 30))]
    if rng.random() < 0.5:
        parts.insert(rng.randint(0, len(parts)), rng.choice(ANSWERS))
    return "".join(parts)


def bidi(rng: random.Random) -> str:
    words = [rng.choice(_RTL + ANSWERS) for _ in range(rng.randint(1, 3))]
    return "".join(rng.choice(_BIDI) + w for w in words) + rng.choice(_BIDI + [""])


def emoji(rng: random.Random) -> str:
    picked = "".join(rng.choice(_EMOJI) for _ in range(rng.randint(1, 12)))
    return picked if rng.random() < 0.5 else f"{rng.choice(ANSWERS)} {picked}"


def combining(rng: random.Random) -> str:
    marks = lambda k: "".join(chr(rng.randint(0x300, 0x36F)) for _ in range(k))  # noqa: E731
    if rng.random() < 0.2:
        return "a" + marks(rng.randint(200, 1500))  # one letter, a pile of marks
    return "".join(c + marks(rng.randint(0, 8)) for c in rng.choice(ANSWERS))


def payload(rng: random.Random) -> str:
    fixed = [
        "/restart",
        "/immediate_risk",
        '/inform{"referrer_name": "x"}',
        "/session_start",
        "/start_referral",
        "/affirm",
        "/deny",
        "/cancel",
        "/request_human",
        "/nlu_fallback",
        "/action_submit_referral",
        '/inform{"yp_date_of_birth": "not a date", "referrer_email": "not-an-email"}',
        '/inform{"requested_slot": "confirm_submission"}',
        "/restart@1.0",
        "//restart",
        "/ restart",
        "/",
        "///",
        '/inform[{"entity": "referrer_name", "value": "x"}]',
        "/inform{not json",
        "/greet{}",
        '/ask_referral_status{"reference": "HSB-2026-00001"}',
        "/immediate_risk please help",
    ]
    if rng.random() < 0.5:
        return rng.choice(fixed)
    name = rng.choice(intents() + [_word(rng)])
    args = {rng.choice(slot_names() + [_word(rng)]): rng.choice(ANSWERS + [1, None, [], {}])
            for _ in range(rng.randint(0, 3))}  # fmt: skip
    shape = rng.randint(0, 3)
    if shape == 0:
        return f"/{name}"
    if shape == 1:
        return f"/{name}@{rng.random():.2f}"
    if shape == 2:
        return f"/{name}{json.dumps(args)}"
    return f"/{name}{json.dumps(args)[:-1]}"  # unbalanced


def huge(rng: random.Random) -> str:
    kind = rng.randint(0, 3)
    length = rng.randint(10_000, 30_000)
    if kind == 0:
        words = " ".join(rng.choice(ANSWERS) for _ in range(length // 5))
        return words[:length]
    if kind == 1:
        return _code_points(rng, length)
    if kind == 2:
        return "\n".join(rng.choice(ANSWERS) for _ in range(length // 20))
    return rng.choice("x\u00e9\u4e00\U0001f600") * length


def at_limit(rng: random.Random) -> str:
    """Texts of exactly each channel's limit, and one character over."""
    n = rng.choice([1599, 1600, 1601, 1999, 2000, 2001, 3999, 4000, 4001, 7999, 8001])
    return rng.choice(["a", "é", "\u4e00", "\U0001f600"]) * n


def blank(rng: random.Random) -> str:
    return rng.choice(_BLANKS)


def injection(rng: random.Random) -> str:
    text = rng.choice(INJECTIONS)
    return text if rng.random() < 0.6 else f"{rng.choice(ANSWERS)} {text}"


def valid(rng: random.Random) -> str:
    return rng.choice(ANSWERS)


def opening(rng: random.Random) -> str:
    return rng.choice(OPENINGS)


def noisy(rng: random.Random) -> str:
    noise = rng.choice([controls, bidi, emoji, combining, surrogates, random_unicode])(rng)
    answer = rng.choice(ANSWERS)
    return f"{noise}{answer}" if rng.random() < 0.5 else f"{answer}{noise}"


KINDS: dict[str, tuple[float, Callable[[random.Random], str]]] = {
    "valid": (20, valid),
    "opening": (4, opening),
    "press": (6, valid),  # the text is sent when the bot offered no button
    "unicode": (9, random_unicode),
    "surrogate": (6, surrogates),
    "control": (6, controls),
    "bidi": (5, bidi),
    "emoji": (5, emoji),
    "combining": (4, combining),
    "payload": (10, payload),
    "huge": (3, huge),
    "at_limit": (2, at_limit),
    "blank": (6, blank),
    "injection": (8, injection),
    "noisy": (6, noisy),
}
_NAMES = list(KINDS)
_WEIGHTS = [KINDS[k][0] for k in _NAMES]


@dataclass(frozen=True)
class Message:
    kind: str
    text: str
    #: For "press": which of the buttons the bot offered last is pressed (modulo their
    #: number); ``text`` is sent instead when it offered none.
    button: int = 0


def message(rng: random.Random) -> Message:
    kind = rng.choices(_NAMES, _WEIGHTS)[0]
    button = rng.randint(0, 99)
    return Message(kind, KINDS[kind][1](rng), button)


def conversation(rng: random.Random, length: int) -> list[Message]:
    """One conversation's messages: most open with a referral, so that the fuzz reaches
    the referral form's questions and validators."""
    messages = [Message("opening", opening(rng))] if rng.random() < 0.75 else []
    while len(messages) < length:
        messages.append(message(rng))
    return messages


def transcript_turn(rng: random.Random) -> Message:
    """A referrer's turn in an ART transcript: no button to press."""
    while True:
        generated = message(rng)
        if generated.kind != "press":
            return generated
