"""A PostgreSQL server of the tests' own, to stop and start again without touching the
machine's shared one: a Debian cluster (pg_createcluster) on a free port, trust
authentication on loopback, dropped afterwards."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import psycopg

from scripts.harness.stack import free_port

CONFIG_DIR = "/etc/postgresql"


def problem() -> str | None:
    """Why a cluster of the tests' own cannot be made here, or None when it can."""
    tools = ("pg_createcluster", "pg_ctlcluster", "pg_dropcluster")
    missing = [tool for tool in tools if not shutil.which(tool)]
    if missing:
        return f"no {', '.join(missing)} (Debian's postgresql-common)"
    if not os.path.isdir(CONFIG_DIR) or not os.listdir(CONFIG_DIR):
        return f"no PostgreSQL version under {CONFIG_DIR}"
    if os.geteuid() != 0:
        return "making a cluster needs root"
    return None


@dataclass
class Cluster:
    version: str
    name: str
    port: int

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def _ctl(self, action: str) -> None:
        subprocess.run(
            ["pg_ctlcluster", "--skip-systemctl-redirect", self.version, self.name, action],
            check=True,
            capture_output=True,
        )

    def stop(self) -> None:
        self._ctl("stop")

    def start(self) -> None:
        self._ctl("start")
        deadline = time.monotonic() + 30
        while True:
            try:
                with psycopg.connect(
                    host="127.0.0.1", port=self.port, user="postgres", connect_timeout=2
                ):
                    return
            except psycopg.OperationalError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.3)


@contextmanager
def own_cluster() -> Iterator[Cluster]:
    version = sorted(os.listdir(CONFIG_DIR))[-1]
    cluster = Cluster(version, f"hsbtest{os.getpid()}", free_port())
    subprocess.run(
        ["pg_createcluster", version, cluster.name, "-p", str(cluster.port), "--",
         "--auth=trust"],
        check=True,
        capture_output=True,
    )  # fmt: skip
    try:
        cluster.start()
        yield cluster
    finally:
        subprocess.run(
            ["pg_dropcluster", version, cluster.name, "--stop"], check=False, capture_output=True
        )
