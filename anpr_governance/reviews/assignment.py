"""The notice a governance officer gets when a site is assigned to them: registered with
sites.hooks (sites knows nothing of notices), written in the assignment's transaction and
e-mailed after it commits."""

from django.urls import reverse

from anpr_governance.core.enqueue import enqueue_on_commit
from anpr_governance.sites.hooks import on_officer_assigned

from .models import Notice
from .tasks import send_notice_emails


@on_officer_assigned
def notify_assigned_officer(*, actor, site, officer, previous) -> None:
    taking_over = f", taking over from {previous}" if previous is not None else ""
    Notice.objects.create(
        recipient=officer, site=site, kind=Notice.Kind.SITE_ASSIGNED,
        link=reverse("sites:detail", args=[site.reference]),
        message=f"{actor} assigned {site.reference} {site.name} to you as its governance officer{taking_over}.",
        email_to=officer.email or "",
    )
    if officer.email:
        enqueue_on_commit(send_notice_emails)
