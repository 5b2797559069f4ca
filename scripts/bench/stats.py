"""The benchmark's arithmetic, free of I/O: percentiles, CPU time from a /proc stat line,
resident memory from /proc status, and one level's figures."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field


def percentile(values: Sequence[float], pct: float) -> float | None:
    """The nearest-rank percentile (the smallest value with at least pct% of the values at
    or below it), or None for no values."""
    if not values:
        return None
    if not 0 < pct <= 100:
        raise ValueError(f"percentile out of range: {pct}")
    ordered = sorted(values)
    rank = max(1, math.ceil(pct / 100 * len(ordered)))
    return ordered[rank - 1]


def cpu_ticks_from_stat(line: str) -> int:
    """utime + stime, in clock ticks, from a /proc/<pid>/stat line. The command name (field
    2) is in parentheses and may hold spaces or parentheses itself, so fields are counted
    from the last ')': state is field 3, utime field 14, stime field 15 (proc(5))."""
    after_name = line[line.rindex(")") + 2 :].split()
    utime, stime = after_name[11], after_name[12]
    return int(utime) + int(stime)


def parent_from_stat(line: str) -> int:
    """The parent pid (field 4) from a /proc/<pid>/stat line."""
    return int(line[line.rindex(")") + 2 :].split()[1])


def rss_kb_from_status(text: str) -> int:
    """VmRSS, in kB, from /proc/<pid>/status (0 when absent, as for a zombie)."""
    for line in text.splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


@dataclass
class LevelResult:
    """One bot at one level of concurrency: what the clients saw, and what the server
    processes spent (CPU seconds and resident memory, per process role)."""

    bot: str
    concurrency: int
    seconds: float
    latencies_ms: list[float] = field(default_factory=list)
    errors: int = 0
    conversations_done: int = 0
    off_script: int = 0
    cpu_seconds: dict[str, float] = field(default_factory=dict)
    rss_mb: dict[str, float] = field(default_factory=dict)

    @property
    def turns(self) -> int:
        return len(self.latencies_ms)

    @property
    def turns_per_second(self) -> float:
        return self.turns / self.seconds if self.seconds > 0 else 0.0

    def pct(self, p: float) -> float | None:
        return percentile(self.latencies_ms, p)

    def cpu_ms_per_turn(self) -> dict[str, float | None]:
        return {
            role: (1000 * spent / self.turns if self.turns else None)
            for role, spent in self.cpu_seconds.items()
        }

    def summary(self) -> dict[str, object]:
        return {
            "bot": self.bot,
            "concurrency": self.concurrency,
            "seconds": round(self.seconds, 2),
            "turns": self.turns,
            "errors": self.errors,
            "conversations_done": self.conversations_done,
            "off_script": self.off_script,
            "p50_ms": self.pct(50),
            "p95_ms": self.pct(95),
            "p99_ms": self.pct(99),
            "turns_per_second": round(self.turns_per_second, 2),
            "cpu_seconds": self.cpu_seconds,
            "cpu_ms_per_turn": self.cpu_ms_per_turn(),
            "rss_mb": self.rss_mb,
        }


@dataclass
class ApiResult:
    """The staff API on one database with some clients: latencies per kind of request."""

    database: str
    clients: int
    seconds: float
    latencies_ms: Mapping[str, list[float]]
    errors: int = 0
    cpu_seconds: float = 0.0

    @property
    def requests(self) -> int:
        return sum(len(v) for v in self.latencies_ms.values())

    @property
    def requests_per_second(self) -> float:
        return self.requests / self.seconds if self.seconds > 0 else 0.0

    def summary(self) -> dict[str, object]:
        return {
            "database": self.database,
            "clients": self.clients,
            "seconds": round(self.seconds, 2),
            "requests": self.requests,
            "errors": self.errors,
            "requests_per_second": round(self.requests_per_second, 2),
            "backend_cpu_seconds": round(self.cpu_seconds, 3),
            "by_kind": {
                kind: {"n": len(v), "p50_ms": percentile(v, 50), "p95_ms": percentile(v, 95)}
                for kind, v in self.latencies_ms.items()
            },
        }


def ratio(ours: float | None, stock: float | None) -> float | None:
    """ours / stock, or None when either is missing or stock is zero."""
    if ours is None or not stock:
        return None
    return ours / stock
