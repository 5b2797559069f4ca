"""Faults injected into real processes (issue 11): whatever fails behind the chat, the
999 and Access and Response Team message reaches the person, a disclosure is recorded
once the system can record it, and a referral's answers are neither lost nor stored
twice.

* the action server killed mid-form: the turn is refused, with the safety signpost, and
  not kept; restarted, the same message carries on where the form was;
* a disclosure made while the action server is down is recorded once it is back, even
  when the Rasa server that kept it is killed meanwhile;
* PostgreSQL stopped at submission: the professional is told, every answer is kept,
  the submission and a disclosure made meanwhile are applied when it is back, and
  "Submit" again gives the one record's reference.
(The Rasa server killed mid-referral: tests/e2e/test_conversation_restart.py.)
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from backend.adapters.orm import FlagRow, NotificationRow, ReferralRow
from bot.turn_guard import OUTAGE_DISCLOSURE_REPLY
from scripts.harness.chat import Chat, texts
from scripts.harness.referral_script import asked_slot
from scripts.harness.stack import Stack, make_stack, train_model
from scripts.harness.staff_api import new_token, newest_flagged_reference
from tests.e2e import postgres_cluster
from tests.e2e.test_referral_conversations import (
    CRITERIA_MET_OPENING,
    criteria_met_answers,
    fetch_record,
    reference_in,
    years_ago,
)

pytestmark = pytest.mark.e2e

SIGNPOST = "If a child is in immediate danger, call 999 now"
DISCLOSURE = "I'm worried, he is alone with his little sister right now and nobody is watching"
RESTART_DISCLOSURE = "he's in the bath with his 4 year old cousin right now and no adult is home"
KEPT = "I couldn't reach the case system to submit your referral just now"


def post(chat: Chat, text: str) -> httpx.Response:
    """One message, whatever the answer's status (Chat.say insists on success)."""
    return httpx.post(
        f"{chat.rasa_url}/webhooks/{chat.channel}/webhook",
        json={"sender": chat.sender, "message": text},
        timeout=60,
    )


@pytest.fixture(scope="module")
def sqlite_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    train_model()
    stack = make_stack(tmp_path_factory.mktemp("fault-stack"))
    try:
        stack.start()
        yield stack
    finally:
        stack.stop()


def test_the_action_server_killed_mid_form_loses_nothing(sqlite_stack: Stack) -> None:
    stack = sqlite_stack
    chat = Chat(stack.rasa_url)
    chat.say("referral for a 15 year old girl in Yate please")
    assert asked_slot(chat.say("Jo Smith")) == "referrer_role"

    stack.stop_process("actions", kill=True)
    refused = post(chat, "social worker")
    assert refused.status_code == 500
    assert refused.json()["code"] == "turn_failed"
    assert SIGNPOST in refused.json()["error"]

    stack.start_again("actions")
    # The same answer again: taken now, at the question the form was on.
    assert asked_slot(chat.say("social worker")) == "referrer_organisation"
    said = texts(chat.say("Sirona care & health"))
    assert asked_slot(chat.say("jo.smith@sirona-cic.org.uk")) == "referrer_phone", said
    token = new_token(stack, "fault-admin", "admin")
    # No record yet: a disclosure makes one, and shows every answer was kept once.
    replies = chat.say(DISCLOSURE)
    assert "call 999" in texts(replies)
    record = fetch_record(stack, token, newest_flagged_reference(stack, token))
    assert record["referrer"]["name"] == "Jo Smith"
    assert record["referrer"]["role"] == "social worker"
    spoken = [t["text"] for t in record["transcript"] if t["speaker"] == "professional"]
    assert spoken.count("social worker") == 1  # the refused turn was not kept


def test_a_disclosure_while_the_action_server_is_down_is_kept_and_recorded(
    sqlite_stack: Stack,
) -> None:
    """The person gets the safety message at once and need not send it again: the Rasa
    server keeps the disclosure and has it recorded once the action server is back."""
    stack = sqlite_stack
    chat = Chat(stack.rasa_url)
    chat.say("referral for a 15 year old girl in Yate please")
    assert asked_slot(chat.say("Ann Lowe")) == "referrer_role"
    token = new_token(stack, "fault-outage", "admin")
    flagged_before = flagged_references(stack, token)

    stack.stop_process("actions", kill=True)
    replies = chat.say(DISCLOSURE)  # answered, not refused: the message is kept
    assert texts(replies) == OUTAGE_DISCLOSURE_REPLY
    time.sleep(12)  # a retry while the action server is still down changes nothing
    assert flagged_references(stack, token) == flagged_before
    stack.start_again("actions")

    reference = newly_flagged(stack, token, flagged_before)
    record = fetch_record(stack, token, reference)
    assert record["referrer"]["name"] == "Ann Lowe"
    spoken = [t["text"] for t in record["transcript"] if t["speaker"] == "professional"]
    assert spoken.count(DISCLOSURE) == 1
    # The conversation carries on where it was.
    assert asked_slot(chat.say("social worker")) == "referrer_organisation"
    # A later save (here a second disclosure; a submission alike) keeps the kept words:
    # they had been in the one save that recorded the flag only (found probing).
    assert "call 999" in texts(chat.say("she is in danger right now at home"))
    record = fetch_record(stack, token, reference)
    spoken = [t["text"] for t in record["transcript"] if t["speaker"] == "professional"]
    assert spoken.count(DISCLOSURE) == 1
    assert "she is in danger right now at home" in spoken


