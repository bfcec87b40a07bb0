"""The Reports pages: build a pack, follow its progress, download it, check a file."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from anpr_governance.celery import app as celery_app
from anpr_governance.reports.models import Pack, PackDisclosure

pytestmark = pytest.mark.django_db


@pytest.fixture
def eager_celery():
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = False


def form(**overrides):
    today = timezone.localdate()
    data = {"scope": "site", "site_reference": "STS-090", "as_at-day": today.day, "as_at-month": today.month,
            "as_at-year": today.year, "recipient": ""}
    return data | overrides


def test_the_reports_page_offers_both_scopes_and_defaults_the_date_to_today(client, auditor):
    client.force_login(auditor)
    page = client.get(reverse("reports:index")).content.decode()
    today = timezone.localdate()
    assert "Compliance packs" in page and "Every site (force-wide pack)" in page and "Site reference" in page
    assert f'name="as_at-day" type="text" inputmode="numeric" value="{today.day}"' in page
    assert f'name="as_at-year" type="text" inputmode="numeric" value="{today.year}"' in page


@pytest.mark.parametrize("role", ["auditor", "manager", "dpo"])
def test_the_roles_that_build_packs_see_reports_in_the_navigation(client, request, role):
    client.force_login(request.getfixturevalue(role))
    assert 'href="/reports/"' in client.get(reverse("home")).content.decode()


@pytest.mark.parametrize("role", ["officer", "investigator", "authoriser", "sysadmin"])
def test_other_roles_neither_see_nor_open_the_reports_page(client, request, role):
    client.force_login(request.getfixturevalue(role))
    assert 'href="/reports/"' not in client.get(reverse("home")).content.decode()
    response = client.get(reverse("reports:index"))
    assert response.status_code == 403
    assert client.post(reverse("reports:index"), form()).status_code == 403
    assert not Pack.objects.exists()


def test_signed_out_visitors_are_sent_to_sign_in(client):
    response = client.get(reverse("reports:index"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_building_a_pack_leads_to_its_page_where_it_can_be_downloaded(client, auditor, make_site, eager_celery,
                                                                      django_capture_on_commit_callbacks):
    make_site("live", reference="STS-090")
    client.force_login(auditor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:index"), form(recipient="ICO inspection"))
    pack = Pack.objects.get()
    assert response.status_code == 302 and response.url == reverse("reports:pack", args=[pack.pk])
    page = client.get(response.url).content.decode()
    assert "Site pack STS-090, version 1" in page and "Download the PDF" in page
    assert pack.file_sha256 in Pack.objects.get().file_sha256 and Pack.objects.get().file_sha256 in page
    assert "ICO inspection" in page and "Built" in page

    download = client.post(reverse("reports:pack-download", args=[pack.pk]))
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert "anpr-compliance-pack-STS-090-v1" in download["Content-Disposition"]
    assert b"".join(download.streaming_content).startswith(b"%PDF-1.7")
    assert PackDisclosure.objects.filter(pack=pack, action="downloaded", actor=auditor).count() == 1
    listing = client.get(reverse("reports:index")).content.decode()
    assert "Site pack STS-090, version 1" in listing and "Ready" in listing


def test_a_pack_being_built_shows_its_progress_and_the_status_answers_in_json(client, auditor, make_site,
                                                                              django_capture_on_commit_callbacks):
    make_site("live", reference="STS-090")
    client.force_login(auditor)
    with django_capture_on_commit_callbacks(execute=False):
        client.post(reverse("reports:index"), form())
    pack = Pack.objects.get()
    Pack.objects.filter(pk=pack.pk).update(state="building", progress=40, progress_message="Laying out page 20")
    page = client.get(reverse("reports:pack", args=[pack.pk])).content.decode()
    assert 'value="40"' in page and "40%: Laying out page 20" in page and "Download" not in page
    status = client.get(reverse("reports:pack-status", args=[pack.pk])).json()
    assert status == {"state": "building", "state_label": "Building", "progress": 40,
                      "message": "Laying out page 20", "finished": False, "pages": None,
                      "url": reverse("reports:pack", args=[pack.pk])}
    assert client.post(reverse("reports:pack-download", args=[pack.pk])).status_code == 302
    assert not PackDisclosure.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (form(site_reference="STS-999"), "There is no site STS-999."),
        (form(site_reference=""), "Enter the site&#x27;s reference, such as STS-017."),
        (form(**{"as_at-day": "31", "as_at-month": "2"}), "The as-at date must be a real date"),
        (form(**{"as_at-year": "9" * 40}), "The as-at date must be a real date"),  # was a 500 (OverflowError)
        (form(**{"as_at-day": ""}), "The as-at date must include a day."),
        (form(**{"as_at-year": str(timezone.localdate().year + 1)}), "The as-at date must be today or in the past."),
        (form(**{"as_at-year": "2001"}), "The as-at date must be on or after"),
        (form(scope=""), "Choose a site pack or a force-wide pack."),
    ],
)
def test_bad_input_is_explained_in_an_error_summary_and_no_pack_is_made(client, auditor, make_site, data, message):
    make_site("live", reference="STS-090")
    client.force_login(auditor)
    response = client.post(reverse("reports:index"), data)
    page = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in page and message in page and "<title>Error:" in page
    assert not Pack.objects.exists()


def test_a_pack_page_of_another_role_is_forbidden_and_an_unknown_one_is_not_found(client, auditor, officer,
                                                                                  make_site, build):
    make_site("live", reference="STS-090")
    pack = build(auditor, site_reference="STS-090")
    client.force_login(officer)
    assert client.get(reverse("reports:pack", args=[pack.pk])).status_code == 403
    assert client.post(reverse("reports:pack-download", args=[pack.pk])).status_code == 403
    client.force_login(auditor)
    assert client.get(reverse("reports:pack", args=[pack.pk + 100])).status_code == 404
    assert not PackDisclosure.objects.filter(action="downloaded").exists()


def test_the_verify_page_recognises_a_genuine_pack_and_rejects_an_altered_one(client, shared_live_pack, auditor):
    pack, pdf = shared_live_pack
    client.force_login(auditor)  # the roles that build packs check files
    genuine = client.post(reverse("reports:verify"), {"pack": SimpleUploadedFile("p.pdf", pdf.content)})
    page = genuine.content.decode()
    assert genuine.status_code == 200 and "Genuine pack" in page and "Site pack STS-017, version 1" in page
    middle = len(pdf.content) // 2
    altered = pdf.content[:middle] + bytes([pdf.content[middle] ^ 1]) + pdf.content[middle + 1:]
    rejected = client.post(reverse("reports:verify"), {"pack": SimpleUploadedFile("p.pdf", altered)})
    assert rejected.status_code == 200 and "Not a genuine pack" in rejected.content.decode()
    assert "Genuine pack" not in rejected.content.decode()


def test_the_verify_page_asks_for_a_file(client, auditor):
    client.force_login(auditor)
    assert "Check a compliance pack" in client.get(reverse("reports:verify")).content.decode()
    response = client.post(reverse("reports:verify"), {})
    assert response.status_code == 400 and "Select the PDF file of the pack to check." in response.content.decode()
    empty = client.post(reverse("reports:verify"), {"pack": io.BytesIO(b"")})
    assert empty.status_code == 400
