"""Run in the Rasa server's environment by tests/bot/test_rasa_speedups.py:

    .venv-rasa/bin/python -m tests.bot.rasa_speedups_probe (installed | other_version)

`installed` creates the conversation store as Rasa does (which installs
bot/rasa_speedups.py), then compares each patch with the Rasa code it replaces;
`other_version` installs under another Rasa version number. Prints one JSON line of
findings: the test asserts on them."""

from __future__ import annotations

import asyncio
import base64
import gc
import json
import logging
import os
import sys
import tempfile
from copy import deepcopy
from datetime import datetime, timezone
from functools import partial
from pathlib import Path
from typing import Any

#: Where the example StoryExported event writes its story when a tracker applies it: the
#: probe's own temporary folder (set by main), never the repository.
EXPORT = {"path": ""}


def example_events() -> list[Any]:
    """One event of every kind Rasa 3.6.21 defines, with its optional fields filled."""
    from rasa.shared.core import events as ev

    entity = {"entity": "place", "value": "Yate", "start": 0, "end": 4}
    return [
        ev.UserUttered(
            "refer a boy",
            {"name": "refer", "confidence": 0.9},
            [entity],
            timestamp=1.0,
            input_channel="rest",
            message_id="m1",
            metadata={"k": "v"},
        ),
        ev.SlotSet("first_name", "Ann", timestamp=2.0, metadata={"m": 1}),
        ev.ReminderScheduled(
            "remind",
            datetime(2030, 1, 2, 3, 4, 5, tzinfo=timezone.utc),
            entities=[entity],
            name="r1",
            kill_on_user_message=False,
            timestamp=3.0,
        ),
        ev.ReminderCancelled(name="r1", intent="remind", entities=[entity], timestamp=4.0),
        ev.StoryExported(path=EXPORT["path"], timestamp=5.0),
        ev.FollowupAction("action_x", timestamp=6.0),
        ev.ActionExecuted(
            "action_listen",
            policy="RulePolicy",
            confidence=1.0,
            timestamp=7.0,
            action_text=None,
            hide_rule_turn=True,
        ),
        ev.ActiveLoop("referral_form", timestamp=8.0),
        ev.Restarted(timestamp=9.0),
        ev.UserUtteranceReverted(timestamp=10.0),
        ev.AllSlotsReset(timestamp=11.0),
        ev.ActionReverted(timestamp=12.0),
        ev.ConversationPaused(timestamp=13.0),
        ev.ConversationResumed(timestamp=14.0),
        ev.SessionStarted(timestamp=15.0, metadata={"channel": "rest"}),
        ev.DefinePrevUserUtteredFeaturization(True, timestamp=16.0),
        ev.EntitiesAdded([entity], timestamp=17.0),
        ev.BotUttered("Hello", {"buttons": [{"title": "Yes", "payload": "/affirm"}]}, {"a": 1}),
        ev.AgentUttered("agent", {"x": 1}, timestamp=19.0),
        ev.LoopInterrupted(True, timestamp=20.0),
        ev.ActionExecutionRejected("action_x", policy="RulePolicy", confidence=0.5),
        ev.LegacyFormValidation(False, timestamp=22.0),
        ev.LegacyForm("old_form", timestamp=23.0),
    ]


def outcome(call: Any) -> dict[str, Any]:
    """What a call returned or raised, in terms two calls can be compared by."""
    try:
        return {"returned": repr(call())}
    except Exception as error:  # noqa: BLE001 - the kind of error is the finding
        found: dict[str, Any] = {"raised": type(error).__name__, "text": str(error)}
        for attribute in ("message", "validator", "validator_value", "path", "schema_path"):
            if hasattr(error, attribute):
                found[attribute] = repr(getattr(error, attribute))
        return found


def action_results() -> tuple[list[Any], list[Any]]:
    """Valid replies of a custom action, and invalid ones: every value of a valid reply
    replaced in turn by values of each other JSON type."""
    events = [e.as_dict() for e in example_events()]
    valid = [
        {},
        {"events": [], "responses": []},
        {"events": events, "responses": [{"text": "Hi"}, {"response": "utter_ask"}]},
        {"events": [{"event": "slot", "name": "first_name", "value": None}]},
        {"responses": [{}], "extra": 1},
    ]
    wrong = [None, 1, 2.5, "text", True, [], [1], {}, {"x": 1}]

    def replaced(value: Any) -> list[Any]:
        """value with each of its parts (and itself) replaced by each wrong value."""
        out = [w for w in wrong if w != value or type(w) is not type(value)]
        if isinstance(value, dict):
            for key, part in value.items():
                out += [{**value, key: other} for other in replaced(part)]
        elif isinstance(value, list):
            for index, part in enumerate(value[:3]):
                for other in replaced(part):
                    copy = list(value)
                    copy[index] = other
                    out.append(copy)
        return out

    # (two events are enough to reach every part of the schema; Rasa's own check takes
    # about 20 ms a call)
    mutated = [{"events": events[:2], "responses": [{"text": "Hi"}]}, valid[3]]
    invalid = [
        candidate for base in mutated for candidate in replaced(base) if candidate not in valid
    ]
    invalid += [
        [],
        "events",
        {"events": [{"name": "no event key"}]},
        {"events": [{"event": "slot", "timestamp": "noon"}]},
    ]
    return valid, invalid


