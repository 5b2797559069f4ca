"""The production topology on loopback (scripts/topology.py, deploy/loopback/): nginx in
front of two Rasa servers sharing the conversation and lock stores in Redis, two action
servers, the backend on PostgreSQL.

- nginx exposes only the chat page, the web chat, the Teams and Twilio webhooks and the
  dashboard with its API;
- one conversation alone alternates between the Rasa servers turn by turn (round robin,
  no stickiness) and still goes on as one conversation;
- two messages of one conversation sent at the same moment to the two Rasa servers are
  both kept in the shared conversation store (the lock store takes them one at a time);
- a resume code made through one action server is redeemed through the other (their
  codes are shared in Redis), once, and the tab that paused is told its referral moved;
- a Rasa server taken out of nginx first (a planned stop) and then stopped fails no
  turn: none has to be sent again;
- 50 conversations, their turns interleaved, each a complete referral pasted as a note:
  every conversation's questions come in the one order the referral asks them (a turn
  answered out of order, lost or taken twice would change it), every referral's stored
  transcript is what was said in the order it was said, and every referral is stored
  once; halfway through, one Rasa server is stopped and the conversations carry on
  through the other.

Timings are printed (pytest -s) as figures, never asserted.
"""

from __future__ import annotations

import asyncio
import base64
import json
import re
import shutil
import statistics
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from bot.conversation_storage import RedisStorage, Sealer
from scripts.harness.chat import Chat, texts
from scripts.harness.referral_script import ReferralRun, asked_slot, run_referral
from scripts.harness.staff_api import new_token
from scripts.topology import FAIL_TIMEOUT_SECONDS, NGINX, START_TIMEOUT_SECONDS, Topology
from tests.e2e.test_conversation_restart import answer
from tests.e2e.test_referral_conversations import (
    COMMON,
    CRITERIA_MET_OPENING,
    criteria_met_answers,
    reference_in,
    years_ago,
)
from tests.e2e.test_resume_code import PAUSE, REFUSED, code_given

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
NOTE = (ROOT / "tests" / "fixtures" / "notes" / "complete_referral_form.txt").read_text()
OPENING = "Hello, I'd like to make a referral"
ANSWERS = {**COMMON, "confirm_submission": "Submit referral"}
CONVERSATIONS = 50
# Referrals under way while a Rasa server is taken out of nginx and stopped (planned).
DRAINED_CONVERSATIONS = 10
# The share of the run's turns taken before one Rasa server is stopped.
STOP_AFTER_SHARE = 0.4
# What the page does when a turn fails: offer to send the message again. Sent again here
# on 500 (the bot answered that the turn failed and kept nothing) and 502 (a Rasa server
# stopping reset the connection before answering; were that turn kept all the same, the
# order checks below would fail). A 504 (no answer in time: the turn may yet be taken)
# fails the test instead.
RESEND_ON = (500, 502)
RETRIES = 3
WEBCHAT = "/webhooks/webchat/webhook"
ACTIONS = "/webhook"  # the Rasa servers' calls to the action servers


@dataclass
class Turns:
    """Every turn's latency, and the 5xx answers that were sent again."""

    latencies: list[float] = field(default_factory=list)
    resent: Counter[int] = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def count(self) -> int:
        return len(self.latencies)


@dataclass
class WebChat(Chat):
    """A web chat client through nginx that sends a failed turn again, as the page does."""

    turns_seen: Turns = field(default_factory=Turns)

    def say(self, text: str) -> list[dict[str, Any]]:
        for attempt in range(RETRIES + 1):
            started = time.monotonic()
            response = httpx.post(
                f"{self.rasa_url}{WEBCHAT}",
                json={"sender": self.sender, "message": text},
                timeout=240,
            )
            if response.status_code not in RESEND_ON or attempt == RETRIES:
                break
            with self.turns_seen.lock:
                self.turns_seen.resent[response.status_code] += 1
            time.sleep(1)
        response.raise_for_status()
        with self.turns_seen.lock:
            self.turns_seen.latencies.append(time.monotonic() - started)
        self.turns += 1
        replies: list[dict[str, Any]] = response.json()
        self.log.append(("professional", text))
        self.log.extend(("bot", r.get("text", "")) for r in replies)
        return replies


def refer(url: str, turns: Turns) -> ReferralRun:
    chat = WebChat(url, channel="webchat", turns_seen=turns)
    chat.say(OPENING)
    return run_referral(chat, NOTE, ANSWERS)


@dataclass(frozen=True)
class Logged:
    """One line of nginx's access log: the path, status and the replicas tried."""

    path: str
    status: int
    upstreams: tuple[str, ...]


