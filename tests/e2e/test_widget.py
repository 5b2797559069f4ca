"""End-to-end tests of the embeddable widget (bot/webchat/static/widget.js and embed.js).

The stack (tests/e2e/conftest.py) serves the demonstration host site
(scripts/demo_host.py) on another port of 127.0.0.1, a different origin from the
chat's, and lists it in WIDGET_HOST_ORIGINS. Chromium opens that site, as a new user
would, and uses the launcher; a second copy of the site on a port not listed shows
that the chat server refuses to be framed there.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import (
    Browser,
    ConsoleMessage,
    FrameLocator,
    Page,
    expect,
)

from scripts.harness.stack import Stack, free_port
from tests.e2e.test_chat_page import (  # noqa: F401 (chat_browser is a fixture)
    CHROMIUM_ARGS,
    MAKE_REFERRAL_BUTTON,
    NAME_QUESTION_FRAGMENT,
    REFERRER_NAME,
    REPLY_TIMEOUT_MS,
    SENDER_KEY,
    chat_browser,
    fragment,
)
from tests.support.axe import assert_accessible

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

# --- The demonstration site's widget options (bot/webchat/demo/index.html) ---
LAUNCHER = "Make a referral"
TITLE = "Refer to the Harmful Sexual Behaviour Service"
OPEN_KEY = "hsbChatWidget.open"
FRAME = "#hsb-chat-panel iframe"  # CSS reaches into the widget's (open) shadow root
REFUSED_TEXT = "The referral chat can't open on this page."
REFUSED_LINK = "Open the referral chat in a new tab"
NO_STORAGE_TEXT = "This browser won't let the chat keep your answers"
NO_STORAGE_LINK = "open the chat in a new tab"


class HostPage:
    """The demonstration host site in one browser tab, with the widget's locators."""

    def __init__(self, page: Page, site_url: str) -> None:
        self.page = page
        self.site_url = site_url
        self.console: list[str] = []
        self.page_errors: list[str] = []
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.page_errors.append(str(error)))

    def _on_console(self, message: ConsoleMessage) -> None:
        self.console.append(message.text)

    def open(self, path: str = "/") -> None:
        self.page.goto(self.site_url + path)
        expect(self.launcher).to_be_visible()

    @property
    def launcher(self):
        return self.page.get_by_role("button", name=LAUNCHER)

    @property
    def panel(self):
        return self.page.locator("#hsb-chat-panel")

    @property
    def frame(self) -> FrameLocator:
        return self.page.frame_locator(FRAME)

    @property
    def chat_log(self):
        return self.frame.get_by_role("log")

    @property
    def message_box(self):
        return self.frame.get_by_label("Your message")

    def wait_for_greeting(self) -> None:
        expect(self.chat_log.locator(".msg--bot").first).to_be_visible(timeout=REPLY_TIMEOUT_MS)
        expect(self.frame.get_by_label("The assistant is typing")).to_be_hidden()

    def launcher_has_focus(self) -> bool:
        return bool(
            self.page.evaluate(
                "() => { const host = document.getElementById('hsb-chat-widget');"
                " const root = host.shadowRoot;"
                " return document.activeElement === host"
                " && root.activeElement === root.querySelector('.launcher'); }"
            )
        )

    def frame_sender(self) -> str | None:
        handle = self.page.locator(FRAME).element_handle()
        frame = handle.content_frame() if handle else None
        assert frame is not None
        return frame.evaluate("key => sessionStorage.getItem(key)", SENDER_KEY)


@pytest.fixture
def host(
    request: pytest.FixtureRequest,
    chat_browser: Browser,  # noqa: F811
    stack: Stack,
) -> Iterator[HostPage]:
    """The demonstration site by 127.0.0.1 (the chat's own site, another port), or with
    the parameter "cross-site" by localhost: another site, as a council's would be."""
    cross_site = getattr(request, "param", "same-site") == "cross-site"
    context = chat_browser.new_context(viewport={"width": 1280, "height": 800}, locale="en-GB")
    context.set_default_timeout(REPLY_TIMEOUT_MS)
    site = stack.widget_host_cross_site_url if cross_site else stack.widget_host_url
    host = HostPage(context.new_page(), site)
    yield host
    cookies = context.cookies()
    context.close()
    assert host.page_errors == [], f"JavaScript errors on the host page: {host.page_errors}"
    assert cookies == [], "the widget and the chat set no cookies"


