"""Migration reviews 0008 gives the privacy consideration its parts: an existing review keeps
its free text as the notes (the first part), the four new parts start blank and are shown as
not answered. Runs the real migrations: on SQLite and with DATABASE_URL on PostgreSQL."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("reviews", "0007_notices_beyond_reviews")]
AFTER = [("reviews", "0008_review_privacy_parts")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_an_existing_review_keeps_its_privacy_text_as_the_notes(area):
    # Rows made directly: the migration needs a site and two people, not their roles (whose
    # permissions an earlier transactional test's flush may have emptied).
    from anpr_governance.accounts.models import User
    from anpr_governance.sites.models import Site

    site = Site.objects.create(reference="STS-090", name="A38", policing_area=area, location_type="la_major_road",
                               status="live")
    officer = User.objects.create_user(username="officer-m", password="correct horse battery")
    manager = User.objects.create_user(username="manager-m", password="correct horse battery")
    old = _migrate(BEFORE)
    try:
        OldReview = old.get_model("reviews", "Review")
        review = OldReview.objects.create(
            site_id=site.pk, due_on=timezone.localdate(), state="approved", reviewer_id=officer.pk,
            privacy_impact_consideration="Collateral intrusion unchanged; one complaint about signage.",
            evidence="Figures.", policing_challenge_continues=True, outcome="continue", decided_by_id=manager.pk,
            decided_at=timezone.now(), completed_on=timezone.localdate())
        _migrate(AFTER)
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    from anpr_governance.reviews.models import Review

    now = Review.objects.get(pk=review.pk)
    assert now.privacy_parts[0] == ("Notes on the impact on privacy",
                                    "Collateral intrusion unchanged; one complaint about signage.")
    assert [text for _, text in now.privacy_parts[1:]] == ["", "", "", ""]
