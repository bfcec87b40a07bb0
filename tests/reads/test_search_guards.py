"""The search guard read word for word: each refusal beside its field, the edges of the
retention, standard access and 24-hour windows to the second, an authorisation's refusals and
expiry, and what the access log keeps of a search, an export and a disclosure (refused or not).
The clock stands at 15 July 2026 13:00 UK time (British Summer Time), so that a moment shown in
UTC instead of UK time would be seen."""

import datetime

import pytest
from read_helpers import read

from anpr_governance.accounts.roles import Role
from anpr_governance.audit.models import AccessLogEntry, Action, Outcome
from anpr_governance.core.exceptions import DomainError, NotPermitted
from anpr_governance.reads import services
from anpr_governance.reads.services.search import AuthorisationRequired

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 7, 15, 12, 0, tzinfo=datetime.UTC)  # 13:00 in UK time
SECOND = datetime.timedelta(seconds=1)
REASON = "Linked burglary series across the border."
STANDARD = "This search reaches back before 16 April 2026 13:00, beyond the 90-day standard access window"


def days(n: float) -> datetime.timedelta:
    return datetime.timedelta(days=n)


@pytest.fixture
def clock(time_machine):
    time_machine.move_to(NOW, tick=False)
    return time_machine


@pytest.fixture
def investigator_with_reads(clock, granted, stored):
    stored(
        [
            read(at=NOW - days(150)),
            read(at=NOW - days(130)),
            read(at=NOW - days(3)),
            read(camera="STS-001-C2", at=NOW - days(2)),
        ]
    )
    return granted


def search(actor, **overrides):
    arguments = {
        "vrm": "AB12CDE",
        "date_from": NOW - days(60),
        "date_to": NOW,
        "purpose": "major_crime",
        "reference": "CRI/12345/25",
        "now": NOW,
        **overrides,
    }
    return services.read_search(actor=actor, **arguments)


def refused(actor, **overrides) -> DomainError:
    with pytest.raises(DomainError) as refusal:
        search(actor, **overrides)
    entry = AccessLogEntry.objects.order_by("-sequence").first()
    assert (entry.action, entry.outcome, entry.actor, entry.justification) == (
        Action.SEARCH,
        Outcome.REFUSED,
        actor,
        refusal.value.message,
    )
    return refusal.value


def last(action) -> AccessLogEntry:
    return AccessLogEntry.objects.filter(action=action).order_by("-sequence").first()


# check_scope: every problem, word for word, beside its field


@pytest.mark.parametrize("blank", [None, ""])  # a JSON body leaves a field out; a form sends it empty
def test_a_search_with_nothing_filled_in_is_refused_field_by_field(investigator_with_reads, blank):
    refusal = refused(
        investigator_with_reads, vrm=blank, date_from=blank, date_to=blank, purpose=blank, reference=blank
    )
    assert refusal.field_errors == {
        "vrm": ["Enter the VRM to search for."],
        "from": ["Enter when the window should start."],
        "to": ["Enter when the window should end."],
        "purpose": ["Choose the purpose of the search."],
        "reference": [
            "Enter the reference of the crime or incident the search is for: a crime or incident "
            "reference such as CRI/12345/25 or INC-20250114-0042."
        ],
    }
    assert refusal.message == " ".join(m for [m] in refusal.field_errors.values())
    assert not isinstance(refusal, NotPermitted)


def test_what_is_not_a_vrm_a_moment_or_a_purpose_is_quoted_back(investigator_with_reads):
    refusal = refused(
        investigator_with_reads,
        vrm="not a vrm!",
        date_from="last week",
        date_to="0999-01-01T00:00",
        purpose="curiosity",
        reference="n/a",
    )
    assert refusal.field_errors == {
        "vrm": [
            "“not a vrm!” is not a VRM: use 2 to 10 letters and digits, with at least one of each, such as AB12CDE."
        ],
        "from": ["Enter when the window should start as a date and time such as 2025-01-14T09:30."],
        "to": ["Enter when the window should end as a date and time such as 2025-01-14T09:30 (years 1900 to 2100)."],
        "purpose": [
            "“curiosity” is not a purpose: choose one of national_security, serious_organised_crime, "
            "major_crime, priority_volume_crime, safeguarding."
        ],
        "reference": [
            "“N/A” is not a crime or incident reference: give a crime or incident reference such as "
            "CRI/12345/25 or INC-20250114-0042."
        ],
    }


