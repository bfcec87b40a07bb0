"""What a review draws on (the founding document's "essential source of information when
reviewing"): the assessment's pressing need and measures of success; how often searches
returned the site's reads since the last review, by purpose (counts only, never a VRM); the
validity of the assessment, the DPIA and any exemption; open flags; consultation replies since
the last review. A reader of reviews: it writes nothing."""

import datetime
from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.utils import timezone

from anpr_governance.assessments.selectors import approved_assessment, approved_dpia
from anpr_governance.audit.purposes import Purpose
from anpr_governance.audit.selectors import access_statistics_by_site
from anpr_governance.consultations.models import ConsultationResponse, PublicReply
from anpr_governance.consultations.selectors import active_camera_ids, latest_approved_exemption

from .models import Review
from .selectors import site_flags


@dataclass(frozen=True)
class Validity:
    what: str
    approved_on: datetime.date | None
    valid_until: datetime.date | None
    expired: bool
    note: str = ""


@dataclass
class ReviewEvidence:
    since: datetime.date | None  # the last approved review's completion, else the site's approval
    since_what: str
    pressing_need: str = ""
    measures_of_success: str = ""
    searches: int = 0
    searches_by_purpose: list[tuple[str, int]] = field(default_factory=list)
    authorised_searches: int = 0
    validity: list[Validity] = field(default_factory=list)
    exemption: object | None = None
    flags: list = field(default_factory=list)
    responses: list = field(default_factory=list)  # (who, when) of consultation responses since
    public_replies: int = 0  # approved public replies since


def _since(review: Review) -> tuple[datetime.date | None, str]:
    last = (Review.objects.filter(site=review.site, state=Review.State.APPROVED, completed_on__isnull=False)
            .exclude(pk=review.pk).order_by("-completed_on").first())
    if last is not None:
        return last.completed_on, f"the last review (completed {last.completed_on.day} {last.completed_on:%B %Y})"
    if review.site.approved_at:
        approved = timezone.localdate(review.site.approved_at)
        return approved, f"the site's approval ({approved.day} {approved:%B %Y})"
    return None, "the site's first record"


def _document_validity(what: str, doc, years: int, today: datetime.date) -> Validity:
    if doc is None or doc.decided_at is None:
        return Validity(what, None, None, True, f"No approved {what.lower()}.")
    approved_on = timezone.localdate(doc.decided_at)
    valid_until = approved_on + relativedelta(years=years)
    return Validity(f"{what} (version {doc.version})", approved_on, valid_until, today > valid_until)


def review_evidence(review: Review) -> ReviewEvidence:
    site, today = review.site, timezone.localdate()
    since, since_what = _since(review)
    evidence = ReviewEvidence(since=since, since_what=since_what)
    assessment = approved_assessment(site)
    if assessment is not None:
        evidence.pressing_need = assessment.pressing_need_evidence
        evidence.measures_of_success = assessment.measures_of_success
    since_moment = (timezone.make_aware(datetime.datetime.combine(since, datetime.time.min))
                    if since is not None else None)
    stats = access_statistics_by_site([site.pk], since=since_moment)[site.pk]
    evidence.searches, evidence.authorised_searches = stats.searches, stats.authorised_searches
    labels = dict(Purpose.choices)
    evidence.searches_by_purpose = sorted(((labels.get(p, p or "Not recorded"), n)
                                           for p, n in stats.searches_by_purpose.items()), key=lambda row: -row[1])
    evidence.validity = [
        _document_validity("In-depth assessment", assessment, settings.ANPR_ASSESSMENT_VALIDITY_YEARS, today),
        _document_validity("Privacy impact assessment (DPIA)", approved_dpia(site), settings.ANPR_DPIA_VALIDITY_YEARS,
                           today),
    ]
    evidence.flags = site_flags(site)
    exemption = latest_approved_exemption(site)
    if exemption is not None:
        lapsed = exemption.lapse_reason(today, active_camera_ids(site), site.material_changes.all())
        evidence.exemption = exemption
        evidence.validity.append(Validity(
            f"Exemption from consultation ({exemption.get_ground_display().lower()})",
            timezone.localdate(exemption.decided_at) if exemption.decided_at else None, exemption.valid_until,
            bool(lapsed), f"It has lapsed: {lapsed}." if lapsed else ""))
    responses = ConsultationResponse.objects.filter(consultation__site=site)
    replies = PublicReply.objects.filter(consultation__site=site, state=PublicReply.State.APPROVED)
    if since is not None:
        responses = responses.filter(received_on__gte=since)
        replies = replies.filter(received_at__date__gte=since)
    evidence.responses = list(responses.order_by("received_on").values_list("respondent", "received_on"))
    evidence.public_replies = replies.count()
    return evidence
