"""Browser tests: Playwright driving Debian's Chromium against pytest-django's live server.

Playwright cannot download its own browsers here, so the system Chromium is launched
(`.ci/run` installs Debian's `chromium`). The live server runs in a thread of this
process and Playwright's sync API runs an event loop, so Django's async-safety check is
relaxed for these tests. Each test module marks its tests
`django_db(transaction=True)` so that the live server sees what the test writes. A
transactional test ends with a flush, which empties the role groups the accounts migration
created; the `role_groups` fixture (tests/conftest.py) puts them back, with exactly the
permissions of accounts.roles.ROLE_PERMISSIONS. (Django's serialized rollback cannot do it here: once
Playwright's event loop runs in this thread, asgiref hands out a new database connection
object, which lacks the serialized copy of the database.)

`check_accessibility(page, what)` runs axe-core and fails on any serious or critical
violation; `screenshot(page, name)` writes docs/screenshots/<name>.png when SCREENSHOTS=1
(`make screenshots`), so an ordinary test run leaves the committed images alone.
"""

import os
from pathlib import Path

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update"]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
PASSWORD = "correct horse battery"  # the password tests/conftest.py gives every user


@pytest.fixture(autouse=True)
def _role_groups(role_groups):
    """Every browser test signs in people whose roles must exist (see role_groups)."""


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1100, "height": 900}, "locale": "en-GB",
            "timezone_id": "Europe/London"}


@pytest.fixture
def page(page):
    page.set_default_timeout(15_000)
    return page


@pytest.fixture
def site_url(live_server):
    def url(path: str) -> str:
        return f"{live_server.url}{path}"

    return url


@pytest.fixture
def sign_in(site_url):
    def sign_in(page, username: str) -> None:
        page.goto(site_url("/accounts/login/"))
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.get_by_text("Signed in as").wait_for()

    return sign_in


@pytest.fixture
def sign_out():
    def sign_out(page) -> None:
        page.get_by_role("button", name="Sign out").click()
        page.get_by_role("heading", name="Sign in").wait_for()

    return sign_out


@pytest.fixture(scope="session")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


@pytest.fixture
def check_accessibility(axe):
    """Fail on any serious or critical axe-core violation on the page as it is now."""

    def check(page, what: str) -> None:
        results = axe.run(page)
        bad = [v for v in results.response["violations"] if v.get("impact") in ("serious", "critical")]
        details = "\n".join(
            f"- {v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}" for v in bad
        )
        assert not bad, f"axe found serious or critical problems on {what} ({page.url}):\n{details}"

    return check


@pytest.fixture
def screenshot():
    def take(page, name: str) -> None:
        if os.environ.get("SCREENSHOTS") == "1":
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)

    return take
