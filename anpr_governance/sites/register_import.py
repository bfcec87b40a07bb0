"""Importing a force's register of sites from a CSV or Excel (.xlsx) file.

All or nothing: every row is checked first and every problem is listed with its line,
column and what is expected; if there is any, nothing is written. A site that exists
(same reference) is changed only where the file differs, so importing the same file twice
changes nothing the second time. Sites beyond `proposed` are taken as they stand: their
history says "site.imported" with who and when, and the `records_missing` flag (reviews)
and the site page say which governance records are still to be recorded.

`register_plan` only reads; `register_import` applies the plan in one transaction (or,
with `dry_run`, returns it without writing).
"""

import csv
import datetime
import io
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from anpr_governance.accounts.models import PolicingArea, User
from anpr_governance.accounts.permissions import require_role
from anpr_governance.accounts.roles import MANAGER, Role
from anpr_governance.core.history import save_with_history

from . import services
from .grid import normalise_grid_reference
from .lifecycle import Status
from .models import Camera, LocationType, Site

HEADER = ("reference", "name", "policing_area", "location_type", "location_description", "grid_reference",
          "lanes", "status", "officer", "next_review_due", "cameras")
REFERENCE = re.compile(r"[A-Z]{2,5}-\d{3,4}")
CAMERA = re.compile(r"[A-Z0-9-]{1,40}")
MAX_LANES = 20
# The site fields an import compares and writes, in the order changes are listed.
SITE_FIELDS = ("name", "policing_area", "location_type", "location_description", "grid_reference", "lanes",
               "next_review_due")


@dataclass(frozen=True)
class Problem:
    line: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"Line {self.line}, column {self.column}: {self.message}"


@dataclass
class Row:
    """One valid line of the file, as values the service can store."""

    line: int
    reference: str
    values: dict  # SITE_FIELDS → value
    status: str
    officer: User | None
    cameras: list[str]


@dataclass
class Change:
    """What the import would do to one site, in words."""

    reference: str
    action: str  # "create" or "update"
    details: list[str] = field(default_factory=list)


@dataclass
class ImportPlan:
    problems: list[Problem] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    rows: int = 0
    applied: bool = False

    @property
    def creates(self) -> list[Change]:
        return [c for c in self.changes if c.action == "create"]

    @property
    def updates(self) -> list[Change]:
        return [c for c in self.changes if c.action == "update"]


# --- reading the file ---------------------------------------------------------------------------


class UnreadableFile(Exception):
    pass


def read_table(filename: str, content: bytes) -> list[list]:
    """The file's rows as lists of cells (strings, or dates and numbers from Excel)."""
    if filename.lower().endswith(".xlsx"):
        return _read_xlsx(content)
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UnreadableFile("The file is not a CSV file in UTF-8, nor an Excel (.xlsx) file: save it as "
                             "CSV UTF-8 or as an Excel workbook.") from error
    return [row for row in csv.reader(io.StringIO(text))]