# nginx writes a request's line once the response has gone out, so a client can read the
# log before the line of the request it was just answered for lands: once a test's own
# requests are answered, the log is read when it has stopped growing for this long.
LOG_QUIET_SECONDS = 0.5
LOG_SETTLE_LIMIT_SECONDS = 15.0


def access_log(topology: Topology, *, settled: bool = True) -> list[Logged]:
    """The log's complete lines; `settled=False` reads it as it is, while traffic runs."""
    path = topology.workdir / "nginx-access.log"
    size, quiet_since = path.stat().st_size, time.monotonic()
    deadline = quiet_since + (LOG_SETTLE_LIMIT_SECONDS if settled else 0.0)
    while time.monotonic() - quiet_since < LOG_QUIET_SECONDS and time.monotonic() < deadline:
        time.sleep(0.05)
        if (now := path.stat().st_size) != size:
            size, quiet_since = now, time.monotonic()
    text = path.read_text()
    # A line still being written (no newline yet) is left for the next reading.
    lines = text[: text.rfind("\n") + 1].splitlines()
    found = []
    for line in lines:
        match = re.search(r'"(\w+) (\S+)" (\d+) .* upstream=(.*) upstream_status=', line)
        assert match, line
        upstreams = tuple(u.strip() for u in re.split(r"[,:] (?=\d)", match.group(4)))
        found.append(Logged(match.group(2), int(match.group(3)), upstreams))
    return found


def webchat_turns(logged: list[Logged]) -> list[Logged]:
    return [entry for entry in logged if entry.path == WEBCHAT]


def replica(topology: Topology, upstream: str) -> str:
    port = int(upstream.rsplit(":", 1)[1])
    return topology.rasa_names()[topology.rasa_ports.index(port)]


def action_servers(topology: Topology, logged: list[Logged]) -> set[str]:
    """The action servers that answered these calls (the last one nginx tried)."""
    ports = [int(e.upstreams[-1].rsplit(":", 1)[1]) for e in logged if e.path == ACTIONS]
    return {f"actions-{topology.action_ports.index(port) + 1}" for port in ports}


@contextmanager
def only_action_server(topology: Topology, name: str) -> Iterator[None]:
    """Every action call goes to `name` meanwhile: the other action server is stopped
    (nginx passes a refused call on), then started again, and nginx tries it again."""
    other = "actions-2" if name == "actions-1" else "actions-1"
    topology.stop_process(other)
    try:
        yield
    finally:
        topology.start_process(other)
        time.sleep(FAIL_TIMEOUT_SECONDS + 1)


def kept_user_messages(topology: Topology, conversation_id: str) -> list[str]:
    """What the person said in a conversation, read back through the conversation
    store's own API (bot/conversation_storage.py), as a Rasa server reads it."""
    key = base64.urlsafe_b64decode(topology.env["TRACKER_ENCRYPTION_KEY"])
    stored = asyncio.run(RedisStorage(topology.redis_url, key).get(conversation_id))
    assert stored is not None, conversation_id
    plain = Sealer(key).open(conversation_id, stored)
    assert plain is not None
    return [e["text"] for e in json.loads(plain)["events"] if e["event"] == "user"]


@dataclass
class Stop:
    """When a process was stopped: the turn, the access log's length before and after."""

    at_turn: int
    logged: int
    logged_after: int
    seconds: float


def referrals_with_a_stop(
    topology: Topology, turns: Turns, count: int, stop_after: int, stop: Callable[[], None]
) -> tuple[list[ReferralRun], Stop]:
    """`count` referrals at once, their turns interleaved; once `stop_after` turns were
    taken, `stop` runs while they carry on."""
    finished = threading.Event()
    stopping: list[Stop] = []

    def stop_midway() -> None:
        while turns.count < stop_after:
            if finished.wait(0.05):
                return  # the conversations ended (or failed) first
        at_turn, logged = turns.count, len(access_log(topology, settled=False))
        started = time.monotonic()
        stop()
        seconds = time.monotonic() - started
        stopping.append(Stop(at_turn, logged, len(access_log(topology, settled=False)), seconds))

    with ThreadPoolExecutor(count + 1) as pool:
        stopper = pool.submit(stop_midway)
        try:
            runs = list(pool.map(lambda _: refer(topology.public_url, turns), range(count)))
        finally:
            finished.set()
        stopper.result(timeout=START_TIMEOUT_SECONDS)
    assert stopping, "the referrals ended before the stop"
    return runs, stopping[0]


