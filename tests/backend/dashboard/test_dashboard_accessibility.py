"""Every dashboard page passes axe-core's WCAG 2.2 A and AA rules in Chromium (see
conftest.py and tests/support/axe.py): sign-in, the queue, all referrals, referral pages
with real data, requests, the audit log, staff accounts, the call-transcript form and the
printable summary. The draft made from a call is checked against the real bot in
tests/e2e/test_accessibility.py."""

from __future__ import annotations

import httpx
import pytest
from playwright.sync_api import Page, expect

from tests.backend.dashboard.seed import Backend
from tests.backend.dashboard.test_dashboard_in_browser import sign_in
from tests.support.axe import assert_accessible

pytestmark = pytest.mark.browser


def test_the_sign_in_page_is_accessible(page: Page, backend: Backend) -> None:
    page.goto(f"{backend.url}/dashboard")
    expect(page.get_by_label("Staff token")).to_be_focused()
    assert_accessible(page, "sign-in")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_have_text("Enter your staff token.")
    assert_accessible(page, "sign-in with an error")


def test_every_page_an_administrator_sees_is_accessible(page: Page, backend: Backend) -> None:
    sign_in(page, backend, "admin")
    assert_accessible(page, "queue")
    for route, heading in (
        ("referrals", "All referrals"),
        ("referrals?flag=IMMEDIATE_RISK", "All referrals"),
        ("requests/consultation", "Requests"),
        ("requests/training", "Requests"),
        ("requests/handoff", "Requests"),
        ("audit", "Audit log"),
        ("staff", "Staff accounts"),
        ("transcript", "Draft a referral from a call"),
        ("nowhere", "Page not found"),
    ):
        page.goto(f"{backend.url}/dashboard#/{route}")
        expect(page.get_by_role("heading", level=1, name=heading)).to_be_visible()
        assert_accessible(page, route)
    page.goto(f"{backend.url}/dashboard#/requests/handoff")
    page.locator("#view table tbody a").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("request")
    assert_accessible(page, "a hand-off request")


@pytest.mark.parametrize("role", ["art", "clinician"])
def test_referral_pages_with_real_data_are_accessible(
    page: Page, backend: Backend, role: str
) -> None:
    sign_in(page, backend, role)
    references = [
        backend.referrals.immediate_risk,
        backend.referrals.needs_discussion,
        backend.referrals.criteria_met,
    ]
    if role == "art":
        references.append(backend.referrals.draft_with_risk)
    for reference in references:
        page.goto(f"{backend.url}/dashboard#/referral/{reference}")
        heading = page.get_by_role("heading", level=1, name=f"Referral {reference}")
        expect(heading).to_be_visible()
        expect(page.get_by_role("heading", level=2, name="Conversation transcript")).to_be_visible()
        assert_accessible(page, f"{role}: {reference}")


def test_the_printable_summary_is_accessible(page: Page, backend: Backend) -> None:
    reference = backend.referrals.immediate_risk
    response = httpx.get(
        f"{backend.url}/api/referrals/{reference}/summary",
        headers={"Authorization": f"Bearer {backend.tokens['clinician']}"},
    )
    assert response.status_code == 200
    page.set_content(response.text)
    expect(page.get_by_role("heading", level=1)).to_have_text(reference)
    assert_accessible(page, "referral summary")


def test_the_check_fails_naming_each_violation_and_where_it_is(page: Page) -> None:
    page.set_content(
        '<html lang="en-GB"><head><title>Bad</title></head><body><main>'
        '<img src="data:," id="pic"><input id="nameless"></main></body></html>'
    )
    with pytest.raises(AssertionError) as failed:
        assert_accessible(page, "a page made to fail")
    message = str(failed.value)
    assert "a page made to fail: 2 accessibility violations" in message
    assert "image-alt (critical)" in message and "at #pic" in message
    assert "label (critical)" in message and "at #nameless" in message
