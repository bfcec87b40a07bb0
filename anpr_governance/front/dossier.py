"""What the site page shows (reads only): where the site stands in its lifecycle as a task
list, what is missing for its next step, its current documents, and the moves the reader
may make. A fixed number of queries, whatever the number of sites or records."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone

from anpr_governance.accounts.permissions import can_advise, can_decide, can_prepare, can_view_governance
from anpr_governance.accounts.roles import Role
from anpr_governance.assessments import selectors as assessment_selectors
from anpr_governance.assessments.grounds import GroundRow, ground_rows
from anpr_governance.assessments.models import DocumentStatus, ScreeningCriterion
from anpr_governance.consultations.models import Consultation, ConsultationExemption
from anpr_governance.core.exceptions import DomainError, NotPermitted
from anpr_governance.reviews.models import Review
from anpr_governance.sites.lifecycle import COLLECTING, Status, check_move, transition_for
from anpr_governance.sites.models import Site

# Moves made from the site page. The others belong to a service that makes them as part
# of its work: starting a review (reviews.review_start) and approving one (review_approve);
# urgent cessation and decommissioning belong to the decommissioning workflow.
MOVES = {
    (Status.PROPOSED, Status.ASSESSMENT): "Start the in-depth assessment",
    (Status.ASSESSMENT, Status.PRIVACY_REVIEW): "Move on to the privacy review",
    (Status.PRIVACY_REVIEW, Status.CONSULTATION): "Move on to consultation",
    (Status.CONSULTATION, Status.AWAITING_APPROVAL): "Submit the deployment for approval",
    (Status.AWAITING_APPROVAL, Status.APPROVED): "Approve the deployment",
    (Status.AWAITING_APPROVAL, Status.CONSULTATION): "Return the deployment with comments",
    (Status.APPROVED, Status.LIVE): "Record that the site is live",
}
# The step forward from each status, whose prerequisites say what is missing.
FORWARD = {
    Status.ASSESSMENT: Status.PRIVACY_REVIEW,
    Status.PRIVACY_REVIEW: Status.CONSULTATION,
    Status.CONSULTATION: Status.AWAITING_APPROVAL,
    Status.AWAITING_APPROVAL: Status.APPROVED,
    Status.APPROVED: Status.LIVE,
}
BEFORE_APPROVAL = (Status.PROPOSED, Status.ASSESSMENT, Status.PRIVACY_REVIEW, Status.CONSULTATION)
# Statuses by which the assessment, DPIA and consultation must exist: an imported site there
# without them was taken into the service as it stood, and they are missing.
RECORDS_DUE = (Status.APPROVED, Status.LIVE, Status.UNDER_REVIEW)
MISSING_HINT = "The site was taken into the service without it: record it."


@dataclass
class Task:
    title: str
    status: str  # words shown
    tag: str  # colour key for the status tag (core.templatetags.govuk.TAG_COLOURS)
    href: str = ""
    hint: str = ""


@dataclass
class Move:
    target: str
    label: str
    href: str
    # A button posting to `href` (it starts a record) rather than a link to a page.
    post: bool = False


@dataclass
class Blocked:
    """A move the reader's role makes, not possible yet: what is missing and who does it."""
    label: str
    missing: str


@dataclass
class Dossier:
    site: Site
    governance: bool  # the reader may see governance records
    can_prepare: bool
    can_decide: bool
    can_advise: bool
    assessment: object = None
    grounds: list[GroundRow] = field(default_factory=list)
    dpia: object = None
    risks: list = field(default_factory=list)
    criteria: list[str] = field(default_factory=list)
    consultations: list = field(default_factory=list)
    exemptions: list = field(default_factory=list)
    reviews: list = field(default_factory=list)
    open_review: object = None
    tasks: list[Task] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    moves: list[Move] = field(default_factory=list)
    blocked: list[Blocked] = field(default_factory=list)
    next_action: Move | None = None  # the reader's one next step, first on the page
    open_section: str = ""  # the section of the site page unfolded: where the current work is


