"""The action server as deployed (`python -m actions.server`), as a real process: only
the Rasa server, holding the shared secret, may call it; it listens on loopback; a
failing action gives a bare 500, and nothing personal reaches its log."""

from __future__ import annotations

import base64
import os
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from scripts.harness.stack import APP_PY, ROOT, free_port

SENTINEL = "Ottoline Featherstonehaugh"
# The forged submission from issue 11: made-up slots straight to the action server.
FORGED = {
    "next_action": "action_submit_referral",
    "sender_id": "attacker",
    "tracker": {
        "sender_id": "attacker",
        "slots": {
            "referral_key": "forged",
            "referrer_name": SENTINEL,
            "yp_gender": "banana",
            "yp_date_of_birth": "not a date",
            "referrer_email": "not-an-email",
        },
        "latest_message": {"text": "submit", "intent": {"name": "affirm"}},
        "events": [],
        "latest_input_channel": "teams",
    },
    "domain": {},
    "version": "3.6.21",
}


def server_env(tmp_path: Path, port: int, token: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'hsb.db'}",
        "FIELD_ENCRYPTION_KEY": base64.urlsafe_b64encode(os.urandom(32)).decode(),
        "ACTION_SERVER_PORT": str(port),
        "ACTION_SERVER_TOKEN": token,
        "ACTION_SPOOL_PATH": str(tmp_path / "spool.sqlite3"),
        "LOG_LEVEL": "INFO",
    }


@pytest.fixture(scope="module")
def action_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    tmp_path = tmp_path_factory.mktemp("action-server")
    port, token = free_port(), base64.urlsafe_b64encode(os.urandom(24)).decode()
    env = server_env(tmp_path, port, token)
    subprocess.run(
        [str(APP_PY), "-m", "backend.cli", "migrate"], cwd=ROOT, env=env, check=True,
        capture_output=True,
    )  # fmt: skip
    log = tmp_path / "actions.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [str(APP_PY), "-m", "actions.server"], cwd=ROOT, env=env, stdout=out, stderr=out
        )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/health", timeout=2).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.3)
    else:
        process.kill()
        raise RuntimeError(log.read_text())
    try:
        yield {"url": url, "token": token, "port": port, "log": log, "db": tmp_path / "hsb.db"}
    finally:
        process.terminate()
        process.wait(timeout=20)


def test_a_forged_call_without_the_secret_is_refused_and_stores_nothing(
    action_server: dict[str, Any],
) -> None:
    url = action_server["url"]
    for headers, params in [
        ({}, {}),
        ({"Authorization": "Bearer wrong"}, {}),
        ({"Authorization": action_server["token"]}, {}),  # no "Bearer "
        ({}, {"token": action_server["token"]}),  # Rasa's query-string token is not taken
    ]:
        response = httpx.post(f"{url}/webhook", json=FORGED, headers=headers, params=params)
        assert response.status_code == 401
        assert SENTINEL not in response.text
    assert httpx.get(f"{url}/actions").status_code == 401
    assert SENTINEL.encode() not in action_server["db"].read_bytes()


def test_the_rasa_server_with_the_secret_is_served(action_server: dict[str, Any]) -> None:
    call = {
        **FORGED,
        "next_action": "action_start_referral",
        "tracker": {**FORGED["tracker"], "slots": {}},
    }
    response = httpx.post(
        f"{action_server['url']}/webhook",
        json=call,
        headers={"Authorization": f"Bearer {action_server['token']}"},
    )
    assert response.status_code == 200
    assert any(e.get("name") == "referral_key" for e in response.json()["events"])


def test_a_failing_action_answers_a_bare_500_and_logs_no_personal_data(
    action_server: dict[str, Any],
) -> None:
    broken = {**FORGED, "tracker": {**FORGED["tracker"], "events": "not a list"}}
    response = httpx.post(
        f"{action_server['url']}/webhook",
        json=broken,
        headers={"Authorization": f"Bearer {action_server['token']}"},
    )
    assert response.status_code == 500
    assert response.json() == {"error": "action failed"}
    time.sleep(0.5)
    assert SENTINEL not in action_server["log"].read_text(errors="replace")


def listening_addresses(port: int) -> set[str]:
    """Local addresses with a listening TCP socket on the port (from /proc/net/tcp*)."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, local_port = local.split(":")
            if state == "0A" and int(local_port, 16) == port:
                found.add(address)
    return found


def test_it_listens_on_loopback_only(action_server: dict[str, Any]) -> None:
    assert listening_addresses(action_server["port"]) == {"0100007F"}  # 127.0.0.1


def test_it_will_not_start_without_a_secret(tmp_path: Path) -> None:
    env = server_env(tmp_path, free_port(), "")
    done = subprocess.run(
        [str(APP_PY), "-m", "actions.server"], cwd=ROOT, env=env, capture_output=True,
        text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode != 0
    assert "ACTION_SERVER_TOKEN is not set" in done.stderr
