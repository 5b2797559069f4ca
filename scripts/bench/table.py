"""The benchmark's tables, as plain text."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from scripts.bench.stats import ApiResult, LevelResult, percentile, ratio

BOT_ROLES = ("rasa", "actions", "backend")


def ms(value: float | None) -> str:
    return "-" if value is None else f"{value:,.0f}"


def _figure(value: float | None) -> str:
    """Whole numbers, but a decimal place below 10 (a cheap process is not shown as 0)."""
    if value is None:
        return "-"
    return f"{value:.1f}" if abs(value) < 10 else f"{value:,.0f}"


def _per_role(values: Mapping[str, float | None]) -> str:
    return "/".join(_figure(values[role]) for role in BOT_ROLES if role in values)


def bot_table(results: Sequence[LevelResult]) -> str:
    """One row per bot and level, then our p95 against stock's at each level. CPU is
    milliseconds per answered turn, memory MB resident, each per process
    (rasa/actions/backend for ours, rasa for stock)."""
    header = (
        f"{'bot':6} {'conv':>4} {'turns':>6} {'err':>4} {'off':>4} {'done':>5} "
        f"{'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'turns/s':>7}  "
        f"{'CPU ms/turn':<16} {'RSS MB':<16}"
    )
    lines = [header, "-" * len(header)]
    for r in results:
        lines.append(
            f"{r.bot:6} {r.concurrency:>4} {r.turns:>6} {r.errors:>4} {r.off_script:>4} "
            f"{r.conversations_done:>5} {ms(r.pct(50)):>7} {ms(r.pct(95)):>7} "
            f"{ms(r.pct(99)):>7} {r.turns_per_second:>7.1f}  "
            f"{_per_role(r.cpu_ms_per_turn()):<16} {_per_role(r.rss_mb):<16}"
        )
    levels = sorted({r.concurrency for r in results})
    ratios = []
    for level in levels:
        by_bot = {r.bot: r for r in results if r.concurrency == level}
        if {"ours", "stock"} <= set(by_bot):
            ours, stock = by_bot["ours"], by_bot["stock"]
            p95 = ratio(ours.pct(95), stock.pct(95))
            tps = ratio(ours.turns_per_second, stock.turns_per_second)
            ratios.append(
                f"{level:>4} conversations: ours p95 / stock p95 = "
                + ("-" if p95 is None else f"{p95:.2f}x")
                + ", ours turns/s / stock's = "
                + ("-" if tps is None else f"{tps:.0%}")
            )
    if ratios:
        lines += ["", *ratios]
    return "\n".join(line.rstrip() for line in lines)


def api_table(results: Sequence[ApiResult]) -> str:
    """One row per database, number of clients and kind of request (list a page of
    referrals, read one), with the whole level's requests/s and backend CPU."""
    header = (
        f"{'database':10} {'clients':>7} {'kind':5} {'n':>6} {'p50 ms':>7} {'p95 ms':>7} "
        f"{'req/s':>7} {'errors':>6} {'CPU ms/req':>10}"
    )
    lines = [header, "-" * len(header)]
    for r in results:
        cpu = 1000 * r.cpu_seconds / r.requests if r.requests else None
        for kind, values in r.latencies_ms.items():
            lines.append(
                f"{r.database:10} {r.clients:>7} {kind:5} {len(values):>6} "
                f"{ms(percentile(values, 50)):>7} {ms(percentile(values, 95)):>7} "
                f"{r.requests_per_second:>7.1f} {r.errors:>6} "
                f"{'-' if cpu is None else f'{cpu:.1f}':>10}"
            )
    return "\n".join(lines)