def site_dossier(site: Site, *, user) -> Dossier:
    dossier = Dossier(
        site=site, governance=can_view_governance(user), can_prepare=can_prepare(user, site),
        can_decide=can_decide(user), can_advise=can_advise(user),
    )
    if not dossier.governance:
        return dossier
    ref = site.reference
    dossier.assessment = assessment_selectors.current_assessment(site)
    if dossier.assessment is not None:
        dossier.grounds = ground_rows(dossier.assessment.location_type or site.location_type, dossier.assessment)
    dossier.dpia = assessment_selectors.current_dpia(site)
    if dossier.dpia is not None:
        dossier.risks = list(assessment_selectors.active_risks(dossier.dpia))
        labels = dict(ScreeningCriterion.choices)
        dossier.criteria = [str(labels.get(c, c)) for c in dossier.dpia.screening_criteria]
    dossier.consultations = list(
        Consultation.objects.filter(site=site).select_related("opened_by", "closed_by")
        .prefetch_related("consultees", Prefetch("responses"))
    )
    dossier.exemptions = list(
        ConsultationExemption.objects.filter(site=site).select_related("requested_by", "decided_by")
    )
    dossier.reviews = list(Review.objects.filter(site=site).select_related("reviewer", "decided_by"))
    dossier.open_review = next(
        (r for r in sorted(dossier.reviews, key=lambda r: r.due_on) if r.state in Review.OPEN_STATES), None
    )
    dossier.tasks = _tasks(dossier, ref)
    forward = FORWARD.get(Status(site.status))
    if forward is not None:
        dossier.missing = transition_for(site.status, forward).check_prerequisites(site)
    dossier.moves, dossier.blocked = _moves(site, user)
    dossier.next_action = _next_action(dossier)
    dossier.open_section = CURRENT_SECTION.get(Status(site.status), "")
    return dossier


# The section of the site page where the work of each status is done (shown unfolded).
CURRENT_SECTION = {
    Status.ASSESSMENT: "assessment", Status.PRIVACY_REVIEW: "dpia", Status.CONSULTATION: "consultation",
    Status.LIVE: "reviews", Status.UNDER_REVIEW: "reviews",
}
# What the button says for a task the reader can do, by the task's state.
TASK_VERBS = {
    "not_started": "Start", "in_progress": "Continue", "returned": "Make the changes to", "submitted": "Decide on",
    "overdue": "Open", "due": "Open",
}

TASK_NAMES = {
    "In-depth assessment": "in-depth assessment", "Privacy impact assessment (DPIA)": "privacy impact assessment",
    "Consultation, or an approved exemption": "consultation", "Reviews": "review",
}


def _next_action(dossier: Dossier) -> Move | None:
    """The reader's next step: a move they may make now, else the first task whose form they
    may open (a link into a section of this page is not a step)."""
    if dossier.moves:
        return dossier.moves[0]
    site = dossier.site
    if dossier.assessment is None and dossier.can_prepare and site.status == Status.ASSESSMENT:
        return Move(target="", label="Start the in-depth assessment", post=True,
                    href=reverse("assessments:assessment_start", args=[site.reference]))
    for task in dossier.tasks:
        if task.href and "#" not in task.href and task.tag in TASK_VERBS:
            verb = "Give DPO advice on" if task.status == "Awaiting DPO advice" else (
                "Schedule" if "/schedule/" in task.href else TASK_VERBS[task.tag])
            what = "exemption from consultation" if "Exemption" in task.status else TASK_NAMES.get(task.title)
            return Move(target="", label=f"{verb} the {what}", href=task.href)
    return None


