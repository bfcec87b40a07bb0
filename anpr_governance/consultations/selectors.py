"""Reads of consultations and exemptions."""

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from .models import Consultation, ConsultationExemption, PublicReply


def open_consultation(site) -> Consultation | None:
    return site.consultations.filter(state=Consultation.State.OPEN).first()


def active_camera_ids(site) -> list[str]:
    return sorted(site.cameras.filter(removed_on__isnull=True).values_list("identifier", flat=True))


def latest_approved_exemption(site) -> ConsultationExemption | None:
    return site.exemptions.filter(state=ConsultationExemption.State.APPROVED).order_by("-decided_at").first()


def approved_exemption(site) -> ConsultationExemption | None:
    """The approved exemption that still holds (not expired, no material change since)."""
    exemption = latest_approved_exemption(site)
    if exemption is None or exemption.lapse_reason(timezone.localdate(), active_camera_ids(site),
                                                            site.material_changes.all()):
        return None
    return exemption


def consultation_requirement_met(site) -> bool:
    """A closed consultation with its "you said, we did" outcome, or an approved exemption."""
    closed = site.consultations.filter(state=Consultation.State.CLOSED).exclude(outcome="")
    return closed.exists() or approved_exemption(site) is not None


def published_consultations(*, state: str | None = None) -> QuerySet[Consultation]:
    """Consultations with a public summary (what /consult/ shows), newest first, with their
    policing area: never their site's location or cameras, which the public pages must not load."""
    consultations = (Consultation.objects.exclude(public_summary="").select_related("site__policing_area")
                     .order_by("-opened_on", "-id"))
    return consultations.filter(state=state) if state else consultations


def published_consultation(pk: int) -> Consultation | None:
    return published_consultations().filter(pk=pk).first()


def approved_replies(consultation: Consultation) -> QuerySet[PublicReply]:
    return consultation.public_replies.filter(state=PublicReply.State.APPROVED)


def replies_awaiting_moderation(user) -> QuerySet[PublicReply]:
    """Public replies waiting for `user`: those on consultations of the sites assigned to them
    (moderation is the assigned governance officer's)."""
    if not user.is_authenticated:
        return PublicReply.objects.none()
    return (PublicReply.objects.filter(state=PublicReply.State.PENDING, consultation__site__governance_officer=user)
            .select_related("consultation__site__policing_area").order_by("received_at", "id"))


def current_consultation(site) -> Consultation | None:
    """The site's newest consultation (open or closed) with its counts, for the API: the people
    consulted, the responses recorded and the public replies approved."""
    approved = Q(public_replies__state=PublicReply.State.APPROVED)
    return (site.consultations.annotate(
        consultee_count=Count("consultees", distinct=True),
        response_count=Count("responses", distinct=True),
        approved_reply_count=Count("public_replies", filter=approved, distinct=True),
    ).select_related("opened_by", "closed_by").order_by("-opened_on", "-id").first())


def current_exemption(site) -> ConsultationExemption | None:
    """The site's newest exemption from consultation, whatever its state (awaiting a decision,
    approved, refused): the one its pages and the API speak of."""
    return site.exemptions.select_related("requested_by", "decided_by").order_by("-requested_at", "-id").first()
