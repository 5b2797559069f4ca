"""What a server process and its children spend, read from /proc (Linux only)."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from pathlib import Path

from scripts.bench.stats import cpu_ticks_from_stat, parent_from_stat, rss_kb_from_status

PROC = Path("/proc")
TICKS_PER_SECOND = os.sysconf("SC_CLK_TCK")


def _read(path: Path) -> str | None:
    try:
        return path.read_text()
    except OSError:  # the process ended between listing and reading
        return None


def with_descendants(pid: int) -> list[int]:
    """pid and every process below it (a server may fork workers)."""
    children: dict[int, list[int]] = {}
    for entry in PROC.iterdir():
        if not entry.name.isdigit():
            continue
        stat = _read(entry / "stat")
        if stat:
            children.setdefault(parent_from_stat(stat), []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo.extend(children.get(current, []))
    return found


def _summed(pid: int, name: str, read: Callable[[str], int]) -> int:
    """read(/proc/<p>/<name>) summed over pid and its living descendants."""
    total = 0
    for each in with_descendants(pid):
        content = _read(PROC / str(each) / name)
        if content:
            total += read(content)
    return total


def cpu_seconds(pid: int) -> float:
    """CPU seconds (user + system) spent so far by pid and its living descendants."""
    return _summed(pid, "stat", cpu_ticks_from_stat) / TICKS_PER_SECOND


def rss_mb(pid: int) -> float:
    """Resident memory (VmRSS) of pid and its descendants, in MB."""
    return _summed(pid, "status", rss_kb_from_status) / 1024


class CpuMeter:
    """CPU seconds each named process spent between start() and stop()."""

    def __init__(self, pids: Mapping[str, int]) -> None:
        self.pids = dict(pids)
        self._before: dict[str, float] = {}

    def start(self) -> None:
        self._before = {role: cpu_seconds(pid) for role, pid in self.pids.items()}

    def stop(self) -> dict[str, float]:
        return {
            role: round(cpu_seconds(pid) - self._before[role], 3) for role, pid in self.pids.items()
        }

    def memory(self) -> dict[str, float]:
        return {role: round(rss_mb(pid), 1) for role, pid in self.pids.items()}
