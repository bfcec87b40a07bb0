"""/consult/: published consultations without a sign-in, "Leave a reply" and its traps
(honeypot, time trap, per-address rate limit in the shared cache), and what is never shown."""

import datetime
import time

import pytest
from django.core.cache import caches
from django.utils import timezone

from anpr_governance.consultations import services
from anpr_governance.consultations.forms import started_token
from anpr_governance.consultations.models import PublicReply

pytestmark = pytest.mark.django_db

SUMMARY = "We propose cameras to tackle vehicle crime on the main routes into the town."


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def site(make_site):
    site = make_site("consultation")
    site.cameras.create(identifier="CAM-STS-9001", lane=1, direction="northbound")
    return site


@pytest.fixture
def consultation(site, officer, today):
    return services.consultation_open(actor=officer, site=site, method="online_survey", summary="Internal note.",
                                      opened_on=today, public_summary=SUMMARY, public_purpose="local_crime",
                                      respond_by=today + datetime.timedelta(days=28))


def form(**fields):
    """A reply as a person sends it: the page drawn a minute ago, the honeypot left empty."""
    return {"name": "Jo Resident", "email": "", "comment": "I support this.", "website": "",
            "started": started_token(time.time() - 60), **fields}


def test_the_list_shows_published_open_consultations_to_anyone(client, consultation, make_site, officer, today):
    unpublished = make_site("consultation")
    services.consultation_open(actor=officer, site=unpublished, method="letter", summary="Not public.",
                               opened_on=today)
    html = client.get("/consult/").content.decode()
    assert f'href="/consult/{consultation.pk}/"' in html and "Tackling local crime" in html
    assert html.count('class="govuk-summary-card"') == 1


def test_the_page_describes_the_proposal_by_area_and_purpose_never_by_location(client, consultation, site):
    response = client.get(f"/consult/{consultation.pk}/")
    html = response.content.decode()
    assert response.status_code == 200
    for shown in (SUMMARY, "Stafford", "Tackling local crime", "How your reply is used", "Reply by", "Leave a reply"):
        assert shown in html
    for hidden in (site.location_description, site.grid_reference, site.name, site.reference, "Internal note.",
                   *site.cameras.values_list("identifier", flat=True)):
        assert hidden not in html


def test_an_unpublished_consultation_has_no_public_page(client, make_site, officer, today):
    private = services.consultation_open(actor=officer, site=make_site("consultation"), method="letter",
                                         summary="Not public.", opened_on=today)
    assert client.get(f"/consult/{private.pk}/").status_code == 404


def test_a_reply_is_received_with_a_confirmation_and_what_happens_next(client, consultation):
    response = client.post(f"/consult/{consultation.pk}/", form(comment="<em>Yes</em> please", email="jo@example.com"))
    assert response.status_code == 302 and response["Location"] == f"/consult/{consultation.pk}/replied/"
    html = client.get(response["Location"]).content.decode()
    assert "Your reply was received" in html and "What happens next" in html
    reply = PublicReply.objects.get()
    assert (reply.name, reply.email, reply.comment, reply.state) == ("Jo Resident", "jo@example.com",
                                                                     "<em>Yes</em> please", "pending")
    page = client.get(f"/consult/{consultation.pk}/").content.decode()
    assert "No replies have been published yet." in page and "<em>Yes</em>" not in page


def test_approved_replies_and_the_you_said_we_did_are_published(client, consultation, officer, today):
    pending = services.public_reply_submit(consultation=consultation, name="Sam", email="sam@example.com",
                                           comment='<a href="https://example.org">Evidence</a>')
    services.public_reply_moderate(actor=officer, reply=pending, approve=True)
    services.consultee_add(actor=officer, consultation=consultation, name="Parish council", kind="parish_council",
                           consulted_on=today)
    services.consultation_close(actor=officer, consultation=consultation, outcome="You asked for signs: we added two.")
    html = client.get(f"/consult/{consultation.pk}/").content.decode()
    assert '<a href="https://example.org" rel="nofollow noopener">Evidence</a>' in html
    assert "You asked for signs: we added two." in html and "sam@example.com" not in html
    assert "Leave a reply" not in html
    listing = client.get("/consult/").content.decode()
    assert f"Stafford, closed {today.day} {today:%B %Y}</a>" in listing


