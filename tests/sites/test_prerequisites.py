"""The lifecycle's prerequisites are registered by the apps that own the records they read,
and the service refuses to start while the table names one nobody registered."""

import pytest

from anpr_governance.sites import prerequisites
from anpr_governance.sites.checks import check_prerequisites_registered
from anpr_governance.sites.lifecycle import TRANSITIONS


def test_every_prerequisite_the_lifecycle_table_names_is_registered_by_its_app():
    named = {name for transition in TRANSITIONS for name in transition.prerequisites}
    owners = {name: prerequisites.PREREQUISITES[name].__module__ for name in named}
    assert owners == {
        "assessment_approved": "anpr_governance.assessments.prerequisites",
        "dpia_approved": "anpr_governance.assessments.prerequisites",
        "dpia_advised": "anpr_governance.assessments.prerequisites",
        "dpia_covers_cameras": "anpr_governance.assessments.prerequisites",
        "ico_prior_consultation": "anpr_governance.assessments.prerequisites",
        "consulted_or_exempt": "anpr_governance.consultations.prerequisites",
        "has_active_camera": "anpr_governance.sites.prerequisites",
        "review_open": "anpr_governance.reviews.prerequisites",
        "review_approved_to_continue": "anpr_governance.reviews.prerequisites",
        "decommissioning_decided": "anpr_governance.reviews.prerequisites",
        "decommission_checklist_complete": "anpr_governance.reviews.prerequisites",
    }
    assert check_prerequisites_registered() == []


def test_a_prerequisite_nobody_registers_stops_the_service_with_its_name(monkeypatch):
    monkeypatch.delitem(prerequisites.PREREQUISITES, "consulted_or_exempt")
    [error] = check_prerequisites_registered()
    assert error.id == "anpr.E010"
    assert "'consulted_or_exempt'" in error.msg


@pytest.mark.django_db
def test_a_registered_prerequisite_speaks_for_the_move_it_guards(make_site, officer):
    site = make_site("assessment")
    [move] = [t for t in TRANSITIONS if t.source == "assessment" and t.target == "privacy_review"]
    assert move.check_prerequisites(site) == [
        f"{site.reference} has no approved in-depth assessment: submit one and have it approved."
    ]
