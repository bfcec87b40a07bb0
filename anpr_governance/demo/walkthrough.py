"""Drive a site along its lifecycle through the real services, as the people would.

Used by `seed_demo` to build demo data and by the tests to put a site in any status.
Nothing here bypasses a rule: each step is the service call a user's action makes.
"""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from anpr_governance.assessments import selectors as assessment_selectors
from anpr_governance.assessments import services as assessments
from anpr_governance.assessments.grounds import Grade, Ground, grade_for
from anpr_governance.consultations import selectors as consultation_selectors
from anpr_governance.consultations import services as consultations
from anpr_governance.reviews import selectors as review_selectors
from anpr_governance.reviews import services as reviews
from anpr_governance.reviews.models import DecommissionChecklist, Review
from anpr_governance.sites import services as sites
from anpr_governance.sites.lifecycle import Status
from anpr_governance.sites.models import Site

# The order in which a site reaches each status on its way to being decommissioned.
PATH = [
    Status.PROPOSED,
    Status.ASSESSMENT,
    Status.PRIVACY_REVIEW,
    Status.CONSULTATION,
    Status.AWAITING_APPROVAL,
    Status.APPROVED,
    Status.LIVE,
    Status.UNDER_REVIEW,
    Status.COLLECTION_CEASED,
    Status.DECOMMISSIONED,
]


@dataclass
class Actors:
    officer: object
    manager: object
    dpo: object


# The ICO template's sections (assessments.dpia_sections) as a force would write them for a
# fixed ANPR site; the seed varies some of them per site, tests use them as they are.
DPIA_SECTIONS = {
    "nature": (
        "Fixed ANPR cameras photograph passing vehicles and read their registration marks (VRMs) automatically. "
        "Each read (camera, VRM, date and time, plate and overview images) is sent to the force ANPR system, "
        "checked against hotlists (stolen vehicles, wanted and missing people, uninsured vehicles) and stored. "
        "Investigators search the reads for a recorded purpose and reference; reads are deleted at the end of "
        "retention by the system without human action."
    ),
    "scope": (
        "Every vehicle passing the site, in every lane covered, at all hours: an estimated 8,000 to 25,000 reads a "
        "day. The data is the VRM, time, place and images, which may show the driver and passengers. No special "
        "category data is sought, but images and journey patterns may reveal it incidentally. The area covered is "
        "the carriageway at the camera position only."
    ),
    "context": (
        "Drivers cannot opt out and most are not of police interest, so the processing is collateral to them. "
        "The public expects ANPR on main roads but is concerned about tracking; signage on the approaches and the "
        "force's published ANPR statement explain it. The Surveillance Camera Code of Practice and the National "
        "ANPR Standards for Policing and Law Enforcement (NASPLE) apply."
    ),
    "flow_collection": (
        "The camera reads the plate at the roadside; the roadside unit sends each read over an encrypted, "
        "authenticated link to the force ANPR back office, which records the camera and time of capture."
    ),
    "flow_storage": (
        "Reads are stored in the force's ANPR back office in the force data centre, encrypted at rest, with no "
        "copies kept at the roadside beyond the buffer needed if the link fails."
    ),
    "flow_access": (
        "Only investigators with a search grant for the site may search, with a purpose and a crime or incident "
        "reference; reads older than 90 days need a senior officer's authorisation. Every search, export and "
        "disclosure is recorded in the tamper-evident access log and dip-sampled by auditors."
    ),
    "flow_sharing": (
        "The back office forwards each read to the National ANPR Data Centre (NADC) under the National ANPR "
        "Service's rules; access there is governed by NASPLE and the national audit regime."
    ),
    "retention": (
        "Reads are kept 365 days (NASPLE) and deleted automatically each day once older; reads retained as "
        "evidence are copied into the case file and governed by the force's records management policy."
    ),
    "recipients": (
        "Force investigators and analysts; other police forces and law-enforcement agencies through the national "
        "ANPR service; the Crown Prosecution Service and courts when reads are used as evidence."
    ),
    "lawful_basis": (
        "Law-enforcement purposes under DPA 2018 Part 3, section 31: the prevention, investigation and detection "
        "of crime. The processing is necessary for the performance of a task carried out by the force as a "
        "competent authority (section 35(2)(b)), the task being set in common law and the Police Act 1996."
    ),
    "sensitive_processing": False,
    "consultation_plan": (
        "The parish and district councils, residents' associations and road users are consulted by letter and "
        "online before deployment; the DPO advises on this DPIA; the supplier and the force information security "
        "officer review the security measures."
    ),
    "security_measures": (
        "Encrypted links and storage; role-based access with named accounts and multi-factor sign-in; a "
        "hash-chained access log; penetration-tested back office; supplier assured against the national ANPR "
        "security requirements; cameras in locked housings."
    ),
}


