"""Drives a bot's REST webhook with N concurrent scripted conversations, each starting a
new conversation when one ends, until the level's time or turn budget is spent."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx

from scripts.harness.chat import Chat


class Stop(Exception):
    """The level's budget is spent: the conversation ends where it is."""


@dataclass
class Budget:
    """Turns may start until the deadline, and no more than max_turns of them."""

    deadline: float
    max_turns: int
    taken: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def take(self) -> bool:
        with self._lock:
            if time.monotonic() >= self.deadline or self.taken >= self.max_turns:
                return False
            self.taken += 1
            return True


@dataclass
class Tally:
    """What the clients saw: each answered turn's latency, failed turns, conversations
    that ran to their end, and those that went off the script (the bot asked something
    the script had no answer for)."""

    latencies_ms: list[float] = field(default_factory=list)
    errors: int = 0
    done: int = 0
    off_script: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, what: str, latency_ms: float | None = None) -> None:
        with self._lock:
            if latency_ms is not None:
                self.latencies_ms.append(latency_ms)
            elif what == "error":
                self.errors += 1
            elif what == "done":
                self.done += 1
            elif what == "off_script":
                self.off_script += 1


class TimedChat(Chat):
    """A Chat (scripts/harness/chat.py) over one kept-alive client, each turn timed and
    taken from the level's budget."""

    def __init__(self, rasa_url: str, client: httpx.Client, budget: Budget, tally: Tally):
        super().__init__(rasa_url)
        self.client, self.budget, self.tally = client, budget, tally

    def say(self, text: str) -> list[dict[str, Any]]:
        if not self.budget.take():
            raise Stop
        started = time.perf_counter()
        try:
            response = self.client.post(
                f"{self.rasa_url}/webhooks/{self.channel}/webhook",
                json={"sender": self.sender, "message": text},
            )
            response.raise_for_status()
            replies: list[dict[str, Any]] = response.json()
        except (httpx.HTTPError, ValueError):
            self.tally.add("error")
            raise
        self.tally.add("turn", (time.perf_counter() - started) * 1000)
        self.turns += 1
        self.log.append(("professional", text))
        self.log.extend(("bot", r.get("text", "")) for r in replies)
        return replies


# A scripted conversation: given a chat and a running number, says its lines.
Conversation = Callable[[Chat, int], None]


def _client(pool: int) -> httpx.Client:
    return httpx.Client(
        timeout=60, limits=httpx.Limits(max_connections=pool, max_keepalive_connections=pool)
    )


def _converse(
    url: str, conversation: Conversation, first: int, step: int, budget: Budget, tally: Tally
) -> None:
    number = first
    with _client(1) as client:
        while True:
            chat = TimedChat(url, client, budget, tally)
            try:
                conversation(chat, number)
                tally.add("done")
            except Stop:
                return
            except (httpx.HTTPError, ValueError):
                pass  # counted as an error turn; a new conversation starts
            except AssertionError:
                tally.add("off_script")
            number += step


def drive(
    url: str, conversation: Conversation, concurrency: int, seconds: float, max_turns: int
) -> tuple[Tally, float]:
    """Runs `concurrency` conversations at once until the budget is spent; returns the
    tally and the seconds from the first turn until the last answer."""
    tally = Tally()
    started = time.monotonic()
    budget = Budget(deadline=started + seconds, max_turns=max_turns)
    threads = [
        threading.Thread(
            target=_converse,
            args=(url, conversation, i, concurrency, budget, tally),
            daemon=True,  # Ctrl-C must not wait for an answer
        )
        for i in range(concurrency)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return tally, time.monotonic() - started


def warm_up(url: str, conversation: Conversation, turns: int = 4) -> None:
    """A few unmeasured turns, so a level does not pay for the first call's set-up."""
    drive(url, conversation, concurrency=1, seconds=120, max_turns=turns)
