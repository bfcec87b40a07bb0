"""Re-grading the grounds when a site's location type changes (registered with sites.hooks):
the assessment in preparation or awaiting a decision is graded against the new type, so
its E grounds ask for an exceptional-case justification at once. Approved versions keep
the type they were approved against: the change is a material change instead."""

from anpr_governance.core.history import save_with_history
from anpr_governance.sites.hooks import on_location_type_changed
from anpr_governance.sites.models import LocationType

from .models import Assessment, DocumentStatus

REGRADED = (DocumentStatus.DRAFT, DocumentStatus.RETURNED, DocumentStatus.SUBMITTED)


@on_location_type_changed
def regrade_current_assessment(*, actor, site, previous) -> None:
    label = LocationType(site.location_type).label.lower()
    for assessment in Assessment.objects.select_for_update().filter(site=site, status__in=REGRADED):
        assessment.location_type = site.location_type
        # A form drawn before this is now stale (lock version raised): its author sees why.
        save_with_history(assessment, actor=actor, reason=f"assessment.regraded: the site is now a {label}",
                          validate=False)
