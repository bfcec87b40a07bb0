"""Each read data page, refused, is shown again with what was typed and chosen beside the
service's words, in the one error summary; a refused search from the page is still logged."""

import re

import pytest
from read_helpers import ago, boxes

from anpr_governance.audit.models import AccessLogEntry, Outcome
from anpr_governance.reads import services

pytestmark = pytest.mark.django_db

def field(html: str, name: str) -> str:
    """The markup of the input, textarea or select named `name`."""
    match = re.search(rf'<(input|textarea|select)[^>]*name="{name}"[^>]*>(.*?</\1>)?', html, re.S)
    assert match, f"no field {name}"
    return match.group(0)


def chosen(html: str, name: str) -> list[str]:
    """The values of the radios of `name` that are checked."""
    return re.findall(rf'<input class="govuk-radios__input"[^>]*name="{name}" type="radio" value="([^"]*)" checked>',
                      html)


def selected(html: str, name: str) -> list[str]:
    return re.findall(r'<option value="([^"]*)" selected>', field(html, name))


def refused(response, status=400) -> str:
    html = response.content.decode()
    assert response.status_code == status
    assert html.count('class="govuk-error-summary"') == 1 and "<title>Error:" in html
    return html


def test_the_search_page_keeps_what_was_typed_and_logs_the_refusal(client, granted):
    client.force_login(granted)
    start, end = boxes("from", ago(3)), boxes("to", ago(1))
    html = refused(client.post("/reads/search/", {"vrm": "AB12 CD?", **start, **end,
                                                  "purpose": "major_crime", "reference": "n/a", "authorisation": "7"}))
    assert 'value="AB12 CD?"' in field(html, "vrm") and 'value="n/a"' in field(html, "reference")
    for name, typed in (start | end).items():
        assert f'value="{typed}"' in field(html, name)
    assert 'value="7"' in field(html, "authorisation") and chosen(html, "purpose") == ["major_crime"]
    entry = AccessLogEntry.objects.order_by("-sequence").first()
    assert entry.outcome == Outcome.REFUSED and entry.reference == "N/A"


def test_the_authorisation_request_page_keeps_what_was_typed(client, granted):
    client.force_login(granted)
    html = refused(client.post("/reads/authorisations/new/", {
        "vrm": "AB12CDE", **boxes("from", ago(200)), **boxes("to", ago(100)), "purpose": "major_crime",
        "reference": "CRI/12345/25", "reason": "Too short",
    }))
    assert "at least 20 characters" in html and 'value="CRI/12345/25"' in field(html, "reference")
    assert ">Too short</textarea>" in field(html, "reason") and chosen(html, "purpose") == ["major_crime"]


def test_the_disclosure_page_keeps_what_was_typed(client, granted):
    number = services.read_search(actor=granted, vrm="AB12CDE", date_from=ago(2), date_to=ago(1),
                                  purpose="major_crime", reference="CRI/12345/25").id
    client.force_login(granted)
    html = refused(client.post(f"/reads/searches/{number}/disclose/", {"recipient": "DC Smith", "reason": "x"}))
    assert "Say why the results are disclosed to them." in html
    assert 'value="DC Smith"' in field(html, "recipient") and ">x</textarea>" in field(html, "reason")


def test_the_decision_page_keeps_the_decision_chosen_and_the_comment(client, granted, authoriser):
    authorisation = services.authorisation_request(
        actor=granted, vrm="AB12CDE", date_from=ago(200), date_to=ago(100), purpose="major_crime",
        reference="CRI/12345/25", reason="Vehicle linked to a stabbing in March.")
    client.force_login(authoriser)
    url = f"/reads/authorisations/{authorisation.pk}/"
    html = refused(client.post(url, {"decision": "refuse", "comment": ""}))
    assert 'href="#comment"' in html and "Say why the authorisation is refused." in html
    assert chosen(html, "decision") == ["refuse"]
    html = refused(client.post(url, {"comment": "Typed before choosing."}))
    assert 'href="#decision"' in html and ">Typed before choosing.</textarea>" in field(html, "comment")


def test_the_feeds_page_keeps_the_site_chosen_and_the_name_typed(client, sysadmin, site, feed):
    client.force_login(sysadmin)
    html = refused(client.post("/reads/feeds/", {"site": site.pk, "name": feed.name}))
    assert selected(html, "site") == [str(site.pk)] and f'value="{feed.name}"' in field(html, "name")
    html = refused(client.post("/reads/feeds/", {"site": "", "name": "Back office B"}))
    assert 'href="#site"' in html and "Choose the site the feed delivers reads for." in html
    assert 'value="Back office B"' in field(html, "name")


def test_the_grants_page_keeps_what_was_chosen(client, sysadmin, investigator, site):
    client.force_login(sysadmin)
    html = refused(client.post("/reads/grants/", {"user": investigator.pk, "area": site.policing_area.pk,
                                                  "site": site.pk, "action": "grant"}))
    assert selected(html, "user") == [str(investigator.pk)]
    assert selected(html, "area") == [str(site.policing_area.pk)] and selected(html, "site") == [str(site.pk)]
    html = refused(client.post("/reads/grants/", {"user": "", "site": site.pk, "action": "grant"}))
    assert 'href="#user"' in html and "Choose the investigator." in html and selected(html, "site") == [str(site.pk)]
