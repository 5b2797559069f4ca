"""The sentinel test (issue 11, "Logs"): a made-up name, date of birth and phrase, typed
through every path into the system, failures included, are found in no log and in no
raw store file afterwards.

Paths, on the fuzz's stack (SQLite; tests/fuzz/conftest.py):

* a whole referral in the web chat, submitted, naming the young person, his date of
  birth and the phrase in the account of what happened;
* on the web chat, the REST test channel, Teams and texts relayed to the SMS channel:
  an opening naming him, his name and date of birth as answers, the phrase, the name
  inside a typed payload ('/inform{"yp_first_name": ...}'), an unpaired surrogate in
  the JSON beside the name, a 10,000-character message full of them, a disclosure of
  immediate risk, a request to speak to a person; texts through the backend's Twilio
  webhook; ART call transcripts in both shapes, one with an unpaired surrogate;
* (a) the action server killed: a message on each chat channel and a transcript while
  it is down, then the same again once it is back.

And on a stack of its own on a PostgreSQL cluster of the test's own:

* (b) the database stopped at "Submit referral": the submission kept, a disclosure of
  immediate risk, a transcript and a request to speak to a person meanwhile; the
  database started again and the kept writes applied.

Searched: every file in each stack's workdir (rasa.log, actions.log, backend.log and
the logs of earlier runs of a restarted process; the case database hsb.db with its
-wal and -shm; the conversation store conversations.sqlite3 with its -wal and -shm; the
action spool action-spool.sqlite3 with its -wal and -shm), every table of the
PostgreSQL database dumped as text, the PostgreSQL cluster's own files and its server
log. Each sentinel in several spellings (tests/fuzz/scan.py). Hits: must be 0.
"""

from __future__ import annotations

import json
import random
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from backend.adapters.orm import FlagRow, ReferralRow
from scripts.harness.chat import Chat, texts
from scripts.harness.referral_script import asked_slot, run_referral
from scripts.harness.stack import Stack, make_stack, train_model
from scripts.harness.staff_api import new_token
from tests.e2e import postgres_cluster
from tests.e2e.stored import stored_rows
from tests.e2e.test_referral_conversations import COMMON, fetch_record, reference_in
from tests.fuzz.conftest import FuzzStack
from tests.fuzz.drivers import (
    Conversation,
    Rest,
    Sent,
    SmsRelay,
    Teams,
    Transcripts,
    Twilio,
    WebChat,
    json_transcript,
    sms_sender,
    text_transcript,
)
from tests.fuzz.scan import Hits, spellings

NAME = "Quentin Marchbanks-Oyelaran"
DOB = "29/02/2012"
PHRASE = "the lilac trampoline incident"
#: What is searched for: the sentinels, their parts, and the dates the bot writes.
SENTINELS = [
    NAME,
    "Quentin",
    "Marchbanks",
    "Oyelaran",
    DOB,
    "29/2/2012",
    "2012-02-29",
    "29 February 2012",
    PHRASE,
    "lilac trampoline",
]

OPENING = f"Hi, I'd like to make a referral for {NAME}, born {DOB}, after {PHRASE}"
DISCLOSURE = (
    f"I'm worried, {NAME} is alone with his little sister right now after {PHRASE} "
    "and nobody is watching"
)
ACCOUNT = f"{NAME} was found touching his 8 year old half-sister at home: {PHRASE}."
HUGE = (f"{NAME} {DOB} {PHRASE}. " * 200)[:10_000]
#: What each chat channel is told: answers, free text, and odd input.
SAID = [
    OPENING,
    NAME,
    DOB,
    ACCOUNT,
    f'/inform{{"yp_first_name": "{NAME}", "yp_date_of_birth": "{DOB}"}}',
    f"{NAME} \ud83d born {DOB} \udc00",  # unpaired surrogates, sent as JSON escapes
    HUGE,
    DISCLOSURE,
    "Carry on",
    f"speak to a person about {NAME}",
]
REFERRAL = {
    **COMMON,
    "referrer_name": "Sarah Jones",
    "referrer_role": "social worker",
    "referrer_organisation": "South Gloucestershire Children's Services",
    "referrer_is_allocated": "yes",
    "yp_first_name": NAME,
    "yp_last_name": "Marchbanks-Oyelaran",
    "yp_date_of_birth": DOB,
    "yp_age": "14",
    "yp_gender": "Male",
    "yp_location": "Yate",
    "yp_legal_status": "CP plan",
    "police_involved": "No",
    "concern_description": ACCOUNT,
    "hc_details": f"his half-sister, 8, since {PHRASE}",
    "sa_name": "Claire Marchbanks-Oyelaran",
}
REFERRAL_OPENING = "Hi, I'd like to refer a boy from Yate, I'm his allocated social worker"


