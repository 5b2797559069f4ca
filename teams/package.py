"""Builds the Teams app package: manifest.template.json filled from the configuration,
with the two icons, zipped as Teams and the Developer Portal expect (files at the root).

    .venv-app/bin/python teams/package.py [--env-file .env] [--out var/teams-app.zip]

`make teams-package` runs it. Values come from the environment, else from the env file.
Nothing is written unless every value is present and well formed.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import struct
import sys
import zipfile
from collections.abc import Callable, Mapping
from pathlib import Path
from string import Template
from typing import Any

from dotenv import dotenv_values

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
ICONS = {"color.png": 192, "outline.png": 32}

_GUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.I)
_VERSION = re.compile(r"\d{1,5}\.\d{1,5}\.\d{1,5}")
CHECKS: dict[str, tuple[Callable[[str], object], str]] = {
    "TEAMS_APP_ID": (_GUID.fullmatch, "the Azure Bot's Microsoft App ID (a GUID)"),
    "TEAMS_APP_VERSION": (_VERSION.fullmatch, "a version such as 1.0.0"),
    "TEAMS_DEVELOPER_NAME": (lambda v: 0 < len(v) <= 32, "at most 32 characters"),
    "TEAMS_WEBSITE_URL": (lambda v: v.startswith("https://"), "an https:// URL"),
    "TEAMS_PRIVACY_URL": (lambda v: v.startswith("https://"), "an https:// URL"),
    "TEAMS_TERMS_URL": (lambda v: v.startswith("https://"), "an https:// URL"),
}


class PackageError(ValueError):
    pass


def settings(env_file: Path | None, environ: Mapping[str, str]) -> dict[str, str]:
    values = {k: v or "" for k, v in dotenv_values(env_file).items()} if env_file else {}
    values.update({k: v for k, v in environ.items() if k.startswith("TEAMS_")})
    problems = [
        f"{name} must be {wanted}"
        for name, (valid, wanted) in CHECKS.items()
        if not valid(values.get(name, "").strip())
    ]
    if problems:
        raise PackageError("; ".join(problems))
    return {name: values[name].strip() for name in CHECKS}


def fill(node: Any, values: Mapping[str, str]) -> Any:
    """Substitutes ${NAME} in every string of the parsed template (so a value is never
    read as JSON), failing on any placeholder left unfilled."""
    if isinstance(node, dict):
        return {k: fill(v, values) for k, v in node.items()}
    if isinstance(node, list):
        return [fill(v, values) for v in node]
    if isinstance(node, str) and "${" in node:
        try:
            return Template(node).substitute(values)
        except KeyError as e:
            raise PackageError(f"the template uses {e}, which is not configured") from None
    return node


def png_size(data: bytes) -> tuple[int, int]:
    if data[:8] != b"\x89PNG\r\n\x1a\n" or data[12:16] != b"IHDR":
        raise PackageError("an icon is not a PNG")
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def build(values: Mapping[str, str], out: Path) -> Path:
    manifest = fill(json.loads((HERE / "manifest.template.json").read_text()), values)
    icons = {name: (HERE / name).read_bytes() for name in ICONS}
    for name, size in ICONS.items():
        if png_size(icons[name]) != (size, size):
            raise PackageError(f"{name} must be {size}x{size} pixels")
    out.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("manifest.json", json.dumps(manifest, indent=2, ensure_ascii=False))
        for name, data in icons.items():
            package.writestr(name, data)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--env-file", type=Path, default=ROOT / ".env")
    parser.add_argument("--out", type=Path, default=ROOT / "var" / "teams-app.zip")
    args = parser.parse_args(argv)
    env_file = args.env_file if args.env_file.exists() else None
    try:
        out = build(settings(env_file, os.environ), args.out)
    except PackageError as e:
        print(f"Cannot build the Teams app package: {e} (set them in .env).", file=sys.stderr)
        return 1
    print(f"Wrote {out}: upload it in Teams (Apps > Manage your apps) or the Developer Portal.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
