"""Subject access requests: the DPO finds every read of a VRM held within retention at every
site (no grant needed), withholds some with a reason, and produces a letter (PDF) and a CSV;
each step, and each refused attempt, is in the access log with its counts."""

import csv
import datetime
import io
import json

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import checks
from django.utils import timezone
from pypdf import PdfReader
from read_helpers import ago, read

from anpr_governance.audit.models import AccessLogEntry, Action, Outcome
from anpr_governance.core.exceptions import NotPermitted
from anpr_governance.reads import services
from anpr_governance.reads.models import SubjectAccessRequest, WithheldRead

pytestmark = pytest.mark.django_db

PAGE = "/dpo/subject-access/"
API = "/api/v1/dpo/subject-access/"
VERIFIED = "Passport and V5C seen; name and address match the keeper record."


@pytest.fixture
def held(stored):
    stored([read(at=ago(5)), read(at=ago(3), camera="STS-001-C2"), read(at=ago(300)), read(vrm="XY99ZZZ")])


def open_request(client, user, **overrides):
    client.force_login(user)
    return client.post(PAGE, {"reference": "SAR-2026-0012", "vrm": "ab12 cde", "identity_verification": VERIFIED,
                              **overrides})


def test_the_dpo_finds_every_read_held_within_retention_without_any_grant(client, dpo, held, settings):
    settings.ANPR_RETENTION_DAYS = 200  # the read of 300 days ago is past retention (not yet erased)
    response = open_request(client, dpo)
    sar = SubjectAccessRequest.objects.get()
    assert response.status_code == 302 and response["Location"] == f"{PAGE}{sar.pk}/"
    assert (sar.vrm, sar.reads_found) == ("AB12CDE", 2)
    page = client.get(f"{PAGE}{sar.pk}/").content.decode()
    assert page.count('data-testid="read"') == 2 and "STS-001" in page
    entry = AccessLogEntry.objects.get(action=Action.SUBJECT_ACCESS_SEARCHED)
    assert (entry.outcome, entry.result_count, entry.reference, entry.vrm) == ("allowed", 2, "SAR-2026-0012",
                                                                              "AB12CDE")
    assert dict(entry.site_links.values_list("site__reference", "reads")) == {"STS-001": 2}


def test_the_pages_never_show_the_restricted_location(client, dpo, held, site):
    open_request(client, dpo)
    sar = SubjectAccessRequest.objects.get()
    page = client.get(f"{PAGE}{sar.pk}/").content.decode()
    assert site.policing_area.name in page
    assert site.grid_reference not in page and site.location_description not in page


@pytest.mark.parametrize(("overrides", "message"), [
    ({"reference": "2026-12"}, "“2026-12” is not a SAR reference: give a reference such as SAR-2026-0012."),
    ({"vrm": "ABCDEF"}, "“ABCDEF” is not a VRM"),
    ({"identity_verification": "seen"}, "Say how the requester&#x27;s identity and keepership"),
])
def test_bad_input_is_refused_saying_what_is_expected_keeping_what_was_typed(client, dpo, held, overrides, message):
    response = open_request(client, dpo, **overrides)
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page and "There is a problem" in page
    assert next(iter(overrides.values())) in page  # what was typed is kept
    assert not SubjectAccessRequest.objects.exists()
    refused = AccessLogEntry.objects.get(action__startswith="reads.subject_access")  # only the logged attempt
    assert refused.action == Action.SUBJECT_ACCESS_SEARCHED and refused.outcome == Outcome.REFUSED


def test_a_reference_is_answered_once(client, dpo, held):
    open_request(client, dpo)
    again = open_request(client, dpo)
    assert again.status_code == 400 and "SAR-2026-0012 has already been searched" in again.content.decode()


@pytest.mark.parametrize("role", ["investigator", "auditor", "authoriser", "sysadmin", "manager"])
def test_only_the_dpo_answers_subject_access_requests(client, request, role, held):
    user = request.getfixturevalue(role)
    assert open_request(client, user).status_code == 403
    client.force_login(user)
    assert client.get(PAGE).status_code == 403
    assert client.post(API, {}, content_type="application/json").status_code == 403
    assert not SubjectAccessRequest.objects.exists()


