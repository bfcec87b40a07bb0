"""Each role's own work, first on the dashboard (issue 12): one queue per role the reader holds,
each item a link to where the work is done. Overdue first, then by due date or age.

The moves offered here come from the same check as the site page and the service
(sites.lifecycle.check_move), so a queue never offers what would be refused."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from anpr_governance.accounts.models import RoleChange
from anpr_governance.accounts.permissions import (
    can_build_packs,
    can_decide_authorisations,
    can_manage_feeds,
    can_read_access_log,
    can_search_reads,
    holds_role,
)
from anpr_governance.accounts.roles import Role
from anpr_governance.accounts.services import ROLE_APPROVERS
from anpr_governance.core.exceptions import DomainError
from anpr_governance.reads.models import Feed
from anpr_governance.reads.selectors import authorisations_for, pending_search_grants
from anpr_governance.reports.models import Pack
from anpr_governance.reviews.selectors import flagged_sites
from anpr_governance.sites.lifecycle import COLLECTING, Status, check_move, transition_for
from anpr_governance.sites.models import Site

from .dashboard import awaiting_decision, awaiting_decision_count, drafts_of
from .dossier import MOVES

# A feed at a collecting site that has delivered nothing for this long is shown as silent.
FEED_SILENT_AFTER = datetime.timedelta(hours=24)
LIMIT = 10


@dataclass
class Item:
    what: str
    href: str
    site: str = ""  # reference and name, when the work is on one site
    due: datetime.date | None = None  # shown as "Due …" (red when overdue)
    since: datetime.date | datetime.datetime | None = None  # shown as "Since …"
    overdue: bool = False


@dataclass
class Queue:
    key: str
    heading: str
    empty: str
    items: list[Item] = field(default_factory=list)
    links: list[tuple[str, str]] = field(default_factory=list)  # (words, href): where the rest of the work is
    total: int | None = None  # how many in all, when the queue shows only the first of them


def queues_for(user, *, whole: str = "") -> list[Queue]:
    """The reader's queues; `whole` names a queue to show in full (the dashboard's
    "Show all" link) instead of its first LIMIT items."""
    today = timezone.localdate()
    queues = []
    if user.has_role(Role.GOVERNANCE_OFFICER):
        queues.append(_officer(user, today))
    if user.has_role(Role.APPROVING_MANAGER) or user.has_role(Role.DATA_PROTECTION_OFFICER):
        queues.append(_decider(user, whole=whole == "awaiting-me"))
    if user.has_role(Role.APPROVING_MANAGER):
        queues.append(_flags(user))
    # Authorising officers: "Awaiting my decision" (front/dashboard.py, issue 15), drawn just after these.
    if can_decide_authorisations(user):
        queues.append(_grants_to_decide(user))
    if can_search_reads(user):
        queues.append(_investigator(user))
    if user.has_role(Role.AUDITOR):
        queues.append(_auditor(user))
    if can_manage_feeds(user):
        queues.append(_sysadmin(user))
    if holds_role(user, *ROLE_APPROVERS):
        queues.append(_role_changes(user))
    return queues


def _ordered(items: list[Item]) -> list[Item]:
    """Overdue first, then by due date, then the oldest waiting."""
    def key(item: Item):
        due = item.due or datetime.date.max
        since = item.since.date() if isinstance(item.since, datetime.datetime) else (item.since or datetime.date.max)
        return (not item.overdue, due, since, item.site)
    return sorted(items, key=key)


def _officer(user, today: datetime.date) -> Queue:
    """The sites assigned to the officer that need them: documents and reviews to write, and
    sites ready for their next move (including a proposed site whose assessment is to start)."""
    items = []
    for work in drafts_of(user) or []:
        site = f"{work.site_reference} {work.site_name}"
        if work.what.startswith("Review") and isinstance(work.since, datetime.date):  # its due date
            items.append(Item(work.what, work.href, site=site, due=work.since, overdue=work.since < today))
        else:
            items.append(Item(work.what, work.href, site=site, since=work.since))
    mine = Site.objects.filter(governance_officer=user).exclude(
        status__in=[Status.COLLECTION_CEASED, Status.DECOMMISSIONED])
    for site in mine.filter(status__in=[s for s, _ in MOVES]).order_by("reference"):
        for (source, target), label in MOVES.items():
            if site.status != source:
                continue
            try:
                check_move(user, site, transition_for(source, target))
            except DomainError:  # not theirs, or something still missing (shown on the site page)
                continue
            # Starting the assessment is the one button at the top of the site page.
            href = (reverse("sites:detail", args=[site.reference]) + "#next-steps" if target == Status.ASSESSMENT
                    else reverse("sites:move", args=[site.reference, target.value]))
            items.append(Item(label, href, site=f"{site.reference} {site.name}", since=site.updated_at))
    reviewing = {i.site.split(" ", 1)[0] for i in items if i.what.startswith("Review")}
    for site in mine.filter(status__in=COLLECTING, next_review_due__lt=today).order_by("next_review_due"):
        if site.reference not in reviewing:
            items.append(Item("Review overdue: not yet scheduled", reverse("sites:detail", args=[site.reference])
                              + "#reviews", site=f"{site.reference} {site.name}", due=site.next_review_due,
                              overdue=True))
    return Queue("my-sites", "My sites needing work", "None of your sites needs anything from you now.",
                 _ordered(items), [("Sites assigned to me", reverse("sites:register") + "?mine=on")])


def _decider(user, *, whole: bool = False) -> Queue:
    """The first LIMIT items awaiting the reader (all of them if `whole`), and how many there
    are in all, with a link to the whole queue when it shows only the first."""
    items = [Item(w.what, w.href, site=f"{w.site_reference} {w.site_name}", since=w.since)
             for w in awaiting_decision(user, limit=None if whole else LIMIT) or []]
    total = awaiting_decision_count(user)  # always counted: the same queries however many wait
    manager = user.has_role(Role.APPROVING_MANAGER)
    links = []
    if total > len(items):  # every kind of work, not only deployments, is in the whole queue
        links.append((f"Show all {total} waiting", reverse("dashboard") + "?whole=awaiting-me#awaiting-me"))
        if manager:
            links.append(("Sites awaiting approval", reverse("sites:register") + "?status=awaiting_approval"))
    heading = "Awaiting my approval" if manager else "Advice requested"
    return Queue("awaiting-me", heading, "Nothing is waiting for your decision.", _ordered(items), links,
                 total=total)


def _flags(user) -> Queue:
    items = [Item("; ".join(f.reason for f in flags) or "Flagged",
                  reverse("decommissioning:site", args=[site.reference]), site=f"{site.reference} {site.name}")
             for site, flags in flagged_sites(user, limit=LIMIT)]
    return Queue("flags", "Flags to decide", "No site is flagged for decommissioning.", items,
                 [("All flagged sites", reverse("decommissioning:flagged"))])


def _investigator(user) -> Queue:
    items = [Item(f"Request to search older reads of {a.vrm}: {a.get_status_display().lower()}",
                  reverse("reads:authorisation", args=[a.pk]), since=a.decided_at or a.requested_at)
             for a in authorisations_for(user)[:LIMIT]]
    return Queue("my-requests", "My requests and their decisions", "You have made no request to search older reads.",
                 items, [("Search reads", reverse("reads:search")),
                         ("Ask to search older reads", reverse("reads:authorisation-new"))])


def _auditor(user) -> Queue:
    items = [Item(f"{p.label}: {p.get_state_display().lower()}", reverse("reports:pack", args=[p.pk]),
                  since=p.requested_at)
             for p in Pack.objects.order_by("-requested_at")[:5]] if can_build_packs(user) else []
    links = [("Build a compliance pack", reverse("reports:index"))] if can_build_packs(user) else []
    if can_read_access_log(user):
        links.append(("Check the access log", reverse("audit:access-log")))
    return Queue("packs", "Compliance packs and log checks", "No compliance pack has been built yet.", items, links)


def _sysadmin(user) -> Queue:
    quiet = timezone.now() - FEED_SILENT_AFTER
    feeds = (Feed.objects.filter(revoked_at__isnull=True, site__status__in=COLLECTING)
             .filter(Q(last_received_at__isnull=True) | Q(last_received_at__lt=quiet))
             .select_related("site").order_by("last_received_at", "name"))
    items = [Item(f"Feed {f.name}: {'nothing received yet' if f.last_received_at is None else 'silent'}",
                  reverse("reads:feeds"), site=f"{f.site.reference} {f.site.name}", since=f.last_received_at)
             for f in feeds[:LIMIT]]
    return Queue("feeds", "Feeds silent for more than a day", "Every feed of a live site has delivered reads today.",
                 items, [("Feeds", reverse("reads:feeds")), ("Search grants", reverse("reads:grants"))])


def _theirs_to_decide(proposals, user) -> list:
    """The pending proposals this reader may decide: a second person, neither the proposer nor
    the person concerned (accounts.two_people says the same when they decide)."""
    return [p for p in proposals if user.pk not in (p.proposed_by_id, p.user_id)]


def _grants_to_decide(user) -> Queue:
    items = [Item(f"Withdraw search access to {g.site or g.area} from {_name(g.user)}"
                  if g.change == g.Change.REVOKE else f"Give {_name(g.user)} search access to {g.site or g.area}",
                  reverse("reads:grant-decide", args=[g.pk]),
                  since=g.proposed_at)
             for g in _theirs_to_decide(pending_search_grants()[:LIMIT * 2], user)][:LIMIT]
    return Queue("grants-to-decide", "Search grants awaiting my decision",
                 "No proposed search grant is waiting for your decision.", items,
                 [("All search grants", reverse("reads:grants"))])


def _role_changes(user) -> Queue:
    pending = (RoleChange.objects.filter(status=RoleChange.Status.PENDING)
               .select_related("user").order_by("proposed_at")[:LIMIT * 2])
    items = [Item(f"{'Give' if c.change == RoleChange.Change.GRANT else 'Take away'} the role {c.role} "
                  f"{'to' if c.change == RoleChange.Change.GRANT else 'from'} "
                  f"{_name(c.user)}",
                  reverse("accounts:role-decide", args=[c.pk]), since=c.proposed_at)
             for c in _theirs_to_decide(pending, user)][:LIMIT]
    return Queue("role-changes", "Role changes awaiting my decision",
                 "No role change is waiting for your decision.", items, [("Roles", reverse("accounts:roles"))])


def _name(user) -> str:
    return user.get_full_name() or user.get_username()