def transcript_turns(*said: str) -> list[tuple[str, str]]:
    turns: list[tuple[str, str]] = []
    for words in said:
        turns += [("ART", "Access and Response Team, how can I help?"), ("Caller", words)]
    return turns


JSON_TRANSCRIPT = json_transcript(transcript_turns(OPENING, ACCOUNT, f"{NAME}, {DOB}", DISCLOSURE))
TEXT_TRANSCRIPT = text_transcript(transcript_turns(OPENING, f"{NAME} \ud83d {DOB}", ACCOUNT))


def conversations(fuzz: FuzzStack, label: str) -> list[Conversation]:
    """One conversation on each chat channel."""
    rng = random.Random(label)
    return [
        WebChat(fuzz.stack, f"webchat-{label}", str(uuid.uuid4())),
        Rest(fuzz.stack, f"rest-{label}", f"sentinel-{label}-{rng.getrandbits(32):08x}"),
        Teams(fuzz.stack, f"teams-{label}", fuzz.login, fuzz.connector),
        SmsRelay(fuzz.stack, f"sms-{label}", sms_sender(f"sentinel:{label}")),
    ]


def say_everywhere(chats: list[Conversation], said: list[str]) -> list[Sent]:
    return [chat.say(words) for chat in chats for words in said]


def scan_everything(stack: Stack) -> Hits:
    hits = Hits()
    hits.search_files(stack.workdir, SENTINELS)
    return hits


def assert_stored(stack: Stack, token: str, reference: str) -> None:
    record = fetch_record(stack, token, reference)
    young = record["young_person"]
    assert "Quentin" in f"{young['first_name']} {young.get('last_name') or ''}", young
    assert young["date_of_birth"] == "2012-02-29", young
    assert PHRASE in record["concern"]["description"], record["concern"]
    assert any(NAME in turn["text"] for turn in record["transcript"])


def report(
    capsys: pytest.CaptureFixture[str], title: str, paths: list[str], sent: list[Sent], hits: Hits
) -> None:
    statuses = Counter(f"{s.channel} {s.status}" for s in sent)
    by_status = ", ".join(f"{key} x{n}" for key, n in sorted(statuses.items()))
    lines = [
        f"{title}: {len(sent)} messages and transcripts besides the referral "
        f"(by channel and status: {by_status})",
        *(f"  path: {path}" for path in paths),
        f"  searched {hits.files} files and tables ({hits.scanned_bytes:,} bytes) for "
        f"{len(SENTINELS)} sentinels in {len(spellings(NAME))} spellings each:",
    ]
    lines += [f"    {where}" for where in hits.scanned]
    lines.append(f"  sentinel hits: {len(hits.found)}")
    if hits.found:
        lines.append(hits.table())
    with capsys.disabled():
        print("\n" + "\n".join(lines))


