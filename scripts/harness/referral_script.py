"""Drives a whole referral: the test gives an opening message and the answers it would
give to each question; the driver recognises each question the bot asks (by the
domain's own question texts) and answers it. A question the script has no answer for
fails the test, which is how "never asked again for what is known" is proven."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from scripts.harness.chat import Chat, texts

ROOT = Path(__file__).resolve().parents[2]
CONFIRM_PROMPT = "Shall I submit the referral"


@lru_cache(maxsize=1)
def question_texts() -> dict[str, str]:
    """slot -> the text the bot uses to ask for it."""
    domain = yaml.safe_load((ROOT / "domain.yml").read_text())
    questions = {}
    for name, variants in domain["responses"].items():
        if name.startswith("utter_ask_") and "_form_" not in name and "_req_" not in name:
            questions[name.removeprefix("utter_ask_")] = variants[0]["text"]
    questions["confirm_submission"] = CONFIRM_PROMPT
    return questions


def asked_slot(replies: list[dict[str, Any]]) -> str | None:
    """The slot the last question in these replies asks for."""
    for reply in reversed(replies):
        text = reply.get("text", "")
        for slot, question in question_texts().items():
            if question in text:
                return slot
    return None


@dataclass
class ReferralRun:
    chat: Chat
    asked: list[str] = field(default_factory=list)
    last_replies: list[dict[str, Any]] = field(default_factory=list)

    @property
    def bot_text(self) -> str:
        return texts(self.last_replies)


def run_referral(
    chat: Chat,
    opening: str,
    answers: Mapping[str, str | list[str]],
    before: Mapping[str, list[str]] | None = None,
    max_turns: int = 120,
) -> ReferralRun:
    """Answer every question until the bot stops asking. `before[slot]` are messages
    sent when that slot is first asked, before answering it (corrections, questions)."""
    pending = {slot: list(v) if isinstance(v, list) else [v] for slot, v in answers.items()}
    interjections = {slot: list(msgs) for slot, msgs in (before or {}).items()}
    run = ReferralRun(chat)
    replies = chat.say(opening)
    while chat.turns < max_turns:
        slot = asked_slot(replies)
        if slot is None:
            run.last_replies = replies
            return run
        run.asked.append(slot)
        for message in interjections.pop(slot, []):
            replies = chat.say(message)
            assert asked_slot(replies) == slot, (
                f"after {message!r} the bot should come back to {slot}:\n{chat.transcript()}"
            )
        if not pending.get(slot):
            raise AssertionError(f"the bot asked for {slot} unexpectedly:\n{chat.transcript()}")
        replies = chat.say(pending[slot].pop(0))
    raise AssertionError(f"no end after {max_turns} turns:\n{chat.transcript()}")
