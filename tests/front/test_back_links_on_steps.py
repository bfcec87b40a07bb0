"""Issue 12, point 7: every page that is a step (a form to fill in and send, reached from
another page) has a "Back" link to where the reader came from. A crawl of the demo as each
person, from the dashboard, one page of each shape. Pages that are places in their own right
rather than steps are left out: sign-in, a site's page and the sections of the service
navigation (the investigator's search, feeds, reports… where a form adds to the list below it)."""

import re

import pytest
from demo_crawl import seeded_demo, shape
from django.test import Client

from anpr_governance.accounts.models import User
from anpr_governance.demo.content import PEOPLE
from anpr_governance.front.navigation import sections_for

HREF = re.compile(r'href="(/[^"#?]*)')
SKIP = ("/static/", "/admin/", "/api/", "/accounts/logout/", ".csv", ".pdf", "/download/", "/export")

POST_FORM = re.compile(r'<form[^>]*method="post"[^>]*>(.*?)</form>', re.S | re.I)
# A field the reader fills in (a form of hidden inputs and a button is an action, not a step).
FIELD = re.compile(r'<(textarea|select)\b|<input(?![^>]*type="(hidden|submit)")[^>]*>', re.I)
# Sign-in, where a journey starts, and a site's page, the place its steps start from.
NOT_STEPS = re.compile(r"^/accounts/login/$|^/sites/[^/]+/$")


def is_place(url: str, person) -> bool:
    """A section of the service navigation (search, feeds, reports…) or a page in NOT_STEPS."""
    return NOT_STEPS.match(url) or url in {section["url"] for section in sections_for(person)}


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    yield from seeded_demo(django_db_blocker, "steps")


def is_step(page: str) -> bool:
    main = page[page.find("<main"):]
    return any(FIELD.search(form) for form in POST_FORM.findall(main))


def test_every_step_has_a_back_link(demo, db):
    missing, steps = [], 0
    for person in PEOPLE[:7]:  # one of each role
        client = Client(raise_request_exception=False)
        user = User.objects.get(username=person.username)
        client.force_login(user)
        seen, frontier = set(), ["/"]
        for _depth in range(4):
            following = []
            for url in frontier:
                if shape(url) in seen or any(part in url for part in SKIP):
                    continue
                seen.add(shape(url))
                response = client.get(url)
                if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
                    continue
                page = response.content.decode()
                if not is_place(url, user) and is_step(page):
                    steps += 1
                    if "govuk-back-link" not in page:
                        missing.append(f"{person.username} {url}")
                following += HREF.findall(page[page.find("<main"):])
            frontier = following
    assert steps > 20
    assert not missing, "\n".join(sorted(set(missing)))