@pytest.mark.e2e
def test_no_sentinel_in_any_log_or_store_after_every_channel_and_the_action_server_killed(
    fuzz_stack: FuzzStack, capsys: pytest.CaptureFixture[str]
) -> None:
    stack = fuzz_stack.stack
    transcripts = Transcripts(stack, fuzz_stack.art_token)
    paths: list[str] = []
    sent: list[Sent] = []

    # A whole referral in the web chat, submitted.
    chat = Chat(stack.rasa_url, channel="webchat")
    run = run_referral(chat, REFERRAL_OPENING, REFERRAL)
    assert "HSB-" in run.bot_text, chat.transcript()
    # Stored (encrypted): what is searched for below did reach the case database.
    assert_stored(stack, fuzz_stack.admin_token, reference_in(run.bot_text))
    paths.append(f"web chat: a whole referral, submitted ({chat.turns} turns)")

    # Every chat channel: answers, free text and odd input.
    chats = conversations(fuzz_stack, "every-channel")
    said = say_everywhere(chats, SAID)
    sent += said
    paths.append("web chat, REST, Teams, SMS relay: " + ", ".join(
        ["opening", "name", "date of birth", "account", "/inform{...} with the name",
         "unpaired surrogates", "10,000 characters", "disclosure", "carry on",
         "speak to a person"]))  # fmt: skip
    for s in said:
        assert not s.server_error, s
    assert any("999" in r for s in said if s.channel == "webchat" for r in s.replies)

    # Texts through the backend's Twilio webhook (from a number that opted out).
    twilio = Twilio(stack, "twilio-sentinel", "+447700900555")
    sent += [twilio.say(words) for words in ["STOP", OPENING, NAME, DOB, ACCOUNT]]
    paths.append("Twilio webhook: STOP, then the sentinels as texts")

    # ART call transcripts, both shapes.
    for label, text in (("json", JSON_TRANSCRIPT), ("text", TEXT_TRANSCRIPT)):
        posted, _ = transcripts.post(f"art-{label}", text, 4)
        sent.append(posted)
    paths.append("ART transcripts: JSON turns, and 'Speaker: words' lines with a surrogate")

    # (a) The action server killed: a message on every chat channel, and a transcript.
    down = conversations(fuzz_stack, "actions-down")
    for c in down:
        c.say(OPENING)
    fuzz_stack.faults_injected = True
    stack.stop_process("actions", kill=True)
    try:
        failed = say_everywhere(down, [NAME, DISCLOSURE])
        sent += failed
        sent.append(transcripts.post("art-actions-down", JSON_TRANSCRIPT, 4)[0])
        for s in failed:
            if s.text == DISCLOSURE:  # kept, and the safety message said (bot/turn_guard.py)
                assert s.status is not None and s.status < 500, s
                assert any("999" in reply for reply in s.replies), s
            else:
                assert s.server_error, f"a turn was taken with no action server: {s}"
    finally:
        stack.start_again("actions")
    sent += say_everywhere(down, [NAME, DISCLOSURE])
    paths.append("action server killed: name and disclosure on every chat channel and a "
                 "transcript; again once it was back")  # fmt: skip
    time.sleep(2)

    hits = scan_everything(stack)
    report(capsys, "Sentinels on the fuzz stack (SQLite)", paths, sent, hits)
    names = {Path(w).name for w in hits.scanned}
    assert {"rasa.log", "actions.log", "actions.1.log", "backend.log", "hsb.db",
            "conversations.sqlite3", "action-spool.sqlite3"} <= names, names  # fmt: skip
    assert not hits.found, hits.table()


# --- the case database stopped --------------------------------------------------------


@pytest.fixture(scope="module")
def postgres_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    problem = postgres_cluster.problem()
    if problem:
        pytest.skip(f"cannot stop a PostgreSQL of the test's own here: {problem}")
    train_model()
    with postgres_cluster.own_cluster() as cluster:
        stack = make_stack(tmp_path_factory.mktemp("sentinel-pg-stack"), database_url=cluster.url)
        stack.env["ACTION_SPOOL_RETRY_MAX_SECONDS"] = "3"
        try:
            stack.start()
            yield {"stack": stack, "cluster": cluster}
        finally:
            stack.stop()


def cluster_files(cluster: postgres_cluster.Cluster) -> list[Path]:
    """The cluster's data directory and its server log."""
    data = Path(f"/var/lib/postgresql/{cluster.version}/{cluster.name}")
    log = Path(f"/var/log/postgresql/postgresql-{cluster.version}-{cluster.name}.log")
    return [p for p in (data, log) if p.exists()]