def test_a_disclosure_kept_during_an_outage_outlives_the_rasa_server_that_kept_it(
    sqlite_stack: Stack,
) -> None:
    """The Rasa server that kept a disclosure is killed before the action server is
    back: the disclosure waited in the outbox beside the conversations, and the Rasa
    server started in its place records it."""
    stack = sqlite_stack
    chat = Chat(stack.rasa_url)
    chat.say("referral for a 14 year old boy in Kingswood please")
    assert asked_slot(chat.say("Bea Hollis")) == "referrer_role"
    token = new_token(stack, "fault-outage-restart", "admin")
    flagged_before = flagged_references(stack, token)

    stack.stop_process("actions", kill=True)
    assert texts(chat.say(RESTART_DISCLOSURE)) == OUTAGE_DISCLOSURE_REPLY
    stack.restart("rasa", kill=True)
    stack.start_again("actions")

    reference = newly_flagged(stack, token, flagged_before)
    record = fetch_record(stack, token, reference)
    assert record["referrer"]["name"] == "Bea Hollis"
    spoken = [t["text"] for t in record["transcript"] if t["speaker"] == "professional"]
    assert spoken.count(RESTART_DISCLOSURE) == 1
    assert asked_slot(chat.say("teacher")) == "referrer_organisation"


def newly_flagged(stack: Stack, token: str, before: set[str], within: float = 90) -> str:
    """The one referral flagged since `before`, once the kept disclosure is recorded."""
    deadline = time.monotonic() + within
    while (new := flagged_references(stack, token) - before) == set():
        assert time.monotonic() < deadline, "the kept disclosure was never recorded"
        time.sleep(1)
    (reference,) = new
    return reference


def flagged_references(stack: Stack, token: str) -> set[str]:
    listed = httpx.get(
        f"{stack.backend_url}/api/referrals",
        params={"flag": "IMMEDIATE_RISK", "per_page": 200},
        headers={"Authorization": f"Bearer {token}"},
        timeout=10,
    ).json()["items"]
    return {item["reference"] for item in listed}


# --- the database stopped at submission ---------------------------------------------------


@pytest.fixture(scope="module")
def postgres_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    problem = postgres_cluster.problem()
    if problem:
        pytest.skip(f"cannot stop a PostgreSQL of the tests' own here: {problem}")
    train_model()
    with postgres_cluster.own_cluster() as cluster:
        stack = make_stack(tmp_path_factory.mktemp("pg-fault-stack"), database_url=cluster.url)
        # Retry kept writes every few seconds at most, so the test need not wait long.
        stack.env["ACTION_SPOOL_RETRY_MAX_SECONDS"] = "3"
        try:
            stack.start()
            yield {"stack": stack, "cluster": cluster}
        finally:
            stack.stop()


def rows(url: str, row_class: Any) -> list[Any]:
    engine = create_engine(url)
    try:
        with Session(engine) as session:
            return list(session.scalars(select(row_class)))
    finally:
        engine.dispose()


def answer_until_confirmation(chat: Chat, answers: dict[str, str]) -> list[dict[str, Any]]:
    replies = chat.say(CRITERIA_MET_OPENING)
    for _ in range(80):
        slot = asked_slot(replies)
        if slot == "confirm_submission":
            return replies
        assert slot in answers, f"unexpected question {slot}:\n{chat.transcript()}"
        replies = chat.say(answers[slot])
    raise AssertionError(f"no confirmation question:\n{chat.transcript()}")


def test_postgres_stopped_at_submission_keeps_every_answer_and_stores_one_record(
    postgres_stack: dict[str, Any],
) -> None:
    stack, cluster = postgres_stack["stack"], postgres_stack["cluster"]
    chat = Chat(stack.rasa_url)
    answers = {k: v for k, v in criteria_met_answers(years_ago(14)).items()}
    answer_until_confirmation(chat, answers)

    cluster.stop()
    try:
        replies = chat.say("Submit referral")
        said = texts(replies)
        assert KEPT in said and "HSB-" not in said
        assert "Shall I try to submit it again now" in said
        # A disclosure while the database is down still gets the safety message.
        replies = chat.say(DISCLOSURE)
        assert "call 999" in texts(replies)
    finally:
        cluster.start()

    # The kept submission and flag are applied once the database is back.
    deadline = time.monotonic() + 90
    while not [r for r in rows(cluster.url, ReferralRow) if r.submitted_at]:
        assert time.monotonic() < deadline, "the kept submission was never applied"
        time.sleep(1)
    deadline = time.monotonic() + 90
    while not [f for f in rows(cluster.url, FlagRow) if f.code == "IMMEDIATE_RISK"]:
        assert time.monotonic() < deadline, "the kept flag was never recorded"
        time.sleep(1)

    # Carrying on after the safety message, the professional submits again.
    replies = chat.say("/affirm")  # "Carry on"
    if "Shall I try to submit it again now" in texts(replies):
        replies = chat.say("Submit referral")
    reference = reference_in(texts(replies))
    referrals = rows(cluster.url, ReferralRow)
    assert [r.reference for r in referrals] == [reference]
    record = fetch_record(stack, new_token(stack, "pg-fault", "admin"), reference)
    assert record["status"] in ("submitted", "needs_discussion")
    assert record["referrer"]["name"] == "Sarah Jones"
    assert record["young_person"]["first_name"] == "Jake"
    kinds = [n.kind for n in rows(cluster.url, NotificationRow)]
    assert kinds.count("immediate_risk") == 1  # the team is told, once
