"""Pausing and resuming with a code, as the actions do it (actions/resuming.py through
ActionPauseReferral and ActionStartReferral): a code in the web chat, none in Teams,
answers restored into the conversation that gives the code, and refusals said kindly."""

from __future__ import annotations

import asyncio
import base64
import os
import re
from pathlib import Path
from typing import Any

import pytest
import redis
from rasa_sdk import Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import resuming
from actions.referral_actions import ActionPauseReferral, ActionResumeReferral, ActionStartReferral
from actions.resume_codes import MAX_FAILURES, new_code
from actions.resume_codes_redis import DEFAULT_PREFIX, RedisResumeCodes
from backend.settings import get_settings
from bot.nlu.resume_code_format import grouped

# The resume codes' contract tests' Redis database (tests/actions/test_resume_codes.py).
REDIS_URL = os.environ.get("HSB_TEST_RESUME_CODES_REDIS_URL", "redis://127.0.0.1:6379/13")
CODE = re.compile(r"\b[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}\b")
IN_PROGRESS = {
    "referral_key": "abc",
    "referrer_name": "Hephzibah Lowther",
    "yp_first_name": "Caspian",
}


@pytest.fixture(autouse=True)
def field_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FIELD_ENCRYPTION_KEY", base64.urlsafe_b64encode(os.urandom(32)).decode())
    monkeypatch.setenv("CONVERSATION_RETENTION_MINUTES", "2880")


def tracker(
    text: str, intent: str, slots: dict[str, Any], sender: str, channel: str = "webchat"
) -> Tracker:
    event = {
        "event": "user",
        "text": text,
        "input_channel": channel,
        "parse_data": {"intent": {"name": intent}},
    }
    return Tracker(
        sender_id=sender,
        slots=dict(slots),
        latest_message={"text": text, "intent": {"name": intent, "confidence": 1.0}},
        events=[event],
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="action_listen",
    )


def run(action: Any, on: Tracker) -> tuple[list[dict[str, Any]], str]:
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, on, {}))
    said = [m.get("text") or "" for m in dispatcher.messages]
    said += [str(m["custom"]) for m in dispatcher.messages if m.get("custom")]
    return events, "\n".join(said)


def paused(sender: str = "tab-one") -> str:
    _, said = run(ActionPauseReferral(), tracker("got to go", "pause", IN_PROGRESS, sender))
    match = CODE.search(said)
    assert match, said
    return match.group(0)


def test_a_pause_in_the_web_chat_gives_a_code_and_says_how_to_use_it() -> None:
    events, said = run(ActionPauseReferral(), tracker("got to go", "pause", IN_PROGRESS, "t"))
    assert events == [] and CODE.search(said)
    assert "2 days" in said and "'resume'" in said and "works once" in said


@pytest.mark.parametrize("channel", ["teams", "botframework"])
def test_a_pause_in_teams_carries_on_in_the_same_conversation(channel: str) -> None:
    _, said = run(ActionPauseReferral(), tracker("got to go", "pause", IN_PROGRESS, "t", channel))
    assert not CODE.search(said) and "Teams" in said and "won't need a code" in said


def test_a_pause_by_text_keeps_the_answers_without_a_code() -> None:
    _, said = run(
        ActionPauseReferral(), tracker("got to go", "pause", IN_PROGRESS, "+447700900123", "twilio")
    )
    assert not CODE.search(said) and "carry on" in said


def test_a_code_restores_the_answers_in_another_conversation() -> None:
    code = paused()
    events, said = run(
        ActionStartReferral(), tracker(f"resume {code.lower()}", "resume", {}, "tab-two")
    )
    assert "Welcome back" in said
    restored = {e["name"]: e["value"] for e in events if e["event"] == "slot"}
    assert {k: restored[k] for k in IN_PROGRESS} == IN_PROGRESS
    assert not any(e["event"] == "followup" for e in events)  # the rule goes on to the form

    # Used: refused now, and the first tab is told once that its referral moved.
    events, said = run(ActionStartReferral(), tracker(f"resume {code}", "resume", {}, "tab-3"))
    assert "doesn't open a referral" in said and events == [FollowupAction("action_listen")]
    events, said = run(
        ActionResumeReferral(), tracker("carry on", "affirm", IN_PROGRESS, "tab-one")
    )
    assert "carried on in another tab" in said and SlotSet("referral_key", None) in events
    assert "{'progress': None}" in said  # the page stops showing progress
    _, said = run(ActionResumeReferral(), tracker("carry on", "affirm", IN_PROGRESS, "tab-one"))
    assert "carried on in another tab" not in said


def test_wrong_codes_are_refused_kindly_then_locked_out() -> None:
    code = paused()
    for _ in range(MAX_FAILURES):
        events, said = run(
            ActionStartReferral(), tracker(f"resume {grouped(new_code())}", "resume", {}, "g")
        )
        assert "doesn't open a referral" in said and "Hephzibah" not in str(events)
    events, said = run(ActionStartReferral(), tracker(f"resume {code}", "resume", {}, "g"))
    assert "too many codes" in said and events == [FollowupAction("action_listen")]


def test_resume_without_a_code_carries_on_as_before() -> None:
    _, said = run(ActionStartReferral(), tracker("I'm back", "resume", IN_PROGRESS, "tab-one"))
    assert "Welcome back. Let's carry on" in said


def test_a_store_that_cannot_be_read_is_said_kindly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    code = paused()
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("")
    monkeypatch.setenv("RESUME_CODES_PATH", str(blocked / "codes.sqlite3"))
    get_settings.cache_clear()
    resuming.store.cache_clear()
    events, said = run(ActionStartReferral(), tracker(f"resume {code}", "resume", {}, "t2"))
    assert "can't open resume codes just now" in said
    assert events == [FollowupAction("action_listen")]


def test_with_a_shared_store_another_action_server_redeems_the_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """RESUME_CODES_REDIS_URL set: the code is kept in Redis, so an action server with
    another local file (another host) redeems it."""
    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.ConnectionError:
        pytest.skip(f"no Redis at {REDIS_URL}")
    monkeypatch.setenv("RESUME_CODES_REDIS_URL", REDIS_URL)
    get_settings.cache_clear()
    resuming.store.cache_clear()
    try:
        assert isinstance(resuming.store(), RedisResumeCodes)
        code = paused()
        monkeypatch.setenv("RESUME_CODES_PATH", str(tmp_path / "another-host.sqlite3"))
        get_settings.cache_clear()
        resuming.store.cache_clear()
        _, said = run(ActionStartReferral(), tracker(f"resume {code}", "resume", {}, "tab-two"))
        assert "Welcome back" in said
    finally:
        ours = list(client.scan_iter(match=DEFAULT_PREFIX.replace("{", "\\{") + "*"))
        if ours:
            client.delete(*ours)
        client.close()


def test_a_shared_store_out_of_reach_is_said_kindly(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RESUME_CODES_REDIS_URL", "redis://127.0.0.1:1/0")
    get_settings.cache_clear()
    resuming.store.cache_clear()
    _, said = run(ActionPauseReferral(), tracker("got to go", "pause", IN_PROGRESS, "t"))
    assert not CODE.search(said) and "carry on" in said  # the answers stay in this tab
    events, said = run(ActionStartReferral(), tracker(f"resume {new_code()}", "resume", {}, "t2"))
    assert "can't open resume codes just now" in said
    assert events == [FollowupAction("action_listen")]