def until_confirmation(chat: Chat) -> None:
    replies = chat.say(REFERRAL_OPENING)
    for _ in range(80):
        slot = asked_slot(replies)
        if slot == "confirm_submission":
            return
        assert slot in REFERRAL, f"unexpected question {slot}:\n{chat.transcript()}"
        replies = chat.say(REFERRAL[slot])
    raise AssertionError(f"no confirmation question:\n{chat.transcript()}")


@pytest.mark.e2e
def test_no_sentinel_in_any_log_or_store_after_the_database_was_down(
    postgres_stack: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    stack, cluster = postgres_stack["stack"], postgres_stack["cluster"]
    transcripts = Transcripts(stack, new_token(stack, "sentinel-art", "art"))
    sent: list[Sent] = []

    chat = Chat(stack.rasa_url, channel="webchat")
    until_confirmation(chat)
    cluster.stop()
    try:
        kept = texts(chat.say("Submit referral"))
        assert "HSB-" not in kept and "Shall I try to submit it again now" in kept, kept
        assert "call 999" in texts(chat.say(DISCLOSURE))
        other = WebChat(stack, "webchat-db-down", str(uuid.uuid4()))
        sent += [other.say(words) for words in (OPENING, NAME, DISCLOSURE, "speak to a person")]
        sent.append(transcripts.post("art-db-down", JSON_TRANSCRIPT, 4)[0])
        during = Hits()
        for name in ("action-spool.sqlite3", "action-spool.sqlite3-wal"):
            path = stack.workdir / name
            if path.exists():
                during.search(f"{name} while the database was down", path.read_bytes(),
                              SENTINELS)  # fmt: skip
    finally:
        cluster.start()

    # The kept submission and flag are applied once the database is back.
    deadline = time.monotonic() + 90
    while not [r for r in stored_rows(stack, ReferralRow) if r.submitted_at]:
        assert time.monotonic() < deadline, "the kept submission was never applied"
        time.sleep(1)
    while not [f for f in stored_rows(stack, FlagRow) if f.code == "IMMEDIATE_RISK"]:
        assert time.monotonic() < deadline, "the kept flag was never recorded"
        time.sleep(1)
    (submitted,) = [r for r in stored_rows(stack, ReferralRow) if r.submitted_at]
    assert_stored(stack, new_token(stack, "sentinel-admin", "admin"), submitted.reference)
    time.sleep(2)

    hits = scan_everything(stack)
    hits.merge(during)
    hits.search_postgres(cluster.url, SENTINELS)
    for root in cluster_files(cluster):
        if root.is_dir():
            hits.search_files(root, SENTINELS, each=False)
        else:
            hits.search(str(root), root.read_bytes(), SENTINELS)
    report(
        capsys,
        "Sentinels on the PostgreSQL stack",
        [
            f"web chat: a referral up to 'Submit' ({chat.turns} turns)",
            "database stopped: 'Submit referral' (kept), a disclosure, a new conversation "
            "with the sentinels and 'speak to a person', a transcript; database started",
        ],
        sent,
        hits,
    )
    assert any(w.startswith("postgres table") for w in hits.scanned)
    assert not hits.found, hits.table()


def test_the_search_finds_each_spelling_of_a_sentinel() -> None:
    """The search itself: a sentinel written in any of the ways searched for is found."""
    written = [
        NAME.upper().encode(),
        json.dumps({"d": DOB}).replace("/", "\\/").encode(),
        b"name=Quentin+Marchbanks-Oyelaran&x=1",
        PHRASE.encode("utf-16-le"),
        PHRASE.encode().hex().encode(),
    ]
    for data in written:
        hits = Hits()
        hits.search("sample", b"..." + data + b"...", SENTINELS)
        assert hits.found, data
    clean = Hits()
    clean.search("sample", b"Sarah Jones, 14/02/2011, an incident", SENTINELS)
    assert not clean.found
