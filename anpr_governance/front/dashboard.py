"""What the dashboard shows (reads only), in a fixed number of queries whatever the
number of sites: sites by status, reviews due and overdue, flagged sites, authorisations
awaiting the reader and reviews due per month for a year. The reader's own work (awaiting my
approval, my drafts) is gathered here by awaiting_decision and drafts_of, and drawn by the
work queues (front.work_queue).

Reviews fall due on `Site.next_review_due` for sites that collect reads (live or under
review); a review is overdue once that date has passed.
"""

import datetime
from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta
from django.db.models import Count, Q
from django.db.models.functions import TruncDate
from django.urls import reverse
from django.utils import timezone

from anpr_governance.accounts.permissions import can_decide_authorisations, can_view_governance
from anpr_governance.accounts.roles import Role
from anpr_governance.assessments.models import Assessment, DocumentStatus, PrivacyImpactAssessment
from anpr_governance.consultations.models import Consultation, ConsultationExemption
from anpr_governance.reads.models import Authorisation
from anpr_governance.reads.selectors import authorisations_for
from anpr_governance.reviews.models import Review
from anpr_governance.reviews.selectors import flagged_sites, flagged_sites_queryset
from anpr_governance.sites.lifecycle import COLLECTING, Status
from anpr_governance.sites.selectors import sites_for_user

WINDOWS = (30, 60, 90)
LIST_LIMIT = 10


@dataclass
class WorkItem:
    site_reference: str
    site_name: str
    what: str
    since: datetime.datetime | datetime.date | None
    href: str


@dataclass
class MonthBar:
    month: datetime.date
    count: int


@dataclass
class Dashboard:
    today: datetime.date
    governance: bool
    total: int = 0
    by_status: list[tuple[str, str, int]] = field(default_factory=list)  # (value, label, count)
    overdue: int = 0
    due_within: list[tuple[int, int, datetime.date]] = field(default_factory=list)  # (days, count, before)
    overdue_sites: list = field(default_factory=list)
    flagged: list[tuple[object, list]] = field(default_factory=list)  # (site, flags): the first LIST_LIMIT
    flagged_total: int = 0
    awaiting_authorisation: list | None = None  # None: the reader decides no authorisations
    months: list[MonthBar] = field(default_factory=list)

    @property
    def months_max(self) -> int:
        return max((bar.count for bar in self.months), default=0)


def dashboard_for(user) -> Dashboard:
    today = timezone.localdate()
    board = Dashboard(today=today, governance=can_view_governance(user))
    sites = sites_for_user(user)
    counts = dict(sites.order_by().values_list("status").annotate(n=Count("id")))
    board.by_status = [(s.value, s.label, counts.get(s.value, 0)) for s in Status]
    board.total = sum(counts.values())

    collecting = sites.filter(status__in=COLLECTING, next_review_due__isnull=False)
    bands = {f"within_{days}": Count("id", filter=Q(next_review_due__gte=today,
                                                     next_review_due__lte=today + datetime.timedelta(days=days)))
             for days in WINDOWS}
    figures = collecting.order_by().aggregate(overdue=Count("id", filter=Q(next_review_due__lt=today)), **bands)
    board.overdue = figures["overdue"]
    board.due_within = [(days, figures[f"within_{days}"], today + datetime.timedelta(days=days + 1))
                        for days in WINDOWS]
    board.overdue_sites = list(
        collecting.filter(next_review_due__lt=today).order_by("next_review_due", "reference")[:LIST_LIMIT]
    )
    # reviews.selectors: flagged sites found in the database, the rules run on those shown
    board.flagged = flagged_sites(user, limit=LIST_LIMIT)
    board.flagged_total = flagged_sites_queryset(user).count()
    board.months = reviews_by_month(collecting, today)
    # "Awaiting my approval" and "my drafts" are drawn once, by the work queues (front.work_queue).
    if can_decide_authorisations(user):
        board.awaiting_authorisation = list(
            authorisations_for(user, status=Authorisation.Status.PENDING).exclude(requested_by=user)[:LIST_LIMIT]
        )
    return board


