"""bot/nlu's sentence encoder, run where it runs (the Rasa server's environment, through
tests/nlu/minilm_probe.py): the same word pieces and embeddings as the reference
implementation, token features built from the right pieces, and model files that are
not the pinned ones refused."""

from __future__ import annotations

import json
import math
from typing import Any

import pytest

from scripts.harness.stack import ROOT
from tests.support.rasa_probe import run_probe

REFERENCE = json.loads((ROOT / "tests" / "fixtures" / "minilm_reference.json").read_text())


def probe(name: str) -> Any:
    return run_probe("tests.nlu.minilm_probe", name)


@pytest.fixture(scope="module")
def encoded() -> Any:
    return probe("reference")


def test_word_pieces_are_the_reference_tokenizers(encoded: Any) -> None:
    for case, ids in zip(REFERENCE["cases"], encoded["ids"], strict=True):
        assert ids == case["ids"], case["text"][:60]


@pytest.mark.parametrize("key", ["embeddings", "alone"])
def test_sentence_embeddings_match_the_reference(encoded: Any, key: str) -> None:
    # batched (with padding) and one at a time give the reference's vector
    for case, vector in zip(REFERENCE["cases"], encoded[key], strict=True):
        assert len(vector) == 384
        worst = max(abs(a - b) for a, b in zip(vector, case["embedding"], strict=True))
        assert worst < 1e-5, (case["text"][:60], worst)
        assert math.isclose(math.fsum(x * x for x in vector), 1.0, abs_tol=1e-5)


def test_each_token_gets_the_mean_of_its_word_pieces() -> None:
    found = probe("token_features")
    # the pipeline's tokenizer splits "he's"; "DSL", "RUI" and "s47" are two word pieces
    assert found["tokens"] == [
        "DSL",
        "here",
        "he",
        "s",
        "14",
        "on",
        "bail",
        "RUI",
        "after",
        "an",
        "s47",
    ]
    assert found["pieces_per_token"] == [2, 1, 1, 1, 1, 1, 1, 2, 1, 1, 2]
    assert all(count >= 1 for count in found["pieces_per_token"])
    assert all(found["matches_piece_mean"])
    assert found["sequence_shape"] == [11, 384]
    assert found["sentence_shape"] == [1, 384]
    assert found["sentence_is_model_embedding"]


def test_model_files_that_are_not_the_pinned_ones_are_refused() -> None:
    found = probe("tampered")
    assert found["refused"]
    assert "vocab.txt is not the pinned file" in found["message"]
