"""End-to-end tests of the referral web chat page (bot/webchat/static/).

They drive Debian's Chromium with Playwright against the real stack started by
the ``stack`` fixture of tests/e2e/conftest.py: the backend serves the page at
``stack.backend_url + "/"`` and ``/webchat/config.json`` points the page at the
Rasa server, which answers through bot.channels.webchat.WebChatInput.

Only robust fragments of the bot's wording are asserted; they are the
constants below, to be kept in line with the bot's responses.
"""

from __future__ import annotations

import json
import re
from typing import Iterator

import pytest
from playwright.sync_api import Browser, Locator, Page, Route, expect, sync_playwright

# --- Bot wording the tests rely on (fragments, matched case-insensitively) ---
#: Somewhere in the bot's opening message(s), answering the hidden "/greet".
GREETING_FRAGMENT = "referral"
#: Title of a button offered with the greeting, which starts a referral.
MAKE_REFERRAL_BUTTON = "Make a referral"
#: In the bot's reply to MAKE_REFERRAL_BUTTON: it asks for the referrer's name.
NAME_QUESTION_FRAGMENT = "name"
#: The referrer's name typed in answer.
REFERRER_NAME = "Alex Example"

# --- The page's own wording and storage (bot/webchat/static/chat.js) ---
UNREACHABLE_TEXT = "I can't reach the assistant just now. Your message has not been sent"
TYPING_LABEL = "The assistant is typing"
INPUT_LABEL = "Your message"
SENDER_KEY = "hsbReferralChat.sender"
TRANSCRIPT_KEY = "hsbReferralChat.transcript"
WEBHOOK_GLOB = "**/webhooks/webchat/webhook"

#: How long to wait for the assistant (the first prediction of a fresh Rasa is slow).
REPLY_TIMEOUT_MS = 30_000

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

UUID4 = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")


def fragment(text: str) -> re.Pattern:
    return re.compile(re.escape(text), re.IGNORECASE)


class Chat:
    """The chat page in one browser context, with the locators the tests use."""

    def __init__(self, page: Page, base_url: str) -> None:
        self.page = page
        self.base_url = base_url
        self.dialogs: list[str] = []
        self.page_errors: list[str] = []
        self.accept_confirm = False
        page.on("dialog", self._on_dialog)
        page.on("pageerror", lambda error: self.page_errors.append(str(error)))

    def _on_dialog(self, dialog) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        if dialog.type == "confirm" and self.accept_confirm:
            dialog.accept()
        else:
            dialog.dismiss()

    # Locators
    @property
    def log(self) -> Locator:
        return self.page.get_by_role("log")

    @property
    def bot_messages(self) -> Locator:
        return self.log.locator(".msg--bot")

    @property
    def user_messages(self) -> Locator:
        return self.log.locator(".msg--user")

    @property
    def input(self) -> Locator:
        return self.page.get_by_label(INPUT_LABEL)

    @property
    def typing(self) -> Locator:
        return self.page.get_by_label(TYPING_LABEL)

    @property
    def error(self) -> Locator:
        return self.log.locator(".msg--error")

    # Actions
    def open(self) -> None:
        self.page.goto(self.base_url + "/")

    def wait_idle(self) -> None:
        """Waits until no request is in flight (the typing indicator has gone)."""
        expect(self.typing).to_be_hidden(timeout=REPLY_TIMEOUT_MS)
        expect(self.log.locator(".msg--user.is-pending")).to_have_count(0)

    def wait_for_greeting(self) -> None:
        expect(self.bot_messages.first).to_be_visible(timeout=REPLY_TIMEOUT_MS)
        self.wait_idle()
        expect(self.error).to_have_count(0)
        expect(self.log).to_contain_text(fragment(GREETING_FRAGMENT))

    def send_text(self, text: str) -> None:
        """Types text and presses Enter, then waits for the reply."""
        users = self.user_messages.count()
        self.input.fill(text)
        self.input.press("Enter")
        expect(self.user_messages).to_have_count(users + 1, timeout=REPLY_TIMEOUT_MS)
        self.wait_idle()

    def session_value(self, key: str):
        return self.page.evaluate("key => window.sessionStorage.getItem(key)", key)

    def texts(self) -> list[str]:
        return self.log.locator(".msg .bubble").all_inner_texts()


@pytest.fixture(scope="module")
def chat_browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def chat(chat_browser: Browser, stack) -> Iterator[Chat]:
    context = chat_browser.new_context(viewport={"width": 1280, "height": 800}, locale="en-GB")
    context.set_default_timeout(REPLY_TIMEOUT_MS)
    page = context.new_page()
    chat = Chat(page, stack.backend_url.rstrip("/"))
    yield chat
    context.close()
    assert chat.page_errors == [], f"JavaScript errors on the page: {chat.page_errors}"


