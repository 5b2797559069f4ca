"""Starts the real thing for end-to-end tests: the trained Rasa server, the action server
and the case backend, each on a free port, against a fresh database."""

from __future__ import annotations

import base64
import os
import socket
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import httpx

from scripts.train_if_changed import train_if_changed

ROOT = Path(__file__).resolve().parents[2]
APP_PY = ROOT / ".venv-app" / "bin" / "python"
RASA = ROOT / ".venv-rasa" / "bin" / "rasa"
MODEL = ROOT / "models" / "hsb.tar.gz"


# What a test needs to know of a running stack's configuration.
SHARED_SETTINGS = (
    "DATABASE_URL",
    "FIELD_ENCRYPTION_KEY",
    "TRACKER_ENCRYPTION_KEY",
    "TRACKER_STORE_URL",
    "TRACKER_STORE_PATH",
    "TRANSCRIPT_RELAY_SECRET",
    "ACTION_SERVER_TOKEN",
    "ACTION_SPOOL_PATH",
    "RESUME_CODES_PATH",
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_until_up(
    name: str,
    url: str,
    process: subprocess.Popen[bytes],
    log_tail: Callable[[], str],
    timeout: float = 90,
) -> None:
    """Waits until url answers 200; fails, with the log's tail, if the process exits or
    the time runs out first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{name} exited early:\n{log_tail()}")
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"{name} did not come up at {url}:\n{log_tail()}")


def train_model() -> Path:
    return train_if_changed()


def spawn(
    workdir: Path, name: str, args: list[str], env: dict[str, str], append: bool = False
) -> subprocess.Popen[bytes]:
    """Starts a process from the repository root, its output in workdir/<name>.log (added
    to what is there when `append`: a restarted process)."""
    log = open(workdir / f"{name}.log", "ab" if append else "wb")  # noqa: SIM115 - closed with the process
    return subprocess.Popen(args, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)


def log_tail(workdir: Path, name: str, lines: int = 40) -> str:
    path = workdir / f"{name}.log"
    return (
        "\n".join(path.read_text(errors="replace").splitlines()[-lines:]) if path.exists() else ""
    )


def backend_cli(env: dict[str, str], *args: str) -> str:
    """The backend's command line (migrate, create-token) with env's settings."""
    done = subprocess.run(
        [str(APP_PY), "-m", "backend.cli", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


@dataclass
class Stack:
    workdir: Path
    database_url: str
    env: dict[str, str]
    rasa_port: int = field(default_factory=free_port)
    actions_port: int = field(default_factory=free_port)
    backend_port: int = field(default_factory=free_port)
    # The widget's demonstration host site (scripts/demo_host.py): by 127.0.0.1 and by
    # localhost, the two other origins allowed to frame the chat page (WIDGET_HOST_ORIGINS).
    widget_host_port: int = field(default_factory=free_port)
    processes: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)

    @property
    def rasa_url(self) -> str:
        return f"http://127.0.0.1:{self.rasa_port}"

    @property
    def backend_url(self) -> str:
        return f"http://127.0.0.1:{self.backend_port}"

    @property
    def widget_host_url(self) -> str:
        return f"http://127.0.0.1:{self.widget_host_port}"

    @property
    def widget_host_cross_site_url(self) -> str:
        """The same demonstration site by another name: another site than the chat's
        127.0.0.1, as a council's site would be (its frame's storage is partitioned)."""
        return f"http://localhost:{self.widget_host_port}"

    @property
    def actions_url(self) -> str:
        return f"http://127.0.0.1:{self.actions_port}"

    def describe(self) -> dict[str, object]:
        return {
            "workdir": str(self.workdir),
            "database_url": self.database_url,
            "env": {k: self.env[k] for k in SHARED_SETTINGS},
            "ports": [self.rasa_port, self.actions_port, self.backend_port],
            "widget_host_port": self.widget_host_port,
        }

    @classmethod
    def from_description(cls, description: dict[str, Any]) -> Stack:
        rasa, actions, backend = description["ports"]
        env = {**os.environ, **description["env"]}
        return cls(
            workdir=Path(description["workdir"]),
            database_url=description["database_url"],
            env=env,
            rasa_port=rasa,
            actions_port=actions,
            backend_port=backend,
            widget_host_port=description.get("widget_host_port", free_port()),
        )

    def _spawn(self, name: str, args: list[str]) -> None:
        self.processes[name] = spawn(self.workdir, name, args, self.env)

    def log_tail(self, name: str, lines: int = 40) -> str:
        return log_tail(self.workdir, name, lines)

    def cli(self, *args: str) -> str:
        return backend_cli(self.env, *args)

    def credentials_with_dev_rest(self) -> Path:
        """The shipped channels plus the REST channel for tests (bot/channels/dev_rest.py),
        which the shipped credentials.yml leaves out."""
        path = self.workdir / "credentials.yml"
        shipped = (ROOT / "credentials.yml").read_text()
        path.write_text(shipped + "\nbot.channels.dev_rest.DevRestInput:\n")
        return path

    def start_actions(self) -> None:
        """The action server alone, on loopback, taking calls with the stack's secret."""
        self.env.update(
            {
                "ACTION_SERVER_URL": f"{self.actions_url}/webhook",
                "ACTION_SERVER_PORT": str(self.actions_port),
            }
        )
        self._spawn("actions", [str(APP_PY), "-m", "actions.server"])

    def start_backend(self, wait: bool = False) -> None:
        """The case backend (API and chat page) on loopback; with wait, until it answers."""
        self._spawn(
            "backend",
            [
                str(APP_PY),
                "-m",
                "uvicorn",
                "backend.api.main:app",
                "--host",
                "127.0.0.1",
                "--port",
                str(self.backend_port),
            ],
        )
        if wait:
            self._wait_until_up("backend", self.health_url("backend"))

    def start_widget_host(self, name: str, port: int) -> None:
        """A demonstration host site for the widget on port, loading it from this stack's
        backend; only widget_host_port's is in WIDGET_HOST_ORIGINS."""
        self._spawn(
            name,
            [
                str(APP_PY),
                "-m",
                "scripts.demo_host",
                "--port",
                str(port),
                "--chat-origin",
                self.backend_url,
            ],
        )
        self._wait_until_up(name, f"http://127.0.0.1:{port}/")

    def start(self) -> None:
        self.env.update(
            {
                "RASA_PUBLIC_URL": self.rasa_url,
                "CHAT_PAGE_ORIGIN": self.backend_url,
                "WIDGET_HOST_ORIGINS": f"{self.widget_host_url},{self.widget_host_cross_site_url}",
            }
        )
        self.cli("migrate")
        self.start_actions()
        self.start_backend()
        self.start_widget_host("widget_host", self.widget_host_port)
        self._spawn(
            "rasa",
            [
                str(RASA),
                "run",
                "--model",
                str(MODEL),
                "--port",
                str(self.rasa_port),
                "--interface",
                "127.0.0.1",
                "--cors",
                self.backend_url,
                "--credentials",
                str(self.credentials_with_dev_rest()),
                "--endpoints",
                "endpoints.yml",
            ],
        )
        for name in ("actions", "backend", "rasa"):
            self._wait_until_up(name, self.health_url(name), timeout=240)

    def _wait_until_up(self, name: str, url: str, timeout: float = 90) -> None:
        wait_until_up(name, url, self.processes[name], lambda: self.log_tail(name), timeout)

    def health_url(self, name: str) -> str:
        return {
            "actions": f"{self.actions_url}/health",
            "backend": f"{self.backend_url}/health",
            "rasa": f"{self.rasa_url}/webhooks/rest/",
        }[name]

    def stop_process(self, name: str, kill: bool = False) -> None:
        """Stops one process: SIGTERM, or SIGKILL as in a crash."""
        process = self.processes[name]
        if kill:
            process.kill()
        else:
            process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    def start_again(self, name: str) -> None:
        """Starts a stopped process with its arguments; the earlier runs' logs are kept
        as `<name>.1.log`, ..."""
        process = self.processes[name]
        runs = 1 + len(list(self.workdir.glob(f"{name}.*.log")))
        (self.workdir / f"{name}.log").replace(self.workdir / f"{name}.{runs}.log")
        arguments = cast("list[str]", process.args)  # _spawn always passes a list
        self._spawn(name, [str(arg) for arg in arguments])
        self._wait_until_up(name, self.health_url(name), timeout=240)

    def restart(self, name: str, kill: bool = False) -> None:
        self.stop_process(name, kill)
        self.start_again(name)

    def stop(self) -> None:
        for process in self.processes.values():
            process.terminate()
        for process in self.processes.values():
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