@pytest.fixture(scope="module")
def topology(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Topology]:
    if not shutil.which(NGINX):
        pytest.skip(f"nginx is not installed at {NGINX} (apt-get install nginx)")
    running = Topology(workdir=tmp_path_factory.mktemp("topology"))
    try:
        running.start()
        yield running
    finally:
        running.stop()


@pytest.fixture(scope="module")
def staff_token(topology: Topology) -> str:
    return new_token(topology, "topology-test", "admin")  # only its cli() is used


EXPOSED = {
    "/": 200,
    "/webchat/config.json": 200,
    "/webchat/chat.js": 200,
    "/dashboard": 200,
    "/api/me": 401,  # the staff API, which asks for a token
}
HIDDEN = [
    "/model",
    "/status",
    "/version",
    "/conversations/x/tracker",
    "/webhook",  # the action server's
    "/health",
    "/docs",
    "/openapi.json",
    "/webhooks/webchat/",
    "/webhooks/rest/webhook",
    "/webhooks/twilio_sms/webhook",  # the backend's relay, on the internal listener only
    "/webhooks/art_transcript/webhook",
]


def test_nginx_exposes_only_the_chat_the_webhooks_and_the_dashboard(topology: Topology) -> None:
    url = topology.public_url
    for path, expected in EXPOSED.items():
        assert httpx.get(url + path, timeout=10).status_code == expected, path
    for path in HIDDEN:
        assert httpx.get(url + path, timeout=10).status_code == 404, path
        assert httpx.post(url + path, json={}, timeout=10).status_code == 404, path
    # The Twilio and Teams webhooks reach their services, which refuse unsigned requests.
    assert httpx.post(f"{url}/sms/twilio/inbound", data={}, timeout=10).status_code == 403
    teams = httpx.post(f"{url}/webhooks/teams/webhook", json={}, timeout=10)
    assert teams.status_code in (401, 403), teams.text
    # The chat page is sent to nginx for the web chat: one origin for everything.
    config = httpx.get(f"{url}/webchat/config.json", timeout=10).json()
    assert config == {"rasaUrl": url}


def test_one_conversation_alternates_between_the_rasa_servers(topology: Topology) -> None:
    before = len(access_log(topology))
    run = refer(topology.public_url, Turns())
    reference_in(run.bot_text)
    served = [
        replica(topology, entry.upstreams[-1])
        for entry in webchat_turns(access_log(topology)[before:])
    ]
    assert len(served) == run.chat.turns
    assert all(a != b for a, b in zip(served, served[1:], strict=False)), served


def test_two_messages_sent_at_once_to_both_rasa_servers_are_both_kept(
    topology: Topology,
) -> None:
    chat = WebChat(topology.public_url, channel="webchat")
    chat.say(OPENING)
    messages = ["I'm a social worker", "What happens to the information I give?"]
    both = threading.Barrier(len(messages))

    def send(port: int, text: str) -> int:
        both.wait()
        response = httpx.post(
            f"http://127.0.0.1:{port}{WEBCHAT}",
            json={"sender": chat.sender, "message": text},
            timeout=240,
        )
        return response.status_code

    with ThreadPoolExecutor(len(messages)) as pool:
        statuses = list(pool.map(send, topology.rasa_ports, messages))
    assert statuses == [200, 200]
    kept = kept_user_messages(topology, chat.conversation_id)
    assert kept[0] == OPENING and sorted(kept[1:]) == sorted(messages), kept


def test_a_resume_code_made_through_one_action_server_is_redeemed_through_the_other(
    topology: Topology,
) -> None:
    answers = criteria_met_answers(years_ago(14))
    first = WebChat(topology.public_url, channel="webchat")
    started = len(access_log(topology))
    with only_action_server(topology, "actions-1"):
        replies = answer(first, first.say(CRITERIA_MET_OPENING), answers, [], 2)
        pending = asked_slot(replies)
        assert pending is not None, first.transcript()
        code = code_given(first.say(PAUSE))
    made = len(access_log(topology))
    with only_action_server(topology, "actions-2"):
        elsewhere = WebChat(topology.public_url, channel="webchat")
        replies = elsewhere.say(f"resume {code}")
    redeemed = len(access_log(topology))
    assert "Welcome back" in texts(replies), elsewhere.transcript()
    assert asked_slot(replies) == pending, elsewhere.transcript()
    logged = access_log(topology)
    assert action_servers(topology, logged[started:made]) == {"actions-1"}
    assert action_servers(topology, logged[made:redeemed]) == {"actions-2"}

    # Once, whichever action server is asked; and the first tab is told, once.
    for _ in range(2):
        again = WebChat(topology.public_url, channel="webchat").say(f"resume {code}")
        assert REFUSED in texts(again)
    assert "carried on in another tab or device" in texts(first.say("carry on"))


