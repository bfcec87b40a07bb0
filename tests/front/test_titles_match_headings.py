"""Issue 12, point 7: every page's <title> starts with its <h1> (what a screen reader announces
first is what the page says it is). A crawl of the demo as each person, two links deep from the
dashboard, one page of each shape (site and record numbers taken out)."""

import html
import re

import pytest
from demo_crawl import seeded_demo, shape
from django.test import Client

from anpr_governance.accounts.models import User
from anpr_governance.demo.content import PEOPLE

HREF = re.compile(r'href="(/[^"#?]*)')
TITLE = re.compile(r"<title>(.*?)</title>", re.S)
H1 = re.compile(r"<h1[^>]*>(.*?)</h1>", re.S)
SKIP = ("/static/", "/admin/", "/api/", "/accounts/logout/", ".csv", ".pdf", "/download/", "/export")


def words(fragment: str) -> str:
    """The text a reader sees: tags and visually hidden parts taken out, spaces squeezed."""
    fragment = re.sub(r'<span class="govuk-visually-hidden">.*?</span>', "", fragment, flags=re.S)
    fragment = re.sub(r"<strong class=\"govuk-tag.*?</strong>", "", fragment, flags=re.S)
    fragment = re.sub(r"<span class=\"govuk-caption.*?</span>", "", fragment, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    yield from seeded_demo(django_db_blocker, "titles")


def test_every_title_starts_with_its_heading(demo, db):
    mismatches, checked = [], 0
    for person in PEOPLE[:7]:  # one of each role
        client = Client(raise_request_exception=False)
        client.force_login(User.objects.get(username=person.username))
        seen, frontier = set(), ["/"]
        for _depth in range(3):
            following = []
            for url in frontier:
                if shape(url) in seen or any(part in url for part in SKIP):
                    continue
                seen.add(shape(url))
                response = client.get(url)
                if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
                    continue
                page = response.content.decode()
                title, h1 = TITLE.search(page), H1.search(page)
                if title and h1:
                    checked += 1
                    shown, heading = words(title.group(1)), words(h1.group(1))
                    if not shown.removeprefix("Error: ").startswith(heading):
                        mismatches.append(f"{person.username} {url}: title “{shown}” / h1 “{heading}”")
                following += HREF.findall(page[page.find("<main"):])
            frontier = following
    assert checked > 50
    assert not mismatches, "\n".join(sorted(set(mismatches)))
