"""One risk matrix: a risk's overall and residual levels are computed from likelihood ×
severity by assessments.risk_matrix, never chosen, and the pack draws the same levels."""

import pytest

from anpr_governance.assessments import selectors, services

pytestmark = pytest.mark.django_db


def test_the_form_cannot_record_an_overall_level_the_matrix_contradicts(client, officer, make_site):
    """Reproduces the defect: probable × significant was recorded "medium" and drawn "high"."""
    site = make_site("privacy_review")
    dpia = services.dpia_start(actor=officer, site=site)
    client.force_login(officer)
    response = client.post(f"/sites/{site.reference}/dpia/", {
        "lock_version": dpia.lock_version, "action": "add",
        "new-risk-description": "Collateral intrusion.", "new-risk-likelihood": "probable",
        "new-risk-severity": "significant", "new-risk-overall": "medium",
        "new-risk-measures": "Audit.", "new-risk-effect": "reduced",
        "new-risk-residual_likelihood": "remote", "new-risk-residual_severity": "significant",
        "new-risk-residual": "high",
    })
    assert response.status_code == 302
    risk = selectors.active_risks(dpia).get()
    assert (risk.overall, risk.residual) == ("high", "low")


def test_the_matrix_is_the_documented_table():
    from anpr_governance.assessments import risk_matrix

    assert [[c["level"] for c in row["cells"]] for row in risk_matrix.table()] == [
        ["medium", "high", "high"],  # probable
        ["low", "medium", "high"],  # possible
        ["low", "low", "medium"],  # remote
    ]


def test_a_level_cannot_be_given_to_the_service(officer, make_site):
    from anpr_governance.core.exceptions import DomainError

    dpia = services.dpia_start(actor=officer, site=make_site("privacy_review"))
    with pytest.raises(DomainError, match="not part of a risk: overall"):
        services.risk_add(actor=officer, dpia=dpia, description="X", likelihood="remote", severity="minimal",
                          overall="high")

