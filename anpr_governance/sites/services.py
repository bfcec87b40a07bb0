"""Writes for camera sites: creation, assignment, cameras and every lifecycle move."""

import datetime

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.utils import timezone
from guardian.shortcuts import assign_perm, remove_perm

from anpr_governance.accounts.permissions import (
    require_not_same_person,
    require_role,
    require_site_assignment,
)
from anpr_governance.accounts.roles import MANAGER, Role
from anpr_governance.core.exceptions import DomainError
from anpr_governance.core.history import save_with_history

from .lifecycle import Status, targets_from, transition_for
from .models import Camera, Site


def _locked(site: Site) -> Site:
    """Re-read the site under a row lock so concurrent moves are applied one at a time."""
    return Site.objects.select_for_update().get(pk=site.pk)


@transaction.atomic
def site_create(*, actor, reference: str, name: str, policing_area, location_type: str,
                lanes: int = 1, location_description: str = "", grid_reference: str = "",
                governance_officer=None, review_interval_months: int | None = None) -> Site:
    require_role(actor, MANAGER, doing="propose a camera site")
    if Site.objects.filter(reference=reference).exists():
        raise DomainError(f"A site with reference {reference} already exists: choose another reference.")
    site = Site(
        reference=reference, name=name, policing_area=policing_area, location_type=location_type,
        lanes=lanes, location_description=location_description, grid_reference=grid_reference,
    )
    if review_interval_months is not None:
        site.review_interval_months = review_interval_months
    save_with_history(site, actor=actor, reason="site.proposed")
    if governance_officer is not None:
        site_assign_officer(actor=actor, site=site, officer=governance_officer)
    return site


@transaction.atomic
def site_assign_officer(*, actor, site: Site, officer) -> Site:
    """Assign the governance officer; only the assigned officer may change the site."""
    require_role(actor, MANAGER, doing="assign a governance officer")
    if not officer.has_role(Role.GOVERNANCE_OFFICER):
        raise DomainError(f"{officer} is not a governance officer: only governance officers can be assigned.")
    site = _locked(site)
    previous = site.governance_officer
    if previous is not None and previous.pk != officer.pk:
        remove_perm("sites.change_site", previous, site)
    assign_perm("sites.change_site", officer, site)
    site.governance_officer = officer
    return save_with_history(site, actor=actor, reason=f"site.officer_assigned: {officer.username}")


@transaction.atomic
def site_transition(*, actor, site: Site, to: str, comment: str = "") -> Site:
    """Move a site along the lifecycle table, or raise DomainError saying why not."""
    site = _locked(site)
    target = Status(to)
    rule = transition_for(site.status, target)
    current = Status(site.status).label
    if rule is None:
        allowed = ", ".join(s.label.lower() for s in targets_from(site.status)) or "nowhere: it is final"
        raise DomainError(
            f"{site.reference} is {current.lower()}; it cannot move to {target.label.lower()}. "
            f"From {current.lower()} it can move to {allowed}."
        )
    doing = f"move {site.reference} to {target.label.lower()}"
    require_role(actor, rule.roles, doing=doing)
    if rule.needs_site_permission:
        require_site_assignment(actor, site, doing=doing)
    if rule.not_by_submitter:
        require_not_same_person(actor, site.submitted_by, doing=doing, their="submitted it for approval")
    if rule.needs_comment and not comment.strip():
        raise DomainError(f"Say why you {doing}: a comment is required.")
    problems = rule.check_prerequisites(site)
    if problems:
        raise DomainError(" ".join(problems))

    today = timezone.localdate()
    if target == Status.AWAITING_APPROVAL:
        site.submitted_by = actor
    elif target == Status.APPROVED:
        site.approved_by, site.approved_at = actor, timezone.now()
    elif target == Status.LIVE and site.next_review_due is None:
        site.next_review_due = next_review_date(site, after=today)
    site.status = target
    reason = f"{rule.action}: {comment.strip()}" if comment.strip() else rule.action
    return save_with_history(site, actor=actor, reason=reason)


def next_review_date(site: Site, *, after: datetime.date) -> datetime.date:
    return after + relativedelta(months=site.review_interval_months)


@transaction.atomic
def camera_add(*, actor, site: Site, identifier: str, lane: int = 1, direction: str = "",
               installed_on: datetime.date | None = None) -> Camera:
    require_role(actor, MANAGER, doing="record a camera")
    if site.status in (Status.COLLECTION_CEASED, Status.DECOMMISSIONED):
        raise DomainError(f"{site.reference} no longer collects data: cameras cannot be added to it.")
    if lane > site.lanes:
        raise DomainError(f"{site.reference} has {site.lanes} lane(s): lane {lane} does not exist.")
    camera = Camera(site=site, identifier=identifier, lane=lane, direction=direction, installed_on=installed_on)
    return save_with_history(camera, actor=actor, reason="site.camera_added")


@transaction.atomic
def camera_remove(*, actor, camera: Camera, removed_on: datetime.date | None = None) -> Camera:
    """Mark a camera removed (it is kept for the record; its removal is a material change)."""
    require_role(actor, MANAGER, doing="record a camera's removal")
    if camera.removed_on is not None:
        raise DomainError(f"Camera {camera.identifier} was already removed on {camera.removed_on:%d %B %Y}.")
    camera.removed_on = removed_on or timezone.localdate()
    return save_with_history(camera, actor=actor, reason="site.camera_removed")