def test_the_dpo_withholds_reads_with_a_reason_and_the_response_says_so(client, dpo, held):
    open_request(client, dpo)
    sar = SubjectAccessRequest.objects.get()
    page = client.get(f"{PAGE}{sar.pk}/").content.decode()
    first_key = page.split('name="withhold" type="checkbox" value="')[1].split('"')[0]
    refused = client.post(f"{PAGE}{sar.pk}/", {"withhold": [first_key], "reason": ""})
    assert refused.status_code == 400 and "Say why the chosen reads are withheld" in refused.content.decode()
    assert 'checked' in refused.content.decode().split(first_key)[1][:20]  # the choice is kept
    assert not WithheldRead.objects.exists()
    reason = "Disclosure would prejudice an ongoing investigation (DPA 2018 s.45(4))."
    assert client.post(f"{PAGE}{sar.pk}/", {"withhold": [first_key], "reason": reason}).status_code == 302
    sar.refresh_from_db()
    assert sar.state == "disclosed" and sar.reads_disclosed == 2 and WithheldRead.objects.get().reason == reason
    entry = AccessLogEntry.objects.get(action=Action.SUBJECT_ACCESS_DISCLOSED)
    assert entry.result_count == 2 and entry.details["withheld"] == 1 and entry.details["disclosed"] == 2

    rows = list(csv.reader(io.StringIO(b"".join(client.get(f"{PAGE}{sar.pk}/reads.csv").streaming_content)
                                       .decode())))
    assert rows[0] == ["vrm", "date", "time", "site", "policing_area"] and len(rows) == 3
    letter = client.get(f"/reports/subject-access/{sar.pk}/letter.pdf")
    assert letter["Content-Type"] == "application/pdf"
    pdf = PdfReader(io.BytesIO(letter.content))
    text = " ".join(" ".join(page.extract_text() for page in pdf.pages).split())
    assert "SAR-2026-0012" in text and "We have withheld 1 read because: " + reason in text
    data = json.loads(pdf.attachments["response-data.json"][0])
    assert len(data["reads"]) == 2 and data["withheld"] == 1 and "grid_reference" not in json.dumps(data)
    again = client.post(f"{PAGE}{sar.pk}/", {"reason": ""})
    assert again.status_code == 400 and "was already produced" in again.content.decode()


def test_the_api_opens_a_request_and_produces_the_response(client, dpo, held):
    client.force_login(dpo)
    body = client.post(API, {"reference": "SAR-2026-0013", "vrm": "AB12CDE", "identity_verification": VERIFIED},
                       content_type="application/json")
    assert body.status_code == 201 and len(body.json()["reads"]) == 3
    number = body.json()["id"]
    done = client.post(f"{API}{number}/disclose/", {"withhold": [], "reason": ""}, content_type="application/json")
    assert done.status_code == 200 and done.json()["state"] == "disclosed"
    refused = client.post(API, {"reference": "nope", "vrm": "AB12CDE", "identity_verification": VERIFIED},
                          content_type="application/json")
    assert refused.status_code == 400 and "is not a SAR reference" in refused.json()["detail"]


def test_the_reference_pattern_is_a_setting(client, dpo, held, settings):
    settings.ANPR_SAR_REFERENCE_PATTERN = r"DP/[0-9]{5}"
    settings.ANPR_SAR_REFERENCE_HINT = "a reference such as DP/00012"
    assert open_request(client, dpo).status_code == 400
    assert open_request(client, dpo, reference="DP/00012").status_code == 302


def test_an_invalid_reference_pattern_is_refused_at_start_up(settings):
    settings.ANPR_SAR_REFERENCE_PATTERN = "SAR-[0-9"
    errors = [e for e in checks.run_checks() if e.id == "anpr.E015"]
    assert errors and "ANPR_SAR_REFERENCE_PATTERN is not a valid regular expression" in errors[0].msg


def test_the_response_holds_the_reads_found_at_the_search_not_those_stored_after_it(client, dpo, held, stored,
                                                                                      time_machine):
    open_request(client, dpo)
    sar = SubjectAccessRequest.objects.get()
    time_machine.move_to(timezone.now() + datetime.timedelta(hours=1))
    stored([read(at=ago(minutes=15))])  # the requester's vehicle passes a camera after the search
    client.force_login(dpo)  # a new session: the first has been idle an hour
    page = client.get(f"{PAGE}{sar.pk}/").content.decode()
    assert page.count('data-testid="read"') == sar.reads_found == 3


def test_nobody_signed_in_searches_and_nothing_is_logged(db):
    with pytest.raises(NotPermitted) as refused:
        services.subject_access_search(actor=AnonymousUser(), reference="SAR-2026-0012", vrm="AB12CDE",
                                       identity_verification=VERIFIED)
    assert str(refused.value) == "You must be signed in to answer subject access requests."
    assert not AccessLogEntry.objects.exists() and not SubjectAccessRequest.objects.exists()


def test_a_refused_search_is_logged_with_what_was_asked_and_the_refusal(client, dpo, held):
    assert open_request(client, dpo, reference=" sar-2026-0012 ", identity_verification="seen").status_code == 400
    entry = AccessLogEntry.objects.get(action=Action.SUBJECT_ACCESS_SEARCHED)
    assert (entry.actor, entry.outcome, entry.vrm, entry.reference) == (
        dpo, Outcome.REFUSED, "AB12CDE", "SAR-2026-0012")
    assert entry.justification == (
        "Say how the requester's identity and keepership of the vehicle were verified (at least 20 characters)."
    )
