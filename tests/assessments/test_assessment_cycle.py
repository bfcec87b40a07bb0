"""The in-depth assessment: grades from the location type, exceptional cases, versions."""

import pytest

from anpr_governance.assessments import services
from anpr_governance.assessments.grounds import Grade, grade_for
from anpr_governance.core.exceptions import DomainError
from anpr_governance.sites.models import LocationType

pytestmark = pytest.mark.django_db

COMPLETE = {
    "pressing_need_evidence": "Burglary up 20%.",
    "alternatives_considered": "Patrols tried.",
    "measures_of_success": "Used in 12 cases a year.",
    "conclusion": "Justified.",
}


@pytest.mark.parametrize(
    ("location", "grades"),
    [
        (LocationType.NATIONAL_STRATEGIC_ROAD, "VVMEE"),
        (LocationType.LA_MAJOR_ROAD, "VVMEE"),
        (LocationType.LA_MINOR_ROAD, "VMMEE"),
        (LocationType.CROWDED_PLACE, "VMMEE"),
        (LocationType.PRIVATE_PLACE, "MEEEE"),
    ],
)
def test_grades_follow_the_nasple_matrix(location, grades):
    ground_codes = ["national_security", "serious_crime", "local_crime", "crime_prevention", "community_confidence"]
    assert "".join(grade_for(location, g) for g in ground_codes) == grades


def test_an_e_ground_needs_an_exceptional_case_justification(make_site, officer):
    site = make_site("assessment", location_type=LocationType.PRIVATE_PLACE)
    assessment = services.assessment_create(actor=officer, site=site)
    services.assessment_update(actor=officer, assessment=assessment, serious_crime_claimed=True, **COMPLETE)
    assert grade_for(site.location_type, "serious_crime") == Grade.E
    with pytest.raises(DomainError) as refused:
        services.assessment_submit(actor=officer, assessment=assessment)
    assert "give the exceptional-case justification" in refused.value.message
    assert "serious_crime_justification" in refused.value.field_errors
    services.assessment_update(actor=officer, assessment=assessment,
                               serious_crime_justification="Fuel theft by an organised group; no alternative.")
    assert services.assessment_submit(actor=officer, assessment=assessment).status == "submitted"


def test_an_assessment_claiming_no_ground_names_every_missing_part(make_site, officer):
    site = make_site("assessment")
    assessment = services.assessment_create(actor=officer, site=site)
    with pytest.raises(DomainError) as refused:
        services.assessment_submit(actor=officer, assessment=assessment)
    assert set(refused.value.field_errors) == {
        "grounds", "pressing_need_evidence", "alternatives_considered", "measures_of_success", "conclusion"
    }


def test_a_returned_assessment_can_be_fixed_and_resubmitted(make_site, officer, manager):
    site = make_site("assessment")
    assessment = services.assessment_create(actor=officer, site=site)
    services.assessment_update(actor=officer, assessment=assessment, national_security_claimed=True, **COMPLETE)
    services.assessment_submit(actor=officer, assessment=assessment)
    with pytest.raises(DomainError, match="a comment is required"):
        services.assessment_return(actor=manager, assessment=assessment, comment=" ")
    returned = services.assessment_return(actor=manager, assessment=assessment, comment="Add crime figures.")
    assert returned.status == "returned" and returned.decision_comment == "Add crime figures."
    services.assessment_update(actor=officer, assessment=assessment, pressing_need_evidence="Burglary up 20%: 312.")
    services.assessment_submit(actor=officer, assessment=assessment)
    assert services.assessment_approve(actor=manager, assessment=assessment).status == "approved"


def test_a_submitted_assessment_cannot_be_edited(make_site, officer):
    site = make_site("assessment")
    assessment = services.assessment_create(actor=officer, site=site)
    services.assessment_update(actor=officer, assessment=assessment, national_security_claimed=True, **COMPLETE)
    services.assessment_submit(actor=officer, assessment=assessment)
    with pytest.raises(DomainError, match="only a draft or a returned version can be edited"):
        services.assessment_update(actor=officer, assessment=assessment, conclusion="Changed.")


def test_a_new_approved_version_supersedes_the_old_one_which_is_kept(make_site, officer, manager):
    site = make_site("live")
    first = site.assessments.get()
    second = services.assessment_create(actor=officer, site=site)
    services.assessment_update(actor=officer, assessment=second, national_security_claimed=True, **COMPLETE)
    services.assessment_submit(actor=officer, assessment=second)
    services.assessment_approve(actor=manager, assessment=second)
    first.refresh_from_db()
    assert (first.version, first.status) == (1, "superseded")
    assert first.history.first().history_change_reason == "assessment.superseded: by v2"
    assert site.assessments.filter(status="approved").get().version == 2


def test_only_one_version_is_in_progress_at_a_time(make_site, officer):
    site = make_site("assessment")
    services.assessment_create(actor=officer, site=site)
    with pytest.raises(DomainError, match="already has an in-depth assessment in progress"):
        services.assessment_create(actor=officer, site=site)