def _read_xlsx(content: bytes) -> list[list]:
    from zipfile import BadZipFile

    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (BadZipFile, KeyError, OSError, ValueError) as error:
        raise UnreadableFile("The file could not be opened as an Excel (.xlsx) workbook: save it again as .xlsx "
                             "or as CSV UTF-8.") from error
    try:
        sheet = workbook.worksheets[0]
        return [["" if cell is None else cell for cell in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()


def _text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime):
        value = value.date()
    return value.isoformat() if isinstance(value, datetime.date) else str(value).strip()


# --- checking every row -------------------------------------------------------------------------


class _Lookups:
    """Everything the checks compare with, read once (a constant number of queries)."""

    def __init__(self):
        areas = list(PolicingArea.objects.all())
        self.areas = {a.code.casefold(): a for a in areas} | {a.name.casefold(): a for a in areas}
        self.area_names = ", ".join(sorted(a.code for a in areas))
        self.users = {u.username.casefold(): u for u in User.objects.prefetch_related("groups")}
        self.sites = {s.reference: s for s in Site.objects.select_related("policing_area", "governance_officer")}
        self.cameras = {c.identifier: c for c in Camera.objects.select_related("site")}
        self.in_service: dict[int, dict[str, Camera]] = {}
        for camera in self.cameras.values():
            if camera.removed_on is None:
                self.in_service.setdefault(camera.site_id, {})[camera.identifier] = camera
        self.location_types = {v.casefold(): v for v in LocationType.values} | {
            str(label).casefold(): value for value, label in LocationType.choices}
        self.statuses = {v.casefold(): v for v in Status.values} | {
            str(label).casefold(): value for value, label in Status.choices}


def register_plan(table: list[list]) -> tuple[ImportPlan, list[Row]]:
    """Check every row against the register in the service; write nothing."""
    plan = ImportPlan()
    table = [row for row in table if any(_text(cell) for cell in row)] if table else []
    if not table:
        plan.problems.append(Problem(1, "header", "The file is empty: the first row must be the header "
                                                  + ",".join(HEADER)))
        return plan, []
    header = [_text(cell).casefold() for cell in table[0]]
    missing = [name for name in HEADER if name not in header]
    unknown = [name for name in header if name not in HEADER]
    if missing or unknown or len(set(header)) != len(header):
        found = ",".join(header)
        plan.problems.append(Problem(1, "header", f"The first row must be the header {','.join(HEADER)} "
                                                  f"(found {found})"))
        return plan, []
    lookups = _Lookups()
    rows: list[Row] = []
    seen_references: dict[str, int] = {}
    seen_cameras: dict[str, tuple[int, str]] = {}
    for line, cells in enumerate(table[1:], start=2):
        values = {name: (cells[i] if i < len(cells) else "") for i, name in enumerate(header)}
        row = _check_row(line, values, lookups, plan.problems, seen_references, seen_cameras)
        if row is not None:
            rows.append(row)
    plan.rows = len(table) - 1
    if not plan.problems:
        plan.changes = [change for row in rows if (change := _change_for(row, lookups)) is not None]
    return plan, rows


def _check_row(line, values, lookups, problems, seen_references, seen_cameras) -> Row | None:
    before = len(problems)

    def problem(column, message):
        problems.append(Problem(line, column, message))

    reference = _text(values["reference"]).upper()
    if not REFERENCE.fullmatch(reference):
        problem("reference", f"Enter a site reference such as STS-017 (found {reference!r})" if reference
                else "Enter the site's reference, such as STS-017")
    elif reference in seen_references:
        problem("reference", f"{reference} is also on line {seen_references[reference]}: each site only once")
    else:
        seen_references[reference] = line
    existing = lookups.sites.get(reference)

    name = " ".join(_text(values["name"]).split())
    if not name:
        problem("name", "Enter the name of the site")
    elif len(name) > 200:
        problem("name", "The name must be 200 characters or fewer")

    area_text = _text(values["policing_area"])
    area = lookups.areas.get(area_text.casefold())
    if area is None:
        problem("policing_area", f"Unknown policing area {area_text!r}: use the code or name of one of "
                                 f"{lookups.area_names}" if area_text else "Enter the policing area (its code or name)")

    type_text = _text(values["location_type"])
    location_type = lookups.location_types.get(type_text.casefold())
    if location_type is None:
        problem("location_type", f"Unknown location type {type_text!r}: use one of {', '.join(LocationType.values)}")

    try:
        grid = normalise_grid_reference(_text(values["grid_reference"]))
    except ValidationError:
        grid = ""
        problem("grid_reference", f"{_text(values['grid_reference'])!r} is not an Ordnance Survey grid reference: "
                                  "two letters then 4, 6, 8 or 10 digits, such as SJ 9234 1567")

    lanes_text = _text(values["lanes"])
    lanes = int(lanes_text) if lanes_text.isdigit() else None
    if lanes is None or not 1 <= lanes <= MAX_LANES:
        problem("lanes", f"Enter the number of lanes as a whole number from 1 to {MAX_LANES} (found {lanes_text!r})")

    status_text = _text(values["status"])
    status = lookups.statuses.get(status_text.casefold()) if status_text else (
        existing.status if existing else Status.PROPOSED.value)
    if status is None:
        problem("status", f"Unknown status {status_text!r}: use one of {', '.join(Status.values)}")
    elif existing is not None and status != existing.status:
        problem("status", f"{reference} is {Status(existing.status).label.lower()} in the service: an import does "
                          f"not move an existing site along its lifecycle; enter {existing.status} or move it on "
                          "its page")

    officer_text = _text(values["officer"])
    officer = lookups.users.get(officer_text.casefold()) if officer_text else None
    if officer_text and officer is None:
        problem("officer", f"Unknown user {officer_text!r}: enter the username of a governance officer")
    elif officer is not None and not (officer.is_active and any(g.name == Role.GOVERNANCE_OFFICER
                                                                for g in officer.groups.all())):
        problem("officer", f"{officer.username} is not an active governance officer: enter the username of one")

    due = values["next_review_due"]
    due_text = _text(due)
    next_review_due = None
    if due_text:
        try:
            next_review_due = datetime.date.fromisoformat(due_text) if re.fullmatch(
                r"\d{4}-\d{2}-\d{2}", due_text) else None
        except ValueError:
            next_review_due = None
        if next_review_due is None:
            problem("next_review_due", f"{due_text!r} is not a date: enter a real date as YYYY-MM-DD, such as "
                                       "2027-03-31")

    cameras = []
    for identifier in (part.strip().upper() for part in _text(values["cameras"]).split(";")):
        if not identifier:
            continue
        if not CAMERA.fullmatch(identifier):
            problem("cameras", f"{identifier!r} is not a camera identifier: use capital letters, digits and "
                               "hyphens, with identifiers separated by ;")
            continue
        if identifier in seen_cameras:
            other_line, other_ref = seen_cameras[identifier]
            where = "earlier on this line" if other_line == line else f"on line {other_line} ({other_ref})"
            problem("cameras", f"Camera {identifier} is also {where}: each camera only once")
            continue
        seen_cameras[identifier] = (line, reference)
        known = lookups.cameras.get(identifier)
        if known is not None and known.site.reference != reference:
            state = "in service" if known.removed_on is None else f"used until {known.removed_on:%Y-%m-%d}"
            problem("cameras", f"Camera {identifier} is {state} at {known.site.reference}: an import does not "
                               "move cameras between sites; use another identifier or record the move on the "
                               "site's page")
            continue
        if known is not None and known.removed_on is not None:
            problem("cameras", f"Camera {identifier} was removed from {reference} on {known.removed_on:%Y-%m-%d}: "
                               "identifiers are not reused")
            continue
        cameras.append(identifier)
    if existing is not None and lanes is not None:
        kept_lanes = [c.lane for c in lookups.in_service.get(existing.pk, {}).values() if c.identifier in cameras]
        if kept_lanes and max(kept_lanes) > lanes:
            problem("lanes", f"A camera of {reference} is on lane {max(kept_lanes)}: enter {max(kept_lanes)} or more")

    if len(problems) > before:
        return None
    return Row(line=line, reference=reference, status=status, officer=officer, cameras=cameras, values={
        "name": name, "policing_area": area, "location_type": location_type,
        "location_description": _text(values["location_description"]), "grid_reference": grid, "lanes": lanes,
        "next_review_due": next_review_due,
    })


def _change_for(row: Row, lookups: _Lookups) -> Change | None:
    site = lookups.sites.get(row.reference)
    if site is None:
        details = [f"{Status(row.status).label.lower()}, {len(row.cameras)} camera(s)"]
        if row.officer is not None:
            details.append(f"officer {row.officer.username}")
        return Change(row.reference, "create", details)
    details = [_field_label(name) for name in _changed_fields(site, row)]
    in_service = set(lookups.in_service.get(site.pk, {}))
    added, removed = sorted(set(row.cameras) - in_service), sorted(in_service - set(row.cameras))
    if added:
        details.append("cameras added: " + ", ".join(added))
    if removed:
        details.append("cameras removed: " + ", ".join(removed))
    if row.officer is not None and site.governance_officer_id != row.officer.pk:
        details.append(f"officer {row.officer.username}")
    return Change(row.reference, "update", details) if details else None


def _changed_fields(site: Site, row: Row) -> list[str]:
    changed = []
    for name in SITE_FIELDS:
        new = row.values[name]
        if name == "next_review_due" and new is None:
            continue  # a blank date leaves the one in the service (the sweep sets it)
        old = site.policing_area if name == "policing_area" else getattr(site, name)
        if old != new:
            changed.append(name)
    return changed


def _field_label(name: str) -> str:
    return Site._meta.get_field(name).verbose_name


# --- applying -----------------------------------------------------------------------------------


def register_check(*, filename: str, content: bytes) -> ImportPlan:
    """What importing the file would do, or its problems; reads only (a dry run, a preview)."""
    try:
        table = read_table(filename, content)
    except UnreadableFile as error:
        return ImportPlan(problems=[Problem(1, "file", str(error))])
    return register_plan(table)[0]


def register_import(*, actor, filename: str, content: bytes, dry_run: bool = False) -> ImportPlan:
    """Check the file and, unless `dry_run` or there is any problem, apply it all in one transaction."""
    require_role(actor, MANAGER, doing="import a register of sites")
    if dry_run:
        return register_check(filename=filename, content=content)
    try:
        table = read_table(filename, content)
    except UnreadableFile as error:
        return ImportPlan(problems=[Problem(1, "file", str(error))])
    with transaction.atomic():
        # Existing sites are locked before they are compared, so a change made meanwhile is not overwritten.
        list(Site.objects.select_for_update().values_list("pk", flat=True))
        plan, rows = register_plan(table)
        if plan.problems or not plan.changes:
            return plan
        lookups = _Lookups()
        changing = {c.reference for c in plan.changes}
        for row in rows:
            if row.reference in changing:
                _apply(actor, row, lookups)
    plan.applied = True
    return plan


def _apply(actor, row: Row, lookups: _Lookups) -> None:
    site = lookups.sites.get(row.reference)
    today = timezone.localdate()
    if site is None:
        site = Site(reference=row.reference, status=row.status, imported_at=timezone.now(), **row.values)
        taken = "" if row.status == Status.PROPOSED else f": taken as it stood ({Status(row.status).label.lower()})"
        save_with_history(site, actor=actor, reason=f"site.imported{taken}")
        in_service = set()
    else:
        changed = _changed_fields(site, row)
        if changed:
            previous_type = site.location_type
            for name in changed:
                setattr(site, name, row.values[name])
            save_with_history(site, actor=actor, reason="site.imported: " + ", ".join(changed))
            if "location_type" in changed:
                services.location_type_changed(actor=actor, site=site, previous=previous_type)
        in_service = set(lookups.in_service.get(site.pk, {}))
    for identifier in sorted(set(row.cameras) - in_service):
        save_with_history(Camera(site=site, identifier=identifier, lane=1), actor=actor, reason="site.imported")
    for identifier in sorted(in_service - set(row.cameras)):
        camera = lookups.cameras[identifier]
        camera.removed_on = today
        save_with_history(camera, actor=actor, reason="site.camera_removed: not in the imported register")
    if row.officer is not None and site.governance_officer_id != row.officer.pk:
        services.site_assign_officer(actor=actor, site=site, officer=row.officer, reason="imported register")