def compare_validation() -> dict[str, Any]:
    from rasa.core.actions.action import RemoteAction

    action = RemoteAction("action_x", None)
    patched = RemoteAction._validate_action_result
    rasa_validate = patched.rasa_original
    valid, invalid = action_results()
    differences, raised = [], 0
    for result in valid + invalid:
        ours = outcome(partial(patched, action, deepcopy(result)))
        rasa = outcome(partial(rasa_validate, action, deepcopy(result)))
        raised += "raised" in ours
        if ours != rasa:
            differences.append({"result": repr(result)[:300], "ours": ours, "rasa": rasa})

    class StrictAction(RemoteAction):
        @staticmethod
        def action_response_format_spec() -> dict[str, Any]:
            return {"type": "object", "required": ["events"]}

    strict = StrictAction("action_strict", None)
    return {
        "patched": patched is not rasa_validate,
        "valid": len(valid),
        "invalid": len(invalid),
        "raised": raised,
        "differences": differences,
        "valid_all_true": all(patched(action, deepcopy(r)) is True for r in valid),
        "own_schema": [
            outcome(lambda: patched(strict, {})),
            outcome(lambda: rasa_validate(strict, {})),
        ],
    }


def compare_events() -> dict[str, Any]:
    from rasa.shared.core.events import Event
    from rasa.shared.utils.common import all_subclasses

    resolve = Event.resolve_by_type
    rasa_resolve = resolve.rasa_original
    examples = example_events()
    classes = all_subclasses(Event)
    round_trips = []
    for event in examples:
        serialised = json.loads(json.dumps(event.as_dict()))
        ours = Event.from_parameters(deepcopy(serialised))
        rasa = rasa_resolve(serialised["event"])._from_parameters(deepcopy(serialised))
        # (the legacy kinds come back as their successors, in Rasa's code as in ours)
        round_trips.append(
            {
                "type": event.type_name,
                "same_class": type(ours) is type(rasa),
                "same_dict": ours.as_dict() == rasa.as_dict(),
            }
        )
    names = sorted({c.type_name for c in classes})
    misses = {
        "unknown": [
            outcome(lambda: resolve("no_such_event")),
            outcome(lambda: rasa_resolve("no_such_event")),
        ],
        "unknown_default": [
            resolve("no_such_event", Event) is rasa_resolve("no_such_event", Event) is Event
        ],
        "topic": [outcome(lambda: resolve("topic")), outcome(lambda: rasa_resolve("topic"))],
        "not_text": [outcome(lambda: resolve(["slot"])), outcome(lambda: rasa_resolve(["slot"]))],
    }
    return {
        "patched": resolve is not rasa_resolve,
        "classes": sorted(c.__name__ for c in classes),
        "examples_cover": sorted(type(e).__name__ for e in examples),
        "every_name_same_class": {n: resolve(n) is rasa_resolve(n) for n in names},
        "round_trips": round_trips,
        "misses": misses,
        "defined_later": compare_events_defined_later(resolve, rasa_resolve),
    }


def compare_events_defined_later(resolve: Any, rasa_resolve: Any) -> dict[str, Any]:
    """A subclass defined after the table was built: a new name, and a name it takes
    from a class further down Rasa's walk (a direct subclass of Event comes before
    LegacyForm, a subclass of ActiveLoop); then the subclasses are let go."""
    from rasa.shared.core.events import ActiveLoop, Event, LegacyForm

    class ProbeLoop(ActiveLoop):
        type_name = "probe_loop"

    class ProbeForm(Event):
        type_name = "form"

        def __eq__(self, other: Any) -> bool:
            return isinstance(other, type(self))

        def __hash__(self) -> int:
            return 0

        def as_story_string(self) -> str:
            return "form"

    found = {
        "new_name": [resolve("probe_loop") is rasa_resolve("probe_loop") is ProbeLoop],
        "taken_name": [resolve("form") is rasa_resolve("form") is ProbeForm],
    }
    del ProbeLoop, ProbeForm
    gc.collect()
    found["let_go"] = [resolve("form") is rasa_resolve("form") is LegacyForm]
    found["let_go_unknown"] = [
        outcome(lambda: resolve("probe_loop")),
        outcome(lambda: rasa_resolve("probe_loop")),
    ]
    return found


async def stored_and_read_back() -> dict[str, Any]:
    """A conversation with every kind of event, through the conversation store."""
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.trackers import DialogueStateTracker

    from bot.tracker_store import EncryptedTrackerStore

    store = EncryptedTrackerStore(Domain.empty())
    tracker = DialogueStateTracker.from_events("probe-sender", example_events())
    await store.save(tracker)
    back = await store.retrieve_full_tracker("probe-sender")
    assert back is not None
    return {
        "same_dicts": [e.as_dict() for e in back.events] == [e.as_dict() for e in tracker.events],
        "types": [type(e).__name__ for e in back.events],
    }


