"""Checks that the held-out NLU test set (tests/nlu/heldout.yml) shares nothing with the
training data (data/nlu/*.yml): no example is the same after normalising case,
punctuation and spacing, and none is a near-copy (same words in another order, or
almost the same characters). Exits 1 and lists the pairs when any is found.

    .venv-app/bin/python -m scripts.heldout_overlap"""

from __future__ import annotations

import re
import sys
from difflib import SequenceMatcher
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
HELDOUT = ROOT / "tests" / "nlu" / "heldout.yml"
TRAINING = ROOT / "data" / "nlu"
# Character similarity at or above this counts as a near-copy (e.g. "what is AIM" vs
# "what's AIM" is 0.9); so does an identical set of words in any order.
NEAR_COPY_RATIO = 0.9


def examples(path: Path) -> list[tuple[str, str]]:
    """(intent, text) for every example in a Rasa NLU YAML file."""
    document = yaml.safe_load(path.read_text()) or {}
    found = []
    for item in document.get("nlu", []):
        if "intent" not in item:
            continue
        for line in str(item.get("examples", "")).splitlines():
            line = line.strip()
            if line.startswith("- "):
                found.append((str(item["intent"]), line[2:].strip()))
    return found


def training_examples(folder: Path = TRAINING) -> list[tuple[str, str]]:
    return [example for path in sorted(folder.glob("*.yml")) for example in examples(path)]


def normalise(text: str) -> str:
    text = text.lower().replace("’", "'")
    text = re.sub(r"[^a-z0-9' ]+", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def overlaps(
    heldout: list[tuple[str, str]], training: list[tuple[str, str]]
) -> list[tuple[str, str, str]]:
    """(held-out text, training text, why) for each held-out example that is in the
    training data or nearly so."""
    trained = [(normalise(text), text) for _, text in training]
    exact = {norm: text for norm, text in trained}
    found = []
    for _, text in heldout:
        norm = normalise(text)
        if norm in exact:
            found.append((text, exact[norm], "same text"))
            continue
        words = sorted(norm.split())
        for other_norm, other in trained:
            if sorted(other_norm.split()) == words:
                found.append((text, other, "same words"))
                break
            matcher = SequenceMatcher(None, norm, other_norm)
            if matcher.quick_ratio() >= NEAR_COPY_RATIO and matcher.ratio() >= NEAR_COPY_RATIO:
                found.append((text, other, f"similarity {matcher.ratio():.2f}"))
                break
    return found


def main() -> int:
    heldout = examples(HELDOUT)
    found = overlaps(heldout, training_examples())
    for text, other, why in found:
        print(f"held-out {text!r} ~ training {other!r} ({why})")
    print(f"{len(heldout)} held-out examples, {len(found)} found in the training data.")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
