"""The pack's heat map and its register cannot disagree: both read the one risk matrix."""

import json

import pytest
from django.utils import timezone

from anpr_governance.assessments import services
from anpr_governance.demo.walkthrough import DPIA_SECTIONS, Texts, complete_consultation

pytestmark = pytest.mark.django_db


def test_the_pack_draws_each_risk_in_the_cell_of_the_level_the_register_records(
        make_site, officer, manager, dpo, auditor, build, read_pack, actors):
    site = make_site("privacy_review")
    dpia = services.dpia_start(actor=officer, site=site)
    services.dpia_update(actor=officer, dpia=dpia, screening_criteria=["public_monitoring"],
                         processing_description="Reads.", purposes="Crime.", necessity_and_proportionality="Yes.",
                         **DPIA_SECTIONS)
    for likelihood, severity in [("probable", "significant"), ("remote", "severe"), ("possible", "minimal")]:
        services.risk_add(actor=officer, dpia=dpia, description=f"{likelihood} {severity}", likelihood=likelihood,
                          severity=severity, measures="M.", effect="reduced", residual_likelihood="remote",
                          residual_severity="significant")
    services.dpia_submit(actor=officer, dpia=dpia)
    services.dpia_record_dpo_advice(actor=dpo, dpia=dpia, summary="Proceed.")
    complete_consultation(site, actors, Texts(), on=timezone.localdate())
    services.dpia_decide_measures(actor=manager, dpia=dpia, approved={r.pk: True for r in dpia.risks.all()})
    services.dpia_decide_dpo_advice(actor=manager, dpia=dpia, accepted=True)
    services.dpia_review_consultation_responses(actor=manager, dpia=dpia, changes="None.")
    services.dpia_approve(actor=manager, dpia=dpia)
    data = json.loads(read_pack(build(auditor, site_reference=site.reference)).attachment)
    section = next(s for s in data["sites"] if s["reference"] == site.reference)["dpia"]
    cells = {label: cell["level"] for row in section["heatmap"]["before"] for cell in row["cells"]
             for label in cell["risks"]}
    assert {r["label"]: r["overall"] for r in section["risks"]} == cells == {"R1": "high", "R2": "medium", "R3": "low"}
    assert {r["residual"] for r in section["risks"]} == {"low"}
    assert {r["residual_factors"] for r in section["risks"]} == {"Remote / Significant"}
    signoff = section["signoff"]
    assert signoff["consultation_changes"] == "None." and signoff["consultation_responses_reviewed_by"]
    assert signoff["measures_approved_at"] and signoff["dpo_advice_decided_at"]