def session(number: int, timestamp: float) -> list[Any]:
    from rasa.shared.core import events as ev

    return [
        ev.ActionExecuted("action_session_start", timestamp=timestamp),
        ev.SessionStarted(timestamp=timestamp + 1),
        ev.SlotSet("first_name", f"Ann {number}", timestamp=timestamp + 2),
        ev.ActionExecuted("action_listen", timestamp=timestamp + 3),
        ev.UserUttered("hi", {"name": "greet", "confidence": 1.0}, timestamp=timestamp + 4),
        ev.ActionExecuted("utter_greet", timestamp=timestamp + 5),
        ev.BotUttered("Hello", timestamp=timestamp + 6),
    ]


async def sessions_read_back() -> dict[str, Any]:
    """For conversations of 0 to 3 sessions: whether the store's latest session is the
    one Rasa's own split gives (the whole conversation when there is one session)."""
    from rasa.shared.core import events as ev
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.trackers import (
        DialogueStateTracker,
        EventVerbosity,
        get_trackers_for_conversation_sessions,
    )

    from bot.tracker_store import EncryptedTrackerStore

    domain = Domain.from_dict(
        {"slots": {"first_name": {"type": "text", "mappings": [{"type": "custom"}]}}}
    )
    store = EncryptedTrackerStore(domain)
    found = {}
    for count in range(4):
        sender = f"sessions-{count}"
        before = [ev.ActionExecuted("action_listen", timestamp=0.5)] if count == 0 else []
        events = before + [e for n in range(count) for e in session(n, 10.0 * (n + 1))]
        await store.save(DialogueStateTracker.from_events(sender, events, domain.slots))
        full = await store.retrieve_full_tracker(sender)
        ours = await store.retrieve(sender)
        assert full is not None and ours is not None
        rasas = get_trackers_for_conversation_sessions(full)
        rasa = rasas[-1] if len(rasas) > 1 else full
        found[count] = {
            "sessions": len(rasas),
            "same": ours.current_state(EventVerbosity.ALL)
            == rasa.current_state(EventVerbosity.ALL),
            "first_name": ours.get_slot("first_name"),
            "events": len(ours.events),
        }
    return found


def threads() -> dict[str, Any]:
    from threadpoolctl import threadpool_info

    from bot.rasa_speedups import THREAD_VARIABLES

    return {
        "pools": [
            {"api": pool.get("internal_api"), "threads": pool.get("num_threads")}
            for pool in threadpool_info()
        ],
        "variables": {name: os.environ.get(name) for name in THREAD_VARIABLES},
    }


def with_store_settings(folder: str) -> None:
    os.environ["TRACKER_ENCRYPTION_KEY"] = base64.urlsafe_b64encode(os.urandom(32)).decode()
    os.environ["TRACKER_STORE_URL"] = ""
    os.environ["TRACKER_STORE_PATH"] = str(Path(folder) / "conversations.sqlite3")


def installed() -> dict[str, Any]:
    import rasa.core.actions.action  # noqa: F401 - what the server has loaded by then
    from rasa.shared.core.domain import Domain

    from bot import rasa_speedups
    from bot.tracker_store import EncryptedTrackerStore

    before = rasa_speedups.installed()
    EncryptedTrackerStore(Domain.empty())
    EncryptedTrackerStore(Domain.empty())  # a second store installs nothing twice
    return {
        "before": before,
        "after": rasa_speedups.installed(),
        "threads": threads(),
        "validation": compare_validation(),
        "events": compare_events(),
        "store": asyncio.run(stored_and_read_back()),
        "sessions": asyncio.run(sessions_read_back()),
    }


def other_version() -> dict[str, Any]:
    import rasa
    from rasa.core.actions.action import RemoteAction
    from rasa.shared.core.events import Event

    from bot import rasa_speedups

    records: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(f"{record.levelname} {record.getMessage()}")

    speedups_log = logging.getLogger("bot.rasa_speedups")
    speedups_log.addHandler(Keep())
    speedups_log.setLevel(logging.DEBUG)
    validate, resolve = RemoteAction._validate_action_result, Event.resolve_by_type
    variables = {name: os.environ.get(name) for name in rasa_speedups.THREAD_VARIABLES}
    rasa.__version__ = "3.6.20"
    results = [rasa_speedups.install(), rasa_speedups.install()]
    return {
        "results": results,
        "installed": rasa_speedups.installed(),
        "unchanged": RemoteAction._validate_action_result is validate
        and Event.resolve_by_type is resolve
        and variables == {name: os.environ.get(name) for name in rasa_speedups.THREAD_VARIABLES},
        "records": records,
    }


def main() -> None:
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    with tempfile.TemporaryDirectory() as folder:
        with_store_settings(folder)
        EXPORT["path"] = str(Path(folder) / "stories.yml")
        found = {"installed": installed, "other_version": other_version}[sys.argv[1]]()
    print(json.dumps(found))


if __name__ == "__main__":
    main()
