"""References stay unique, and a conversation stays one record, under concurrent writers."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from backend.service.referrals import list_referrals, save_referral
from backend.service.unit_of_work import SqlAlchemyUnitOfWork

THREADS = 20
T = TypeVar("T")


def all_at_once(task: Callable[[int], T]) -> list[T]:
    """Run task(0..19) in 20 threads released together."""
    barrier = threading.Barrier(THREADS)

    def run(n: int) -> T:
        barrier.wait(timeout=30)
        return task(n)

    with ThreadPoolExecutor(THREADS) as pool:
        return list(pool.map(run, range(THREADS)))


def test_twenty_threads_get_twenty_distinct_references(uow: SqlAlchemyUnitOfWork) -> None:
    # One unit of work shared by every thread, as the action server may do.
    results = all_at_once(
        lambda n: save_referral(
            uow,
            conversation_key=f"web:thread-{n}",
            source="web",
            fields={"yp_age": 14},
            transcript=[],
            submit=True,
        )
    )
    references = sorted(r.reference for r in results)
    assert len(set(references)) == THREADS
    year = references[0][4:8]
    assert references == [f"HSB-{year}-{n:05d}" for n in range(1, THREADS + 1)]  # no gaps
    assert len(list_referrals(uow, actor="t")) == THREADS


def test_twenty_threads_saving_one_conversation_make_one_record(
    uow: SqlAlchemyUnitOfWork,
) -> None:
    results = all_at_once(
        lambda n: save_referral(
            uow,
            conversation_key="web:same",
            source="web",
            fields={"yp_age": 12 + n % 6},
            transcript=[],
            submit=n % 2 == 0,
        )
    )
    assert len({r.reference for r in results}) == 1
    assert len(list_referrals(uow, actor="t")) == 1
