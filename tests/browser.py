"""Shared helpers for the browser tests: Debian's Chromium driven by Playwright, and axe-core."""

from pathlib import Path

from django.conf import settings

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
WCAG_AA_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

# Browser tests need committed data (live_server); serialized rollback restores what the
# migrations made (root page and collection, locales, groups, workflows) after each test.
browser_db = pytest.mark.django_db(transaction=True, serialized_rollback=True)
needs_chromium = pytest.mark.skipif(
    not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed (make browser-deps)"
)


def axe_violations(page):
    """axe-core's WCAG 2.2 AA violations on the page as it is now (id, impact, first nodes)."""
    if not AXE.exists():
        pytest.fail("axe-core is not installed: run `npm ci` (make install-dev does)")
    # The stylesheets applied: measured before they load, links are bare text (sizes, contrast).
    page.wait_for_load_state("load")
    # Evaluated through the DevTools protocol: an injected <script> would be inline, which the
    # site's Content-Security-Policy refuses (as it should).
    page.evaluate("() => {" + AXE.read_text(encoding="utf-8") + "\n}")
    return page.evaluate(
        """async (tags) => {
            const results = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
            return results.violations.map(v => ({
                id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ')),
            }));
        }""",
        WCAG_AA_TAGS,
    )
