"""The printable referral summary for the case file: one self-contained HTML page.

Rendered with Jinja2 autoescaping, so everything a referrer typed appears as text.
The page's one stylesheet is inline and allowed by its hash alone (SUMMARY_POLICY):
no script can run in it, and it loads nothing, so a saved copy prints the same.
"""

from __future__ import annotations

import base64
import hashlib
import re
from datetime import date, datetime
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape

from backend.domain.fields import FIELDS_BY_NAME
from backend.domain.labels import (
    CHOICE_LABELS,
    CRITERION_LABELS,
    FLAG_LABELS,
    OUTCOME_LABELS,
    RESULT_LABELS,
    SOURCE_LABELS,
    STATUS_LABELS,
    field_title,
    record_layout,
)
from backend.security import summary_policy

TEMPLATES = Path(__file__).resolve().parent / "templates"
SUMMARY_CSS = (TEMPLATES / "referral_summary.css").read_text(encoding="utf-8")
SUMMARY_POLICY = summary_policy(
    "sha256-" + base64.b64encode(hashlib.sha256(SUMMARY_CSS.encode()).digest()).decode()
)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_CHOICE = re.compile(r"[a-z]+(?:_[a-z0-9]+)+")  # a choice's name, e.g. child_protection_plan

_environment = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=select_autoescape(default=True, default_for_string=True),
    trim_blocks=True,
    lstrip_blocks=True,
)


def shown(value: Any) -> str:
    """A field's value in words: dates written out, a stored choice in its words, any
    other code-like value without underscores."""
    if value is None:
        return "Not given"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, str):
        if value in CHOICE_LABELS:
            return CHOICE_LABELS[value]
        if _ISO_DATE.fullmatch(value):
            try:
                return date.fromisoformat(value).strftime("%-d %B %Y")
            except ValueError:
                return value
        return value.replace("_", " ") if _CHOICE.fullmatch(value) else value
    if isinstance(value, list):
        return "; ".join(shown(item) for item in value) if value else "None"
    if isinstance(value, dict):
        return ", ".join(f"{k.replace('_', ' ')}: {shown(v)}" for k, v in value.items())
    return str(value)


def when(timestamp: str | None) -> str:
    if not timestamp:
        return ""
    return datetime.fromisoformat(timestamp).strftime("%-d %B %Y, %H:%M UTC")


def _groups(record: dict[str, Any]) -> list[dict[str, Any]]:
    groups = []
    for group in record_layout()["groups"]:
        value = record[group["group"]]
        if isinstance(value, dict):
            rows = [(f["label"], shown(value.get(f["key"]))) for f in group["fields"]]
        else:
            rows = [(group["fields"][0]["label"], shown(value))]
        groups.append({"title": group["title"], "rows": rows})
    return groups


def render_summary(case_file: dict[str, Any]) -> str:
    """The case file (review.export_case_file) as the printable summary."""
    record = case_file["record"]
    screening = record["screening"] or {}
    flags = screening.get("flags", [])
    return _environment.get_template("referral_summary.html").render(
        css=SUMMARY_CSS,
        record=record,
        status=STATUS_LABELS.get(record["status"], record["status"]),
        source=SOURCE_LABELS.get(record["source"], record["source"]),
        outcome=OUTCOME_LABELS.get(screening.get("outcome") or "not_screened", ""),
        criteria=[
            (
                CRITERION_LABELS.get(c["criterion"], c["criterion"]),
                RESULT_LABELS.get(c["result"], c["result"]),
                c["result"],
                c["reason"],
            )
            for c in screening.get("criteria", [])
        ],
        flags=[(FLAG_LABELS.get(f["code"], f["code"]), f["reason"]) for f in flags],
        immediate_risk=any(f["code"] == "IMMEDIATE_RISK" for f in flags),
        next_steps=screening.get("next_steps", []),
        missing=[
            field_title(FIELDS_BY_NAME[name]) if name in FIELDS_BY_NAME else name
            for name in record["missing_fields"]
        ],
        groups=_groups(record),
        changes=case_file["history"]["changes"],
        status_labels=STATUS_LABELS,
        notes=case_file["notes"],
        handoffs=case_file["handoff_requests"],
        source_labels=SOURCE_LABELS,
        exported_at=case_file["exported_at"],
        exported_by=case_file["exported_by"],
        when=when,
    )
