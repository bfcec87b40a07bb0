"""Writes for camera sites: proposal, details, assignment, cameras and every lifecycle move."""

import datetime
import re

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from guardian.shortcuts import assign_perm, remove_perm

from anpr_governance.accounts.permissions import (
    require_role,
)
from anpr_governance.accounts.roles import MANAGER, Role
from anpr_governance.core.concurrency import require_version
from anpr_governance.core.exceptions import DomainError
from anpr_governance.core.history import save_with_history

from . import hooks
from .grid import normalise_grid_reference
from .lifecycle import Status, check_move, targets_from, transition_for
from .models import Camera, LocationType, MaterialChange, Site

NO_LONGER_COLLECTS = (Status.COLLECTION_CEASED, Status.DECOMMISSIONED)


def _locked(site: Site) -> Site:
    """Re-read the site under a row lock so concurrent moves are applied one at a time."""
    return Site.objects.select_for_update().get(pk=site.pk)


def _field_error(field: str, message: str) -> DomainError:
    return DomainError(message, field_errors={field: [message]})


def clean_grid_reference(value: str) -> str:
    """The grid reference normalised for storage, or a refusal naming the field."""
    try:
        return normalise_grid_reference(value)
    except ValidationError as error:
        raise _field_error("grid_reference", error.messages[0]) from error


def _clean_name(name: str) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise _field_error("name", "Enter the name of the site")
    return name


@transaction.atomic
def site_create(*, actor, reference: str, name: str, policing_area, location_type: str,
                lanes: int = 1, location_description: str = "", grid_reference: str = "",
                governance_officer=None, review_interval_months: int | None = None,
                pressing_need: str = "", reason: str = "site.proposed") -> Site:
    require_role(actor, MANAGER, doing="propose a camera site")
    if Site.objects.filter(reference=reference).exists():
        raise DomainError(f"A site with reference {reference} already exists: choose another reference.")
    site = Site(
        reference=reference, name=_clean_name(name), policing_area=policing_area, location_type=location_type,
        lanes=lanes, location_description=(location_description or "").strip(),
        grid_reference=clean_grid_reference(grid_reference), pressing_need=(pressing_need or "").strip(),
    )
    if review_interval_months is not None:
        site.review_interval_months = review_interval_months
    save_with_history(site, actor=actor, reason=reason)
    if governance_officer is not None:
        # Seeded with its officer (demo, tests): no notice, as for the rest of a seed.
        site = site_assign_officer(actor=actor, site=site, officer=governance_officer, notify=False)
    return site


def next_site_reference() -> str:
    """The next free reference: ANPR_SITE_REFERENCE_PREFIX and one more than the highest number."""
    prefix = settings.ANPR_SITE_REFERENCE_PREFIX
    numbers = [
        int(match.group(1))
        for ref in Site.objects.filter(reference__startswith=f"{prefix}-").values_list("reference", flat=True)
        if (match := re.fullmatch(rf"{re.escape(prefix)}-(\d+)", ref))
    ]
    return f"{prefix}-{max(numbers, default=0) + 1:03d}"


def site_propose(*, actor, name: str, policing_area, location_type: str, pressing_need: str,
                 location_description: str = "", grid_reference: str = "", lanes: int = 1,
                 review_interval_months: int | None = None) -> Site:
    """Propose a new site under the next free reference; it starts in `proposed`."""
    require_role(actor, MANAGER, doing="propose a camera site")
    if not (pressing_need or "").strip():
        raise _field_error("pressing_need", "Describe the pressing need the site answers, in a sentence")
    for attempt in range(3):
        try:
            # A savepoint per attempt: two proposals at once may take the same number.
            with transaction.atomic():
                return site_create(
                    actor=actor, reference=next_site_reference(), name=name, policing_area=policing_area,
                    location_type=location_type, lanes=lanes, location_description=location_description,
                    grid_reference=grid_reference, pressing_need=pressing_need,
                    review_interval_months=review_interval_months,
                )
        except IntegrityError:
            if attempt == 2:
                raise
    raise AssertionError("unreachable")  # pragma: no cover


def _record_change(*, actor, site: Site, kind: str, summary: str, effective_on: datetime.date) -> None:
    MaterialChange.objects.create(site=site, kind=kind, summary=summary, effective_on=effective_on,
                                  recorded_by=actor)


@transaction.atomic
def site_update(*, actor, site: Site, expected_version: int | None = None, name: str, location_type: str,
                location_description: str, grid_reference: str, lanes: int, review_interval_months: int) -> Site:
    """Change a site's details. A change of location type re-grades the current assessment
    (hooks) and is a material change. Nothing is saved if nothing differs."""
    require_role(actor, MANAGER, doing="change a site's details")
    site = _locked(site)
    require_version(site, expected_version, what=f"site {site.reference}")
    if site.status == Status.DECOMMISSIONED:
        raise DomainError(f"{site.reference} is decommissioned: its details can no longer be changed.")
    highest_lane = max(site.cameras.filter(removed_on__isnull=True).values_list("lane", flat=True), default=0)
    if lanes is not None and lanes < highest_lane:
        raise _field_error("lanes", f"A camera in service at {site.reference} is on lane {highest_lane}: "
                                    f"enter {highest_lane} or more, or remove that camera first")
    values = {
        "name": _clean_name(name), "location_type": location_type,
        "location_description": (location_description or "").strip(),
        "grid_reference": clean_grid_reference(grid_reference), "lanes": lanes,
        "review_interval_months": review_interval_months,
    }
    changed = [field for field, value in values.items() if getattr(site, field) != value]
    if not changed:
        return site
    previous_type = site.location_type
    for field in changed:
        setattr(site, field, values[field])
    save_with_history(site, actor=actor, reason="site.details_changed")
    if "location_type" in changed:
        location_type_changed(actor=actor, site=site, previous=previous_type)
    return site


