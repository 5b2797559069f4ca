"""The production topology, run on loopback: nginx in front of two Rasa servers, two
action servers and the case backend on PostgreSQL, with the conversation store, the
Rasa servers' lock store and the action servers' resume codes shared in Redis
(deploy/loopback/README.md draws it).

Every process is started with its command line from the Procfile (the same commands the
images run), given its own port and settings. `make topology` runs it in the foreground
until Ctrl-C; tests/e2e/test_topology.py drives it.

    .venv-app/bin/python -m scripts.topology [--port 8080] [--workdir var/topology]
"""

from __future__ import annotations

import argparse
import base64
import os
import re
import shlex
import shutil
import signal
import subprocess
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import redis
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from scripts.harness.stack import (
    backend_cli,
    free_port,
    log_tail,
    spawn,
    train_model,
    wait_until_up,
)

ROOT = Path(__file__).resolve().parent.parent
NGINX_TEMPLATE = ROOT / "deploy" / "loopback" / "nginx.conf.template"
NGINX = os.environ.get("NGINX", "/usr/sbin/nginx")
# The server a fresh database is made on (and dropped from afterwards).
POSTGRES_ADMIN_URL = os.environ.get(
    "HSB_TOPOLOGY_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
# Redis database 11: the tests' conversation store uses 5, development usually 0. Only
# this database is flushed, before and after a run.
REDIS_URL = os.environ.get("HSB_TOPOLOGY_REDIS_URL", "redis://127.0.0.1:6379/11")
REPLICAS = 2
# How long nginx leaves out a replica it could not reach before trying it again.
FAIL_TIMEOUT_SECONDS = 10
START_TIMEOUT_SECONDS = 300  # two Rasa servers loading their models on two busy cores
# How long a Rasa server taken out of nginx may take to answer the turns it holds.
DRAIN_TIMEOUT_SECONDS = 120


def new_secret() -> str:
    return base64.urlsafe_b64encode(os.urandom(32)).decode()


def open_connections(port: int) -> int:
    """Connections open to this local port (TCP, established): the requests a server has
    accepted and those still queued for it to accept."""
    count = 0
    for table in (Path("/proc/net/tcp"), Path("/proc/net/tcp6")):
        if not table.exists():
            continue
        for line in table.read_text().splitlines()[1:]:
            fields = line.split()
            if fields[3] == "01" and int(fields[1].rsplit(":", 1)[1], 16) == port:
                count += 1
    return count


def procfile_command(name: str, env: dict[str, str], options: dict[str, str]) -> list[str]:
    """The Procfile's command for `name`, without the development restart wrapper (the
    platform restarts processes in production), with `options` (e.g. --port) replaced and
    $VARIABLES taken from env."""
    for line in (ROOT / "Procfile").read_text().splitlines():
        process, _, command = line.partition(":")
        if process.strip() == name:
            break
    else:
        raise KeyError(f"no {name!r} in the Procfile")
    words = shlex.split(command)
    if words[0] == "scripts/keep-running":
        words = words[1:]
    for option, value in options.items():
        words[words.index(option) + 1] = value
    return [re.sub(r"\$(\w+)", lambda m: env[m.group(1)], word) for word in words]


@dataclass
class Topology:
    workdir: Path
    public_port: int = field(default_factory=free_port)
    internal_port: int = field(default_factory=free_port)
    backend_port: int = field(default_factory=free_port)
    rasa_ports: list[int] = field(default_factory=lambda: [free_port() for _ in range(REPLICAS)])
    action_ports: list[int] = field(default_factory=lambda: [free_port() for _ in range(REPLICAS)])
    redis_url: str = REDIS_URL
    database_name: str = field(default_factory=lambda: f"topo_{uuid.uuid4().hex[:12]}")
    processes: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)
    commands: dict[str, tuple[list[str], dict[str, str]]] = field(default_factory=dict)
    # Rasa servers taken out of nginx's rotation (`down`), for a planned stop.
    drained: set[str] = field(default_factory=set)
    env: dict[str, str] = field(default_factory=dict)

    @property
    def public_url(self) -> str:
        return f"http://127.0.0.1:{self.public_port}"

    @property
    def internal_url(self) -> str:
        return f"http://127.0.0.1:{self.internal_port}"

    @property
    def database_url(self) -> str:
        admin = make_url(POSTGRES_ADMIN_URL)
        return admin.set(database=self.database_name).render_as_string(hide_password=False)

    def rasa_names(self) -> list[str]:
        return [f"rasa-{i + 1}" for i in range(REPLICAS)]

    def settings(self) -> dict[str, str]:
        """What every process shares (each adds its port, the action servers their spool)."""
        return {
            **os.environ,
            "DATABASE_URL": self.database_url,
            "FIELD_ENCRYPTION_KEY": new_secret(),
            "TRACKER_ENCRYPTION_KEY": new_secret(),
            "TRACKER_STORE_URL": self.redis_url,
            "ACTION_SERVER_TOKEN": new_secret(),
            "TRANSCRIPT_RELAY_SECRET": new_secret(),
            "SMS_RELAY_SECRET": new_secret(),
            "SMS_NUMBER_KEY": new_secret(),
            # The chat page and the web chat share nginx's origin.
            "RASA_PUBLIC_URL": self.public_url,
            "CHAT_PAGE_ORIGIN": self.public_url,
            "DASHBOARD_URL": f"{self.public_url}/dashboard",
            # The services reach each other through nginx's loopback-only listener.
            "ACTION_SERVER_URL": f"{self.internal_url}/webhook",
            "SMS_RELAY_URL": f"{self.internal_url}/webhooks/twilio_sms/webhook",
            "TRANSCRIPT_RELAY_URL": f"{self.internal_url}/webhooks/art_transcript/webhook",
            "ACTION_SERVER_HOST": "127.0.0.1",
            # Two backend processes (uvicorn's workers), as deployed on PostgreSQL.
            "WEB_CONCURRENCY": "2",
            # Texts stay off unless an operator sets Twilio up in the environment.
            "TWILIO_ACCOUNT_SID": os.environ.get("TWILIO_ACCOUNT_SID", ""),
            "TWILIO_AUTH_TOKEN": os.environ.get("TWILIO_AUTH_TOKEN", ""),
            "RASA_TELEMETRY_ENABLED": "false",
            "TF_CPP_MIN_LOG_LEVEL": "2",
            "LOG_LEVEL": os.environ.get("LOG_LEVEL", "INFO"),
        }

    # --- shared state: a fresh database and a clean Redis database -----------------

    def _admin(self, statement: str) -> None:
        engine = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
        try:
            with engine.connect() as connection:
                connection.execute(text(statement))
        finally:
            engine.dispose()

    def _flush_redis(self) -> None:
        client = redis.Redis.from_url(self.redis_url)
        try:
            client.flushdb()
        finally:
            client.close()

    # --- processes -------------------------------------------------------------------

    def _spawn(self, name: str, args: list[str], env: dict[str, str]) -> None:
        self.commands[name] = (args, env)
        self.processes[name] = spawn(self.workdir, name, args, env)

    def log_tail(self, name: str, lines: int = 40) -> str:
        return log_tail(self.workdir, name, lines)

    def cli(self, *args: str) -> str:
        """The backend's command line (migrate, create-token) against this topology."""
        return backend_cli(self.env, *args)

    def write_nginx_config(self) -> Path:
        (self.workdir / "nginx-temp").mkdir(exist_ok=True)

        def servers(ports: list[int], down: frozenset[int] = frozenset()) -> str:
            return "\n".join(
                f"        server 127.0.0.1:{port}{' down' if port in down else ''} max_fails=1"
                f" fail_timeout={FAIL_TIMEOUT_SECONDS}s;"
                for port in ports
            )

        drained = frozenset(self.rasa_ports[self.rasa_names().index(n)] for n in self.drained)

        config = NGINX_TEMPLATE.read_text()
        for name, value in {
            "WORKDIR": str(self.workdir),
            "PUBLIC_PORT": str(self.public_port),
            "INTERNAL_PORT": str(self.internal_port),
            "BACKEND_PORT": str(self.backend_port),
            "RASA_SERVERS": servers(self.rasa_ports, drained),
            "ACTION_SERVERS": servers(self.action_ports),
        }.items():
            config = config.replace(f"@{name}@", value)
        path = self.workdir / "nginx.conf"
        path.write_text(config)
        return path

    def start(self) -> None:
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.workdir.chmod(0o700)
        self.env = self.settings()
        self._admin(f'CREATE DATABASE "{self.database_name}"')
        self._flush_redis()
        self.cli("migrate")
        for i, port in enumerate(self.action_ports, start=1):
            env = {
                **self.env,
                "ACTION_SERVER_PORT": str(port),
                # Each action server its own spool, as on separate hosts; the backend's
                # command ledger keeps a command applied once whichever server sends it.
                "ACTION_SPOOL_PATH": str(self.workdir / f"action-spool-{i}.sqlite3"),
                # Resume codes shared in Redis: a code made through one action server is
                # redeemed through the other. (Each its own file too, unused, so that
                # nothing is shared by being on one host.)
                "RESUME_CODES_REDIS_URL": self.redis_url,
                "RESUME_CODES_PATH": str(self.workdir / f"resume-codes-{i}.sqlite3"),
            }
            self._spawn(f"actions-{i}", procfile_command("actions", env, {}), env)
        backend = procfile_command("backend", self.env, {"--port": str(self.backend_port)})
        self._spawn("backend", backend, self.env)
        for name, port in zip(self.rasa_names(), self.rasa_ports, strict=True):
            # the shipped endpoints.yml: with TRACKER_STORE_URL set, its lock store is
            # in the same Redis, shared by both servers (bot/lock_store.py)
            options = {"--port": str(port)}
            self._spawn(name, procfile_command("rasa", self.env, options), self.env)
        config = self.write_nginx_config()
        nginx = [NGINX, "-p", str(self.workdir), "-e", str(self.workdir / "nginx-error.log")]
        self._spawn("nginx", [*nginx, "-c", str(config), "-g", "daemon off;"], self.env)
        for name, url in self.health_urls().items():
            wait_until_up(
                name,
                url,
                self.processes[name],
                lambda name=name: self.log_tail(name),  # type: ignore[misc]
                timeout=START_TIMEOUT_SECONDS,
            )

    def health_urls(self) -> dict[str, str]:
        urls = {
            f"actions-{i}": f"http://127.0.0.1:{p}/health"
            for i, p in enumerate(self.action_ports, start=1)
        }
        urls["backend"] = f"http://127.0.0.1:{self.backend_port}/health"
        for name, port in zip(self.rasa_names(), self.rasa_ports, strict=True):
            urls[name] = f"http://127.0.0.1:{port}/webhooks/webchat/"
        urls["nginx"] = f"{self.public_url}/"
        return urls

    def _reload_nginx(self) -> None:
        """nginx reads its configuration again: new workers take the new requests, the
        old ones finish what they hold and quit."""
        self.write_nginx_config()
        self.processes["nginx"].send_signal(signal.SIGHUP)
        time.sleep(1)  # the master starts its new workers

    def drain(self, name: str) -> None:
        """Takes a Rasa server out of nginx's rotation, then waits until every turn it
        holds (accepted or still queued) is answered: a planned stop's first step, after
        which stopping it resets no turn (docs/deployment.md)."""
        self.drained.add(name)
        self._reload_nginx()
        port = self.rasa_ports[self.rasa_names().index(name)]
        deadline = time.monotonic() + DRAIN_TIMEOUT_SECONDS
        idle_checks = 0
        while idle_checks < 3:  # three checks in a row, half a second apart
            if time.monotonic() > deadline:
                raise RuntimeError(f"{name} still holds turns after {DRAIN_TIMEOUT_SECONDS} s")
            idle_checks = idle_checks + 1 if open_connections(port) == 0 else 0
            time.sleep(0.5)

    def undrain(self, name: str) -> None:
        """Puts a Rasa server back into nginx's rotation."""
        self.drained.discard(name)
        self._reload_nginx()

    def stop_process(self, name: str, kill: bool = False) -> None:
        """Stops one process: SIGTERM (a rolling restart), or SIGKILL (a crash)."""
        process = self.processes[name]
        process.send_signal(signal.SIGKILL if kill else signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    def start_process(self, name: str) -> None:
        """Starts a stopped process again with its command and settings, and waits until
        it answers (the end of a rolling restart)."""
        args, env = self.commands[name]
        self.processes[name] = spawn(self.workdir, name, args, env, append=True)
        wait_until_up(
            name,
            self.health_urls()[name],
            self.processes[name],
            lambda: self.log_tail(name),
            timeout=START_TIMEOUT_SECONDS,
        )

    def stop(self) -> None:
        """Stops every process, drops the run's database and empties its Redis database."""
        for process in self.processes.values():
            if process.poll() is None:
                process.terminate()
        for process in self.processes.values():
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if self.env:
            self._admin(f'DROP DATABASE IF EXISTS "{self.database_name}" WITH (FORCE)')
            self._flush_redis()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=8080, help="nginx's public port")
    parser.add_argument("--workdir", type=Path, default=ROOT / "var" / "topology")
    args = parser.parse_args()
    if not shutil.which(NGINX):
        raise SystemExit(f"nginx not found at {NGINX}: apt-get install nginx (or set NGINX)")
    train_model()
    topology = Topology(workdir=args.workdir.resolve(), public_port=args.port)
    try:
        print("Starting two Rasa servers, two action servers, the backend and nginx...")
        topology.start()
        token = topology.workdir / "staff-token"
        with os.fdopen(os.open(token, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w") as f:
            f.write(topology.cli("create-token", "--name", "topology", "--role", "admin"))
        print(
            f"\n  Chat page:  {topology.public_url}/\n"
            f"  Dashboard:  {topology.public_url}/dashboard   (an admin token: {token})\n"
            f"  Logs:       {topology.workdir}/*.log        Stop everything: Ctrl-C\n",
            flush=True,
        )
        while all(p.poll() is None for p in topology.processes.values()):
            time.sleep(1)
        stopped = [name for name, p in topology.processes.items() if p.poll() is not None]
        print(f"Stopped by itself: {', '.join(stopped)}; stopping the rest.")
    except KeyboardInterrupt:
        print("\nStopping...")
    finally:
        topology.stop()


if __name__ == "__main__":
    main()
