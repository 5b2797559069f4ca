"""The stock `rasa init` bot, made and trained once with our Rasa (cached under
var/bench/stock, made again when the Rasa version changes), served on a port of its own
with its REST channel. Its actions are all responses, so it needs no action server."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from scripts.harness.stack import RASA, ROOT, free_port, wait_until_up

STOCK_DIR = ROOT / "var" / "bench" / "stock"
ENV = {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "2"}


def rasa_version() -> str:
    done = subprocess.run(
        [str(RASA.parent / "python"), "-c", "import rasa; print(rasa.__version__)"],
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip()


def trained_model(directory: Path = STOCK_DIR) -> Path:
    """The stock bot's model, made with `rasa init --no-prompt` (which trains it) unless a
    model made by this Rasa version is already there."""
    stamp, version = directory / ".rasa-version", rasa_version()
    models = sorted((directory / "models").glob("*.tar.gz")) if directory.exists() else []
    if models and stamp.exists() and stamp.read_text().strip() == version:
        print(f"Stock bot: trained model cached ({models[-1].relative_to(ROOT)}).", flush=True)
        return models[-1]
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(parents=True)
    print(f"Stock bot: rasa init and training with rasa {version}...", flush=True)
    started = time.monotonic()
    with open(directory.parent / "stock-init.log", "wb") as log:
        subprocess.run(
            [str(RASA), "init", "--no-prompt", "--init-dir", str(directory)],
            cwd=ROOT,
            env=ENV,
            stdout=log,
            stderr=subprocess.STDOUT,
            check=True,
        )
    models = sorted((directory / "models").glob("*.tar.gz"))
    if not models:
        raise RuntimeError(f"rasa init made no model; see {directory.parent / 'stock-init.log'}")
    stamp.write_text(version + "\n")
    print(f"Stock bot: trained in {time.monotonic() - started:.0f} s.", flush=True)
    return models[-1]


@dataclass
class StockBot:
    model: Path
    logdir: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 240) -> None:
        directory = self.model.parent.parent
        log = open(self.logdir / "stock-rasa.log", "wb")  # noqa: SIM115 - kept with the process
        self.process = subprocess.Popen(
            [
                str(RASA),
                "run",
                "--model",
                str(self.model),
                "--port",
                str(self.port),
                "--interface",
                "127.0.0.1",
                "--credentials",
                "credentials.yml",
                "--endpoints",
                "endpoints.yml",
            ],
            cwd=directory,
            env=ENV,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        wait_until_up(
            "the stock Rasa server",
            f"{self.url}/webhooks/rest/",
            self.process,
            lambda: "\n".join(Path(log.name).read_text(errors="replace").splitlines()[-30:]),
            timeout,
        )

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
