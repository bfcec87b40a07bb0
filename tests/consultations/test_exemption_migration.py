"""Migration 0005 gives existing approved exemptions a validity (ANPR_EXEMPTION_MONTHS from
their approval) and the ground "other", keeping their reasoning, with the change in history.
Runs the real migrations: on SQLite and with DATABASE_URL on PostgreSQL."""

import datetime

import pytest
from dateutil.relativedelta import relativedelta
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("consultations", "0003_public_consultation_and_replies")]
AFTER = [("consultations", "0005_existing_exemptions_expire")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_existing_exemptions_get_a_validity_and_keep_their_reasoning(role_groups, make_site, officer, manager,
                                                                       settings):
    site = make_site("consultation")
    decided = timezone.now() - datetime.timedelta(days=400)
    old = _migrate(BEFORE)
    try:
        Exemption = old.get_model("consultations", "ConsultationExemption")
        exemption = Exemption.objects.create(site_id=site.pk, reason="Covert deployment, reasoning kept.",
                                             state="approved", requested_by_id=officer.pk,
                                             decided_by_id=manager.pk, decided_at=decided)
        _migrate(AFTER)
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    from anpr_governance.consultations import selectors
    from anpr_governance.consultations.models import ConsultationExemption

    now = ConsultationExemption.objects.get(pk=exemption.pk)
    assert now.valid_until == timezone.localdate(decided) + relativedelta(months=settings.ANPR_EXEMPTION_MONTHS)
    assert (now.ground, now.reason) == ("other", "Covert deployment, reasoning kept.")
    assert now.history.get().history_change_reason.startswith("consultation.exemption_validity_set")
    assert selectors.approved_exemption(site) is None  # 400 days on, it has expired
