"""The Rasa server's per-turn speed-ups (bot/rasa_speedups.py), run where they run (the
Rasa server's environment, through tests/bot/rasa_speedups_probe.py): installed by the
conversation store, and each giving what the Rasa code it replaces gives; and the
store reading back only the latest session, as Rasa would."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support.rasa_probe import run_probe


def probe(mode: str) -> Any:
    return run_probe("tests.bot.rasa_speedups_probe", mode)


@pytest.fixture(scope="module")
def found() -> Any:
    return probe("installed")


def test_creating_the_conversation_store_installs_them(found: Any) -> None:
    assert found["before"] is False
    assert found["after"] is True
    assert found["validation"]["patched"]
    assert found["events"]["patched"]


def test_the_numeric_libraries_run_on_one_thread(found: Any) -> None:
    pools = found["threads"]["pools"]
    assert {pool["api"] for pool in pools} >= {"openblas"}  # NumPy's, which the encoder uses
    assert all(pool["threads"] == 1 for pool in pools), pools
    assert set(found["threads"]["variables"].values()) == {"1"}


def test_action_replies_are_accepted_and_refused_as_rasa_does(found: Any) -> None:
    checked = found["validation"]
    assert checked["valid_all_true"]
    assert checked["invalid"] > 100
    assert checked["raised"] > 100  # many of the altered replies are refused...
    assert checked["differences"] == []  # ...each with Rasa's own error, message and path


def test_an_action_with_a_schema_of_its_own_is_checked_against_it(found: Any) -> None:
    ours, rasa = found["validation"]["own_schema"]
    assert ours == rasa
    assert ours["raised"] == "ValidationError"
    assert "'events' is a required property. Failed to validate" in ours["text"]


def test_every_event_type_resolves_and_round_trips_as_in_rasa(found: Any) -> None:
    events = found["events"]
    # one example of every kind Rasa defines, so a kind added to Rasa is noticed here
    assert events["examples_cover"] == events["classes"]
    assert len(events["every_name_same_class"]) == len(events["classes"])
    assert all(events["every_name_same_class"].values()), events["every_name_same_class"]
    for trip in events["round_trips"]:
        assert trip["same_class"] and trip["same_dict"], trip


@pytest.mark.parametrize("case", ["unknown", "topic", "not_text"])
def test_names_not_in_the_table_get_rasas_answer(found: Any, case: str) -> None:
    ours, rasa = found["events"]["misses"][case]
    assert ours == rasa
    assert (ours.get("raised"), ours.get("returned")) in {("ValueError", None), (None, "None")}


def test_an_unknown_name_with_a_default_gets_the_default(found: Any) -> None:
    assert found["events"]["misses"]["unknown_default"] == [True]


def test_event_classes_defined_later_and_let_go_are_seen_as_rasa_sees_them(found: Any) -> None:
    later = found["events"]["defined_later"]
    assert later["new_name"] == [True]
    assert later["taken_name"] == [True]  # a later class ahead of LegacyForm in Rasa's walk
    assert later["let_go"] == [True]
    ours, rasa = later["let_go_unknown"]
    assert ours == rasa and ours["raised"] == "ValueError"


def test_a_conversation_of_every_event_type_reads_back_from_the_store(found: Any) -> None:
    store = found["store"]
    assert store["same_dicts"]
    assert len(store["types"]) == len(found["events"]["round_trips"])


def test_on_another_rasa_version_nothing_is_changed_and_that_is_logged_once() -> None:
    other = probe("other_version")
    assert other["results"] == [False, False]
    assert other["installed"] is False
    assert other["unchanged"]
    assert other["records"] == [
        "DEBUG Rasa 3.6.20 is not 3.6.21: its per-turn code is left as it is."
    ]


def test_the_store_reads_back_the_latest_session_as_rasas_split_gives_it(found: Any) -> None:
    # bot/tracker_store.py replays only the last session's events (Rasa replays each)
    sessions = found["sessions"]
    assert [sessions[str(n)]["sessions"] for n in range(4)] == [1, 1, 2, 3]
    assert all(sessions[str(n)]["same"] for n in range(4)), sessions
    assert sessions["0"]["events"] == 1
    assert [sessions[str(n)]["events"] for n in (1, 2, 3)] == [7, 7, 7]
    assert [sessions[str(n)]["first_name"] for n in (1, 2, 3)] == ["Ann 0", "Ann 1", "Ann 2"]
