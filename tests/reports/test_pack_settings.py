"""The packs' settings: checked at start-up, and files that are never served directly."""

import pytest

from anpr_governance.core import checks


def test_an_impossible_pack_period_is_refused_with_its_name(settings):
    settings.ANPR_PACK_PERIOD_MONTHS = 0
    [error] = checks.check_domain_settings()
    assert error.id == "anpr.E002" and "ANPR_PACK_PERIOD_MONTHS" in error.msg


@pytest.mark.django_db
def test_a_stored_pack_cannot_be_fetched_by_its_file_url(client, settings, make_site, auditor, build):
    make_site("live", reference="STS-130")
    pack = build(auditor, site_reference="STS-130")
    assert (settings.MEDIA_ROOT / pack.file.name).is_file()
    client.force_login(auditor)
    assert client.get(f"/{settings.MEDIA_URL}{pack.file.name}").status_code == 404
