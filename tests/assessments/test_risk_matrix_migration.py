"""Migration 0005 recomputes existing risks' overall levels with the one matrix, records the
change in each risk's history, and keeps residual levels it cannot recompute.

Runs the real migrations (MigrationExecutor) backwards and forwards on the test database:
run it on SQLite and with DATABASE_URL on PostgreSQL."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("assessments", "0003_lock_version")]
AFTER = [("assessments", "0005_recompute_risk_levels")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_existing_risks_are_recomputed_and_the_change_is_in_their_history(role_groups, make_site, officer):
    site = make_site("privacy_review")
    old = _migrate(BEFORE)
    try:
        Dpia = old.get_model("assessments", "PrivacyImpactAssessment")
        Risk = old.get_model("assessments", "Risk")
        dpia = Dpia.objects.create(site_id=site.pk, version=1, prepared_by_id=officer.pk, status="approved")
        wrong = Risk.objects.create(dpia=dpia, description="Drawn high, recorded medium", likelihood="probable",
                                    severity="significant", overall="medium", measures="M.", effect="reduced",
                                    residual="low")
        right = Risk.objects.create(dpia=dpia, description="Already right", likelihood="remote",
                                    severity="minimal", overall="low")
        new = _migrate(AFTER)
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    from anpr_governance.assessments.models import Risk as CurrentRisk

    wrong_now, right_now = CurrentRisk.objects.get(pk=wrong.pk), CurrentRisk.objects.get(pk=right.pk)
    assert (wrong_now.overall, wrong_now.residual, wrong_now.description) == ("high", "low",
                                                                              "Drawn high, recorded medium")
    assert wrong_now.residual_before_matrix
    [change] = wrong_now.history.all()
    assert change.history_change_reason.startswith("risk.overall_recomputed: recorded medium")
    assert change.overall == "high"
    assert right_now.overall == "low" and not right_now.history.exists()
    assert new.get_model("assessments", "Risk")._meta.get_field("residual_likelihood")