def location_type_changed(*, actor, site: Site, previous: str) -> None:
    """Record a saved change of location type: a material change, and the hooks (re-grading)."""
    label = LocationType(site.location_type).label.lower()
    _record_change(actor=actor, site=site, kind=MaterialChange.Kind.LOCATION_TYPE_CHANGED,
                   summary=f"location type changed from {LocationType(previous).label.lower()} to {label}",
                   effective_on=timezone.localdate())
    hooks.location_type_changed(actor=actor, site=site, previous=previous)


@transaction.atomic
def site_assign_officer(*, actor, site: Site, officer, reason: str = "", notify: bool = True) -> Site:
    """Assign the governance officer; only the assigned officer may change the site. The
    object permission moves with the assignment; the apps above are told (a notice)."""
    require_role(actor, MANAGER, doing="assign a governance officer")
    if officer is None or not officer.is_active or not officer.has_role(Role.GOVERNANCE_OFFICER):
        raise _field_error("officer", f"{officer} is not a governance officer: only governance officers "
                                      "can be assigned.")
    site = _locked(site)
    previous = site.governance_officer
    if previous is not None and previous.pk == officer.pk:
        raise _field_error("officer", f"{officer} is already the governance officer of {site.reference}: "
                                      "choose someone else")
    if previous is not None:
        remove_perm("sites.change_site", previous, site)
    assign_perm("sites.change_site", officer, site)
    site.governance_officer = officer
    why = f": {reason.strip()}" if (reason or "").strip() else ""
    save_with_history(site, actor=actor, reason=f"site.officer_assigned: {officer.username}{why}")
    if notify:
        hooks.officer_assigned(actor=actor, site=site, officer=officer, previous=previous)
    return site


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
    check_move(actor, site, rule)
    if rule.needs_comment and not comment.strip():
        message = f"Say why you {doing}: a comment is required."
        raise DomainError(message, field_errors={"comment": [message]})

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
               installed_on: datetime.date | None = None, location_description: str = "") -> Camera:
    """Record a camera at the site. Identifiers are unique: a removed camera's is not reused,
    so reads and history never confuse two cameras."""
    require_role(actor, MANAGER, doing="record a camera")
    identifier = (identifier or "").strip().upper()
    if site.status in NO_LONGER_COLLECTS:
        raise DomainError(f"{site.reference} no longer collects data: cameras cannot be added to it.")
    if lane is None or lane < 1 or lane > site.lanes:
        raise _field_error("lane", f"{site.reference} has {site.lanes} lane(s): enter a lane from 1 to {site.lanes}")
    taken = Camera.objects.filter(identifier=identifier).select_related("site").first()
    if taken is not None:
        where = f"in service at {taken.site.reference}" if taken.is_active else (
            f"used at {taken.site.reference} until {taken.removed_on:%d %B %Y}")
        raise _field_error("identifier", f"Camera {identifier} is already {where}: enter another identifier")
    camera = Camera(site=site, identifier=identifier, lane=lane, direction=(direction or "").strip(),
                    installed_on=installed_on, location_description=(location_description or "").strip())
    return save_with_history(camera, actor=actor, reason="site.camera_added")


def _locked_camera(camera: Camera) -> Camera:
    return Camera.objects.select_for_update().select_related("site").get(pk=camera.pk)


@transaction.atomic
def camera_remove(*, actor, camera: Camera, removed_on: datetime.date | None = None, reason: str = "") -> Camera:
    """Mark a camera removed (it is kept for the record; its removal is a material change)."""
    require_role(actor, MANAGER, doing="record a camera's removal")
    camera = _locked_camera(camera)
    if camera.removed_on is not None:
        raise DomainError(f"Camera {camera.identifier} was already removed on {camera.removed_on:%d %B %Y}.")
    removed_on = removed_on or timezone.localdate()
    if camera.installed_on and removed_on < camera.installed_on:
        raise _field_error("removed_on", f"Camera {camera.identifier} was installed on "
                                         f"{camera.installed_on:%d %B %Y}: enter that date or a later one")
    camera.removed_on = removed_on
    why = f": {reason.strip()}" if (reason or "").strip() else ""
    return save_with_history(camera, actor=actor, reason=f"site.camera_removed{why}")


@transaction.atomic
def camera_move(*, actor, camera: Camera, location_description: str, moved_on: datetime.date,
                reason: str) -> Camera:
    """Record a camera's move to a new position at its site as one change (the old position
    stays in its history), and as a material change of the site."""
    require_role(actor, MANAGER, doing="record a camera's move")
    camera = _locked_camera(camera)
    if camera.removed_on is not None:
        raise DomainError(f"Camera {camera.identifier} was removed on {camera.removed_on:%d %B %Y}: "
                          "a removed camera cannot be moved.")
    if camera.site.status in NO_LONGER_COLLECTS:
        raise DomainError(f"{camera.site.reference} no longer collects data: its cameras cannot be moved.")
    new = (location_description or "").strip()
    if not new:
        raise _field_error("location_description", "Describe where the camera now stands")
    if new == camera.location_description:
        raise _field_error("location_description", "The new position is the same as the old one: "
                                                   "describe where the camera now stands")
    if not (reason or "").strip():
        raise _field_error("reason", "Say why the camera was moved")
    camera.location_description = new
    save_with_history(camera, actor=actor, reason=f"site.camera_moved on {moved_on.isoformat()}: {reason.strip()}")
    _record_change(actor=actor, site=camera.site, kind=MaterialChange.Kind.CAMERA_MOVED,
                   summary=f"moved {camera.identifier}", effective_on=moved_on)
    return camera
