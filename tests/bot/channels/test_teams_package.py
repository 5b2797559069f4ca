"""`make teams-package`: the manifest template filled from the configuration, zipped
with the icons Teams requires."""

from __future__ import annotations

import json
import os
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
APP_ID = "3f2504e0-4f89-11d3-9a0c-0305e82c3301"
CONFIGURATION = {
    "TEAMS_APP_ID": APP_ID,
    "TEAMS_APP_VERSION": "1.2.3",
    "TEAMS_DEVELOPER_NAME": "Core Assets Children's Services",
    "TEAMS_WEBSITE_URL": "https://referrals.example.org/",
    "TEAMS_PRIVACY_URL": "https://referrals.example.org/privacy",
    "TEAMS_TERMS_URL": "https://referrals.example.org/terms",
}


def package(tmp_path: Path, env_file_text: str, **environ: str) -> subprocess.CompletedProcess[str]:
    env_file = tmp_path / "test.env"
    env_file.write_text(env_file_text)
    clean = {k: v for k, v in os.environ.items() if not k.startswith("TEAMS_")}
    return subprocess.run(
        [
            sys.executable,
            "teams/package.py",
            "--env-file",
            str(env_file),
            "--out",
            str(tmp_path / "teams-app.zip"),
        ],
        cwd=ROOT,
        env={**clean, **environ},
        capture_output=True,
        text=True,
    )


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_the_package_holds_the_filled_manifest_and_the_icons(tmp_path: Path) -> None:
    env_text = "\n".join(f'{k}="{v}"' for k, v in CONFIGURATION.items())
    done = package(tmp_path, env_text, TEAMS_APP_VERSION="1.2.4")  # the environment wins
    assert done.returncode == 0, done.stderr

    with zipfile.ZipFile(tmp_path / "teams-app.zip") as zipped:
        assert sorted(zipped.namelist()) == ["color.png", "manifest.json", "outline.png"]
        manifest = json.loads(zipped.read("manifest.json"))
        assert png_size(zipped.read("color.png")) == (192, 192)
        assert png_size(zipped.read("outline.png")) == (32, 32)
        outline = zipped.read("outline.png")

    assert "${" not in json.dumps(manifest)
    assert manifest["id"] == APP_ID
    assert manifest["version"] == "1.2.4"
    assert manifest["developer"]["name"] == "Core Assets Children's Services"
    assert manifest["developer"]["privacyUrl"] == CONFIGURATION["TEAMS_PRIVACY_URL"]
    [bot] = manifest["bots"]
    assert bot["botId"] == APP_ID
    assert bot["scopes"] == ["personal"]  # referrals are never made in shared chats
    assert len(manifest["name"]["short"]) <= 30
    assert len(manifest["description"]["short"]) <= 80
    assert outline[25:26] == b"\x06"  # RGBA: the outline icon has transparency


def test_nothing_is_written_while_the_configuration_is_incomplete(tmp_path: Path) -> None:
    done = package(tmp_path, "TEAMS_APP_ID=\nTEAMS_WEBSITE_URL=http://insecure.example\n")
    assert done.returncode == 1
    assert "TEAMS_APP_ID" in done.stderr
    assert "TEAMS_WEBSITE_URL must be an https:// URL" in done.stderr
    assert not (tmp_path / "teams-app.zip").exists()