def reviews_by_month(collecting, today: datetime.date) -> list[MonthBar]:
    """Reviews falling due in each of the next 12 calendar months, this month first."""
    start = today.replace(day=1)
    end = start + relativedelta(months=12)
    dates = collecting.filter(next_review_due__gte=start, next_review_due__lt=end).values_list(
        "next_review_due", flat=True
    )
    counts: dict[datetime.date, int] = {}
    for day in dates:
        key = day.replace(day=1)
        counts[key] = counts.get(key, 0) + 1
    return [MonthBar(month=start + relativedelta(months=n), count=counts.get(start + relativedelta(months=n), 0))
            for n in range(12)]


def _item(site, what, since, href) -> WorkItem:
    return WorkItem(site_reference=site.reference, site_name=site.name, what=what, since=since, href=href)


def awaiting_decision(user, *, limit: int | None = None) -> list[WorkItem] | None:
    """What waits for this reader's decision or advice: none of their own work, oldest first
    (deployments, which have no date, last). With `limit`, only the first `limit` of them:
    each kind is read in that order up to `limit` rows, so the cost does not grow with how
    many wait (`awaiting_decision_count` says how many)."""
    if not (user.has_role(Role.APPROVING_MANAGER) or user.has_role(Role.DATA_PROTECTION_OFFICER)):
        return None
    items: list[WorkItem] = []
    for rows, since, make in _awaiting(user):
        if since:  # the order of the queue: by the day (UTC, as the queue compares), then the site
            rows = rows.order_by(TruncDate(since, tzinfo=datetime.UTC), "site__reference", "site__name", "pk")
        else:
            rows = rows.order_by("reference", "name", "pk")
        items += [make(row) for row in (rows[:limit] if limit is not None else rows)]
    items.sort(key=lambda i: (i.since is None, i.since.date() if isinstance(i.since, datetime.datetime)
                              else (i.since or datetime.date.max), f"{i.site_reference} {i.site_name}"))
    return items[:limit] if limit is not None else items


def awaiting_decision_count(user) -> int:
    """How many items `awaiting_decision` has in all (one COUNT per kind)."""
    return sum(rows.count() for rows, _, _ in _awaiting(user))


def _awaiting(user) -> list[tuple]:
    """Each kind of work awaiting the reader: (rows, the field they wait since or None, item of a row)."""
    kinds: list[tuple] = []
    if user.has_role(Role.APPROVING_MANAGER):
        kinds += [
            (Assessment.objects.filter(status=DocumentStatus.SUBMITTED).exclude(submitted_by=user)
             .exclude(prepared_by=user).select_related("site"), "submitted_at",
             lambda doc: _item(doc.site, f"In-depth assessment, version {doc.version}", doc.submitted_at,
                               reverse("assessments:assessment_decide", args=[doc.site.reference]))),
            (PrivacyImpactAssessment.objects.filter(status=DocumentStatus.SUBMITTED, dpo_advised_by__isnull=False)
             .exclude(submitted_by=user).exclude(prepared_by=user).select_related("site"), "submitted_at",
             lambda doc: _item(doc.site, f"Privacy impact assessment, version {doc.version}", doc.submitted_at,
                               reverse("assessments:dpia_decide", args=[doc.site.reference]))),
            (ConsultationExemption.objects.filter(state=ConsultationExemption.State.PENDING)
             .exclude(requested_by=user).select_related("site"), "requested_at",
             lambda exemption: _item(exemption.site, "Exemption from consultation", exemption.requested_at,
                                     reverse("consultations:exemption_decide",
                                             args=[exemption.site.reference, exemption.pk]))),
            (Review.objects.filter(state=Review.State.SUBMITTED).exclude(submitted_by=user).select_related("site"),
             "submitted_at",
             lambda review: _item(review.site, "Review", review.submitted_at,
                                  reverse("reviews:decide", args=[review.site.reference, review.pk]))),
            (sites_for_user(user).filter(status=Status.AWAITING_APPROVAL).exclude(submitted_by=user), None,
             lambda site: _item(site, "Deployment", None, reverse("sites:decide", args=[site.reference]))),
        ]
    if user.has_role(Role.DATA_PROTECTION_OFFICER):
        kinds.append(
            (PrivacyImpactAssessment.objects.filter(status=DocumentStatus.SUBMITTED, dpo_advised_by__isnull=True)
             .exclude(prepared_by=user).select_related("site"), "submitted_at",
             lambda doc: _item(doc.site, f"DPO advice on the DPIA, version {doc.version}", doc.submitted_at,
                               reverse("assessments:dpia_advice", args=[doc.site.reference]))))
    return kinds


