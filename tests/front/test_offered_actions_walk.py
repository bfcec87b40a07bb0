"""Every demo site as every demo person: each link and button the site page offers opens
(200), and each lifecycle move it offers succeeds when posted with a reason (issue 12, point 1).
The demo is seeded once for the module; each move is posted in a savepoint and rolled back."""

import io
import re

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client, override_settings

from anpr_governance.accounts.models import User
from anpr_governance.demo.content import PEOPLE
from anpr_governance.sites.models import Site

HREF = re.compile(r'href="(/[^"#]*)')
# A button that posts (starting a record), marked data-offered on the site page.
OFFERED_FORM = re.compile(r'<form method="post" action="(/[^"#]*)" novalidate data-offered>')
ROLLED_BACK = "rolled back"


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    fast = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=fast, DEMO_PASSWORD=""), \
            transaction.atomic():
        call_command("seed_demo", password="walk the demo", stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


def main_links(html: str) -> list[str]:
    main = html[html.index('<main'):html.index("</main>")]
    return sorted(set(HREF.findall(main)))


def shape(href: str, reference: str) -> str:
    """A link with the site and record numbers taken out: one of each shape is followed per person."""
    return re.sub(r"\d+", "N", href.replace(reference, "REF"))


def test_every_offered_link_opens_and_every_offered_move_succeeds(demo, db):
    sites = list(Site.objects.order_by("reference"))
    assert len(sites) == 64
    followed = moves = 0
    for person in PEOPLE:
        client = Client()
        client.force_login(User.objects.get(username=person.username))
        seen: set[tuple[str, str]] = set()
        for site in sites:
            page = client.get(f"/sites/{site.reference}/")
            assert page.status_code == 200, (person.username, site.reference)
            for action in OFFERED_FORM.findall(page.content.decode()):
                moves += 1
                with transaction.atomic():
                    response = client.post(action)
                    assert response.status_code == 302, (person.username, action, response.content.decode()[-3000:])
                    assert client.get(response["Location"]).status_code == 200, (person.username, action)
                    transaction.set_rollback(True)
            for href in main_links(page.content.decode()):
                if "/move/" in href:
                    moves += 1
                    with transaction.atomic():
                        response = client.post(href, {"comment": "Walked by the test of offered actions."})
                        assert response.status_code == 302, (person.username, href, response.content.decode()[-3000:])
                        transaction.set_rollback(True)
                    continue
                key = (site.status, shape(href, site.reference))
                if key in seen:
                    continue
                seen.add(key)
                followed += 1
                response = client.get(href)
                assert response.status_code == 200, (person.username, site.reference, href, response.status_code)
    assert followed > 100 and moves > 5  # the walk did reach the pages and the moves
