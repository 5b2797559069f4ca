"""The staff API under load: a backend of its own on a fresh database (a SQLite file, or
a PostgreSQL database made for the run and dropped after it), seeded with submitted
referrals; each client lists a page of referrals, then reads one, over and over."""

from __future__ import annotations

import os
import random
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from scripts.bench.load import Budget
from scripts.bench.procs import CpuMeter
from scripts.bench.stats import ApiResult
from scripts.harness.postgres import unreachable
from scripts.harness.stack import Stack, make_stack
from scripts.harness.staff_api import new_token

POSTGRES_URL = os.environ.get(
    "HSB_BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
PER_PAGE = 20


def postgres_problem() -> str | None:
    """Why PostgreSQL cannot be used, or None when it can."""
    return unreachable(POSTGRES_URL)


@contextmanager
def fresh_postgres_database() -> Iterator[str]:
    """A new database on the PostgreSQL server, dropped afterwards (connections too)."""
    name = f"hsb_bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def seed(stack: Stack, count: int) -> list[str]:
    """`count` submitted referrals, written through the service as the action server
    writes them; their references."""
    from backend.adapters.db import make_engine, make_session_factory
    from backend.adapters.encryption import FieldCipher, parse_key
    from backend.service.referrals import save_referral
    from backend.service.unit_of_work import SqlAlchemyUnitOfWork

    engine = make_engine(stack.database_url)
    uow = SqlAlchemyUnitOfWork(
        make_session_factory(engine), FieldCipher(parse_key(stack.env["FIELD_ENCRYPTION_KEY"]))
    )
    try:
        return [
            save_referral(
                uow,
                conversation_key=f"web:bench-{n}",
                source="web",
                fields={
                    "referrer_name": "Sam Carter",
                    "referrer_organisation": f"Bench Academy {n % 7}",
                    "yp_first_name": f"Alex{n}",
                    "concern_description": "Scripted referral for the benchmark.",
                },
                transcript=[],
                submit=True,
            ).reference
            for n in range(count)
        ]
    finally:
        engine.dispose()


def _client_loop(
    url: str,
    token: str,
    references: list[str],
    budget: Budget,
    out: dict[str, list[float]],
    errors: list[int],
    lock: threading.Lock,
    seed_number: int,
) -> None:
    chooser = random.Random(seed_number)
    pages = max(1, len(references) // PER_PAGE)
    headers = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=url, headers=headers, timeout=60) as client:
        while True:
            for kind in ("list", "read"):
                if not budget.take():
                    return
                path = (
                    f"/api/referrals?page={chooser.randint(1, pages)}&per_page={PER_PAGE}"
                    if kind == "list"
                    else f"/api/referrals/{chooser.choice(references)}"
                )
                started = time.perf_counter()
                try:
                    ok = client.get(path).status_code == 200
                except httpx.HTTPError:
                    ok = False
                elapsed = (time.perf_counter() - started) * 1000
                with lock:
                    if ok:
                        out[kind].append(elapsed)
                    else:
                        errors[0] += 1


def drive_api(
    stack: Stack,
    token: str,
    references: list[str],
    database: str,
    clients: int,
    seconds: float,
    max_requests: int,
) -> ApiResult:
    latencies: dict[str, list[float]] = {"list": [], "read": []}
    errors, lock = [0], threading.Lock()
    meter = CpuMeter({"backend": stack.processes["backend"].pid})
    meter.start()
    started = time.monotonic()
    budget = Budget(deadline=started + seconds, max_turns=max_requests)
    threads = [
        threading.Thread(
            target=_client_loop,
            args=(stack.backend_url, token, references, budget, latencies, errors, lock, i),
            daemon=True,
        )
        for i in range(clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    return ApiResult(database, clients, elapsed, latencies, errors[0], meter.stop()["backend"])


def bench_database(
    workdir: Path,
    database: str,
    url: str | None,
    levels: list[int],
    seconds: float,
    max_requests: int,
    referrals: int,
) -> list[ApiResult]:
    """A backend on this database: seeded, then driven at each number of clients."""
    stack = make_stack(workdir, database_url=url)
    try:
        stack.cli("migrate")
        references = seed(stack, referrals)
        token = new_token(stack, "bench", "admin")
        stack.start_backend(wait=True)
        warm_up = Budget(deadline=time.monotonic() + 30, max_turns=10)  # unmeasured
        unused: dict[str, list[float]] = {"list": [], "read": []}
        _client_loop(
            stack.backend_url, token, references, warm_up, unused, [0], threading.Lock(), 0
        )
        results = []
        for clients in levels:
            result = drive_api(stack, token, references, database, clients, seconds, max_requests)
            print(
                f"  staff API {database:10} {clients:>3} clients: "
                f"{result.requests} requests, {result.errors} errors",
                flush=True,
            )
            results.append(result)
        return results
    finally:
        stack.stop()
