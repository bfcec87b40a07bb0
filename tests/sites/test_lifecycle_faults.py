"""A database error in the middle of a lifecycle move leaves no half-changed record: the
status, the fields the move sets, the history rows and the review that drove it are written
all together or not at all. The error is a real one, raised by the database (a trigger on
the site's history table fails the later write), on SQLite and PostgreSQL alike."""

import pytest
from django.apps import apps
from django.db import DatabaseError, connection

from anpr_governance.demo.walkthrough import REVIEW_PRIVACY_PARTS, Actors, advance
from anpr_governance.reviews import services as reviews
from anpr_governance.sites.lifecycle import Status
from anpr_governance.sites.models import Site
from anpr_governance.sites.services import site_transition

pytestmark = pytest.mark.django_db

HISTORY = Site.history.model._meta.db_table


def fail_history_written_for(reason: str) -> None:
    """From now on (until the test's transaction is rolled back) the database refuses to write
    a history row of a site whose reason is `reason`, as a full disk or a lost connection would."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("CREATE FUNCTION injected_failure() RETURNS trigger AS $$ BEGIN "
                           "RAISE EXCEPTION 'injected failure'; END $$ LANGUAGE plpgsql")
            cursor.execute(f"CREATE TRIGGER injected_failure BEFORE INSERT ON {HISTORY} FOR EACH ROW "
                           f"WHEN (NEW.history_change_reason = %s) EXECUTE FUNCTION injected_failure()", [reason])
        else:
            quoted = reason.replace("'", "''")
            cursor.execute(f"CREATE TRIGGER injected_failure BEFORE INSERT ON {HISTORY} "
                           f"WHEN NEW.history_change_reason = '{quoted}' "
                           "BEGIN SELECT RAISE(ABORT, 'injected failure'); END")


def snapshot() -> dict:
    return {m._meta.label: list(m.objects.order_by("pk").values()) for m in apps.get_models()
            if m._meta.app_label in {"sites", "reviews", "consultations", "assessments", "audit"}}


def test_an_approval_whose_history_cannot_be_written_leaves_the_site_awaiting_approval(
        make_site, officer, manager, another_manager, dpo):
    site = make_site("proposed")
    advance(site, Status.AWAITING_APPROVAL, Actors(officer=officer, manager=manager, dpo=dpo))
    site.refresh_from_db()
    before = snapshot()
    fail_history_written_for("site.approved")
    with pytest.raises(DatabaseError, match="injected failure"):
        site_transition(actor=manager, site=site, to=Status.APPROVED)
    assert snapshot() == before
    site.refresh_from_db()
    assert (site.status, site.approved_by, site.approved_at) == (Status.AWAITING_APPROVAL, None, None)


def test_a_review_approval_failing_at_its_last_write_leaves_the_review_and_the_site_as_they_were(
        make_site, officer, manager):
    # review_approve writes the review, moves the site live (status and history), then writes
    # the site again with its next review date: that last write fails here.
    site = make_site("under_review")
    review = site.reviews.get()
    reviews.review_update(actor=officer, review=review, **REVIEW_PRIVACY_PARTS,
                          evidence="Figures.", policing_challenge_continues=True, outcome="continue")
    review = reviews.review_submit(actor=officer, review=review)
    before = snapshot()
    fail_history_written_for("review.next_review_scheduled")
    with pytest.raises(DatabaseError, match="injected failure"):
        reviews.review_approve(actor=manager, review=review)
    assert snapshot() == before
    site.refresh_from_db()
    review.refresh_from_db()
    assert (site.status, review.state) == (Status.UNDER_REVIEW, "submitted")