def test_page_shows_title_privacy_note_and_accessible_controls(chat: Chat) -> None:
    chat.open()
    page = chat.page
    expect(page).to_have_title("Refer to the Harmful Sexual Behaviour Service")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Refer to the Harmful Sexual Behaviour Service"
    )
    # the subtitle in the page's header, not the bot's greeting, which names the area too
    expect(page.get_by_role("banner").get_by_text("South Gloucestershire")).to_contain_text(
        "Core Assets Children's Services"
    )
    expect(
        page.get_by_text("Don't include the names of children who were harmed.")
    ).to_contain_text("If a child is in immediate danger, call 999.")
    expect(chat.log).to_have_attribute("aria-live", "polite")
    expect(chat.input).to_be_editable()
    expect(page.get_by_role("button", name="Send")).to_be_visible()
    expect(page.get_by_role("button", name="Start again")).to_be_visible()
    chat.wait_for_greeting()
    # The opening payload is sent but not shown.
    expect(chat.user_messages).to_have_count(0)
    expect(chat.log).not_to_contain_text("/greet")
    # Nothing is fetched from another site but the Rasa server (no CDN, no fonts).
    origins = page.evaluate(
        "() => [...new Set(performance.getEntriesByType('resource')"
        ".map(e => new URL(e.name).origin))]"
    )
    rasa_origin = page.evaluate(
        "url => new URL(url).origin",
        json.loads(page.request.get(chat.base_url + "/webchat/config.json").text())["rasaUrl"],
    )
    assert set(origins) <= {chat.base_url, rasa_origin}, origins


def test_page_fits_a_360px_wide_screen(chat: Chat) -> None:
    chat.page.set_viewport_size({"width": 360, "height": 640})
    chat.open()
    chat.wait_for_greeting()
    overflow = chat.page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"the page scrolls sideways by {overflow}px at 360px"
    expect(chat.input).to_be_in_viewport()
    expect(chat.page.get_by_role("button", name="Send")).to_be_in_viewport()
    expect(chat.log.get_by_role("button", name=MAKE_REFERRAL_BUTTON)).to_be_visible()


def test_greeting_buttons_typed_turns_and_reload_keep_the_conversation(chat: Chat) -> None:
    chat.open()
    chat.wait_for_greeting()
    sender = chat.session_value(SENDER_KEY)
    assert sender and UUID4.match(sender), sender

    # A button from the bot sends its payload and shows its title as the user's message.
    referral = chat.log.get_by_role("button", name=MAKE_REFERRAL_BUTTON)
    expect(referral).to_be_enabled()
    referral.click()
    expect(chat.user_messages.last.locator(".bubble")).to_have_text(MAKE_REFERRAL_BUTTON)
    chat.wait_idle()
    # ... and the greeting's buttons can no longer be used.
    expect(chat.bot_messages.first.get_by_role("button")).not_to_have_count(0)
    for button in chat.bot_messages.first.get_by_role("button").all():
        expect(button).to_be_disabled()
    expect(chat.bot_messages.last).to_contain_text(fragment(NAME_QUESTION_FRAGMENT))
    expect(chat.input).to_be_focused()

    # A typed answer.
    bots_before = chat.bot_messages.count()
    chat.send_text(REFERRER_NAME)
    expect(chat.user_messages.last.locator(".bubble")).to_have_text(REFERRER_NAME)
    expect(chat.bot_messages).not_to_have_count(bots_before)
    expect(chat.error).to_have_count(0)
    expect(chat.input).to_have_value("")
    expect(chat.input).to_be_focused()
    # Every button offered before the typed answer is now disabled.
    expect(chat.log.locator(".msg--bot:has(~ .msg--user) .choice:enabled")).to_have_count(0)

    before = chat.texts()
    enabled_titles = chat.log.locator(".choice:enabled").all_inner_texts()

    # Reload in the same tab: same conversation, same buttons, no new greeting.
    chat.page.reload()
    expect(chat.user_messages).to_have_count(2)
    assert chat.texts() == before
    expect(chat.log.locator(".choice:enabled")).to_have_count(len(enabled_titles))
    assert chat.log.locator(".choice:enabled").all_inner_texts() == enabled_titles
    expect(chat.log.get_by_role("button", name=MAKE_REFERRAL_BUTTON)).to_be_disabled()
    assert chat.session_value(SENDER_KEY) == sender
    expect(chat.typing).to_be_hidden()

    # A new tab starts a new conversation.
    other = Chat(chat.page.context.new_page(), chat.base_url)
    other.open()
    other.wait_for_greeting()
    expect(other.user_messages).to_have_count(0)
    other_sender = other.session_value(SENDER_KEY)
    assert other_sender and UUID4.match(other_sender) and other_sender != sender
    assert other.page_errors == []


