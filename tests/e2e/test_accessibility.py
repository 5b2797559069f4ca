"""The pages that need the trained bot pass axe-core's WCAG 2.2 A and AA rules in
Chromium (tests/support/axe.py): the chat page in each state a professional meets. The
draft from a call is checked in test_transcript_page.py, the other dashboard pages in
tests/backend/dashboard/test_dashboard_accessibility.py."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.test_chat_page import (  # noqa: F401 (fixtures)
    MAKE_REFERRAL_BUTTON,
    REFERRER_NAME,
    UNREACHABLE_TEXT,
    WEBHOOK_GLOB,
    Chat,
    chat,
    chat_browser,
)
from tests.support.axe import assert_accessible

pytestmark = [pytest.mark.e2e, pytest.mark.browser]


def test_the_chat_page_is_accessible_as_a_referral_starts(chat: Chat) -> None:  # noqa: F811
    chat.open()
    chat.wait_for_greeting()
    assert_accessible(chat.page, "chat: the greeting with its buttons")
    chat.log.get_by_role("button", name=MAKE_REFERRAL_BUTTON).click()
    chat.wait_idle()
    chat.send_text(REFERRER_NAME)
    expect(chat.error).to_have_count(0)
    assert_accessible(chat.page, "chat: answered buttons and a typed answer")


def test_the_chat_page_is_accessible_on_a_phone_and_with_an_error(chat: Chat) -> None:  # noqa: F811
    chat.page.set_viewport_size({"width": 360, "height": 640})
    chat.open()
    chat.wait_for_greeting()
    assert_accessible(chat.page, "chat at 360 px")
    chat.page.route(WEBHOOK_GLOB, lambda route: route.abort("connectionrefused"))
    chat.input.fill("Hello, is anyone there?")
    chat.input.press("Enter")
    expect(chat.error).to_contain_text(UNREACHABLE_TEXT)
    assert_accessible(chat.page, "chat: the assistant cannot be reached")