@pytest.mark.parametrize("host", ["same-site", "cross-site"], indirect=True)
def test_launcher_opens_the_chat_in_a_frame_and_a_referral_starts(host: HostPage) -> None:
    host.open()
    launcher = host.launcher
    expect(launcher).to_have_attribute("aria-expanded", "false")
    expect(launcher).to_have_attribute("aria-controls", "hsb-chat-panel")
    expect(host.panel).to_be_hidden()
    # The frame is made only when the chat is first opened.
    expect(host.page.locator(FRAME)).to_have_count(0)

    launcher.click()
    expect(launcher).to_have_attribute("aria-expanded", "true")
    dialog = host.page.get_by_role("dialog", name=TITLE)
    expect(dialog).to_be_visible()
    expect(host.page.locator(FRAME)).to_have_attribute("title", TITLE)
    expect(host.frame.locator("html")).to_have_attribute("lang", "en-GB")
    host.wait_for_greeting()
    # Focus has moved into the frame, to the message box.
    expect(host.message_box).to_be_focused()

    host.chat_log.get_by_role("button", name=MAKE_REFERRAL_BUTTON).click()
    expect(host.chat_log.locator(".msg--user .bubble").last).to_have_text(MAKE_REFERRAL_BUTTON)
    expect(host.chat_log.locator(".msg--bot").last).to_contain_text(
        fragment(NAME_QUESTION_FRAGMENT), timeout=REPLY_TIMEOUT_MS
    )
    bots = host.chat_log.locator(".msg--bot").count()
    host.message_box.fill(REFERRER_NAME)
    host.message_box.press("Enter")
    expect(host.chat_log.locator(".msg--user .bubble").last).to_have_text(REFERRER_NAME)
    expect(host.chat_log.locator(".msg--bot")).not_to_have_count(bots, timeout=REPLY_TIMEOUT_MS)
    expect(host.chat_log.locator(".msg--error")).to_have_count(0)
    # The chat said it was ready: the panel never offers the "can't open" notice.
    expect(host.panel.get_by_role("alert")).to_have_count(0)


def test_keyboard_tab_to_launcher_enter_opens_escape_closes(host: HostPage) -> None:
    host.open()
    for _ in range(10):  # past the host page's own link(s) to the launcher
        host.page.keyboard.press("Tab")
        if host.launcher_has_focus():
            break
    assert host.launcher_has_focus(), "Tab never reached the launcher"
    # Focus is visible: the yellow ring.
    outline = host.launcher.evaluate(
        "b => getComputedStyle(b).outlineStyle + ' ' + getComputedStyle(b).outlineWidth"
    )
    assert outline == "solid 3px", outline

    host.page.keyboard.press("Enter")
    expect(host.launcher).to_have_attribute("aria-expanded", "true")
    host.wait_for_greeting()
    expect(host.message_box).to_be_focused()

    # Escape inside the frame closes the chat and gives focus back to the launcher.
    host.page.keyboard.press("Escape")
    expect(host.panel).to_be_hidden()
    expect(host.launcher).to_have_attribute("aria-expanded", "false")
    assert host.launcher_has_focus()

    # Opened again: the same conversation, focus in the frame; the frame's Close button
    # (reached with the keyboard) closes it too.
    host.page.keyboard.press("Enter")
    expect(host.message_box).to_be_focused()
    close = host.frame.get_by_role("button", name="Close the chat")
    close.focus()
    host.page.keyboard.press("Enter")
    expect(host.panel).to_be_hidden()
    assert host.launcher_has_focus()

    # Escape while the launcher (not the frame) has focus closes it as well.
    host.page.keyboard.press("Enter")
    expect(host.panel).to_be_visible()
    host.launcher.focus()
    host.page.keyboard.press("Escape")
    expect(host.panel).to_be_hidden()
    assert host.launcher_has_focus()