def test_keyboard_only_use(chat: Chat) -> None:
    chat.open()
    chat.wait_for_greeting()
    expect(chat.input).to_be_focused()

    # Shift+Enter makes a new line and sends nothing.
    chat.input.type("first line")
    chat.input.press("Shift+Enter")
    chat.input.type("second line")
    expect(chat.input).to_have_value("first line\nsecond line")
    expect(chat.user_messages).to_have_count(0)
    chat.input.fill("")

    # The bot's buttons are reachable with the keyboard, just before the input.
    chat.page.keyboard.press("Shift+Tab")
    focused = chat.page.locator(".choice:focus")
    expect(focused).to_have_count(1)
    title = focused.inner_text()
    chat.page.keyboard.press("Enter")
    expect(chat.user_messages.last.locator(".bubble")).to_have_text(title)
    chat.wait_idle()
    expect(chat.input).to_be_focused()


def test_user_text_with_markup_is_shown_as_literal_text(chat: Chat) -> None:
    chat.open()
    chat.wait_for_greeting()
    payload = "<script>alert(1)</script>"
    chat.input.fill(payload)
    chat.input.press("Shift+Enter")
    chat.input.type("<b>not bold</b> <img src=x onerror=alert(2)>")
    chat.input.press("Enter")
    expect(chat.user_messages.last.locator(".bubble")).to_have_text(
        payload + "\n<b>not bold</b> <img src=x onerror=alert(2)>"
    )
    chat.wait_idle()
    expect(chat.log.locator("script, b, img")).to_have_count(0)
    assert chat.dialogs == []


def test_bot_text_with_markup_is_shown_as_text(chat: Chat) -> None:
    def fake_reply(route: Route) -> None:
        sender = json.loads(route.request.post_data or "{}").get("sender")
        route.fulfill(
            status=200,
            content_type="application/json",
            headers={"Access-Control-Allow-Origin": "*"},
            body=json.dumps(
                [
                    {
                        "recipient_id": sender,
                        "text": "Hello <b>bold</b> <img src=x onerror=alert(1)>\nsecond line",
                        "buttons": [{"title": "<i>Yes</i>", "payload": "/affirm"}],
                    }
                ]
            ),
        )

    chat.page.route(WEBHOOK_GLOB, fake_reply)
    chat.open()
    bubble = chat.bot_messages.first.locator(".bubble")
    expect(bubble).to_have_text("Hello <b>bold</b> <img src=x onerror=alert(1)>\nsecond line")
    expect(chat.log.get_by_role("button", name="<i>Yes</i>")).to_be_enabled()
    expect(chat.log.locator("b, img, i, script")).to_have_count(0)
    # Line breaks are kept.
    assert bubble.inner_text().count("\n") == 1
    assert chat.dialogs == []


def test_unreachable_assistant_keeps_the_message_and_try_again_sends_it(chat: Chat) -> None:
    chat.open()
    chat.wait_for_greeting()

    chat.page.route(WEBHOOK_GLOB, lambda route: route.abort("connectionrefused"))
    chat.input.fill("Hello, is anyone there?")
    chat.input.press("Enter")
    expect(chat.error).to_contain_text(UNREACHABLE_TEXT)
    expect(chat.user_messages).to_have_count(0)
    expect(chat.input).to_have_value("Hello, is anyone there?")
    expect(chat.typing).to_be_hidden()
    # The greeting's buttons are usable again, since nothing was sent.
    expect(chat.log.get_by_role("button", name=MAKE_REFERRAL_BUTTON)).to_be_enabled()

    chat.page.unroute(WEBHOOK_GLOB)
    bots_before = chat.bot_messages.count()
    chat.error.get_by_role("button", name="Try again").click()
    expect(chat.user_messages).to_have_count(1)
    expect(chat.user_messages.last.locator(".bubble")).to_have_text("Hello, is anyone there?")
    chat.wait_idle()
    expect(chat.error).to_have_count(0)
    expect(chat.input).to_have_value("")
    expect(chat.bot_messages).not_to_have_count(bots_before)


def test_start_again_clears_the_conversation_after_confirming(chat: Chat) -> None:
    chat.open()
    chat.wait_for_greeting()
    chat.log.get_by_role("button", name=MAKE_REFERRAL_BUTTON).click()
    chat.wait_idle()
    expect(chat.user_messages).to_have_count(1)
    sender = chat.session_value(SENDER_KEY)

    # Cancelling the confirm() keeps everything.
    chat.page.get_by_role("button", name="Start again").click()
    assert len(chat.dialogs) == 1 and chat.dialogs[0].startswith("confirm")
    expect(chat.user_messages).to_have_count(1)
    assert chat.session_value(SENDER_KEY) == sender

    chat.accept_confirm = True
    chat.page.get_by_role("button", name="Start again").click()
    expect(chat.user_messages).to_have_count(0)
    chat.wait_for_greeting()
    expect(chat.log.get_by_role("button", name=MAKE_REFERRAL_BUTTON)).to_be_enabled()
    new_sender = chat.session_value(SENDER_KEY)
    assert new_sender != sender and UUID4.match(new_sender)
    stored = json.loads(chat.session_value(TRANSCRIPT_KEY))
    assert [e["role"] for e in stored] and all(e["role"] == "bot" for e in stored)
