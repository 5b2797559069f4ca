"""Held-out intent quality over several trainings: the same data and pipeline, trained
with different random seeds the way CI trains (the full `rasa train`), each model run on
tests/nlu/heldout.yml. Prints macro-F1, immediate_risk recall and the weakest intents per
seed, then the mean, lowest and highest.

    .venv-app/bin/python -m scripts.heldout_over_seeds [--seeds 42 7 1234] [--config F]

Why: one training's figure moves by up to 0.03 when the data or the seed changes a little
(tests/nlu/test_heldout_quality.py), so a change to the data or the pipeline is judged
on several seeds before the CI floor is moved. About 4 minutes per seed on 2 cores.
Seed 42 is the one config.yml fixes, so its figure is the one CI sees."""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RASA = ROOT / ".venv-rasa" / "bin" / "rasa"
HELDOUT = ROOT / "tests" / "nlu" / "heldout.yml"
ENV = {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "2"}


def heldout_command(model: Path, out: Path, nlu: Path = HELDOUT) -> list[str]:
    """`rasa test nlu` of a trained model on the held-out set (the CI test uses it too),
    keeping every prediction with its confidence (intent_successes/errors.json)."""
    return [
        str(RASA),
        "test",
        "nlu",
        "--model",
        str(model),
        "--nlu",
        str(nlu),
        "--out",
        str(out),
        "--no-plot",
        "--successes",
    ]


def seeded(config: str, seed: int) -> str:
    """The config with every component's random_seed set to this seed."""
    changed, count = re.subn(r"random_seed:\s*\d+", f"random_seed: {seed}", config)
    if count == 0:
        raise SystemExit("The config fixes no random_seed: nothing to vary.")
    return changed


def measure(config: str, seed: int, work: Path) -> tuple[float, float, str]:
    config_file = work / f"config-{seed}.yml"
    config_file.write_text(seeded(config, seed))
    model_dir = work / f"models-{seed}"
    subprocess.run(
        [
            str(RASA),
            "train",
            "--config",
            str(config_file),
            "--out",
            str(model_dir),
            "--fixed-model-name",
            "seed",
            "--augmentation",
            "0",
        ],
        cwd=ROOT,
        env=ENV,
        check=True,
        capture_output=True,
    )
    out = work / f"heldout-{seed}"
    subprocess.run(
        heldout_command(model_dir / "seed.tar.gz", out),
        cwd=ROOT,
        env=ENV,
        check=True,
        capture_output=True,
    )
    report = json.loads((out / "intent_report.json").read_text())
    intents = sorted(
        (row["f1-score"], name)
        for name, row in report.items()
        if isinstance(row, dict) and "f1-score" in row and not name.endswith(" avg")
    )
    weakest = ", ".join(f"{name} {f1:.3f}" for f1, name in intents[:3])
    return report["macro avg"]["f1-score"], report["immediate_risk"]["recall"], weakest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[42, 7, 1234])
    parser.add_argument("--config", type=Path, default=ROOT / "config.yml")
    args = parser.parse_args()
    config = args.config.read_text()
    figures = []
    with tempfile.TemporaryDirectory() as folder:
        for seed in args.seeds:
            macro_f1, recall, weakest = measure(config, seed, Path(folder))
            figures.append(macro_f1)
            print(
                f"seed {seed:>6}: macro-F1 {macro_f1:.3f}  immediate_risk recall "
                f"{recall:.3f}  weakest {weakest}",
                flush=True,
            )
    print(
        f"{len(figures)} trainings: mean {statistics.mean(figures):.3f}, "
        f"lowest {min(figures):.3f}, highest {max(figures):.3f}"
    )


if __name__ == "__main__":
    sys.exit(main())
