"""Subject access requests (DPA 2018 s.45), answered by the data protection officer.

The DPO gives the SAR reference, the VRM and how the requester's identity and keepership
were verified; every stored read of that VRM within retention is found, at every site (no
investigator's grant is needed or used); the DPO may withhold reads with a stated reason
(e.g. s.45(4): disclosure would prejudice an investigation) and then produces the response.
Both steps are in the access log with their counts; a refused attempt is logged too."""

import datetime
import re

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from anpr_governance.accounts.permissions import require_named_role
from anpr_governance.accounts.roles import DPO
from anpr_governance.audit.models import Action, Outcome
from anpr_governance.audit.services import access_log_append
from anpr_governance.core.exceptions import DomainError, NotPermitted
from anpr_governance.core.history import save_with_history

from ..models import Read, SubjectAccessRequest, WithheldRead
from ..rules import VRM_HINT, is_valid_vrm, normalise_vrm


def sar_reference_problem(reference: str) -> str:
    if not reference:
        return f"Enter the SAR reference: {settings.ANPR_SAR_REFERENCE_HINT}."
    if not re.fullmatch(settings.ANPR_SAR_REFERENCE_PATTERN, reference):
        return f"“{reference}” is not a SAR reference: give {settings.ANPR_SAR_REFERENCE_HINT}."
    return ""


def read_key(camera_id: int, read_at: datetime.datetime) -> str:
    """How a page names one read (its camera and moment) to withhold it."""
    return f"{camera_id}@{read_at.astimezone(datetime.UTC).isoformat()}"


def reads_held(sar: SubjectAccessRequest) -> list[dict]:
    """Every stored read of the request's VRM since its retention cutoff: when, which site and
    policing area (never the restricted location), and whether it is withheld and why."""
    withheld = {read_key(w.camera_id, w.read_at): w.reason for w in sar.withheld.all()} if sar.pk else {}
    rows = (Read.objects.filter(vrm=sar.vrm, read_at__gte=sar.retained_since, read_at__lte=sar.searched_at)
            .order_by("read_at", "camera_id")
            .values_list("camera_id", "read_at", "site_id", "site__reference", "site__policing_area__name"))
    return [
        {"key": read_key(camera, at), "camera_id": camera, "read_at": at, "site_id": site, "site": reference,
         "policing_area": area, "withheld_reason": withheld.get(read_key(camera, at), "")}
        for camera, at, site, reference, area in rows
    ]


def _per_site(reads: list[dict]) -> dict[int, int]:
    counts: dict[int, int] = {}
    for read in reads:
        counts[read["site_id"]] = counts.get(read["site_id"], 0) + 1
    return counts


def subject_access_search(*, actor, reference, vrm, identity_verification) -> SubjectAccessRequest:
    """Open a subject access request and find the reads held; refused (and logged) on bad input."""
    if actor is None or not actor.is_authenticated:
        raise NotPermitted("You must be signed in to answer subject access requests.")
    try:
        with transaction.atomic():
            return _search(actor, reference, vrm, identity_verification)
    except DomainError as refusal:
        access_log_append(
            actor=actor, action=Action.SUBJECT_ACCESS_SEARCHED, outcome=Outcome.REFUSED,
            vrm=normalise_vrm(vrm), reference=(reference or "").strip().upper() if isinstance(reference, str) else "",
            justification=refusal.message,
        )
        raise


def _search(actor, reference, vrm, identity_verification) -> SubjectAccessRequest:
    require_named_role(actor, DPO, doing="answer subject access requests")
    reference = (reference or "").strip().upper() if isinstance(reference, str) else ""
    vrm = normalise_vrm(vrm)
    note = (identity_verification or "").strip() if isinstance(identity_verification, str) else ""
    errors = {}
    if problem := sar_reference_problem(reference):
        errors["reference"] = [problem]
    elif SubjectAccessRequest.objects.filter(reference=reference).exists():
        errors["reference"] = [f"{reference} has already been searched: open it from the list of requests."]
    if not vrm:
        errors["vrm"] = ["Enter the VRM of the requester's vehicle, such as AB12CDE."]
    elif not is_valid_vrm(vrm):
        errors["vrm"] = [f"“{vrm}” is not a VRM: {VRM_HINT}."]
    if len(note) < 20:
        errors["identity_verification"] = [
            "Say how the requester's identity and keepership of the vehicle were verified (at least 20 characters)."
        ]
    if errors:
        raise DomainError(" ".join(m for ms in errors.values() for m in ms), field_errors=errors)
    now = timezone.now()
    sar = SubjectAccessRequest(
        reference=reference, vrm=vrm, identity_verification=note, searched_by=actor, searched_at=now,
        retained_since=now - datetime.timedelta(days=settings.ANPR_RETENTION_DAYS), reads_found=0,
    )
    reads = reads_held(sar)
    sar.reads_found = len(reads)
    save_with_history(sar, actor=actor, reason="reads.subject_access.searched")
    access_log_append(
        actor=actor, action=Action.SUBJECT_ACCESS_SEARCHED, vrm=vrm, reference=reference,
        justification=note, result_count=len(reads), subject=f"sar:{sar.pk}", sites=_per_site(reads),
    )
    return sar


@transaction.atomic
def subject_access_disclose(*, actor, sar: SubjectAccessRequest, withhold: list[str],
                            reason: str = "") -> SubjectAccessRequest:
    """Produce the response: the reads in `withhold` (keys from `reads_held`) are withheld for
    `reason`, every other read is disclosed. Once only: the response is then fixed."""
    require_named_role(actor, DPO, doing="answer subject access requests")
    sar = SubjectAccessRequest.objects.select_for_update().get(pk=sar.pk)
    if sar.state == SubjectAccessRequest.State.DISCLOSED:
        raise DomainError(f"The response to {sar.reference} was already produced: download it again below.")
    reads = {read["key"]: read for read in reads_held(sar)}
    withhold = sorted(set(withhold or []))
    reason = (reason or "").strip()
    unknown = [key for key in withhold if key not in reads]
    if unknown:
        raise DomainError("A read chosen to withhold is not among the reads found: open the request again.")
    if withhold and len(reason) < 10:
        message = "Say why the chosen reads are withheld, for example “disclosure would prejudice an investigation " \
                  "(DPA 2018 s.45(4))”."
        raise DomainError(message, field_errors={"reason": [message]})
    WithheldRead.objects.bulk_create([
        WithheldRead(request=sar, camera_id=reads[key]["camera_id"], read_at=reads[key]["read_at"], reason=reason)
        for key in withhold
    ])
    disclosed = [read for key, read in reads.items() if key not in set(withhold)]
    sar.state, sar.disclosed_by, sar.disclosed_at = SubjectAccessRequest.State.DISCLOSED, actor, timezone.now()
    sar.reads_disclosed = len(disclosed)
    save_with_history(sar, actor=actor, reason="reads.subject_access.disclosed")
    access_log_append(
        actor=actor, action=Action.SUBJECT_ACCESS_DISCLOSED, vrm=sar.vrm, reference=sar.reference,
        justification=reason, result_count=len(disclosed), subject=f"sar:{sar.pk}",
        details={"disclosed": len(disclosed), "withheld": len(withhold), "recipient": "the data subject"},
        sites=_per_site(disclosed),
    )
    return sar
