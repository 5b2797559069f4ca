"""Creates .env from .env.example on first run, with freshly generated secrets.

Secrets are never committed: each installation makes its own."""

from __future__ import annotations

import base64
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GENERATED = {
    "FIELD_ENCRYPTION_KEY": lambda: base64.urlsafe_b64encode(os.urandom(32)).decode(),
    "TRACKER_ENCRYPTION_KEY": lambda: base64.urlsafe_b64encode(os.urandom(32)).decode(),
    "SMS_RELAY_SECRET": lambda: base64.urlsafe_b64encode(os.urandom(32)).decode(),
    "SMS_NUMBER_KEY": lambda: base64.urlsafe_b64encode(os.urandom(32)).decode(),
    "TRANSCRIPT_RELAY_SECRET": lambda: base64.urlsafe_b64encode(os.urandom(32)).decode(),
    "ACTION_SERVER_TOKEN": lambda: base64.urlsafe_b64encode(os.urandom(32)).decode(),
}

# Settings added since some .env files were made, whose example value an existing .env
# takes (the widget's demonstration site would otherwise be refused by `make run`).
ADDED_FROM_EXAMPLE = ("WIDGET_HOST_ORIGINS",)


def _example_values() -> dict[str, str]:
    values = {}
    for line in (ROOT / ".env.example").read_text().splitlines():
        if "=" in line and not line.startswith("#"):
            name, value = line.split("=", 1)
            values[name.strip()] = value
    return values


def _add_missing_settings(target: Path) -> None:
    text = target.read_text()
    present = {line.split("=", 1)[0].strip() for line in text.splitlines() if "=" in line}
    example = _example_values()
    missing = [name for name in ADDED_FROM_EXAMPLE if name not in present]
    if missing:
        added = "".join(f"{name}={example[name]}\n" for name in missing)
        target.write_text(text + ("" if text.endswith("\n") else "\n") + added)
        print(f"Added {', '.join(missing)} to {target.name} (from .env.example).")


def _add_missing_secrets(target: Path) -> int:
    """A .env made before a secret was added gets that secret; nothing else changes."""
    text = target.read_text()
    present = {line.split("=", 1)[0].strip() for line in text.splitlines() if "=" in line}
    missing = [name for name in GENERATED if name not in present]
    if missing:
        added = "".join(f"{name}={GENERATED[name]()}\n" for name in missing)
        target.write_text(text + ("" if text.endswith("\n") else "\n") + added)
        print(f"Added {', '.join(missing)} to {target.name}.")
    return 0


def main() -> int:
    target = ROOT / ".env"
    if target.exists():
        _add_missing_settings(target)
        return _add_missing_secrets(target)
    lines = []
    for line in (ROOT / ".env.example").read_text().splitlines():
        name = line.split("=", 1)[0].strip()
        if name in GENERATED and not line.startswith("#"):
            line = f"{name}={GENERATED[name]()}"
        lines.append(line)
    target.write_text("\n".join(lines) + "\n")
    target.chmod(0o600)
    print(f"Created {target.name} with new encryption keys (keep them safe; never commit them).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