def test_a_long_wrong_vrm_is_quoted_cut_at_40_characters(investigator_with_reads):
    typed = "X" * 60
    refusal = refused(investigator_with_reads, vrm=typed)
    assert refusal.field_errors == {
        "vrm": [
            f"“{'X' * 34}…[cut]” is not a VRM: use 2 to 10 letters and digits, "
            "with at least one of each, such as AB12CDE."
        ]
    }


def test_a_window_must_end_after_it_starts_to_the_second(investigator_with_reads):
    start = NOW - days(2)
    refusal = refused(investigator_with_reads, date_from=start, date_to=start)
    assert refusal.field_errors == {"to": ["The window must end after it starts."]}
    assert refusal.message == "The window must end after it starts."
    assert search(investigator_with_reads, date_from=start, date_to=start + SECOND).results


def test_the_retention_boundary_is_exact_and_named_in_uk_time(investigator_with_reads):
    oldest = NOW - days(365)
    refusal = refused(investigator_with_reads, purpose="safeguarding", date_from=oldest - SECOND)
    assert refusal.field_errors == {
        "from": ["Reads older than 365 days have been erased: start the window at 15 July 2025 13:00 or later."]
    }
    # At the boundary itself nothing is erased yet: only the standard access window refuses.
    at_boundary = refused(investigator_with_reads, purpose="safeguarding", date_from=oldest)
    assert isinstance(at_boundary, AuthorisationRequired) and at_boundary.field_errors == {}


def test_an_allowed_search_logs_its_window_in_utc_and_what_was_searched(investigator_with_reads, site):
    result = search(
        investigator_with_reads, vrm=" ab12 cde ", reference=" cri/12345/25 ", date_from="2026-06-01T09:30", date_to=NOW
    )
    entry = result.entry
    assert (entry.vrm, entry.reference, entry.purpose, entry.result_count, entry.subject) == (
        "AB12CDE",
        "CRI/12345/25",
        "major_crime",
        2,
        "",
    )
    assert entry.details == {
        "from": "2026-06-01T08:30:00+00:00",
        "to": "2026-07-15T12:00:00+00:00",
        "authorisation": None,
        "sites_searched": [site.pk],
    }
    assert result.id == entry.sequence and result.authorisation is None


# the standard access window and the authorisation covering an older search


def test_the_standard_access_window_starts_exactly_90_days_back(investigator_with_reads):
    assert search(investigator_with_reads, date_from=NOW - days(90)).entry.outcome == Outcome.ALLOWED
    refusal = refused(investigator_with_reads, date_from=NOW - days(90) - SECOND)
    assert isinstance(refusal, AuthorisationRequired)


def test_older_reads_are_not_for_safeguarding_word_for_word(investigator_with_reads):
    refusal = refused(investigator_with_reads, purpose="safeguarding", date_from=NOW - days(100))
    assert refusal.message == (
        f"{STANDARD}, and reads that old may be searched only for national security and counter-terrorism, "
        "serious and organised crime, major crime, priority and volume crime: a safeguarding search is limited "
        "to the last 90 days."
    )


@pytest.mark.parametrize("given", [None, ""])
def test_an_older_search_without_an_authorisation_says_how_to_get_one(investigator_with_reads, given):
    refusal = refused(investigator_with_reads, date_from=NOW - days(100), authorisation=given)
    assert isinstance(refusal, AuthorisationRequired)
    assert refusal.message == (
        f"{STANDARD}: it needs an authorisation from an authorising officer. Request one for this VRM, window, "
        "purpose and reference, then search again giving its number."
    )
    entry = AccessLogEntry.objects.order_by("-sequence").first()
    assert entry.details == {
        "from": "2026-04-06T12:00:00+00:00",
        "to": "2026-07-15T12:00:00+00:00",
        "authorisation": None,
    }


def test_an_authorisation_number_that_is_not_a_number_is_refused_beside_its_field(investigator_with_reads):
    refusal = refused(investigator_with_reads, date_from=NOW - days(100), authorisation="seven")
    assert not isinstance(refusal, NotPermitted)
    assert refusal.message == "“seven” is not an authorisation number."
    assert refusal.field_errors == {"authorisation": ["“seven” is not an authorisation number."]}
    assert AccessLogEntry.objects.order_by("-sequence").first().details["authorisation"] == "seven"


