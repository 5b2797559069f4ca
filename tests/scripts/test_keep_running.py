"""scripts/keep-running, which `make run` wraps each process in (Procfile): a process
that stops is started again, so one crash never takes the chat page down; the wrapper
itself stops, with its process, when honcho tells it to."""

from __future__ import annotations

import signal
import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
KEEP_RUNNING = ROOT / "scripts" / "keep-running"


def test_a_process_that_stops_is_started_again_and_all_stop_together(tmp_path: Path) -> None:
    runs = tmp_path / "runs"
    child = tmp_path / "child.pid"
    wrapper = subprocess.Popen(
        [str(KEEP_RUNNING), "bash", "-c", f"echo $$ > {child}; echo run >> {runs}; sleep 1"],
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and (
            not runs.exists() or len(runs.read_text().splitlines()) < 2
        ):
            time.sleep(0.2)
        assert len(runs.read_text().splitlines()) >= 2, "the process was not started again"
    finally:
        wrapper.send_signal(signal.SIGTERM)
        wrapper.wait(timeout=10)
    assert wrapper.returncode == 0
    pid = int(child.read_text())
    alive = subprocess.run(["kill", "-0", str(pid)], capture_output=True).returncode == 0
    assert not alive, "the wrapped process outlived its wrapper"
    assert b"starting it again" in (wrapper.stderr.read() if wrapper.stderr else b"")


def test_the_procfile_wraps_every_process() -> None:
    lines = [line for line in (ROOT / "Procfile").read_text().splitlines() if line.strip()]
    commands = [line.split(":", 1)[1].split() for line in lines]
    assert commands and all(command[0] == "scripts/keep-running" for command in commands)
