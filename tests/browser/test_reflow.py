"""Reflow (WCAG 1.4.10; issue 12, point 8): no page scrolls sideways at 320 CSS px. A wide
table scrolls inside its own container instead."""

import pytest

from anpr_governance.reads import services as reads

pytestmark = pytest.mark.django_db(transaction=True)

SIDEWAYS = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
# The elements sticking out, named by tag and class: what to fix when the test fails.
CULPRITS = """() => [...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
  .slice(-4)
  .map(e => e.tagName.toLowerCase() + '.' + [...e.classList].join('.')
            + ' ' + Math.round(e.getBoundingClientRect().right))"""


def test_no_page_scrolls_sideways_at_320_px(page, sign_in, sign_out, site_url, make_site, officer, manager, auditor,
                                            sysadmin):
    live = make_site("live")
    waiting = make_site("awaiting_approval")
    reads.feed_create(actor=sysadmin, site=live, name=f"{live.reference} back office with a long name")
    page.set_viewport_size({"width": 320, "height": 640})
    pages = {
        "officer": ["/", "/sites/", f"/sites/{live.reference}/", f"/sites/{live.reference}/history/",
                    "/reviews/notices/"],
        "manager": ["/", f"/sites/{waiting.reference}/", f"/sites/{waiting.reference}/decide/", "/reviews/flags/"],
        "auditor": ["/", "/audit/access-log/", "/reports/"],
        "sysadmin": ["/", "/reads/feeds/", f"/reads/feeds/{live.feeds.get().pk}/revoke/"],
    }
    wide = []
    for username, paths in pages.items():
        sign_in(page, username)
        for path in paths:
            page.goto(site_url(path))
            page.locator("main h1").first.wait_for()
            overflow = page.evaluate(SIDEWAYS)
            if overflow > 0:
                wide.append(f"{username} {path}: {overflow} px too wide: {page.evaluate(CULPRITS)}")
        sign_out(page)
    assert not wide, "\n".join(wide)