def request_authorisation(actor, **overrides):
    arguments = {
        "vrm": "AB12CDE",
        "date_from": NOW - days(180),
        "date_to": NOW - days(120),
        "purpose": "serious_organised_crime",
        "reference": "CRI/12345/25",
        "reason": "Suspect vehicle seen at three burglaries last spring.",
        "now": NOW,
        **overrides,
    }
    return services.authorisation_request(actor=actor, **arguments)


def older(given, **overrides):
    """The search an authorisation is requested for (as `request_authorisation`), giving its number."""
    return {
        "date_from": NOW - days(180),
        "date_to": NOW - days(120),
        "purpose": "serious_organised_crime",
        "authorisation": str(given.pk),
        **overrides,
    }


@pytest.fixture
def approved(investigator_with_reads, authoriser):
    authorisation = request_authorisation(investigator_with_reads)
    return services.authorisation_decide(
        actor=authoriser,
        authorisation=authorisation,
        decision="approve",
        comment="Proportionate: serious series.",
        now=NOW,
    )


def test_an_authorisation_covers_its_window_to_the_second_and_is_logged_with_the_search(
    investigator_with_reads, approved
):
    result = search(investigator_with_reads, **older(approved))
    assert len(result.results) == 2 and result.authorisation == approved
    assert result.entry.subject == f"authorisation:{approved.pk}"
    assert result.entry.details["authorisation"] == approved.pk
    late_start = refused(investigator_with_reads, **older(approved, date_from=NOW - days(180) - SECOND))
    late_end = refused(investigator_with_reads, **older(approved, date_to=NOW - days(120) + SECOND))
    assert "covers only what was asked" in late_start.message and "covers only what was asked" in late_end.message


def test_an_authorisation_says_what_it_covers_and_what_was_asked(investigator_with_reads, approved):
    refusal = refused(
        investigator_with_reads, **older(approved, vrm="XY99ZZZ", purpose="major_crime", reference="CRI/99999/25")
    )
    assert refusal.message == (
        f"Authorisation {approved.pk} covers AB12CDE from 16 January 2026 12:00 to 17 March 2026 12:00 for serious "
        "and organised crime under CRI/12345/25; this search asks for XY99ZZZ from 16 January 2026 12:00 to "
        "17 March 2026 12:00 for major crime under CRI/99999/25. An authorisation covers only what was asked."
    )


def test_an_authorisation_ends_at_its_expiry_to_the_second(investigator_with_reads, approved):
    assert approved.expires_at == NOW + days(7)
    just_before = approved.expires_at - SECOND
    assert search(investigator_with_reads, now=just_before, **older(approved)).results
    refusal = refused(investigator_with_reads, now=approved.expires_at, **older(approved))
    assert refusal.message == f"Authorisation {approved.pk} expired on 22 July 2026 13:00: request a new one."


def test_a_pending_a_refused_or_anothers_authorisation_is_refused_word_for_word(
    investigator_with_reads, authoriser, make_user, grant_search, site
):
    pending = request_authorisation(investigator_with_reads)
    refusal = refused(investigator_with_reads, **older(pending))
    assert refusal.message == f"Authorisation {pending.pk} has not been decided yet."
    services.authorisation_decide(
        actor=authoriser,
        authorisation=pending,
        decision="refuse",
        comment="Not proportionate for this offence.",
        now=NOW,
    )
    refusal = refused(investigator_with_reads, **older(pending))
    assert refusal.message == f"Authorisation {pending.pk} was refused: it allows no search."
    colleague = make_user("colleague", Role.INVESTIGATOR)
    grant_search(colleague, area=site.policing_area)
    refusal = refused(colleague, **older(pending))
    assert refusal.message == f"Authorisation {pending.pk} is not one of your authorisations."
    refusal = refused(colleague, **older(pending, authorisation=str(pending.pk + 100)))
    assert refusal.message == f"Authorisation {pending.pk + 100} is not one of your authorisations."


# exports and disclosures: the investigator's own search, within 24 hours of it


@pytest.fixture
def searched(investigator_with_reads):
    return search(investigator_with_reads).entry  # 2 reads at the site, one on each camera


