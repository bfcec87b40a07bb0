"""A pack built by the server operator (manage.py build_pack without --user) has no requester:
the pages that list packs still open for everyone who may build them (issue 12)."""

import io

import pytest
from django.core.management import call_command

from anpr_governance.reports.models import Pack

pytestmark = pytest.mark.django_db


def test_the_packs_page_opens_after_a_pack_is_built_without_a_user(client, make_site, auditor, tmp_path):
    make_site("live", reference="STS-120")
    call_command("build_pack", "--site", "STS-120", "--out", str(tmp_path / "p.pdf"), stdout=io.StringIO())
    pack = Pack.objects.get()
    assert pack.requested_by is None
    client.force_login(auditor)
    listing = client.get("/reports/")
    assert listing.status_code == 200
    assert "Command line" in listing.content.decode()
    page = client.get(f"/reports/packs/{pack.pk}/")
    assert page.status_code == 200 and "server operator" in page.content.decode()