def _document_task(title, doc, *, edit_href, decide_href, anchor, dossier, site_open, advice_href="") -> Task:
    """A document's task: its state in words, linked to what the reader can do with it
    (write it, decide on it, advise on it) or else to its section of the site page."""
    if doc is None:
        if dossier.site.imported_at and dossier.site.status in RECORDS_DUE:
            return Task(title, "Missing", "overdue", edit_href if dossier.can_prepare else anchor, hint=MISSING_HINT)
        if not site_open:
            return Task(title, "Cannot start yet", "cannot_start", hint="The site must first be in assessment.")
        return Task(title, "Not yet started", "not_started", edit_href if dossier.can_prepare else anchor)
    status = doc.status
    if status in (DocumentStatus.DRAFT, DocumentStatus.RETURNED):
        words = "In progress" if status == DocumentStatus.DRAFT else "Returned: changes needed"
        return Task(title, words, "in_progress" if status == DocumentStatus.DRAFT else "returned",
                    edit_href if dossier.can_prepare else anchor,
                    hint=doc.decision_comment if status == DocumentStatus.RETURNED else "")
    if status == DocumentStatus.SUBMITTED:
        if advice_href and doc.dpo_advised_by_id is None:
            return Task(title, "Awaiting DPO advice", "submitted", advice_href if dossier.can_advise else anchor)
        return Task(title, "Awaiting approval", "submitted", decide_href if dossier.can_decide else anchor)
    return Task(title, "Completed", "completed", anchor)


def _tasks(dossier: Dossier, ref: str) -> list[Task]:
    site = dossier.site
    status = Status(site.status)
    site_open = status not in (Status.PROPOSED, Status.COLLECTION_CEASED, Status.DECOMMISSIONED)
    page = reverse("sites:detail", args=[ref])
    tasks = [
        _document_task(
            "In-depth assessment", dossier.assessment, dossier=dossier, site_open=site_open,
            edit_href=reverse("assessments:assessment_edit", args=[ref]),
            decide_href=reverse("assessments:assessment_decide", args=[ref]), anchor=f"{page}#assessment",
        ),
        _document_task(
            "Privacy impact assessment (DPIA)", dossier.dpia, dossier=dossier, site_open=site_open,
            edit_href=reverse("assessments:dpia_edit", args=[ref]),
            decide_href=reverse("assessments:dpia_decide", args=[ref]), anchor=f"{page}#dpia",
            advice_href=reverse("assessments:dpia_advice", args=[ref]),
        ),
        _consultation_task(dossier, ref, page),
        _approval_task(status, page, site),
        _review_task(dossier, ref, page),
    ]
    return tasks


def _consultation_task(dossier: Dossier, ref: str, page: str) -> Task:
    title = "Consultation, or an approved exemption"
    anchor = f"{page}#consultation"
    if any(e.state == ConsultationExemption.State.APPROVED for e in dossier.exemptions):
        return Task(title, "Completed: exempt", "completed", anchor)
    if any(c.state == Consultation.State.CLOSED and c.outcome for c in dossier.consultations):
        return Task(title, "Completed", "completed", anchor)
    pending = next((e for e in dossier.exemptions if e.state == ConsultationExemption.State.PENDING), None)
    if pending is not None:
        href = reverse("consultations:exemption_decide", args=[ref, pending.pk]) if dossier.can_decide else anchor
        return Task(title, "Exemption awaiting decision", "submitted", href)
    if any(c.state == Consultation.State.OPEN for c in dossier.consultations):
        return Task(title, "In progress", "in_progress", anchor)
    if dossier.site.imported_at and Status(dossier.site.status) in RECORDS_DUE:
        href = reverse("consultations:open", args=[ref]) if dossier.can_prepare else anchor
        return Task(title, "Missing", "overdue", href, hint=MISSING_HINT)
    if Status(dossier.site.status) in (Status.PROPOSED, Status.ASSESSMENT):
        return Task(title, "Cannot start yet", "cannot_start",
                    hint="Consultation opens once the in-depth assessment is approved.")
    href = reverse("consultations:open", args=[ref]) if dossier.can_prepare else anchor
    return Task(title, "Not yet started", "not_started", href)


def _approval_task(status: Status, page: str, site: Site) -> Task:
    title = "Approval of the deployment"
    if site.imported_at and status not in BEFORE_APPROVAL and status != Status.AWAITING_APPROVAL \
            and site.approved_at is None:
        return Task(title, "Not recorded: imported", "cannot_start", f"{page}#history",
                    hint="The site was imported as it stood; its approval is not in the service.")
    if status in BEFORE_APPROVAL:
        return Task(title, "Cannot start yet", "cannot_start",
                    hint="Submitted once the assessment, DPIA and consultation are complete.")
    if status == Status.AWAITING_APPROVAL:
        return Task(title, "Awaiting approval", "submitted", f"{page}#next-steps")
    if status == Status.APPROVED:
        return Task(title, "Approved: not yet live", "approved", f"{page}#next-steps")
    return Task(title, "Completed", "completed", f"{page}#approvals")