def test_conversation_and_open_panel_survive_navigating_the_host_site(host: HostPage) -> None:
    host.open()
    host.launcher.click()
    host.wait_for_greeting()
    host.chat_log.get_by_role("button", name=MAKE_REFERRAL_BUTTON).click()
    expect(host.chat_log.locator(".msg--user")).to_have_count(1)
    expect(host.chat_log.locator(".msg--bot").last).to_contain_text(
        fragment(NAME_QUESTION_FRAGMENT), timeout=REPLY_TIMEOUT_MS
    )
    # The frame keeps the conversation (the chat's own site): no warning that it can't.
    expect(host.frame.locator(".storage-notice")).to_have_count(0)
    sender = host.frame_sender()
    texts = host.chat_log.locator(".bubble").all_inner_texts()
    assert host.page.evaluate("key => sessionStorage.getItem(key)", OPEN_KEY) == "true"

    # The host page goes to its second page in the same tab.
    host.page.get_by_role("link", name="Read about training for professionals").click()
    expect(host.page).to_have_url(host.site_url + "/second.html")
    expect(host.launcher).to_have_attribute("aria-expanded", "true")
    expect(host.panel).to_be_visible()
    expect(host.chat_log.locator(".msg--user")).to_have_count(1)
    assert host.chat_log.locator(".bubble").all_inner_texts() == texts
    assert host.frame_sender() == sender
    # Reopened on a new page, the chat does not take focus from the page.
    assert not host.page.evaluate("() => document.activeElement.tagName === 'IFRAME'")

    # Closed, it stays closed on the next page; opened there, the conversation goes on.
    host.launcher.click()
    expect(host.panel).to_be_hidden()
    host.page.get_by_role("link", name="Back to the first page").click()
    expect(host.page).to_have_url(host.site_url + "/")
    expect(host.launcher).to_have_attribute("aria-expanded", "false")
    expect(host.panel).to_be_hidden()
    host.launcher.click()
    expect(host.chat_log.locator(".msg--user")).to_have_count(1)
    assert host.frame_sender() == sender


def test_phone_sized_screen_shows_the_chat_full_screen(host: HostPage) -> None:
    host.page.set_viewport_size({"width": 375, "height": 667})
    host.open()
    overflow = host.page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"the host page scrolls sideways by {overflow}px"
    host.launcher.click()
    host.wait_for_greeting()
    box = host.panel.bounding_box()
    assert box == {"x": 0, "y": 0, "width": 375, "height": 667}, box
    expect(host.message_box).to_be_in_viewport()
    expect(host.frame.get_by_role("button", name="Send")).to_be_in_viewport()
    inner = host.frame.locator("html").evaluate("h => h.scrollWidth - h.clientWidth")
    assert inner <= 0, f"the chat scrolls sideways by {inner}px in the frame"

    # The launcher is under the panel; the chat's own Close button closes it.
    host.frame.get_by_role("button", name="Close the chat").click()
    expect(host.panel).to_be_hidden()
    expect(host.launcher).to_be_in_viewport()
    assert host.launcher_has_focus()


def test_chat_page_names_the_allowed_hosts_in_frame_ancestors(stack: Stack) -> None:
    import httpx

    page = httpx.get(stack.backend_url + "/")
    policy = page.headers["Content-Security-Policy"]
    allowed = f"'self' {stack.widget_host_url} {stack.widget_host_cross_site_url}"
    assert f"frame-ancestors {allowed}" in policy.split("; ")
    assert "X-Frame-Options" not in page.headers
    # Every other response still refuses any frame.
    other = httpx.get(stack.backend_url + "/webchat/config.json")
    assert "frame-ancestors 'none'" in other.headers["Content-Security-Policy"]
    assert other.headers["X-Frame-Options"] == "DENY"
    # The script other sites load: JavaScript, loadable from anywhere (no CORP header).
    script = httpx.get(stack.backend_url + "/widget.js")
    assert script.status_code == 200
    assert script.headers["Content-Type"].startswith("text/javascript")
    assert "Cross-Origin-Resource-Policy" not in script.headers


@pytest.fixture(scope="module")
def unlisted_host_url(stack: Stack) -> Iterator[str]:
    """The same demonstration site on a port WIDGET_HOST_ORIGINS does not list."""
    port = free_port()
    stack.start_widget_host("widget_host_unlisted", port)
    yield f"http://127.0.0.1:{port}"
    stack.stop_process("widget_host_unlisted")


