"""The pure parts of `make bench` (scripts/bench): percentiles, CPU and memory read from
/proc lines, and the tables. No timing is asserted: the benchmark prints figures only."""

from __future__ import annotations

import pytest

from scripts.bench.stats import (
    ApiResult,
    LevelResult,
    cpu_ticks_from_stat,
    parent_from_stat,
    percentile,
    ratio,
    rss_kb_from_status,
)
from scripts.bench.table import api_table, bot_table

# A /proc/<pid>/stat line whose command name holds spaces and a ')', as a thread's may.
STAT = (
    "4242 (rasa run (x) y) S 4100 4242 4100 0 -1 4194560 52341 0 12 0 "
    "1500 250 3 4 20 0 37 0 88123 1400000000 330000 18446744073709551615"
)


def test_percentiles_are_nearest_rank() -> None:
    values = [float(v) for v in range(1, 101)]
    assert percentile(values, 50) == 50
    assert percentile(values, 95) == 95
    assert percentile(values, 99) == 99
    assert percentile(values, 100) == 100
    assert percentile([7.0], 99) == 7.0
    assert percentile([3.0, 1.0, 2.0], 50) == 2.0
    assert percentile([], 50) is None
    with pytest.raises(ValueError):
        percentile(values, 0)


def test_cpu_time_and_parent_come_from_the_fields_after_the_command_name() -> None:
    assert cpu_ticks_from_stat(STAT) == 1500 + 250  # utime + stime, children's excluded
    assert parent_from_stat(STAT) == 4100


def test_resident_memory_is_read_from_status() -> None:
    status = "Name:\trasa\nVmPeak:\t 9000 kB\nVmRSS:\t  1380000 kB\nThreads:\t37\n"
    assert rss_kb_from_status(status) == 1380000
    assert rss_kb_from_status("Name:\tzombie\nState:\tZ (zombie)\n") == 0


def test_a_level_gives_rates_and_cpu_per_turn() -> None:
    level = LevelResult(
        "ours",
        10,
        seconds=20.0,
        latencies_ms=[100.0] * 40,
        errors=1,
        cpu_seconds={"rasa": 4.0, "actions": 0.2, "backend": 0.0},
    )
    assert level.turns == 40
    assert level.turns_per_second == 2.0
    assert level.cpu_ms_per_turn() == {"rasa": 100.0, "actions": 5.0, "backend": 0.0}
    assert LevelResult("stock", 1, 0.0).cpu_ms_per_turn() == {}
    assert LevelResult("stock", 1, 0.0).turns_per_second == 0.0
    assert ratio(300.0, 100.0) == 3.0
    assert ratio(300.0, 0.0) is None
    assert ratio(None, 100.0) is None


def test_the_bot_table_has_a_row_per_bot_and_level_and_the_p95_ratio() -> None:
    results = [
        LevelResult(
            "stock",
            1,
            10.0,
            [20.0] * 19 + [40.0],
            cpu_seconds={"rasa": 0.5},
            rss_mb={"rasa": 1320.0},
        ),
        LevelResult(
            "ours",
            1,
            10.0,
            [60.0] * 19 + [120.0],
            cpu_seconds={"rasa": 2.0, "actions": 0.1, "backend": 0.0},
            rss_mb={"rasa": 1400.0, "actions": 86.0, "backend": 98.0},
        ),
    ]
    table = bot_table(results)
    lines = table.splitlines()
    assert lines[0].split()[:3] == ["bot", "conv", "turns"]
    stock_row = next(line for line in lines if line.startswith("stock"))
    ours_row = next(line for line in lines if line.startswith("ours"))
    assert stock_row.split()[:9] == ["stock", "1", "20", "0", "0", "0", "20", "20", "40"]
    assert "100/5.0/0.0" in ours_row  # CPU ms per turn: rasa/actions/backend
    assert "1,400/86/98" in ours_row
    assert "ours p95 / stock p95 = 3.00x" in table
    assert "ours turns/s / stock's = 100%" in table


def test_the_api_table_has_a_row_per_database_clients_and_kind() -> None:
    result = ApiResult("postgresql", 10, 2.0, {"list": [10.0, 30.0], "read": [5.0, 6.0]}, 0, 0.04)
    lines = api_table([result]).splitlines()
    assert [line.split()[:6] for line in lines[2:]] == [
        ["postgresql", "10", "list", "2", "10", "30"],
        ["postgresql", "10", "read", "2", "5", "6"],
    ]
    assert lines[2].split()[6:] == ["2.0", "0", "10.0"]  # requests/s, errors, CPU ms/request
