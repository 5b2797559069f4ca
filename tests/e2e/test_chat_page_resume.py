"""The chat page shows where a referral is (which part, roughly how many questions are
left) and takes a resume code in a small form: a referral paused in one browser is
finished in another. Chromium through the real stack (tests/e2e/test_chat_page.py)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, expect

from tests.e2e.test_chat_page import (  # noqa: F401 (fixtures)
    MAKE_REFERRAL_BUTTON,
    REPLY_TIMEOUT_MS,
    Chat,
    chat,
    chat_browser,
)

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

CODE = re.compile(r"\b[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}\b")
PART_ONE = re.compile(r"^Part 1 of 6: about you · about \d+ questions left$")


def test_progress_is_shown_and_a_paused_referral_is_finished_in_another_browser(
    chat: Chat,  # noqa: F811 (the fixture imported above)
    chat_browser: Browser,  # noqa: F811
) -> None:
    chat.open()
    chat.wait_for_greeting()
    progress = chat.page.locator("#progress")
    expect(progress).to_be_hidden()
    chat.log.get_by_role("button", name=MAKE_REFERRAL_BUTTON).click()
    chat.wait_idle()

    expect(progress).to_be_visible()
    text = chat.page.locator("#progress-text")
    expect(text).to_have_text(PART_ONE)
    bar = chat.page.get_by_role("progressbar")
    expect(bar).to_have_accessible_name(PART_ONE)
    status = chat.page.get_by_role("status").filter(has_text="Part 1 of 6")
    expect(status).to_have_count(1)
    first = text.inner_text()

    chat.send_text("Imogen Featherstonehaugh")
    expect(text).not_to_have_text(first)  # one question fewer
    # Within a part the status (read out) keeps the part's first line: no announcement
    # before every question.
    expect(chat.page.locator("#progress-status")).to_have_text(first)
    left_before_pause = text.inner_text()

    chat.send_text("I need to go, can I finish later?")
    match = CODE.search(chat.bot_messages.last.inner_text())
    assert match, chat.texts()

    context = chat_browser.new_context(viewport={"width": 390, "height": 800}, locale="en-GB")
    context.set_default_timeout(REPLY_TIMEOUT_MS)
    try:
        other = Chat(context.new_page(), chat.base_url)
        other.open()
        other.wait_for_greeting()
        other.page.get_by_text("Finish a referral you paused").click()
        other.page.get_by_label("Your resume code").fill(match.group(0).lower())
        users = other.user_messages.count()
        other.page.locator("#resume-form").get_by_role("button", name="Carry on").click()
        expect(other.user_messages).to_have_count(users + 1)
        other.wait_idle()
        expect(other.log).to_contain_text("Welcome back")
        expect(other.page.locator("#progress-text")).to_have_text(left_before_pause)
        assert other.page_errors == []
    finally:
        context.close()
