"""The scripted conversations: for the stock bot the greet/mood paths of `rasa init`'s
own stories, for ours the referral scripts of scripts/benchmark_referrals.py, answered
question by question as the tests do (scripts/harness/referral_script.py)."""

from __future__ import annotations

from scripts.benchmark_referrals import scripts
from scripts.harness.chat import Chat
from scripts.harness.referral_script import run_referral

STOCK_SCRIPTS: tuple[tuple[str, ...], ...] = (
    ("hello", "I am great", "bye"),
    ("hi there", "I am very sad", "yes", "goodbye"),
    ("hey", "unhappy", "no", "bye"),
    ("good morning", "are you a bot?", "perfect", "see you later"),
)


def stock_conversation(chat: Chat, number: int) -> None:
    """One of the stock bot's conversations; a turn it does not answer is off script."""
    for message in STOCK_SCRIPTS[number % len(STOCK_SCRIPTS)]:
        replies = chat.say(message)
        assert replies, f"no answer to {message!r}"


REFERRAL_SCRIPTS = scripts()


def our_conversation(chat: Chat, number: int) -> None:
    """One of the referral scripts, from the opening message to the bot's last reply."""
    script = REFERRAL_SCRIPTS[number % len(REFERRAL_SCRIPTS)]
    run_referral(chat, script.opening, script.answers, before=script.before)
