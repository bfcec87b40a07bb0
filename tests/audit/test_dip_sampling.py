"""Dip-sampling of searches: an auditor draws a repeatable random sample of the searches in a
period, records a finding on each, reads a summary; the findings are counted in force-wide
packs and for the transparency figures (audit.selectors.sampling_finding_counts)."""

import datetime
import json

import pytest
from django.utils import timezone

from anpr_governance.audit.models import AccessLogEntry, Action, Outcome, Sample, SampledSearch
from anpr_governance.audit.sampling import draw, sample_draw
from anpr_governance.audit.selectors import sampling_finding_counts
from anpr_governance.audit.services import access_log_append
from anpr_governance.reports import services as pack_services

pytestmark = pytest.mark.django_db

PAGE = "/audit/sampling/"


@pytest.fixture
def searches(investigator):
    made = [access_log_append(actor=investigator, action=Action.SEARCH, vrm=f"AB{n:02d}CDE", purpose="major_crime",
                              reference=f"CRI/{10000 + n}/25", result_count=n) for n in range(20)]
    access_log_append(actor=investigator, action=Action.SEARCH, outcome=Outcome.REFUSED, vrm="XY99ZZZ")
    return made


@pytest.fixture
def build_pack():
    """The data of a force-wide pack (what it prints and attaches), without laying out the PDF."""

    def data(actor) -> dict:
        pack = pack_services.pack_request(actor=actor, scope="force", enqueue=False)
        return pack_services.pack_data(pack)

    return data


def period(**overrides) -> dict:
    today = timezone.localdate()
    data = {"period_from_0": today.day, "period_from_1": today.month, "period_from_2": today.year,
            "period_to_0": today.day, "period_to_1": today.month, "period_to_2": today.year, "size": "25%", "seed": ""}
    data.update(overrides)
    return data


def test_an_auditor_draws_a_sample_whose_seed_repeats_the_draw(client, auditor, searches):
    client.force_login(auditor)
    response = client.post(PAGE, period())
    sample = Sample.objects.get()
    assert response.status_code == 302 and response["Location"] == f"{PAGE}{sample.pk}/"
    drawn = sorted(SampledSearch.objects.values_list("entry__sequence", flat=True))
    assert len(drawn) == 5 and sample.population == 20  # 25% of the 20 allowed searches; the refused one is not
    assert drawn == draw([e.sequence for e in searches], 5, sample.seed)
    again = sample_draw(actor=auditor, period_from=sample.period_from, period_to=sample.period_to, size="25%",
                        seed=sample.seed)
    assert sorted(again.searches.values_list("entry__sequence", flat=True)) == drawn
    logged = AccessLogEntry.objects.filter(action=Action.SAMPLE_DRAWN).first()
    assert logged.details["seed"] == sample.seed and logged.result_count == 5
    page = client.get(f"{PAGE}{sample.pk}/").content.decode()
    assert sample.seed in page and page.count('data-testid="sampled"') == 5


def test_a_finding_is_recorded_with_notes_and_shown_in_the_summary(client, auditor, searches):
    sample = sample_draw(actor=auditor, period_from=timezone.localdate(), period_to=timezone.localdate(), size="3")
    first, second = list(sample.searches.order_by("entry__sequence"))[:2]
    client.force_login(auditor)
    url = f"{PAGE}{sample.pk}/searches/{first.pk}/"
    refused = client.post(url, {"finding": "not_justified", "notes": "", "lock_version": 0})
    assert refused.status_code == 400 and "notes are needed when a search is not justified" in refused.content.decode()
    first.refresh_from_db()
    assert first.finding == ""
    assert client.post(url, {"finding": "not_justified", "notes": "No link to the crime.", "lock_version": 0}) \
        .status_code == 302
    client.post(f"{PAGE}{sample.pk}/searches/{second.pk}/", {"finding": "justified", "lock_version": 0})
    summary = client.get(f"{PAGE}{sample.pk}/").content.decode().split('data-testid="summary"')[1].split("</table>")[0]
    for label, count in (("Justified", 1), ("Not justified", 1), ("Needs follow-up", 0), ("Not yet checked", 1)):
        assert f'{label}</th><td class="govuk-table__cell govuk-table__cell--numeric">{count}<' in summary
    first.refresh_from_db()
    assert first.recorded_by == auditor and first.history.first().history_change_reason.startswith("audit.sample")


def test_a_stale_finding_form_is_refused_and_nothing_is_overwritten(client, auditor, make_user, searches):
    other = make_user("auditor2", "Auditor")
    sample = sample_draw(actor=auditor, period_from=timezone.localdate(), period_to=timezone.localdate(), size="1")
    sampled = sample.searches.get()
    client.force_login(other)
    client.post(f"{PAGE}{sample.pk}/searches/{sampled.pk}/", {"finding": "justified", "lock_version": 0})
    client.force_login(auditor)
    stale = client.post(f"{PAGE}{sample.pk}/searches/{sampled.pk}/",
                        {"finding": "follow_up", "notes": "Ask the investigator.", "lock_version": 0})
    assert stale.status_code == 400 and "after you opened it" in stale.content.decode()
    sampled.refresh_from_db()
    assert sampled.finding == "justified"


@pytest.mark.parametrize(("overrides", "message"), [
    ({"size": "30"}, "The sample of 30 is larger than the 20 searches in the period"),
    ({"size": "ten"}, "Enter a number, such as 25, or a percentage, such as 10%."),
    ({"size": "150%"}, "Enter a percentage more than 0 and at most 100."),
    ({"seed": "not hex!"}, "Enter 8 to 32 hexadecimal characters"),
    ({"period_from_2": "1990", "period_to_2": "1990"}, "No searches in this period."),
])
def test_bad_input_is_refused_saying_what_is_expected_and_nothing_is_drawn(client, auditor, searches, overrides,
                                                                            message):
    client.force_login(auditor)
    response = client.post(PAGE, period(**overrides))
    assert response.status_code == 400 and message in response.content.decode()
    assert not Sample.objects.exists() and not AccessLogEntry.objects.filter(action=Action.SAMPLE_DRAWN).exists()


@pytest.mark.parametrize("role", ["dpo", "investigator", "manager", "sysadmin"])
def test_only_auditors_dip_sample(client, request, role, searches):
    client.force_login(request.getfixturevalue(role))
    assert client.get(PAGE).status_code == 403
    assert client.post(PAGE, period()).status_code == 403
    assert not Sample.objects.exists()


def test_findings_are_counted_for_packs_and_transparency_without_vrms(auditor, searches, make_site, build_pack):
    sample = sample_draw(actor=auditor, period_from=timezone.localdate(), period_to=timezone.localdate(), size="4")
    findings = ["justified", "justified", "follow_up", ""]
    for sampled, finding in zip(sample.searches.all(), findings, strict=True):
        if finding:
            SampledSearch.objects.filter(pk=sampled.pk).update(finding=finding)
    counts = sampling_finding_counts()
    assert counts == {"sampled": 4, "justified": 2, "not_justified": 0, "follow_up": 1, "not_yet_checked": 1}
    tomorrow = timezone.now() + datetime.timedelta(days=1)
    assert sampling_finding_counts(since=tomorrow)["sampled"] == 0
    make_site("live", reference="STS-130")
    data = build_pack(auditor)
    assert data["sampling"] == counts and "AB00CDE" not in json.dumps(data["sampling"])
