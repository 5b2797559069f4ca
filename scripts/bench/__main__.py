"""`make bench`: the stock `rasa init` bot and ours side by side through the REST webhook
at several numbers of concurrent conversations, then the staff API on SQLite and
PostgreSQL. Prints figures; asserts nothing.

    .venv-app/bin/python -m scripts.bench [--levels 1,10,20,50] [--seconds 60]
        [--only ours,stock,api] [--json out.json]

Everything runs on loopback; every process it starts is stopped when it ends, Ctrl-C and
errors included. Logs of the last run are kept in var/bench/run/."""

from __future__ import annotations

import argparse
import json
import shutil
import signal
import sys
import time
from contextlib import ExitStack
from pathlib import Path
from types import FrameType

from scripts.bench.conversations import our_conversation, stock_conversation
from scripts.bench.load import Conversation, drive, warm_up
from scripts.bench.procs import CpuMeter
from scripts.bench.staff_api import bench_database, fresh_postgres_database, postgres_problem
from scripts.bench.stats import ApiResult, LevelResult
from scripts.bench.stock import StockBot, trained_model
from scripts.bench.table import api_table, bot_table
from scripts.harness.stack import ROOT, make_stack, train_model

RUN_DIR = ROOT / "var" / "bench" / "run"
PARTS = ("stock", "ours", "api")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m scripts.bench", description=__doc__)
    parser.add_argument(
        "--levels",
        default="1,10,20,50",
        help="concurrent conversations (and API clients up to 10), comma-"
        "separated; default 1,10,20,50",
    )
    parser.add_argument("--seconds", type=float, default=60, help="per bot and level")
    parser.add_argument(
        "--max-turns",
        type=int,
        default=5000,
        help="turns (API: requests) per bot and level at most",
    )
    parser.add_argument(
        "--only", default=",".join(PARTS), help="a comma-separated subset of ours,stock,api"
    )
    parser.add_argument(
        "--referrals", type=int, default=200, help="referrals stored before the staff API is driven"
    )
    parser.add_argument("--json", type=Path, help="also write every figure here")
    args = parser.parse_args(argv)
    args.levels = [int(n) for n in args.levels.split(",") if n.strip()]
    args.only = {part.strip() for part in args.only.split(",") if part.strip()}
    if not args.levels or min(args.levels) < 1:
        parser.error("--levels takes positive numbers")
    if not args.only <= set(PARTS):
        parser.error(f"--only takes {', '.join(PARTS)}")
    return args


def _stop_on_sigterm(signum: int, _frame: FrameType | None) -> None:
    raise SystemExit(128 + signum)  # unwinds, so every process started is stopped


def run_level(
    bot: str,
    url: str,
    conversation: Conversation,
    pids: dict[str, int],
    level: int,
    args: argparse.Namespace,
) -> LevelResult:
    meter = CpuMeter(pids)
    meter.start()
    tally, elapsed = drive(url, conversation, level, args.seconds, args.max_turns)
    result = LevelResult(
        bot,
        level,
        elapsed,
        tally.latencies_ms,
        tally.errors,
        tally.done,
        tally.off_script,
        cpu_seconds=meter.stop(),
        rss_mb=meter.memory(),
    )
    print(
        f"  {bot:5} {level:>3} conversations: {result.turns} turns in {elapsed:.0f} s, "
        f"{result.errors} errors",
        flush=True,
    )
    return result


def bench_bots(args: argparse.Namespace) -> list[LevelResult]:
    """Both bots up at once; at each level each is driven in turn, the order alternating
    from level to level so the machine's noise falls on both."""
    bots: dict[str, tuple[str, Conversation, dict[str, int]]] = {}
    with ExitStack() as running:
        if "stock" in args.only:
            stock = StockBot(trained_model(), RUN_DIR)
            running.callback(stock.stop)
            print("Starting the stock bot...", flush=True)
            stock.start()
            assert stock.process is not None
            bots["stock"] = (stock.url, stock_conversation, {"rasa": stock.process.pid})
        if "ours" in args.only:
            train_model()
            (RUN_DIR / "ours").mkdir()
            stack = make_stack(RUN_DIR / "ours")
            running.callback(stack.stop)
            print("Starting our stack (Rasa, action server, backend)...", flush=True)
            stack.start()
            pids = {name: stack.processes[name].pid for name in ("rasa", "actions", "backend")}
            bots["ours"] = (stack.rasa_url, our_conversation, pids)
        for url, conversation, _ in bots.values():
            warm_up(url, conversation)
        results = []
        for index, level in enumerate(args.levels):
            order = list(bots) if index % 2 == 0 else list(reversed(bots))
            for bot in order:
                url, conversation, pids = bots[bot]
                results.append(run_level(bot, url, conversation, pids, level, args))
        return results


def bench_api(args: argparse.Namespace) -> tuple[list[ApiResult], str | None]:
    levels = sorted({n for n in args.levels if n <= 10}) or [1]
    common = (levels, args.seconds, args.max_turns, args.referrals)
    print("Staff API on SQLite...", flush=True)
    results = bench_database(RUN_DIR / "api-sqlite", "sqlite", None, *common)
    problem = postgres_problem()
    if problem:
        return results, f"PostgreSQL skipped: {problem}"
    print("Staff API on PostgreSQL (a database made for the run)...", flush=True)
    with fresh_postgres_database() as url:
        results += bench_database(RUN_DIR / "api-postgresql", "postgresql", url, *common)
    return results, None


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    shutil.rmtree(RUN_DIR, ignore_errors=True)
    RUN_DIR.mkdir(parents=True)
    for sub in ("api-sqlite", "api-postgresql"):
        (RUN_DIR / sub).mkdir()
    started = time.monotonic()
    try:
        bot_results = bench_bots(args) if args.only & {"ours", "stock"} else []
        api_results, api_note = bench_api(args) if "api" in args.only else ([], None)
    except KeyboardInterrupt:
        print("\nInterrupted; every process the benchmark started is stopped.", file=sys.stderr)
        return 130
    print(
        f"\nTaken {time.strftime('%Y-%m-%d %H:%M')} in {time.monotonic() - started:.0f} s, "
        f"{args.seconds:g} s or {args.max_turns} turns per bot and level, loopback."
    )
    if bot_results:
        print(
            "\nREST webhook, scripted conversations (CPU ms/turn and RSS MB per process: "
            "rasa/actions/backend)\n" + bot_table(bot_results)
        )
    if api_results:
        print("\nStaff API: list a page of 20 referrals, read one\n" + api_table(api_results))
    if api_note:
        print(api_note)
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "levels": args.levels,
                    "seconds": args.seconds,
                    "max_turns": args.max_turns,
                    "bots": [r.summary() for r in bot_results],
                    "staff_api": [r.summary() for r in api_results],
                    "note": api_note,
                },
                indent=2,
            )
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