@dataclass
class Texts:
    """What the officer writes; the seed passes realistic wording, tests the defaults."""

    pressing_need: str = "Strategic assessment: acquisitive crime on this route rose 18% year on year."
    community_views: str = "Parish council and residents' association supportive at the public meeting."
    alternatives: str = "Mobile ANPR and patrols tried for six months; coverage too intermittent."
    measures: str = "Reads used in at least 12 investigations a year; fewer cross-border burglaries."
    conclusion: str = "Necessary and proportionate for the grounds claimed."
    exceptional: str = "Exceptional case: repeated fuel theft linked to an organised group, no other option."
    processing: str = "Fixed cameras read VRMs of passing vehicles; reads kept 365 days."
    purposes: str = "Detect, deter and disrupt criminality using the road network."
    necessity: str = "Targeted at an evidenced problem; access to reads is controlled and logged."
    risks: list[dict] = field(
        default_factory=lambda: [
            {
                "description": "Collateral intrusion into the movements of law-abiding drivers.",
                "likelihood": "probable",
                "severity": "significant",
                "measures": "Searches need a purpose and reference; older data needs authorisation.",
                "effect": "reduced",
                "residual_likelihood": "remote", "residual_severity": "minimal",
            }
        ]
    )
    use_exemption: bool = False
    exemption_reason: str = (
        "Consulting on this site would reveal a covert deployment against an active organised crime group."
    )
    consultee: str = "Parish council"
    outcome: str = "You said signage should be clear; we added signs on both approaches."
    dpo_advice: str = "Proceed: retention and access controls are adequate."
    dpia_changes: str = "Signage wording added to the DPIA's measures after the consultation."
    dpia_sections: dict = field(default_factory=lambda: dict(DPIA_SECTIONS))


def grounds_for(location_type: str) -> list[str]:
    """The grounds graded V for the location type, or the best graded ones."""
    best = [g for g in Ground.values if grade_for(location_type, g) == Grade.V]
    return best or [g for g in Ground.values if grade_for(location_type, g) == Grade.M]


def complete_assessment(site: Site, actors: Actors, texts: Texts, extra_grounds=()) -> None:
    assessment = assessment_selectors.current_assessment(site)
    if assessment is None or assessment.status == "approved":
        assessment = assessments.assessment_create(actor=actors.officer, site=site)
    fields = {f"{g}_claimed": True for g in [*grounds_for(site.location_type), *extra_grounds]}
    for g in extra_grounds:
        if grade_for(site.location_type, g) == Grade.E:
            fields[f"{g}_justification"] = texts.exceptional
    assessments.assessment_update(
        actor=actors.officer, assessment=assessment,
        pressing_need_evidence=texts.pressing_need, community_views=texts.community_views,
        alternatives_considered=texts.alternatives, measures_of_success=texts.measures,
        conclusion=texts.conclusion, **fields,
    )
    assessments.assessment_submit(actor=actors.officer, assessment=assessment)
    assessments.assessment_approve(actor=actors.manager, assessment=assessment)


def prepare_dpia(site: Site, actors: Actors, texts: Texts):
    """Draft and submit the DPIA, the DPO's advice, and the manager's decisions on the
    measures and the advice: all that comes before the consultation."""
    dpia = assessments.dpia_create(actor=actors.officer, site=site)
    assessments.dpia_update(
        actor=actors.officer, dpia=dpia, screening_criteria=["public_monitoring", "data_matching", "tracking"],
        processing_description=texts.processing, purposes=texts.purposes,
        necessity_and_proportionality=texts.necessity, **texts.dpia_sections,
    )
    for risk in texts.risks:
        assessments.risk_add(actor=actors.officer, dpia=dpia, **risk)
    assessments.dpia_submit(actor=actors.officer, dpia=dpia)
    assessments.dpia_record_dpo_advice(actor=actors.dpo, dpia=dpia, summary=texts.dpo_advice)
    assessments.dpia_decide_measures(actor=actors.manager, dpia=dpia,
                                     approved={r.pk: True for r in assessment_selectors.active_risks(dpia)})
    return assessments.dpia_decide_dpo_advice(actor=actors.manager, dpia=dpia, accepted=True)


def sign_off_dpia(site: Site, actors: Actors, texts: Texts) -> None:
    """After the consultation (or its exemption): responses reviewed, then the final sign-off."""
    dpia = assessment_selectors.current_dpia(site)
    assessments.dpia_review_consultation_responses(actor=actors.manager, dpia=dpia, changes=texts.dpia_changes)
    assessments.dpia_approve(actor=actors.manager, dpia=dpia)


