"""The lifecycle of a camera site as one explicit table (domain.md, "Lifecycle of a site").

Each row says which status may follow which, who may make the move, whether the
actor must hold the object permission on the site (the assigned governance officer),
whether the person who submitted the site may make it (separation of duties), and
which prerequisites must hold. `sites.services.site_transition` is the only code that
applies it.
"""

from dataclasses import dataclass, field

from django.db import models

from anpr_governance.accounts.permissions import require_not_same_person, require_role, require_site_assignment
from anpr_governance.accounts.roles import MANAGER, OFFICER, Role
from anpr_governance.core.exceptions import DomainError

from .prerequisites import PREREQUISITES


class Status(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    ASSESSMENT = "assessment", "In-depth assessment"
    PRIVACY_REVIEW = "privacy_review", "Privacy review"
    CONSULTATION = "consultation", "Consultation"
    AWAITING_APPROVAL = "awaiting_approval", "Awaiting approval"
    APPROVED = "approved", "Approved"
    LIVE = "live", "Live"
    UNDER_REVIEW = "under_review", "Under review"
    COLLECTION_CEASED = "collection_ceased", "Collection ceased"
    DECOMMISSIONED = "decommissioned", "Decommissioned"


# Statuses in which the site collects reads.
COLLECTING = frozenset({Status.LIVE, Status.UNDER_REVIEW})


@dataclass(frozen=True)
class Transition:
    source: Status
    target: Status
    action: str  # namespaced, e.g. "site.approved"; written to the history reason
    roles: frozenset[Role]
    # The actor must hold sites.change_site on this site (granted on assignment).
    needs_site_permission: bool = False
    # The person recorded as the site's submitter may not make this move.
    not_by_submitter: bool = False
    # A comment is required (returns and cessations outside a review say why).
    needs_comment: bool = False
    prerequisites: tuple[str, ...] = field(default=())

    def check_prerequisites(self, site) -> list[str]:
        """What is missing for this move, in words (empty when every prerequisite holds)."""
        return [problem for name in self.prerequisites if (problem := PREREQUISITES[name](site))]



TRANSITIONS: tuple[Transition, ...] = (
    Transition(Status.PROPOSED, Status.ASSESSMENT, "site.assessment_started", OFFICER,
               needs_site_permission=True),
    Transition(Status.ASSESSMENT, Status.PRIVACY_REVIEW, "site.privacy_review_started", OFFICER,
               needs_site_permission=True, prerequisites=("assessment_approved",)),
    # The DPIA is drafted and advised on before consultation; it is signed off after it
    # (its final sign-off needs the consultation closed or an exemption approved).
    Transition(Status.PRIVACY_REVIEW, Status.CONSULTATION, "site.consultation_started", OFFICER,
               needs_site_permission=True, prerequisites=("assessment_approved", "dpia_advised")),
    Transition(Status.CONSULTATION, Status.AWAITING_APPROVAL, "site.submitted_for_approval", OFFICER,
               needs_site_permission=True,
               prerequisites=("assessment_approved", "dpia_approved", "consulted_or_exempt")),
    Transition(Status.AWAITING_APPROVAL, Status.APPROVED, "site.approved", MANAGER,
               not_by_submitter=True,
               prerequisites=("assessment_approved", "dpia_approved", "consulted_or_exempt",
                              "ico_prior_consultation")),
    Transition(Status.AWAITING_APPROVAL, Status.CONSULTATION, "site.returned", MANAGER,
               not_by_submitter=True, needs_comment=True),
    Transition(Status.APPROVED, Status.LIVE, "site.went_live", MANAGER,
               prerequisites=("has_active_camera", "dpia_covers_cameras")),
    Transition(Status.LIVE, Status.UNDER_REVIEW, "site.review_started", OFFICER,
               needs_site_permission=True, prerequisites=("review_open",)),
    Transition(Status.UNDER_REVIEW, Status.LIVE, "site.review_continued", MANAGER,
               prerequisites=("review_approved_to_continue",)),
    # The review's approved outcome, or a confirmed decommissioning flag (reviews.flags).
    Transition(Status.UNDER_REVIEW, Status.COLLECTION_CEASED, "site.collection_ceased", MANAGER,
               prerequisites=("decommissioning_decided",)),
    # An urgent cessation outside a review (e.g. a legal direction); the reason is mandatory.
    Transition(Status.LIVE, Status.COLLECTION_CEASED, "site.collection_ceased", MANAGER,
               needs_comment=True),
    # Final: it cannot be undone, so the reason is mandatory (kept in the history).
    Transition(Status.COLLECTION_CEASED, Status.DECOMMISSIONED, "site.decommissioned", MANAGER,
               needs_comment=True, prerequisites=("decommission_checklist_complete",)),
)

_BY_EDGE = {(t.source, t.target): t for t in TRANSITIONS}


def transition_for(source: str, target: str) -> Transition | None:
    return _BY_EDGE.get((Status(source), Status(target)))


def check_move(actor, site, rule: Transition) -> None:
    """Raise NotPermitted (the actor may not make this move) or DomainError (what is missing),
    else return. The one check behind both the move the service makes (site_transition) and
    the moves a page offers (front.dossier), so that they cannot drift apart."""
    doing = f"move {site.reference} to {rule.target.label.lower()}"
    require_role(actor, rule.roles, doing=doing)
    if rule.needs_site_permission:
        require_site_assignment(actor, site, doing=doing)
    if rule.not_by_submitter:
        require_not_same_person(actor, site.submitted_by, doing=doing, their="submitted it for approval")
    problems = rule.check_prerequisites(site)
    if problems:
        raise DomainError(" ".join(problems))


def targets_from(source: str) -> list[Status]:
    return [t.target for t in TRANSITIONS if t.source == source]
