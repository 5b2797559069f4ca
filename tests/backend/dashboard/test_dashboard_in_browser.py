"""The staff dashboard in headless Chromium against the real backend (see conftest.py):
sign in, the queue, a flagged referral, a decision with its reason, the history, the
printable summary, and a referrer's <script> shown as text that never runs."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.backend.dashboard.seed import IMAGE_IN_TEXT, SCRIPT_IN_TEXT, Backend

pytestmark = pytest.mark.browser

TOKEN_KEY = "hsbDashboard.token"


def wait_until(page: Page, condition: Callable[[], bool], what: str) -> None:
    """Poll something outside the page (the database) while the page works."""
    for _ in range(100):
        if condition():
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"gave up waiting for {what}")


def sign_in(page: Page, backend: Backend, role: str) -> None:
    page.goto(f"{backend.url}/dashboard")
    page.get_by_label("Staff token").fill(backend.tokens[role])
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1, name="Queue")).to_be_visible()


def open_referral(page: Page, reference: str) -> None:
    page.get_by_role("link", name=reference, exact=True).first.click()
    expect(page.get_by_role("heading", level=1, name=f"Referral {reference}")).to_be_visible()


def test_sign_in_with_the_keyboard_then_the_queue_puts_immediate_risk_first(
    page: Page, backend: Backend
) -> None:
    page.goto(f"{backend.url}/dashboard")
    token_field = page.get_by_label("Staff token")
    expect(token_field).to_be_focused()
    page.keyboard.type("not-a-real-token")
    page.keyboard.press("Enter")
    expect(page.get_by_role("alert")).to_have_text(
        "That token was not accepted. Check it and try again."
    )

    page.keyboard.type(backend.tokens["art"])
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1, name="Queue")).to_be_focused()
    assert page.evaluate(f"sessionStorage.getItem('{TOKEN_KEY}')") == backend.tokens["art"]
    assert page.evaluate("localStorage.length") == 0
    assert backend.tokens["art"] not in page.url

    counts = page.locator(".counts")
    expect(counts).to_contain_text("4waiting")
    expect(counts.locator(".count-risk")).to_contain_text("2immediate risk")
    expect(page.get_by_role("region", name="By flag")).to_contain_text(
        "Police investigation ongoing1"
    )
    expect(page.get_by_role("region", name="By screening outcome")).to_contain_text("Criteria met1")

    rows = page.locator("table tbody tr")
    expect(rows).to_have_count(4)
    seeded = backend.referrals
    # Immediate risk first (oldest first among them), distinct, then discussion, then the rest.
    order = [
        seeded.immediate_risk,
        seeded.draft_with_risk,
        seeded.needs_discussion,
        seeded.criteria_met,
    ]
    for position, reference in enumerate(order):
        expect(rows.nth(position)).to_contain_text(reference)
    for position in (0, 1):
        expect(rows.nth(position)).to_have_class(re.compile(r"\bimmediate-risk\b"))
        expect(rows.nth(position)).to_contain_text("IMMEDIATE RISK")
    expect(rows.nth(2)).not_to_have_class(re.compile(r"\bimmediate-risk\b"))

    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("alert")).to_have_text("You have signed out.")
    assert page.evaluate(f"sessionStorage.getItem('{TOKEN_KEY}')") is None


def test_a_referrers_text_is_shown_as_text_and_runs_nothing(page: Page, backend: Backend) -> None:
    response = page.goto(f"{backend.url}/dashboard")
    assert response is not None
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    page.get_by_label("Staff token").fill(backend.tokens["art"])
    page.get_by_role("button", name="Sign in").click()
    open_referral(page, backend.referrals.immediate_risk)

    concern = page.get_by_role("region", name="The concern")
    expect(concern).to_contain_text(SCRIPT_IN_TEXT)
    expect(concern).to_contain_text(IMAGE_IN_TEXT)
    transcript = page.get_by_role("region", name="Conversation transcript")
    expect(transcript).to_contain_text(f"He wrote {SCRIPT_IN_TEXT} in the chat")
    assert page.locator("main script, main img").count() == 0
    assert page.evaluate("window.__pwned") is None
    assert page.title() == f"Referral {backend.referrals.immediate_risk}: HSB referrals"


def test_open_a_flagged_referral_decide_with_a_reason_and_see_the_history(
    page: Page, backend: Backend
) -> None:
    reference = backend.referrals.needs_discussion
    sign_in(page, backend, "art")
    open_referral(page, reference)

    screening = page.get_by_role("region", name="Screening")
    expect(screening).to_contain_text("Needs individual discussion")
    expect(screening.locator("tbody tr")).to_have_count(8)
    expect(screening).to_contain_text("A police investigation or prosecution is still open.")
    expect(page.get_by_role("region", name="Young person")).to_contain_text("Jayden")
    expect(page.get_by_role("region", name="Conversation transcript")).to_contain_text(
        "police still investigating"
    )

    decision = page.get_by_role("form", name="Record a decision")
    decision.get_by_label("New status").select_option(label="Accepted")
    reason = "Police confirmed NFA on 3 February; discussed at the HSB triage meeting."
    decision.get_by_label("Reason").fill(reason)
    decision.get_by_role("button", name="Record decision").focus()
    page.keyboard.press("Enter")

    history = page.get_by_role("region", name="Status history")
    expect(history.get_by_role("heading", name="Status history")).to_be_focused()
    last = history.get_by_role("listitem").last
    expect(last).to_contain_text("Needs discussion → Accepted")
    expect(last).to_contain_text(reason)
    expect(last).to_contain_text("staff:Sam Price")
    expect(page.locator(".facts")).to_contain_text("Accepted")
    expect(page.locator("#announcer")).to_have_text("Status changed to Accepted.")

    with backend.uow:
        done = [(e.actor, e.action) for e in backend.uow.audit.events(reference)]
        signed_in = [(e.actor, e.action) for e in backend.uow.audit.events()]
    assert ("staff:Sam Price", "staff.session_started") in signed_in
    assert ("staff:Sam Price", "referral.queue") in signed_in
    for action in (
        "referral.read",
        "referral.history_read",
        "referral.notes_read",
        "referral.status_changed",
    ):
        assert ("staff:Sam Price", action) in done, action


def test_a_decision_without_a_reason_is_not_sent(page: Page, backend: Backend) -> None:
    reference = backend.referrals.criteria_met
    sign_in(page, backend, "clinician")
    open_referral(page, reference)
    decision = page.get_by_role("form", name="Record a decision")
    decision.get_by_label("New status").select_option(label="Declined")
    decision.get_by_label("Reason").fill("   ")
    decision.get_by_role("button", name="Record decision").click()
    expect(decision.get_by_role("alert")).to_have_text("Give the reason for the decision.")
    expect(decision.get_by_label("Reason")).to_be_focused()
    with backend.uow:
        changes = [
            e
            for e in backend.uow.audit.events(reference)
            if "status_change" in e.action and e.actor.startswith("staff:")
        ]
    assert changes == []


def test_notes_are_added_and_shown_as_text(page: Page, backend: Backend) -> None:
    sign_in(page, backend, "clinician")
    open_referral(page, backend.referrals.criteria_met)
    notes = page.get_by_role("region", name="Case notes")
    notes.get_by_label("Add a note").fill("Rang school: <b>not bold</b>")
    notes.get_by_role("button", name="Add note").click()
    expect(page.get_by_role("region", name="Case notes")).to_contain_text(
        "Rang school: <b>not bold</b>"
    )
    expect(page.get_by_role("region", name="Case notes")).to_contain_text("staff:Dr Rowan Lee")


def test_clinicians_see_no_drafts_and_no_audit_log(page: Page, backend: Backend) -> None:
    sign_in(page, backend, "clinician")
    expect(page.locator("table tbody")).not_to_contain_text(backend.referrals.draft_with_risk)
    navigation = page.get_by_role("navigation", name="Main")
    expect(navigation.get_by_role("link", name="Audit log")).to_be_hidden()
    expect(navigation.get_by_role("link", name="Staff")).to_be_hidden()
    page.goto(f"{backend.url}/dashboard#/referral/{backend.referrals.draft_with_risk}")
    expect(page.get_by_role("alert")).to_contain_text("only the Access and Response Team")


def test_the_printable_summary(page: Page, backend: Backend, tmp_path: Path) -> None:
    reference = backend.referrals.immediate_risk
    sign_in(page, backend, "art")
    open_referral(page, reference)

    page.get_by_role("button", name="Print summary").click()
    expect(page.locator("#announcer")).not_to_have_text("The print could not be recorded.")

    def printed() -> bool:
        with backend.uow:
            return any(
                (e.actor, e.action, e.detail) == ("staff:Sam Price", "referral.exported", "print")
                for e in backend.uow.audit.events(reference)
            )

    wait_until(page, printed, "the print to be recorded in the audit log")

    page.emulate_media(media="print")
    expect(page.get_by_role("form", name="Record a decision")).to_be_hidden()
    expect(page.get_by_role("button", name="Print summary")).to_be_hidden()
    expect(page.get_by_text("OFFICIAL-SENSITIVE: personal data about a child.")).to_be_visible()
    expect(page.get_by_role("region", name="Conversation transcript")).to_be_visible()
    page.emulate_media(media="screen")

    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download summary (HTML)").click()
    download = download_info.value
    assert download.suggested_filename == f"{reference}-summary.html"
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    summary = saved.read_text(encoding="utf-8")
    assert f"<h1>{reference}</h1>" in summary and "<script" not in summary
    assert "&lt;script&gt;" in summary

    # The summary prints to PDF as served: its inline stylesheet is allowed by its hash.
    printer = page.context.browser.new_context(  # type: ignore[union-attr]
        extra_http_headers={"Authorization": f"Bearer {backend.tokens['art']}"}
    )
    try:
        summary_page = printer.new_page()
        summary_page.goto(f"{backend.url}/api/referrals/{reference}/summary")
        expect(summary_page.locator(".immediate-risk")).to_have_css(
            "border-top-color", "rgb(170, 0, 0)"
        )
        assert summary_page.evaluate("window.__pwned") is None
        assert summary_page.pdf(format="A4").startswith(b"%PDF")
    finally:
        printer.close()


def test_an_administrator_reads_the_audit_log(page: Page, backend: Backend) -> None:
    sign_in(page, backend, "admin")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Audit log").click()
    expect(page.get_by_role("heading", level=1, name="Audit log")).to_be_visible()
    page.get_by_label("Action (e.g. referral.read)").fill("referral.exported")
    page.get_by_role("button", name="Apply filters").click()
    rows = page.locator("table tbody tr")
    expect(rows.first).to_contain_text("referral.exported")
    expect(rows.first).to_contain_text("staff:Sam Price")
