"""The search and authorisation pages take the window as GOV.UK date inputs with a time box
(issue 12, point 7): what is typed is read as UK time, each mistake is named beside its box and in
the error summary (linked to the first box in error), what was typed is kept, the refused search is
still logged, and the link to request an authorisation carries every box."""

import datetime
import html as markup
import re

import pytest
import time_machine
from read_helpers import ago, boxes, page_body, read

from anpr_governance.audit.models import AccessLogEntry, Action, Outcome
from anpr_governance.reads.models import Authorisation

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 7, 20, 11, 0, tzinfo=datetime.UTC)  # summer: UK time is UTC+1


def kept(page: str, name: str, value: str) -> bool:
    """Whether the box named `name` shows `value`."""
    return re.search(rf'name="{name}" type="text"[^>]*value="{re.escape(value)}"', page) is not None


def last_search() -> AccessLogEntry:
    return AccessLogEntry.objects.filter(action=Action.SEARCH).order_by("-sequence").first()


def test_a_window_typed_in_boxes_finds_the_reads_inside_it(client, granted, stored):
    stored([read(at=ago(3)), read(camera="STS-001-C2", at=ago(2)), read(at=ago(20))])
    client.force_login(granted)
    response = client.post("/reads/search/", page_body(**{"from": ago(4), "to": ago(2.5)}))
    assert response.status_code == 200
    assert f"Search {last_search().sequence}: 1 read" in response.content.decode()
    assert last_search().result_count == 1 and last_search().outcome == Outcome.ALLOWED


def test_the_times_typed_are_uk_times_and_may_be_written_as_people_write_them(client, granted, stored):
    at = [datetime.datetime(2026, 7, 15, 13, 29, tzinfo=datetime.UTC),  # 14:29 UK time: before the window
          datetime.datetime(2026, 7, 15, 13, 31, tzinfo=datetime.UTC),  # 14:31 UK time: inside it
          datetime.datetime(2026, 7, 16, 8, 6, tzinfo=datetime.UTC)]  # 09:06 UK time: after it
    with time_machine.travel(NOW, tick=False):
        stored([read(at=moment) for moment in at])
        client.force_login(granted)
        response = client.post("/reads/search/", page_body(**{
            "from": {"day": "15", "month": "07", "year": "2026", "time": "2:30pm"},
            "to": {"day": "16", "month": "7", "year": "2026", "time": "9.05"},
        }))
    assert response.status_code == 200 and ": 1 read" in response.content.decode()
    entry = last_search()
    assert entry.details["from"] == "2026-07-15T13:30:00+00:00" and entry.details["to"] == "2026-07-16T08:05:00+00:00"


@pytest.mark.parametrize(("typed", "field", "message", "anchor"), [
    ({"from": None}, "from", "Enter the start date and time", "from-day"),
    ({"from": {"day": "3", "year": "2026", "time": "09:00"}}, "from", "The start date must include a month",
     "from-month"),
    ({"from": {"day": "31", "month": "2", "year": "2026", "time": "09:00"}}, "from",
     "The start date must be a real date", "from-day"),
    ({"to": {"day": "1", "month": "7", "year": "2026", "time": "25:00"}}, "to",
     "The end time must be a real time, for example 14:30", "to-time"),
    ({"to": {"day": "1", "month": "7", "year": "2026"}}, "to", "Enter the end time, for example 14:30", "to-time"),
    ({"from": ago(1), "to": ago(2)}, "to", "The window must end after it starts.", "to-day"),
])
def test_a_window_typed_wrong_is_refused_beside_its_box_kept_and_logged(client, granted, typed, field, message,
                                                                         anchor):
    client.force_login(granted)
    body = page_body(**typed)
    response = client.post("/reads/search/", body)
    page = markup.unescape(response.content.decode())
    assert response.status_code == 400
    assert f'<a href="#{anchor}">{message}</a>' in page  # in the error summary, linked to the box
    assert re.search(rf'id="{field}-error" class="govuk-error-message">.*{re.escape(message)}', page)  # beside it
    assert "2025-01-14T09:30" not in page  # the service's example is for the API's ISO 8601
    for name, value in body.items():
        if name.startswith(("from-", "to-")):
            assert kept(page, name, value), name
    entry = last_search()
    assert entry.outcome == Outcome.REFUSED and entry.vrm == "AB12CDE"


def test_a_refused_window_is_logged_as_it_was_typed(client, granted):
    client.force_login(granted)
    client.post("/reads/search/", page_body(**{"from": {"day": "31", "month": "2", "year": "2026", "time": "9.05"}}))
    assert last_search().details["from"] == "31/2/2026 9.05"


def test_the_authorisation_request_page_refuses_a_time_typed_wrong_and_keeps_it(client, granted):
    client.force_login(granted)
    body = page_body(**{"from": ago(200), "to": {**{k[3:]: v for k, v in boxes("to", ago(100)).items()},
                                                  "time": "half past nine"}},
                     purpose="major_crime", reason="Vehicle linked to a stabbing in March.")
    response = client.post("/reads/authorisations/new/", body)
    page = response.content.decode()
    assert response.status_code == 400 and not Authorisation.objects.exists()
    assert '<a href="#to-time">The end time must be a real time, for example 14:30</a>' in page
    assert 'value="half past nine"' in page
    refused = AccessLogEntry.objects.filter(action=Action.AUTHORISATION_REQUESTED, outcome=Outcome.REFUSED).get()
    assert refused.actor == granted


def test_the_link_to_request_an_authorisation_carries_every_box(client, granted):
    client.force_login(granted)
    start, end = ago(100), ago(90)
    body = page_body(**{"from": start, "to": {**{k[3:]: v for k, v in boxes("to", end).items()}, "time": "2:30pm"}})
    response = client.post("/reads/search/", body)
    assert response.status_code == 403
    link = re.search(r'href="(/reads/authorisations/new/\?[^"]+)">Request an authorisation for this search',
                     response.content.decode())
    assert link, "no link to request an authorisation"
    form = client.get(markup.unescape(link.group(1))).content.decode()
    for name, value in body.items():
        if name.startswith(("from-", "to-")):
            assert kept(form, name, value), name
    assert 'value="AB12CDE"' in form and 'value="CRI/12345/25"' in form
    assert re.search(r'value="major_crime" checked', form)
