"""Asking the running stack's staff API what it holds, as the dashboard does."""

from __future__ import annotations

import httpx

from tests.e2e.stack import Stack


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
