"""Every pack prints the access log's head at generation (its anchor); a pack for an outside
recipient withholds restricted locations whoever builds it, and says so."""

import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from anpr_governance.audit.selectors import access_log_head
from anpr_governance.audit.services import access_log_append
from anpr_governance.reports.models import Pack

pytestmark = pytest.mark.django_db


def test_a_pack_prints_the_log_head_and_the_anchor_still_holds_later(make_site, auditor, investigator, build,
                                                                      read_pack):
    make_site("live", reference="STS-120")
    access_log_append(actor=investigator, action="reads.search", vrm="AB12CDE", result_count=0)
    head = access_log_head()
    pack = build(auditor, site_reference="STS-120")
    pdf = read_pack(pack)
    data = json.loads(pdf.attachment)
    assert data["pack"]["access_log"] == {"entries": head.entries, "head_hash": head.last_hash}
    assert (pack.log_entries, pack.log_head_hash) == (head.entries, head.last_hash)
    assert head.last_hash in pdf.text.replace("\n", "") and f"{head.entries} entries" in pdf.flat
    # Later appends (the build's own disclosure among them) leave the anchored entry in place.
    out = io.StringIO()
    call_command("verify_access_log", "--anchor", f"{pack.log_head_hash}:{pack.log_entries}", stdout=out)
    assert f"Anchor held: entry {head.entries}" in out.getvalue()


def test_a_redacted_pack_withholds_locations_from_a_builder_who_may_see_them_and_says_so(make_site, auditor, build,
                                                                                        read_pack):
    make_site("live", reference="STS-121")
    pack = build(auditor, site_reference="STS-121", redact_locations=True)
    assert not pack.includes_locations and pack.locations_redacted
    pdf = read_pack(pack)
    data = json.loads(pdf.attachment)
    assert data["sites"][0]["location"] is None and data["pack"]["locations_redacted"] is True
    assert "Withheld for a recipient outside the force" in pdf.flat
    assert "chose to withhold them, for a recipient outside the force" in pdf.flat
    unredacted = build(auditor, site_reference="STS-121")
    assert json.loads(read_pack(unredacted).attachment)["sites"][0]["location"]["grid_reference"]


def test_build_pack_redacts_on_request_and_prints_the_anchor(make_site, auditor, tmp_path, read_pack):
    make_site("live", reference="STS-122")
    target = tmp_path / "force.pdf"
    out = io.StringIO()
    call_command("build_pack", "--all", "--out", str(target), "--user", "auditor", "--redact-locations", stdout=out)
    pack = Pack.objects.get()
    assert pack.locations_redacted and json.loads(read_pack(target.read_bytes()).attachment)["sites"][0]["location"] \
        is None
    assert f"verify_access_log --anchor {pack.log_head_hash}:{pack.log_entries}" in out.getvalue()


def test_the_reports_page_offers_the_choice_checked_by_default_and_honours_it(client, auditor, make_site):
    make_site("live", reference="STS-123")
    client.force_login(auditor)
    page = client.get(reverse("reports:index")).content.decode()
    assert 'name="redact_locations"' in page and "checked" in page.split('name="redact_locations"')[1][:80]
    today = timezone.localdate()
    form = {"scope": "force", "as_at-day": today.day, "as_at-month": today.month, "as_at-year": today.year,
            "recipient": "ICO", "redact_locations": "on"}
    client.post(reverse("reports:index"), form)
    assert Pack.objects.get().locations_redacted
