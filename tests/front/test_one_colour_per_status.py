"""Issue 12, point 7: a status has one colour on every page (core.templatetags.govuk.TAG_COLOURS)."""

import re

import pytest

pytestmark = pytest.mark.django_db


def tag_of(html: str, label: str) -> str:
    found = re.search(r'class="govuk-tag govuk-tag--([a-z-]+)">' + re.escape(label) + "<", html)
    assert found, label
    return found.group(1)


def test_a_live_site_is_the_same_colour_on_the_register_its_page_and_its_review_page(client, manager, make_site):
    site = make_site("live")
    client.force_login(manager)
    colours = {tag_of(client.get(url).content.decode(), "Live")
               for url in ("/sites/", f"/sites/{site.reference}/", f"/reviews/sites/{site.reference}/")}
    assert colours == {"green"}