def make_stack(
    workdir: Path, database_url: str | None = None, tracker_store_url: str | None = None
) -> Stack:
    url = database_url or f"sqlite:///{workdir / 'hsb.db'}"
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "FIELD_ENCRYPTION_KEY": base64.urlsafe_b64encode(os.urandom(32)).decode(),
        "TRACKER_ENCRYPTION_KEY": base64.urlsafe_b64encode(os.urandom(32)).decode(),
        "TRACKER_STORE_URL": tracker_store_url or "",
        # Without Redis, conversations rest in this stack's own file, never the developer's var/.
        "TRACKER_STORE_PATH": str(workdir / "conversations.sqlite3"),
        "TRANSCRIPT_RELAY_SECRET": base64.urlsafe_b64encode(os.urandom(32)).decode(),
        "ACTION_SERVER_TOKEN": base64.urlsafe_b64encode(os.urandom(32)).decode(),
        "ACTION_SPOOL_PATH": str(workdir / "action-spool.sqlite3"),
        "RESUME_CODES_PATH": str(workdir / "resume-codes.sqlite3"),
        # No texts can be sent unless a test sets Twilio up (tests/support/sms_stack.py),
        # whatever .env says.
        "TWILIO_ACCOUNT_SID": "",
        "TWILIO_AUTH_TOKEN": "",
        "RASA_TELEMETRY_ENABLED": "false",
        "TF_CPP_MIN_LOG_LEVEL": "2",
        "LOG_LEVEL": "INFO",
    }
    return Stack(workdir=workdir, database_url=url, env=env)
