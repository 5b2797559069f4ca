"""Trains the Rasa model only when its training data changed.

The model's inputs (config.yml, domain.yml, data/, the pipeline's components in bot/nlu)
are hashed; the hash of the data the current model was trained on is kept beside it.
`make run` and the test suite both use this, so a test run trains at most once."""

from __future__ import annotations

import fcntl
import hashlib
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODEL_NAME = "hsb"


def training_data_hash(root: Path = ROOT) -> str:
    digest = hashlib.sha256()
    files = [
        root / "config.yml",
        root / "domain.yml",
        *sorted((root / "data").rglob("*.yml")),
        # the pipeline's own components: changing one changes the model
        *sorted((root / "bot" / "nlu").glob("*.py")),
    ]
    for path in files:
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def train_if_changed(models_dir: Path = ROOT / "models") -> Path:
    models_dir.mkdir(parents=True, exist_ok=True)
    # One training at a time: a second caller waits, then finds the model up to date.
    with open(models_dir / ".train.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        return _train_if_changed(models_dir)


def _train_if_changed(models_dir: Path) -> Path:
    model = models_dir / f"{MODEL_NAME}.tar.gz"
    stamp = models_dir / f"{MODEL_NAME}.sha256"
    wanted = training_data_hash()
    if model.exists() and stamp.exists() and stamp.read_text().strip() == wanted:
        print(f"Model is up to date ({model.relative_to(ROOT)}).", flush=True)
        return model
    rasa = ROOT / ".venv-rasa" / "bin" / "rasa"
    started = time.monotonic()
    print("Training the model (the training data changed)...", flush=True)
    subprocess.run(
        [
            str(rasa),
            "train",
            "--fixed-model-name",
            MODEL_NAME,
            "--out",
            str(models_dir),
            "--augmentation",
            "0",
        ],
        cwd=ROOT,
        check=True,
        env={**os.environ, "TF_CPP_MIN_LOG_LEVEL": "2"},
    )
    stamp.write_text(wanted + "\n")
    print(f"Trained in {time.monotonic() - started:.0f} s.", flush=True)
    return model


if __name__ == "__main__":
    train_if_changed()
    sys.exit(0)
