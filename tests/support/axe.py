"""Accessibility checks with axe-core, run inside the page in Chromium.

axe-core comes from the npm registry, pinned with its integrity hash in
tests/browser_tools/package-lock.json; scripts/run-tests installs it, and
axe_violations() installs it here too if it is missing, so one test runs on its own.
"""

from __future__ import annotations

import shutil
import subprocess
from functools import cache
from pathlib import Path
from typing import Any

from playwright.sync_api import Page

TOOLS = Path(__file__).resolve().parents[1] / "browser_tools"
AXE_SCRIPT = TOOLS / "node_modules" / "axe-core" / "axe.min.js"
# WCAG 2.0, 2.1 and 2.2, levels A and AA.
WCAG_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa")

RUN_AXE = """async (tags) => {
  const results = await axe.run(document, { runOnly: { type: "tag", values: tags } });
  return {
    passed: results.passes.length,
    violations: results.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help,
      targets: v.nodes.map((n) => n.target.join(" ")),
    })),
  };
}"""


@cache
def axe_script() -> str:
    """axe.min.js, installed from the lock file first if it is not there yet."""
    if not AXE_SCRIPT.exists():
        npm = shutil.which("npm")
        if npm is None:
            raise RuntimeError("npm is needed to install axe-core (tests/browser_tools)")
        subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=TOOLS, check=True)
    return AXE_SCRIPT.read_text(encoding="utf-8")


def axe_results(page: Page) -> dict[str, Any]:
    """axe-core's WCAG 2.2 A and AA check of the page as it is now: the number of rules
    passed and the violations, each with its id, impact, help and target selectors."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # Evaluated, not added as a <script>: the pages' Content-Security-Policy would
        # refuse an inline script, and the check must not need the policy loosened.
        page.evaluate(axe_script())
    results: dict[str, Any] = page.evaluate(RUN_AXE, list(WCAG_TAGS))
    return results


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """The WCAG 2.2 A and AA violations axe-core finds in the page as it is now."""
    violations: list[dict[str, Any]] = axe_results(page)["violations"]
    return violations


def describe(violations: list[dict[str, Any]]) -> str:
    """Violations as lines a developer can act on: rule, impact, help and where."""
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']}")
        lines.extend(f"    at {target}" for target in v["targets"])
    return "\n".join(lines)


def assert_accessible(page: Page, where: str) -> None:
    """Fails listing every violation's id, impact and target selectors; also fails if
    no rule applied at all (an empty or unloaded page would pass vacuously)."""
    results = axe_results(page)
    assert results["passed"] > 0, f"{where}: axe-core found nothing to check"
    violations = results["violations"]
    assert violations == [], f"{where}: {len(violations)} accessibility violations\n" + describe(
        violations
    )
