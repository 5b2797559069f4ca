"""The dashboard's "Draft from a call" page in Debian's Chromium against the real stack:
an ART member of staff pastes a call's transcript and gets the draft, with what is
still needed; a transcript that can't be read gets a message and stays in the box; the
draft and its referral page pass axe-core's WCAG 2.2 A and AA rules."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Locator, Page, expect, sync_playwright

from scripts.harness.stack import Stack
from tests.fixtures.transcript_cases import CALL_DATE, CASES
from tests.support.axe import assert_accessible

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        launched = p.chromium.launch(
            executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS
        )
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser, stack: Stack, art_token: str) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    context.set_default_timeout(60_000)
    opened = context.new_page()
    errors: list[str] = []
    opened.on("pageerror", lambda error: errors.append(str(error)))
    opened.goto(f"{stack.backend_url}/dashboard#/transcript")
    opened.get_by_label("Staff token").fill(art_token)
    opened.get_by_role("button", name="Sign in").click()
    expect(opened.get_by_role("heading", level=1)).to_have_text("Draft a referral from a call")
    yield opened
    context.close()
    assert errors == []


def draft_the_tidy_call(page: Page) -> Locator:
    """Pastes a tidy call and waits for the draft; returns the result panel."""
    tidy = next(case for case in CASES if case.file == "tidy_social_worker.txt")
    page.get_by_label("Transcript or notes of the call").fill(tidy.text)
    page.get_by_label("Date of the call").fill(CALL_DATE.isoformat())
    page.get_by_role("button", name="Draft the referral").click()
    result = page.locator("#draft-result")
    expect(result.get_by_role("heading", level=2)).to_contain_text("Draft saved: HSB-")
    return result


def test_art_pastes_a_call_and_gets_the_draft_with_what_is_still_needed(page: Page) -> None:
    result = draft_the_tidy_call(page)
    expect(result).to_contain_text("Caller was taken as the referrer")
    missing = result.locator("ul.missing li")
    expect(missing.filter(has_text="First noticed")).to_have_count(1)  # said, never asked
    expect(missing.filter(has_text="Date of birth")).to_have_count(0)  # read from the call

    result.get_by_role("link", name="Open the draft referral").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("HSB-")
    transcript = page.locator("ol.transcript")
    expect(transcript.locator("li.turn-art").first).to_contain_text("Access and Response Team")
    expect(transcript).to_contain_text("Hi Priya, it's Sarah Jones")


def test_a_transcript_that_cannot_be_read_is_kept_with_a_message(page: Page) -> None:
    box = page.get_by_label("Transcript or notes of the call")
    box.fill("Rang about a lad in Yate, will send the details later")
    page.get_by_role("button", name="Draft the referral").click()
    expect(page.get_by_role("alert").filter(has_text="speaker")).to_be_visible()
    expect(box).to_have_value("Rang about a lad in Yate, will send the details later")


def test_a_draft_from_a_call_and_its_referral_page_are_accessible(page: Page) -> None:
    result = draft_the_tidy_call(page)
    assert_accessible(page, "the draft from a call")

    result.get_by_role("link", name="Open the draft referral").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("HSB-")
    expect(page.locator("ol.transcript li.turn-art").first).to_be_visible()
    assert_accessible(page, "the draft referral with its call transcript")
