"""What an export or a disclosure of a search's results may still do after the search: only
within 24 hours of it, and only over the sites the investigator may search now."""

import datetime

import pytest
from read_helpers import ago, read

from anpr_governance.audit.models import AccessLogEntry, Action, Outcome
from anpr_governance.core.exceptions import DomainError
from anpr_governance.reads import services

pytestmark = pytest.mark.django_db

REASON = "Linked burglary series across the border."


@pytest.fixture
def search_number(stored, granted):
    stored([read(at=ago(3)), read(camera="STS-001-C2", at=ago(2)), read(at=ago(45))])
    result = services.read_search(actor=granted, vrm="AB12CDE", date_from=ago(60), date_to=ago(0),
                                  purpose="major_crime", reference="CRI/12345/25")
    assert len(result.results) == 3
    return result.entry.sequence


def later(time_machine, **delta):
    time_machine.move_to(datetime.datetime.now(tz=datetime.UTC) + datetime.timedelta(**delta))


def test_results_can_be_exported_and_disclosed_up_to_24_hours_after_the_search(granted, search_number,
                                                                              time_machine):
    later(time_machine, hours=23, minutes=50)
    record, rows = services.search_export(actor=granted, search=search_number)
    assert len(rows) == 3 and record.outcome == Outcome.ALLOWED
    disclosed = services.search_disclose(actor=granted, search=search_number, recipient="DC Smith", reason=REASON)
    assert disclosed.result_count == 3


@pytest.mark.parametrize("act", ["export", "disclose"])
def test_a_day_after_the_search_its_results_are_neither_exported_nor_disclosed(granted, search_number,
                                                                              time_machine, act):
    later(time_machine, hours=24, minutes=10)
    with pytest.raises(DomainError, match="more than 24 hours ago: search again"):
        if act == "export":
            services.search_export(actor=granted, search=search_number)
        else:
            services.search_disclose(actor=granted, search=search_number, recipient="DC Smith", reason=REASON)
    action = Action.SEARCH_EXPORTED if act == "export" else Action.DISCLOSED
    [entry] = AccessLogEntry.objects.filter(action=action)
    assert entry.outcome == Outcome.REFUSED and "24 hours" in entry.justification


def test_an_export_after_the_grant_was_withdrawn_leaves_out_the_sites_no_longer_granted(
        granted, search_number, site, sysadmin, authoriser):
    withdrawal = services.search_grant_propose(actor=sysadmin, user=granted, area=site.policing_area, revoke=True,
                                               reason="Moved to another team.")
    services.search_grant_decide(actor=authoriser, grant=withdrawal, decision="approve")
    record, rows = services.search_export(actor=granted, search=search_number)
    assert rows == [] and record.result_count == 0
    assert not record.site_links.exists()


def test_an_export_after_the_grant_expired_leaves_out_its_sites_though_the_daily_task_has_not_run(
        granted, search_number, time_machine):
    from anpr_governance.reads.models import SearchGrant

    SearchGrant.objects.filter(user=granted).update(
        expires_at=datetime.datetime.now(tz=datetime.UTC) + datetime.timedelta(hours=1))
    later(time_machine, hours=2)  # the grant's end passed; nothing has removed its permission yet
    record, rows = services.search_export(actor=granted, search=search_number)
    assert rows == [] and record.result_count == 0
    assert AccessLogEntry.objects.filter(action=Action.GRANT_EXPIRED).count() == 1