def drafts_of(user) -> list[WorkItem] | None:
    """The officer's work in progress on the sites assigned to them: drafts, returned
    documents, open consultations and reviews to write."""
    if not user.has_role(Role.GOVERNANCE_OFFICER):
        return None
    items: list[WorkItem] = []
    editable = [DocumentStatus.DRAFT, DocumentStatus.RETURNED]
    mine = Q(site__governance_officer=user)
    for doc in Assessment.objects.filter(mine, status__in=editable).select_related("site"):
        state = "returned with comments" if doc.status == DocumentStatus.RETURNED else "draft"
        items.append(_item(doc.site, f"In-depth assessment, version {doc.version} ({state})", doc.updated_at,
                           reverse("assessments:assessment_edit", args=[doc.site.reference])))
    for doc in PrivacyImpactAssessment.objects.filter(mine, status__in=editable).select_related("site"):
        state = "returned with comments" if doc.status == DocumentStatus.RETURNED else "draft"
        items.append(_item(doc.site, f"Privacy impact assessment, version {doc.version} ({state})", doc.updated_at,
                           reverse("assessments:dpia_edit", args=[doc.site.reference])))
    for consultation in Consultation.objects.filter(mine, state=Consultation.State.OPEN).select_related("site"):
        items.append(_item(consultation.site, "Open consultation", consultation.opened_on,
                           reverse("sites:detail", args=[consultation.site.reference]) + "#consultation"))
    for review in Review.objects.filter(mine, state__in=[Review.State.SCHEDULED, Review.State.IN_PROGRESS,
                                                         Review.State.RETURNED]).select_related("site"):
        if review.state == Review.State.SCHEDULED:
            what, href = f"Review due {review.due_on.day} {review.due_on:%B %Y} (not started)", reverse(
                "reviews:start", args=[review.site.reference, review.pk])
        else:
            state = "returned with comments" if review.state == Review.State.RETURNED else "in progress"
            what, href = f"Review ({state})", reverse("reviews:edit", args=[review.site.reference, review.pk])
        items.append(_item(review.site, what, review.due_on, href))
    return items


@dataclass
class ChartBar:
    label: str  # e.g. "Mar 2027"
    short: str  # e.g. "Mar"
    count: int
    x: float
    y: float
    width: float
    height: float

    @property
    def cx(self) -> float:
        return round(self.x + self.width / 2, 1)


def bar_chart(months: list[MonthBar], *, width: int = 720, height: int = 260) -> dict:
    """Geometry of a server-rendered SVG bar chart (the same figures go in a table beside it)."""
    top, bottom, left = 24, 44, 8
    plot = height - top - bottom
    slot = (width - left * 2) / max(len(months), 1)
    peak = max((m.count for m in months), default=0) or 1
    bars = []
    for n, month in enumerate(months):
        h = plot * month.count / peak
        bars.append(ChartBar(
            label=f"{month.month:%B %Y}", short=f"{month.month:%b}", count=month.count,
            x=round(left + n * slot + slot * 0.15, 1), y=round(top + plot - h, 1),
            width=round(slot * 0.7, 1), height=round(h, 1),
        ))
    return {"bars": bars, "width": width, "height": height, "baseline": top + plot,
            "label_y": top + plot + 20, "year_y": top + plot + 38}