def test_results_are_exported_and_disclosed_exactly_24_hours_after_the_search(
    investigator_with_reads, searched, clock, site
):
    clock.move_to(NOW + datetime.timedelta(hours=24))
    record, rows = services.search_export(actor=investigator_with_reads, search=searched.sequence)
    assert len(rows) == 2
    assert (record.action, record.outcome, record.actor, record.vrm, record.purpose, record.reference) == (
        Action.SEARCH_EXPORTED,
        Outcome.ALLOWED,
        investigator_with_reads,
        "AB12CDE",
        "major_crime",
        "CRI/12345/25",
    )
    assert (record.result_count, record.subject, record.justification) == (
        2,
        f"search:{searched.sequence}",
        "Search results exported as CSV.",
    )
    assert dict(record.site_links.values_list("site_id", "reads")) == {site.pk: 2}
    disclosed = services.search_disclose(
        actor=investigator_with_reads,
        search=searched.sequence,
        recipient="  DC Smith, West Mercia Police ",
        reason=f"  {REASON}  ",
    )
    assert (disclosed.action, disclosed.outcome, disclosed.vrm, disclosed.purpose, disclosed.reference) == (
        Action.DISCLOSED,
        Outcome.ALLOWED,
        "AB12CDE",
        "major_crime",
        "CRI/12345/25",
    )
    assert (disclosed.result_count, disclosed.subject, disclosed.justification, disclosed.details) == (
        2,
        f"search:{searched.sequence}",
        REASON,
        {"recipient": "DC Smith, West Mercia Police"},
    )
    assert dict(disclosed.site_links.values_list("site_id", "reads")) == {site.pk: 2}


@pytest.mark.parametrize("verb", ["export", "disclose"])
def test_a_second_after_24_hours_the_results_are_refused_word_for_word_and_logged(
    investigator_with_reads, searched, clock, verb
):
    clock.move_to(NOW + datetime.timedelta(hours=24) + SECOND)
    message = f"Search {searched.sequence} was made more than 24 hours ago: search again to {verb} its results."
    with pytest.raises(DomainError) as refusal:
        act(verb, investigator_with_reads, searched.sequence)
    assert refusal.value.message == message and not isinstance(refusal.value, NotPermitted)
    entry = last(Action.SEARCH_EXPORTED if verb == "export" else Action.DISCLOSED)
    assert (entry.outcome, entry.actor, entry.subject, entry.justification) == (
        Outcome.REFUSED,
        investigator_with_reads,
        f"search:{searched.sequence}",
        message,
    )


def act(verb, actor, number):
    if verb == "export":
        return services.search_export(actor=actor, search=number)
    return services.search_disclose(actor=actor, search=number, recipient="DC Smith", reason=REASON)


@pytest.mark.parametrize("verb", ["export", "disclose"])
def test_only_the_investigators_own_allowed_search_is_exported_or_disclosed(
    investigator_with_reads, searched, make_user, grant_search, site, sysadmin, verb
):
    colleague = make_user("colleague", Role.INVESTIGATOR)
    grant_search(colleague, area=site.policing_area)
    with pytest.raises(NotPermitted, match=f"^Search {searched.sequence} is not one of your searches.$"):
        act(verb, colleague, searched.sequence)
    refused_search = refused(investigator_with_reads, reference="n/a")
    number = AccessLogEntry.objects.order_by("-sequence").first().sequence
    assert refused_search and last(Action.SEARCH).outcome == Outcome.REFUSED
    with pytest.raises(NotPermitted, match=f"^Search {number} is not one of your searches.$"):
        act(verb, investigator_with_reads, number)
    with pytest.raises(NotPermitted, match=f"^Only an investigator may {verb} search results.$"):
        act(verb, sysadmin, searched.sequence)
    entry = last(Action.SEARCH_EXPORTED if verb == "export" else Action.DISCLOSED)
    assert (entry.outcome, entry.actor, entry.subject, entry.justification) == (
        Outcome.REFUSED,
        sysadmin,
        f"search:{searched.sequence}",
        f"Only an investigator may {verb} search results.",
    )