def test_a_rasa_server_taken_out_of_nginx_first_stops_without_failing_a_turn(
    topology: Topology,
) -> None:
    turns = Turns()
    stop_after = DRAINED_CONVERSATIONS * 3

    def planned_stop() -> None:
        topology.drain("rasa-2")
        topology.stop_process("rasa-2")

    try:
        runs, stopping = referrals_with_a_stop(
            topology, turns, DRAINED_CONVERSATIONS, stop_after, planned_stop
        )
    finally:
        topology.undrain("rasa-2")
        if topology.processes["rasa-2"].poll() is not None:
            topology.start_process("rasa-2")
    references = {reference_in(run.bot_text) for run in runs}
    assert len(references) == DRAINED_CONVERSATIONS
    # Not one turn was reset or failed: none had to be sent again.
    assert not turns.resent, dict(turns.resent)
    print(
        f"\nPlanned stop: rasa-2 taken out of nginx at turn {stopping.at_turn} of "
        f"{turns.count}, its turns answered and the process gone in {stopping.seconds:.1f} s; "
        "no turn sent again."
    )


def test_fifty_interleaved_conversations_survive_a_rasa_server_stopping(
    topology: Topology, staff_token: str
) -> None:
    # One referral alone gives the order of questions every conversation must follow.
    alone = refer(topology.public_url, Turns())
    expected_order = alone.asked
    stop_after = int(STOP_AFTER_SHARE * CONVERSATIONS * (len(expected_order) + 2))
    logged_before = len(access_log(topology))
    turns = Turns()
    started = time.monotonic()
    runs, stopping = referrals_with_a_stop(
        topology, turns, CONVERSATIONS, stop_after, lambda: topology.stop_process("rasa-2")
    )
    elapsed = time.monotonic() - started

    # In order: each conversation asked exactly the questions, in exactly the order, of
    # the conversation that ran alone, and ended with its own reference.
    for run in runs:
        assert run.asked == expected_order, run.chat.transcript()
    references = [reference_in(run.bot_text) for run in runs] + [reference_in(alone.bot_text)]
    assert len(set(references)) == len(references)

    # Stored once each, with what was said in the order it was said.
    headers = {"Authorization": f"Bearer {staff_token}"}
    listed = httpx.get(
        f"{topology.public_url}/api/referrals", params={"per_page": 100}, headers=headers
    ).json()
    stored = Counter(item["reference"] for item in listed["items"])
    assert all(stored[ref] == 1 for ref in references), stored
    for run, reference in zip(runs, references, strict=False):
        record = httpx.get(
            f"{topology.public_url}/api/referrals/{reference}", headers=headers, timeout=30
        ).json()
        said = [t["text"] for t in record["transcript"] if t["speaker"] == "professional"]
        sent = [
            "\n".join(line for line in text.splitlines() if line.strip())
            for who, text in run.chat.log
            if who == "professional"
        ]
        assert said == sent, (reference, said, sent)

    # Both Rasa servers took turns before the stop; only the other one after it.
    logged = access_log(topology)
    before_stop = webchat_turns(logged[logged_before : stopping.logged])
    after_stop = webchat_turns(logged[stopping.logged_after :])
    served_before = Counter(replica(topology, e.upstreams[-1]) for e in before_stop)
    assert set(served_before) == {"rasa-1", "rasa-2"}, served_before
    assert after_stop and all(replica(topology, e.upstreams[-1]) == "rasa-1" for e in after_stop)
    passed_on = sum(1 for e in webchat_turns(logged[logged_before:]) if len(e.upstreams) > 1)

    total_turns = turns.count
    latencies = sorted(turns.latencies)
    print(
        f"\nTopology: {CONVERSATIONS} conversations, {total_turns} turns in {elapsed:.1f} s "
        f"({total_turns / elapsed:.1f} turns/s); turn p50 "
        f"{statistics.median(latencies) * 1000:.0f} ms, p95 "
        f"{latencies[int(0.95 * (len(latencies) - 1))] * 1000:.0f} ms, max "
        f"{latencies[-1] * 1000:.0f} ms.\n"
        f"Turns before the stop: {dict(served_before)}; rasa-2 stopped (SIGTERM) at turn "
        f"{stopping.at_turn}, gone in {stopping.seconds:.1f} s; turns after it: "
        f"{len(after_stop)}, all on rasa-1; turns nginx passed to the other server after a "
        f"refused connection: {passed_on}; failed turns sent again: {dict(turns.resent) or 0}."
    )
