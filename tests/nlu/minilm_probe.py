"""Run by tests/nlu/test_sentence_embeddings.py in the Rasa server's environment, where
bot/nlu runs: prints, as JSON, what the encoder and the featurizer give for the inputs
the test names. Argument: the name of one probe. Run from the repository root as
`python -m tests.nlu.minilm_probe <probe>`."""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any, Callable

import numpy as np

from bot.nlu.minilm import MiniLM, ModelFilesError, model_dir

ROOT = Path(__file__).resolve().parents[2]

REFERENCE = ROOT / "tests" / "fixtures" / "minilm_reference.json"


def reference() -> dict[str, Any]:
    cases = json.loads(REFERENCE.read_text(encoding="utf-8"))["cases"]
    model = MiniLM.load()
    texts = [case["text"] for case in cases]
    encoded = model.encode(texts, batch_size=4)
    return {
        "ids": [model.tokenizer.encode(text)[0] for text in texts],
        "embeddings": [item.sentence.tolist() for item in encoded],
        "alone": [model.encode([text])[0].sentence.tolist() for text in texts],
    }


def token_features() -> dict[str, Any]:
    from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
    from rasa.shared.nlu.constants import TEXT
    from rasa.shared.nlu.training_data.message import Message

    from bot.nlu.sentence_featurizer import SentenceEmbeddingFeaturizer, token_vectors

    text = "DSL here - he's 14, on bail (RUI) after an s47."
    message = Message({TEXT: text})
    tokenizer = WhitespaceTokenizer(WhitespaceTokenizer.get_default_config())
    tokenizer.process([message])
    tokens = message.get("text_tokens")
    encoded = MiniLM.load().encode([text])[0]
    vectors = token_vectors(encoded, tokens)
    pieces = [
        [
            index
            for index, (start, end) in enumerate(encoded.spans)
            if end > start and start >= token.start and end <= token.end
        ]
        for token in tokens
    ]
    featurizer = SentenceEmbeddingFeaturizer.__new__(SentenceEmbeddingFeaturizer)
    featurizer._config = {"alias": "minilm"}
    featurizer.encoder = MiniLM.load()
    featurizer.process([message])
    sequence, sentence = message.get_dense_features(TEXT)
    return {
        "tokens": [token.text for token in tokens],
        "pieces_per_token": [len(indexes) for indexes in pieces],
        "matches_piece_mean": [
            bool(np.allclose(vectors[row], encoded.pieces[indexes].mean(axis=0)))
            for row, indexes in enumerate(pieces)
        ],
        "sequence_shape": list(sequence.features.shape),
        "sentence_shape": list(sentence.features.shape),
        "sentence_is_model_embedding": bool(np.allclose(sentence.features[0], encoded.sentence)),
    }


def tampered() -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder)
        for name in ("model.safetensors", "vocab.txt"):
            shutil.copy(model_dir() / name, copy / name)
        with open(copy / "vocab.txt", "a", encoding="utf-8") as vocab:
            vocab.write("extra\n")
        try:
            MiniLM.load(copy)
        except ModelFilesError as error:
            return {"refused": True, "message": str(error)}
    return {"refused": False, "message": ""}


PROBES: dict[str, Callable[[], dict[str, Any]]] = {
    "reference": reference,
    "token_features": token_features,
    "tampered": tampered,
}

if __name__ == "__main__":
    print(json.dumps(PROBES[sys.argv[1]]()))
