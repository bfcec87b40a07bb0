"""Notices for what happens in lower apps, which signal it without knowing of notices:
authorisations to search older reads (reads) and a broken access log chain (audit).
Connected in ReviewsConfig.ready()."""

from django.dispatch import receiver
from django.urls import reverse

from anpr_governance.accounts.models import User
from anpr_governance.accounts.roles import Role
from anpr_governance.audit.signals import chain_broken
from anpr_governance.reads.signals import authorisation_decided, authorisation_requested

from .models import Notice
from .notices import notices_create


def _holders(*roles) -> list[User]:
    return list(User.objects.filter(is_active=True, groups__name__in=[str(r) for r in roles]).distinct())


@receiver(authorisation_requested, dispatch_uid="reviews.notice_authorisation_requested")
def notify_authorising_officers(sender, authorisation, **kwargs):
    """Every authorising officer but the requester is told of a new request."""
    officers = [u for u in _holders(Role.AUTHORISING_OFFICER) if u.pk != authorisation.requested_by_id]
    notices_create(
        recipients=officers, kind=Notice.Kind.AUTHORISATION_REQUESTED, subject=f"authorisation:{authorisation.pk}",
        link=reverse("reads:authorisation", args=[authorisation.pk]),
        message=f"Authorisation {authorisation.pk} to search older reads, asked by "
                f"{authorisation.requested_by.get_username()}, awaits your decision.",
    )


@receiver(authorisation_decided, dispatch_uid="reviews.notice_authorisation_decided")
def notify_investigator(sender, authorisation, **kwargs):
    """The investigator who asked is told of the decision."""
    notices_create(
        recipients=[authorisation.requested_by], kind=Notice.Kind.AUTHORISATION_DECIDED,
        subject=f"authorisation:{authorisation.pk}", link=reverse("reads:authorisation", args=[authorisation.pk]),
        message=f"Authorisation {authorisation.pk} was {authorisation.get_status_display().lower()} by "
                f"{authorisation.decided_by.get_username()}.",
    )


@receiver(chain_broken, dispatch_uid="reviews.notice_chain_broken")
def notify_auditors_and_dpo(sender, check, **kwargs):
    """Every auditor and the DPO are told that the access log's chain is broken."""
    notices_create(
        recipients=_holders(Role.AUDITOR, Role.DATA_PROTECTION_OFFICER), kind=Notice.Kind.CHAIN_BROKEN,
        subject=f"chain-check:{check.pk}", link=reverse("audit:verify"),
        message=f"The access log's hash chain is broken: {check.problem}",
    )
