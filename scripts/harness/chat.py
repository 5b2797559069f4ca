"""Talking to the bot through its REST channel, as a client would."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

import httpx


@dataclass
class Chat:
    rasa_url: str
    sender: str = field(default_factory=lambda: str(uuid.uuid4()))
    channel: str = "rest"
    turns: int = 0
    log: list[tuple[str, str]] = field(default_factory=list)

    @property
    def conversation_id(self) -> str:
        """The id the bot keeps this conversation under (bot/channels/dev_rest.py keeps
        REST conversations apart from every other channel's)."""
        return f"rest-{self.sender}" if self.channel == "rest" else self.sender

    def say(self, text: str) -> list[dict[str, Any]]:
        response = httpx.post(
            f"{self.rasa_url}/webhooks/{self.channel}/webhook",
            json={"sender": self.sender, "message": text},
            timeout=60,
        )
        response.raise_for_status()
        self.turns += 1
        replies: list[dict[str, Any]] = response.json()
        self.log.append(("professional", text))
        self.log.extend(("bot", r.get("text", "")) for r in replies)
        return replies

    def transcript(self) -> str:
        return "\n".join(f"{who}: {text}" for who, text in self.log)


def texts(replies: list[dict[str, Any]]) -> str:
    return "\n".join(r.get("text", "") for r in replies)


def buttons(replies: list[dict[str, Any]]) -> list[str]:
    return [b["title"] for r in replies for b in r.get("buttons", [])]