@pytest.mark.parametrize("verb", ["export", "disclose"])
def test_the_number_of_an_export_or_a_disclosure_is_not_a_search(investigator_with_reads, searched, verb):
    exported, _ = services.search_export(actor=investigator_with_reads, search=searched.sequence)
    disclosed = act("disclose", investigator_with_reads, searched.sequence)
    for record in (exported, disclosed):  # allowed, the investigator's own, within the day: still not a search
        with pytest.raises(NotPermitted, match=f"^Search {record.sequence} is not one of your searches.$"):
            act(verb, investigator_with_reads, record.sequence)


def test_a_disclosure_needs_a_recipient_and_a_reason_of_ten_characters(investigator_with_reads, searched):
    with pytest.raises(DomainError) as refusal:
        services.search_disclose(
            actor=investigator_with_reads, search=searched.sequence, recipient="   ", reason=" 123456789 "
        )
    assert refusal.value.field_errors == {
        "recipient": ["Enter who the results are disclosed to (a person and their organisation)."],
        "reason": ["Say why the results are disclosed to them."],
    }
    assert refusal.value.message == (
        "Enter who the results are disclosed to (a person and their organisation). "
        "Say why the results are disclosed to them."
    )
    entry = last(Action.DISCLOSED)
    assert (entry.outcome, entry.justification) == (Outcome.REFUSED, refusal.value.message)
    disclosed = services.search_disclose(
        actor=investigator_with_reads, search=searched.sequence, recipient="DC Smith", reason="1234567890"
    )
    assert (disclosed.outcome, disclosed.justification) == (Outcome.ALLOWED, "1234567890")


def test_a_recipient_or_reason_that_is_not_text_is_refused_beside_its_field(investigator_with_reads, searched):
    for field, value, message in (
        ("recipient", ["DC Smith"], "Who the results are disclosed to must be text."),
        ("reason", 12345678901, "Why the results are disclosed must be text."),
    ):
        arguments = {"recipient": "DC Smith", "reason": REASON, field: value}
        with pytest.raises(DomainError) as refusal:
            services.search_disclose(actor=investigator_with_reads, search=searched.sequence, **arguments)
        assert refusal.value.field_errors == {field: [message]}



# search_export and search_disclose: what the export holds, who the records name, whose grants an export ends


def test_the_export_holds_the_searchs_reads_in_time_order_with_their_site_and_camera(
    investigator_with_reads, clock, stored
):
    stored([read(at=NOW - days(61)), read(vrm="ZZ99ZZZ", at=NOW - days(1))])  # before the window; another VRM
    entry = search(investigator_with_reads).entry
    clock.move_to(NOW + datetime.timedelta(hours=1))
    record, rows = services.search_export(actor=investigator_with_reads, search=entry.sequence)
    assert rows == [
        {"site": "STS-001", "camera": "STS-001-C1", "vrm": "AB12CDE", "read_at": NOW - days(3)},
        {"site": "STS-001", "camera": "STS-001-C2", "vrm": "AB12CDE", "read_at": NOW - days(2)},
    ]
    assert (record.actor, record.result_count) == (investigator_with_reads, 2)


def test_the_disclosure_is_recorded_as_made_by_the_investigator(investigator_with_reads, searched):
    disclosed = act("disclose", investigator_with_reads, searched.sequence)
    assert (disclosed.actor, disclosed.outcome, last(Action.DISCLOSED)) == (
        investigator_with_reads,
        Outcome.ALLOWED,
        disclosed,
    )


def test_an_export_ends_the_exporters_ended_grant_alone(
    investigator_with_reads, searched, clock, make_user, grant_search, site
):
    from anpr_governance.reads.models import SearchGrant

    colleague = make_user("colleague", Role.INVESTIGATOR)
    grant_search(colleague, area=site.policing_area)
    SearchGrant.objects.update(expires_at=NOW + datetime.timedelta(hours=1))  # both grants end in an hour
    clock.move_to(NOW + datetime.timedelta(hours=2))  # past it; the daily task has not run
    record, rows = services.search_export(actor=investigator_with_reads, search=searched.sequence)
    assert (rows, record.result_count) == ([], 0)
    expired = AccessLogEntry.objects.filter(action=Action.GRANT_EXPIRED)
    assert [entry.details["user"] for entry in expired] == [investigator_with_reads.get_username()]
    assert colleague.has_perm("accounts.search_reads", site.policing_area)  # the colleague's ends at their search
