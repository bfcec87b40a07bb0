"""The register of sites: filters, sort order and the CSV export (reads only).

The register costs the same number of queries however many sites there are: one to
count, one for the page with its policing areas and officers, one for their cameras.
The "flagged" filter is a database filter too (`reviews.standing_flags`): the live rules run
only on the page of sites shown (and, in the CSV export, on every site exported).
"""

import datetime
from dataclasses import dataclass

from django.db.models import F

from anpr_governance.accounts.permissions import can_view_location
from anpr_governance.reviews import standing_flags
from anpr_governance.reviews.selectors import site_flags, sites_with_flags
from anpr_governance.sites.lifecycle import Status
from anpr_governance.sites.models import LocationType

SORTS = {
    "reference": ("Reference", ["reference"]),
    "name": ("Name", ["name", "reference"]),
    "status": ("Status", ["status", "reference"]),
    "area": ("Policing area", ["policing_area__name", "reference"]),
    "review": ("Next review due", ["next_review_due", "reference"]),
}


@dataclass
class RegisterFilters:
    status: str = ""
    area: str = ""
    flagged: bool = False
    mine: bool = False  # only the sites assigned to the reader
    due_before: datetime.date | None = None
    sort: str = "reference"
    descending: bool = False


def register_sites(user, filters: RegisterFilters):
    """The sites `user` may see that pass the filters, in the chosen order: a queryset."""
    sites = sites_with_flags(user, status=filters.status or None, policing_area=filters.area or None)
    sites = sites.select_related("governance_officer")
    if filters.mine:
        sites = sites.filter(governance_officer=user)
    if filters.due_before:
        sites = sites.filter(next_review_due__lt=filters.due_before)
    fields = SORTS.get(filters.sort, SORTS["reference"])[1]
    first = F(fields[0]).desc(nulls_last=True) if filters.descending else F(fields[0]).asc(nulls_last=True)
    sites = sites.order_by(first, *fields[1:])
    if filters.flagged:
        sites = standing_flags.flagged(sites)
    return sites


CSV_HEADER = [
    "Reference", "Name", "Status", "Policing area", "Location type", "Lanes", "Cameras in place",
    "Governance officer", "Next review due", "Flags",
]
CSV_LOCATION_HEADER = ["Location description", "Grid reference"]


def register_csv(user, sites) -> tuple[list[str], list[list]]:
    """Header and rows of the register as CSV; location columns only for readers allowed them."""
    with_location = can_view_location(user)
    header = CSV_HEADER + (CSV_LOCATION_HEADER if with_location else [])
    rows = []
    for site in sites:
        officer = site.governance_officer
        row = [
            site.reference, site.name, Status(site.status).label, site.policing_area.name,
            LocationType(site.location_type).label if site.location_type in LocationType.values else site.location_type,
            site.lanes, " ".join(c.identifier for c in getattr(site, "active_cameras", [])),
            (officer.get_full_name() or officer.username) if officer else "",
            site.next_review_due.isoformat() if site.next_review_due else "",
            "; ".join(flag["reason"] for flag in site_flags(site)),
        ]
        if with_location:
            row += [site.location_description, site.grid_reference]
        rows.append(row)
    return header, rows