def complete_dpia(site: Site, actors: Actors, texts: Texts) -> None:
    """A whole DPIA cycle, for a site whose consultation requirement is already met (a new
    version after a material change)."""
    prepare_dpia(site, actors, texts)
    sign_off_dpia(site, actors, texts)


def complete_consultation(site: Site, actors: Actors, texts: Texts, on: datetime.date) -> None:
    if texts.use_exemption:
        exemption = consultations.exemption_request(actor=actors.officer, site=site, ground="covert_or_temporary",
                                                     reason=texts.exemption_reason)
        consultations.exemption_decide(actor=actors.manager, exemption=exemption, approve=True)
        return
    consultation = consultations.consultation_open(
        actor=actors.officer, site=site, method="public_meeting",
        summary="Proposal for ANPR coverage in the area (location not disclosed).", opened_on=on,
    )
    consultee = consultations.consultee_add(
        actor=actors.officer, consultation=consultation, name=texts.consultee, kind="parish_council", consulted_on=on
    )
    consultations.response_record(
        actor=actors.officer, consultation=consultation, consultee=consultee, respondent=texts.consultee,
        response="Supportive, provided signage is clear.", received_on=on,
    )
    consultations.consultation_close(actor=actors.officer, consultation=consultation, outcome=texts.outcome,
                                     closed_on=on)


# A review's privacy consideration, part by part (reviews.models.PRIVACY_PARTS).
REVIEW_PRIVACY_PARTS = {
    "privacy_intrusion_change": "Collateral intrusion unchanged: the cameras read only the carriageway.",
    "privacy_risks_change": "No new risks; the DPIA's register still describes them.",
    "privacy_complaints": "No complaints received since the last review.",
    "privacy_measures": "Signage in place on both approaches; searches need a purpose and reference.",
}


def review_site(site: Site, actors: Actors, *, outcome: str = Review.Outcome.CONTINUE, approve: bool = True) -> Review:
    review = review_selectors.open_review(site) or reviews.review_schedule(
        actor=actors.manager, site=site, due_on=site.next_review_due or timezone.localdate()
    )
    if review.state == Review.State.SCHEDULED:
        review = reviews.review_start(actor=actors.officer, review=review)
    review = reviews.review_update(
        actor=actors.officer, review=review,
        **REVIEW_PRIVACY_PARTS,
        evidence="Measures of success met: reads used in 15 investigations this year.",
        policing_challenge_continues=outcome != Review.Outcome.DECOMMISSION, outcome=outcome,
        exemption_still_holds=True if consultation_selectors.approved_exemption(site) else None,
    )
    review = reviews.review_submit(actor=actors.officer, review=review)
    if approve:
        review = reviews.review_approve(actor=actors.manager, review=review)
    return review


def advance(site: Site, to: Status, actors: Actors, texts: Texts | None = None, *, cameras: int = 1) -> Site:
    """Walk `site` forward from its current status to `to`, one service call at a time."""
    texts = texts or Texts()
    today = timezone.localdate()
    target_index = PATH.index(Status(to))
    while PATH.index(Status(site.status)) < target_index:
        status = Status(site.status)
        nxt = PATH[PATH.index(status) + 1]
        if status == Status.PROPOSED:
            for n in range(1, cameras + 1):
                if not site.cameras.filter(identifier=f"{site.reference}-C{n}").exists():
                    sites.camera_add(actor=actors.manager, site=site, identifier=f"{site.reference}-C{n}",
                                     lane=min(n, site.lanes))
        elif status == Status.ASSESSMENT:
            complete_assessment(site, actors, texts)
        elif status == Status.PRIVACY_REVIEW:
            prepare_dpia(site, actors, texts)
        elif status == Status.CONSULTATION:
            complete_consultation(site, actors, texts, on=today)
            sign_off_dpia(site, actors, texts)
        if status == Status.LIVE:
            review = review_selectors.open_review(site) or reviews.review_schedule(
                actor=actors.manager, site=site, due_on=site.next_review_due or today
            )
            reviews.review_start(actor=actors.officer, review=review)
        elif status == Status.UNDER_REVIEW:
            review_site(site, actors, outcome=Review.Outcome.DECOMMISSION)
        elif status == Status.COLLECTION_CEASED:
            for item in DecommissionChecklist.ITEMS:
                reviews.decommission_checklist_record(
                    actor=actors.manager, site=site, item=item, done_on=today, evidence=f"{item} confirmed"
                )
            sites.site_transition(actor=actors.manager, site=site, to=nxt, comment="Checklist complete.")
        else:
            actor = actors.manager if nxt in (Status.APPROVED, Status.LIVE) else actors.officer
            sites.site_transition(actor=actor, site=site, to=nxt)
        site.refresh_from_db()
    return site
