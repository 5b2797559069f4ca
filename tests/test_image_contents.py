"""Each image holds every module of this repository that its code imports, and installs
what the Makefile installs, so an image that builds also starts. Found from the source
(its import statements, followed from module to module), without building the image:
the Rasa image's bot/ imports actions.parsing.risk, the app image's actions/ imports
bot.nlu.resume_code_format, and either missing stops the server at start-up."""

from __future__ import annotations

import ast
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
IMAGES = ROOT / "deploy" / "images"
PACKAGES = {"actions", "backend", "bot"}
# What each image runs: the Rasa server loads bot/ (custom channels, components, stores);
# the app image runs the action server and the backend.
IMAGE_CODE = {"Containerfile.rasa": ("bot",), "Containerfile.app": ("actions", "backend")}


def _module_file(dotted: str) -> Path | None:
    path = ROOT.joinpath(*dotted.split("."))
    if (path / "__init__.py").is_file():
        return path / "__init__.py"
    return path.with_suffix(".py") if path.with_suffix(".py").is_file() else None


def _imported_names(path: Path) -> Iterator[str]:
    """Dotted names a file imports at run time (not under `if TYPE_CHECKING:`), relative
    imports resolved against its package."""
    relative = path.relative_to(ROOT).with_suffix("")
    package = list(relative.parts[:-1])
    tree = ast.parse(path.read_text(), str(path))
    type_checking = {
        id(inner)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and ast.unparse(node.test).endswith("TYPE_CHECKING")
        for inner in ast.walk(node)
    }
    for node in ast.walk(tree):
        if id(node) in type_checking:
            continue
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join(base + ([node.module] if node.module else []))
            yield module
            yield from (f"{module}.{alias.name}" for alias in node.names)


def _files_needed(roots: tuple[str, ...]) -> set[Path]:
    """Every file of this repository that the code under roots imports, directly or not,
    with the __init__.py of each package on the way."""
    todo = [path for root in roots for path in (ROOT / root).rglob("*.py")]
    seen: set[Path] = set()
    while todo:
        path = todo.pop()
        if path in seen:
            continue
        seen.add(path)
        for name in _imported_names(path):
            parts = name.split(".")
            if parts[0] not in PACKAGES:
                continue
            found = (_module_file(".".join(parts[:i])) for i in range(1, len(parts) + 1))
            todo.extend(f for f in found if f is not None)
    return seen


def _copied(containerfile: str) -> list[str]:
    """Sources of the COPY lines that take files from the build context."""
    sources: list[str] = []
    for line in (IMAGES / containerfile).read_text().replace("\\\n", " ").splitlines():
        if line.startswith("COPY ") and "--from=" not in line:
            sources.extend(line.split()[1:-1])
    return sources


def test_the_import_walk_follows_relative_imports() -> None:
    needed = _files_needed(("bot",))
    assert ROOT / "actions" / "parsing" / "risk.py" in needed
    # risk.py imports its word lists relatively (from .risk_words import ...).
    assert ROOT / "actions" / "parsing" / "risk_words.py" in needed


@pytest.mark.parametrize("containerfile", sorted(IMAGE_CODE))
def test_an_image_holds_every_module_its_code_imports(containerfile: str) -> None:
    copied = _copied(containerfile)
    files = _files_needed(IMAGE_CODE[containerfile])
    needed = sorted(path.relative_to(ROOT).as_posix() for path in files)
    missing = [
        path
        for path in needed
        if not any(path == c or (c.endswith("/") and path.startswith(c)) for c in copied)
    ]
    assert missing == []


def _pip_installs(text: str) -> list[str]:
    """The arguments of each pip install command, paths reduced to requirements/<file>."""
    joined = text.replace("\\\n", " ")
    commands = re.findall(r"pip install (.*?)(?=\s*(?:&&|2>&1|\|)|\s*$)", joined, re.M)
    return [re.sub(r"\S*/requirements/", "requirements/", " ".join(c.split())) for c in commands]


@pytest.mark.parametrize(
    ("containerfile", "venv"),
    [("Containerfile.rasa", "RASA_ENV"), ("Containerfile.app", "APP_ENV")],
)
def test_an_image_installs_what_the_makefile_installs(containerfile: str, venv: str) -> None:
    recipe = _recipe(f"$({venv})/.installed")
    image = (IMAGES / containerfile).read_text()
    assert _pip_installs(image) == _pip_installs(recipe)
    assert len(_pip_installs(image)) == 3


def _recipe(target: str) -> str:
    makefile = (ROOT / "Makefile").read_text()
    return makefile.split(f"\n{target}:", 1)[1].split("\n\n", 1)[0]


def test_make_images_builds_both_images_on_the_chosen_base_outside_the_tests() -> None:
    recipe = _recipe("images")
    for image in ("rasa", "app"):
        build = f"--build-arg BASE=$(IMAGE_BASE) \\\n\t\t-f deploy/images/Containerfile.{image}"
        assert build in recipe
    assert "deploy/images/local-base $(LOCAL_BASE_IMAGE)" in recipe
    assert "images" not in _recipe("test")
    assert "images" not in (ROOT / ".ci" / "run").read_text()


def test_the_local_base_is_a_shell_script_tagging_what_make_images_uses() -> None:
    script = IMAGES / "local-base"
    text = script.read_text()
    assert text.startswith("#!/bin/sh\n") and "\nset -eu\n" in text
    assert script.stat().st_mode & 0o111
    result = subprocess.run(["sh", "-n", str(script)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    default_tag = re.search(r"^tag=\$\{1:-(\S+)\}$", text, re.M)
    assert default_tag is not None
    assert f"LOCAL_BASE_IMAGE := {default_tag.group(1)}\n" in (ROOT / "Makefile").read_text()
    # Only the interpreter goes in: none of this machine's installed packages or settings.
    assert "--exclude='lib/python3.10/site-packages/*'" in text
