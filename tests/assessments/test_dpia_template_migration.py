"""Migration 0007 adds the ICO template's sections and the ICO prior consultation's advice to
existing DPIAs without touching what they hold: the new fields are blank (or null), so their
pages and packs show each new section as "Missing", and a request to the ICO already recorded
keeps its reference and date (its statutory period now computed from them).

Runs the real migrations (MigrationExecutor) backwards and forwards on the test database:
run it on SQLite and with DATABASE_URL on PostgreSQL."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from anpr_governance.assessments import dpia_sections, ico

BEFORE = [("assessments", "0006_dpia_step7_decisions")]
AFTER = [("assessments", "0007_dpia_ico_template_sections_and_prior_consultation")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_existing_dpias_keep_their_data_and_show_the_new_sections_as_missing(role_groups, make_site, officer):
    site = make_site("privacy_review")
    sent = datetime.date(2026, 1, 5)
    old = _migrate(BEFORE)
    try:
        Dpia = old.get_model("assessments", "PrivacyImpactAssessment")
        dpia = Dpia.objects.create(
            site_id=site.pk, version=7, prepared_by_id=officer.pk, status="approved",
            screening_criteria=["tracking"], processing_description="Two cameras read VRMs.",
            purposes="Detect crime.", necessity_and_proportionality="Targeted.",
            ico_consultation_reference="RFA0099", ico_consulted_on=sent)
        _migrate(AFTER)
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    from anpr_governance.assessments.models import PrivacyImpactAssessment

    now = PrivacyImpactAssessment.objects.get(pk=dpia.pk)
    assert (now.version, now.status, now.screening_criteria, now.processing_description, now.purposes,
            now.necessity_and_proportionality) == (7, "approved", ["tracking"], "Two cameras read VRMs.",
                                                   "Detect crime.", "Targeted.")
    assert all(getattr(now, f.name) == "" for f in dpia_sections.REQUIRED_TEXT
               if f.name not in ("processing_description", "purposes", "necessity_and_proportionality"))
    assert now.sensitive_processing is None and now.sensitive_condition == ""
    assert dpia_sections.missing_labels(now)[:3] == ["Nature of the processing", "Scope of the processing",
                                                     "Context of the processing"]
    assert (now.ico_consultation_reference, now.ico_consulted_on) == ("RFA0099", sent)
    assert now.ico_advice_received_on is None and now.ico_extension_notice_on is None
    assert ico.period_end(now.ico_consulted_on, now.ico_extension_notice_on) == datetime.date(2026, 2, 16)
