"""The running stack's staff API: a token made with the backend's CLI, and asking the API
what it holds, as the dashboard does."""

from __future__ import annotations

import re

import httpx

from scripts.harness.stack import Stack


def new_token(stack: Stack, name: str, role: str) -> str:
    output = stack.cli("create-token", "--name", name, "--role", role)
    match = re.search(r"[A-Za-z0-9_\-]{32,}", output)
    assert match, f"no token in: {output!r}"
    return match.group(0)


def newest_flagged_reference(stack: Stack, token: str, flag: str = "IMMEDIATE_RISK") -> str:
    """The reference of the newest referral carrying the flag."""
    listed = httpx.get(
        f"{stack.backend_url}/api/referrals",
        params={"flag": flag, "per_page": 1},
        headers={"Authorization": f"Bearer {token}"},
        timeout=10,
    ).json()["items"]
    assert listed, f"no referral is flagged {flag}"
    return str(listed[0]["reference"])