def test_a_validation_error_keeps_what_was_typed_and_says_what_to_change(client, consultation):
    response = client.post(f"/consult/{consultation.pk}/", form(name="", email="not-an-address",
                                                               comment="My &lt;careful&gt; words"))
    html = response.content.decode()
    assert response.status_code == 400
    assert "Enter your name" in html and "Enter an e-mail address in the correct format" in html
    assert "My &amp;lt;careful&amp;gt; words</textarea>" in html
    assert not PublicReply.objects.exists()


def test_an_oversized_comment_is_refused_with_a_message_and_kept(client, consultation, settings):
    comment = "a" * 5001
    html = client.post(f"/consult/{consultation.pk}/", form(comment=comment)).content.decode()
    assert "Your comment must be 5,000 characters or fewer (it has 5,001): shorten it" in html
    assert f">{comment}</textarea>" in html and "maxlength" not in html
    assert not PublicReply.objects.exists()


def test_the_honeypot_refuses_a_form_that_filled_the_hidden_field(client, consultation):
    response = client.post(f"/consult/{consultation.pk}/", form(website="http://spam.example"))
    assert response.status_code == 400 and "leave the last field empty" in response.content.decode()
    assert not PublicReply.objects.exists()


@pytest.mark.parametrize("started", ["", "forged", "now"])
def test_the_time_trap_refuses_a_form_sent_too_quickly_or_without_its_signed_start(client, consultation, started):
    token = started_token() if started == "now" else started
    response = client.post(f"/consult/{consultation.pk}/", form(started=token))
    html = response.content.decode()
    assert response.status_code == 400 and "it was sent too quickly" in html
    assert ">I support this.</textarea>" in html  # kept, with a new start to send again
    assert not PublicReply.objects.exists()


def test_the_rate_limit_answers_429_with_a_plain_message_after_five_an_hour(client, consultation):
    for _ in range(5):
        assert client.post(f"/consult/{consultation.pk}/", form()).status_code == 302
    response = client.post(f"/consult/{consultation.pk}/", form())
    assert response.status_code == 429 and response["Content-Type"].startswith("text/plain")
    assert "Please wait an hour and try again." in response.content.decode()
    assert PublicReply.objects.count() == 5
    assert client.post(f"/consult/{consultation.pk}/", form(), REMOTE_ADDR="192.0.2.7").status_code == 302


def test_the_limit_is_kept_in_the_shared_database_cache_not_in_one_process(client, consultation):
    for _ in range(5):
        client.post(f"/consult/{consultation.pk}/", form())
    # A cache object made afresh (as another web process would) sees the same count.
    other_process = caches.create_connection("default")
    assert type(other_process).__name__ == "DatabaseCache"
    assert other_process.get("ratelimit:public-reply:127.0.0.1") == 5


def test_behind_a_proxy_the_address_comes_only_from_its_header_last_entry(client, consultation, settings):
    settings.ANPR_TRUSTED_PROXY_HEADER = "X-Forwarded-For"
    for n in range(5):  # a client cannot escape by forging earlier entries
        assert client.post(f"/consult/{consultation.pk}/", form(),
                           HTTP_X_FORWARDED_FOR=f"10.9.9.{n}, 198.51.100.1").status_code == 302
    assert client.post(f"/consult/{consultation.pk}/", form(),
                       HTTP_X_FORWARDED_FOR="198.51.100.1").status_code == 429
    assert client.post(f"/consult/{consultation.pk}/", form(),
                       HTTP_X_FORWARDED_FOR="198.51.100.2").status_code == 302


def test_without_a_configured_proxy_the_forwarded_header_is_ignored(client, consultation):
    for n in range(5):
        client.post(f"/consult/{consultation.pk}/", form(), HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")
    assert client.post(f"/consult/{consultation.pk}/", form(),
                       HTTP_X_FORWARDED_FOR="203.0.113.99").status_code == 429