def _review_task(dossier: Dossier, ref: str, page: str) -> Task:
    title = "Reviews"
    site = dossier.site
    status = Status(site.status)
    anchor = f"{page}#reviews"
    review = dossier.open_review
    today = timezone.localdate()
    if status in (Status.COLLECTION_CEASED, Status.DECOMMISSIONED):
        return Task(title, "Completed: collection ceased", "completed", anchor)
    if review is not None:
        if review.state == Review.State.SCHEDULED:
            href = reverse("reviews:start", args=[ref, review.pk]) if dossier.can_prepare else anchor
            overdue = review.due_on < today
            return Task(title, f"{'Overdue' if overdue else 'Due'} {_day(review.due_on)}",
                        "overdue" if overdue else "due", href)
        if review.state in (Review.State.IN_PROGRESS, Review.State.RETURNED):
            href = reverse("reviews:edit", args=[ref, review.pk]) if dossier.can_prepare else anchor
            words = "In progress" if review.state == Review.State.IN_PROGRESS else "Returned: changes needed"
            return Task(title, words, "in_progress" if review.state == Review.State.IN_PROGRESS else "returned",
                        href, hint=review.decision_comment if review.state == Review.State.RETURNED else "")
        href = reverse("reviews:decide", args=[ref, review.pk]) if dossier.can_decide else anchor
        return Task(title, "Awaiting approval", "submitted", href)
    if status not in COLLECTING:
        return Task(title, "Cannot start yet", "cannot_start", hint="Reviews begin once the site is live.")
    due = site.next_review_due
    if due is None:
        return Task(title, "No review date set", "not_started", anchor)
    href = reverse("reviews:schedule", args=[ref]) if dossier.can_decide else anchor
    if due < today:
        return Task(title, f"Overdue since {_day(due)}", "overdue", href)
    return Task(title, f"Next review due {_day(due)}", "completed" if (due - today).days > 90 else "due", href)


def _moves(site: Site, user) -> tuple[list[Move], list[Blocked]]:
    """The moves the reader may make now, and those of their role that are blocked, decided by
    the same check the service makes (sites.lifecycle.check_move): never a button that fails."""
    moves, blocked = [], []
    for (source, target), label in MOVES.items():
        if site.status != source:
            continue
        rule = transition_for(source, target)
        try:
            check_move(user, site, rule)
        except NotPermitted:
            # Not the reader's move; but say so when the one blocker is separation of duties.
            if rule.not_by_submitter and _holds(user, rule) and site.submitted_by_id == user.pk:
                blocked.append(Blocked(label, f"You submitted it for approval: another {_who(rule)} must "
                                              f"{label.split(' ', 1)[0].lower()} it."))
            continue
        except DomainError as missing:
            then = f"Then the {_who(rule)} can {label[0].lower()}{label[1:]}."
            blocked.append(Blocked(label, f"{missing.message} {then}"))
            continue
        if source == Status.AWAITING_APPROVAL:  # approve or return: one decision page, with the evidence
            if not any(m.target == "decide" for m in moves):
                moves.append(Move(target="decide", label="Decide on the deployment",
                                  href=reverse("sites:decide", args=[site.reference])))
            continue
        if target == Status.ASSESSMENT:  # one button: the site moves on and the assessment form opens
            moves.append(Move(target=target.value, label=label, post=True,
                              href=reverse("assessments:assessment_start", args=[site.reference])))
            continue
        moves.append(Move(target=target.value, label=label,
                          href=reverse("sites:move", args=[site.reference, target.value])))
    return moves, blocked


def _holds(user, rule) -> bool:
    return any(user.has_role(role) for role in rule.roles)


def _who(rule) -> str:
    return " or ".join(sorted(Role(r).value.lower() for r in rule.roles))


def _day(value: datetime.date) -> str:
    return f"{value.day} {value:%B %Y}"
