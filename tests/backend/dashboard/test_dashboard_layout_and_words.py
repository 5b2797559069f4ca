"""The dashboard's layout and words in headless Chromium (see conftest.py): at 1,024 and
1,440 px no two side-by-side cells of the queue or a referral page overlap, no text
overflows its cell, and staff never read `null`, `undefined` or a flag's code."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from backend.domain.flags import FLAG_CODES
from tests.backend.dashboard.seed import Backend
from tests.backend.dashboard.test_dashboard_in_browser import open_referral, sign_in

pytestmark = pytest.mark.browser

# Each "row" of boxes side by side: table rows, the referral's facts, the title block.
# A box is the cell with everything drawn inside it (a badge that spills out widens it).
MEASURE_ROWS = """() => {
  const box = (node) => {
    const r = node.getBoundingClientRect();
    let right = r.right;
    for (const inner of node.querySelectorAll("*")) {
      const b = inner.getBoundingClientRect();
      if (b.width && b.height) right = Math.max(right, b.right);
    }
    return { left: r.left, right, top: r.top, bottom: r.bottom, width: r.width,
      overflows: node.scrollWidth > node.clientWidth + 1,
      text: node.innerText.slice(0, 60) };
  };
  const rows = [];
  for (const row of document.querySelectorAll("#view table tr")) {
    rows.push({ what: "table row", cells: [...row.children].map(box) });
  }
  for (const facts of document.querySelectorAll("#view .facts")) {
    rows.push({ what: "facts", cells: [...facts.children].map(box) });
  }
  const title = document.querySelector("#view .title-block") || document.querySelector("#view h1");
  const parts = title.children.length ? [...title.children] : [title];
  rows.push({ what: "title block", cells: parts.map(box) });
  return { rows, pageWidth: document.documentElement.scrollWidth, viewport: window.innerWidth };
}"""


def overlaps(measured: dict[str, Any]) -> list[str]:
    problems = []
    if measured["pageWidth"] > measured["viewport"]:
        problems.append(f"the page is wider than the window: {measured['pageWidth']}px")
    for row in measured["rows"]:
        cells = row["cells"]
        for cell in cells:
            if cell["overflows"]:
                problems.append(f"{row['what']}: text overflows its cell: {cell['text']!r}")
        # horizontally adjacent: side by side on the same line, left to right
        for a in cells:
            for b in cells:
                same_line = a["top"] < b["bottom"] - 1 and b["top"] < a["bottom"] - 1
                left_of = a["left"] < b["left"]
                if a is not b and same_line and left_of and a["right"] > b["left"] + 1:
                    problems.append(f"{row['what']}: {a['text']!r} overlaps {b['text']!r}")
    return problems


@pytest.mark.parametrize("width", [1024, 1440])
def test_no_cell_overlaps_another_or_overflows(
    page: Page, backend: Backend, width: int, tmp_path: Path
) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, backend, "admin")
    expect(page.locator("table tbody tr")).to_have_count(4)
    problems = overlaps(page.evaluate(MEASURE_ROWS))
    page.screenshot(path=tmp_path / f"queue-{width}.png", full_page=True)
    for reference in (backend.referrals.needs_discussion, backend.referrals.immediate_risk):
        page.goto(f"{backend.url}/dashboard#/queue")
        open_referral(page, reference)
        problems += [f"{reference}: {p}" for p in overlaps(page.evaluate(MEASURE_ROWS))]
        page.screenshot(path=tmp_path / f"{reference}-{width}.png", full_page=True)
    for route in ("referrals", "requests/handoff", "audit", "staff"):
        page.goto(f"{backend.url}/dashboard#/{route}")
        expect(page.locator("#view table tbody tr").first).to_be_visible()
        problems += [f"{route}: {p}" for p in overlaps(page.evaluate(MEASURE_ROWS))]
        page.screenshot(path=tmp_path / f"{route.replace('/', '-')}-{width}.png", full_page=True)
    assert problems == [], f"screenshots in {tmp_path}"


def test_the_layout_check_fails_when_a_badge_overlaps_the_next_column(page: Page) -> None:
    page.set_content(
        '<main id="view"><h1>Made to overlap</h1><table style="table-layout: fixed; width: 30rem">'
        '<tr><td style="width: 5rem"><span style="white-space: nowrap">Police investigation'
        " ongoing</span></td><td>Web chat</td></tr></table></main>"
    )
    problems = overlaps(page.evaluate(MEASURE_ROWS))
    assert "table row: 'Police investigation ongoing' overlaps 'Web chat'" in problems


CODE = re.compile(r"\b(?:{})\b".format("|".join(FLAG_CODES)))
UPPER_SNAKE = re.compile(r"\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b")
NULLISH = re.compile(r"\b(?:null|undefined)\b", re.IGNORECASE)

VISIBLE_TEXT = """() => {
  const texts = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!node.textContent.trim() || !parent || !parent.checkVisibility()) continue;
    texts.push(node.textContent.trim());
  }
  for (const option of document.querySelectorAll("option")) texts.push(option.textContent.trim());
  return texts;
}"""


def bad_words(page: Page, where: str) -> list[str]:
    texts: list[str] = page.evaluate(VISIBLE_TEXT)
    assert texts, where
    return [
        f"{where}: {text!r}"
        for text in texts
        if NULLISH.search(text) or CODE.search(text) or UPPER_SNAKE.search(text)
    ]


def test_staff_read_words_never_null_undefined_or_codes(page: Page, backend: Backend) -> None:
    found: list[str] = []
    sign_in(page, backend, "admin")
    expect(page.locator("#who-name")).to_have_text("Ops (Administrator)")
    found += bad_words(page, "queue")
    for reference in (
        backend.referrals.needs_discussion,
        backend.referrals.immediate_risk,
        backend.referrals.draft_with_risk,
    ):
        page.goto(f"{backend.url}/dashboard#/referral/{reference}")
        expect(page.get_by_role("heading", level=1, name=f"Referral {reference}")).to_be_visible()
        found += bad_words(page, reference)
    for route, heading in (
        ("referrals", "All referrals"),
        ("requests/consultation", "Requests"),
        ("requests/handoff", "Requests"),
        ("audit", "Audit log"),
        ("staff", "Staff accounts"),
    ):
        page.goto(f"{backend.url}/dashboard#/{route}")
        expect(page.get_by_role("heading", level=1, name=heading)).to_be_visible()
        expect(page.locator("#view table tbody tr").first).to_be_visible()
        found += bad_words(page, route)
    page.goto(f"{backend.url}/dashboard#/requests/handoff")
    page.locator("#view table tbody a").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("request")
    found += bad_words(page, "a hand-off request")
    assert found == [], found


def test_a_referral_without_names_says_so(page: Page, backend: Backend) -> None:
    sign_in(page, backend, "art")
    reference = backend.referrals.draft_with_risk
    page.goto(f"{backend.url}/dashboard#/referral/{reference}")
    title = page.locator("#view .title-block")
    expect(title).to_contain_text("Name not given")
    expect(page.locator(".facts")).to_contain_text(re.compile("immediate risk", re.IGNORECASE))


def test_a_field_read_from_free_text_shows_the_words_it_came_from(
    page: Page, backend: Backend
) -> None:
    sign_in(page, backend, "clinician")
    page.goto(f"{backend.url}/dashboard#/referral/{backend.referrals.needs_discussion}")
    young_person = page.get_by_role("region", name="Young person")
    expect(young_person).to_contain_text("Read from: Referral for Jayden")
    expect(young_person.locator(".source q")).to_have_text(
        "Referral for Jayden, police still investigating."
    )
    # a field typed into the chat, not read from free text, shows no source
    expect(page.get_by_role("region", name="Referrer")).not_to_contain_text("Read from")


def test_stored_choices_are_shown_in_words(page: Page, backend: Backend) -> None:
    sign_in(page, backend, "clinician")
    page.goto(f"{backend.url}/dashboard#/referral/{backend.referrals.criteria_met}")

    def answer(group: str, field: str) -> str:
        region = page.get_by_role("region", name=group, exact=True)
        term = region.locator("dt", has_text=re.compile(f"^{re.escape(field)}$"))
        return term.locator("xpath=following-sibling::dd[1]").inner_text()

    assert answer("Young person", "Legal status") == "Child in need"
    assert answer("Living situation", "Lives with") == "One parent"
    assert answer("Investigation", "Police status") == "No further action"
    assert answer("Service requested", "Service requested") == "Assessment and therapy"
    assert answer("Multi-agency meetings", "Multi-agency meetings").startswith(
        "type: Strategy meeting"
    )