def test_a_host_not_configured_is_refused(
    chat_browser: Browser,  # noqa: F811
    stack: Stack,
    unlisted_host_url: str,
) -> None:
    context = chat_browser.new_context(viewport={"width": 1280, "height": 800}, locale="en-GB")
    context.set_default_timeout(REPLY_TIMEOUT_MS)
    host = HostPage(context.new_page(), unlisted_host_url)
    try:
        host.open()
        with host.page.expect_console_message(
            lambda m: "frame-ancestors" in m.text and stack.backend_url in m.text
        ):
            host.launcher.click()
        expect(host.panel).to_be_visible()
        # The panel says so, with the safety line, and offers the chat in a tab of its own.
        notice = host.panel.get_by_role("alert")
        expect(notice).to_contain_text(REFUSED_TEXT)
        expect(notice).to_contain_text("If a child is in immediate danger, call 999.")
        link = notice.get_by_role("link", name=REFUSED_LINK)
        expect(link).to_have_attribute("href", stack.backend_url + "/")
        expect(link).to_be_focused()
        handle = host.page.locator(FRAME).element_handle()
        frame = handle.content_frame() if handle else None
        assert frame is not None
        # Chromium shows its own error page in place of the chat, which never runs there.
        assert not frame.url.startswith(stack.backend_url), frame.url
        assert frame.locator("#log").count() == 0
    finally:
        context.close()


@pytest.fixture(scope="module")
def browser_blocking_third_party_storage(
    chat_browser: Browser,  # noqa: F811
) -> Iterator[Browser]:
    """Chromium with third-party cookies, and so third-party storage, blocked, as in a
    browser set to block them (or a private window); one Playwright runs both."""
    browser = chat_browser.browser_type.launch(
        executable_path="/usr/bin/chromium",
        headless=True,
        args=[*CHROMIUM_ARGS, "--test-third-party-cookie-phaseout"],
    )
    yield browser
    browser.close()


def test_on_another_site_without_third_party_storage_the_chat_says_so(
    browser_blocking_third_party_storage: Browser, stack: Stack
) -> None:
    context = browser_blocking_third_party_storage.new_context(
        viewport={"width": 1280, "height": 800}, locale="en-GB"
    )
    context.set_default_timeout(REPLY_TIMEOUT_MS)
    host = HostPage(context.new_page(), stack.widget_host_cross_site_url)
    try:
        host.open()
        host.launcher.click()
        host.wait_for_greeting()
        # The frame has no storage: said at the start, with the chat in a tab of its own.
        notice = host.frame.locator(".storage-notice")
        expect(notice).to_contain_text(NO_STORAGE_TEXT)
        link = notice.get_by_role("link", name=NO_STORAGE_LINK)
        expect(link).to_have_attribute("href", "/")
        expect(link).to_have_attribute("target", "_blank")
        # The chat works all the same.
        host.chat_log.get_by_role("button", name=MAKE_REFERRAL_BUTTON).click()
        expect(host.chat_log.locator(".msg--bot").last).to_contain_text(
            fragment(NAME_QUESTION_FRAGMENT), timeout=REPLY_TIMEOUT_MS
        )
        # As it warned: on the site's next page the chat starts again (and says so again).
        host.page.get_by_role("link", name="Read about training for professionals").click()
        expect(host.panel).to_be_visible()
        host.wait_for_greeting()
        expect(host.chat_log.locator(".msg--user")).to_have_count(0)
        expect(host.frame.locator(".storage-notice")).to_contain_text(NO_STORAGE_TEXT)
        assert host.page_errors == []
    finally:
        context.close()


def test_the_widget_on_its_host_page_is_accessible(host: HostPage) -> None:
    """axe-core's WCAG 2.2 A and AA rules over the host page with the widget closed and
    open (the launcher and panel in their shadow root; the chat in the frame is the chat
    page, checked in test_accessibility.py)."""
    host.open()
    assert_accessible(host.page, "widget: the launcher on the host page")
    host.launcher.click()
    host.wait_for_greeting()
    assert_accessible(host.page, "widget: the panel open on the host page")
