"""The demo: a fictional force's governance of its ANPR sites, built through the real services.

`seed_demo` calls `seed()`. It creates a login per role, the nine policing areas of
Staffordshire and Stoke-on-Trent, and 64 fictional camera sites over 109 lanes (the
force's published figures) in every lifecycle status. Each site is walked along its
lifecycle by the services a user's actions call, so every rule holds and every record
has its history.

Sites are described by road class and district with invented grid references, never as
real camera positions (domain.md, "Demo data hints"). The wording varies per site but is
deterministic: one `random.Random(SEED)` drives every choice, in table order.

Dates. The services stamp today's date on what they do, so a freshly seeded site would
have gone live today with its review a full interval away. For a realistic review
calendar (some overdue, some due within 30/60/90 days, earlier reviews completed) the
seed then moves those dates, and only those, through `save_with_history` with the reason
"seed_demo: backdated for demonstration": the history shows that the dates were set by
the seed, not by a person.
"""


import datetime
import random
import secrets
from collections import Counter
from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from anpr_governance.accounts.models import PolicingArea, User
from anpr_governance.accounts.roles import Role
from anpr_governance.accounts.services import BOOTSTRAP_ROLES, role_bootstrap, role_change_decide, role_change_propose
from anpr_governance.assessments import dpia_sections
from anpr_governance.assessments import selectors as assessment_selectors
from anpr_governance.assessments import services as assessments
from anpr_governance.assessments.grounds import Grade, grade_for
from anpr_governance.assessments.models import PrivacyImpactAssessment
from anpr_governance.consultations import selectors as consultation_selectors
from anpr_governance.consultations import services as consultations
from anpr_governance.consultations.models import Consultation, Method
from anpr_governance.core.exceptions import DomainError
from anpr_governance.core.history import save_with_history
from anpr_governance.demo.walkthrough import (
    DPIA_SECTIONS,
    PATH,
    REVIEW_PRIVACY_PARTS,
    Actors,
    Texts,
    advance,
    sign_off_dpia,
)
from anpr_governance.reviews import selectors as review_selectors
from anpr_governance.reviews import services as reviews
from anpr_governance.reviews.models import Review
from anpr_governance.sites import services as sites
from anpr_governance.sites.lifecycle import Status
from anpr_governance.sites.models import Site

from . import public as demo_public
from . import reads as demo_reads
from .content import (
    ALTERNATIVES,
    AREAS,
    BACKDATED,
    COMMUNITY_VIEWS,
    CONCLUSIONS,
    CONSULTEES,
    CROWDED,
    DIRECTIONS,
    DPO_ADVICE,
    EXCEPTIONAL,
    EXEMPTION_REASONS,
    EXTRA_CONSULTEES,
    GROUND_REASONS,
    ICO_RISK,
    ICO_SENSITIVE,
    LIVE_REVIEW_OFFSETS,
    MEASURES,
    MINOR,
    NECESSITY,
    OUTCOMES,
    PEOPLE,
    PRIVATE,
    REFERENCES,
    RESPONSES,
    RETURN_COMMENTS,
    REVIEW_EVIDENCE,
    REVIEW_EVIDENCE_CEASING,
    REVIEW_PRIVACY,
    RISKS,
    SEED,
    SERIOUS,
    SITES,
    THEMES,
    TOTAL_LANES,
    Theme,
)


@dataclass
class Story:
    """What is true of one demo site: the wording and the calendar the seed gives it."""

    texts: Texts
    theme: Theme
    officer: User
    manager: User
    interval: int = 12
    review_offset: int | None = None  # live sites: next review, days from today
    earlier_review: bool = False  # live sites: an earlier review was completed
    review_notes: dict = field(default_factory=dict)
    direction: str = ""  # of the carriageway read, for roads
    ico_request: bool = False  # a residual high risk: prior consultation with the ICO awaited


# --- the report the command prints ------------------------------------------------------------


@dataclass
class Report:
    already_present: bool = False
    status_counts: dict = field(default_factory=dict)
    lanes: int = 0
    areas: int = 0
    logins: list = field(default_factory=list)  # (username, role, full name)
    created_users: list = field(default_factory=list)
    password: str = ""
    password_source: str = ""  # "option", "setting" or "generated"
    read_data: list = field(default_factory=list)  # lines about the demo's read data

    def lines(self) -> list[str]:
        out = []
        if self.already_present:
            out.append("Demo data already present: sites, areas and records left as they are.")
        else:
            total = sum(self.status_counts.values())
            out.append(f"Demo data loaded: {total} sites over {self.lanes} lanes in {self.areas} policing areas.")
        for status in Status:
            out.append(f"  {status.label:<22} {self.status_counts.get(status.value, 0):>3}")
        out.append("")
        out.append("Logins:")
        for username, role, name in self.logins:
            out.append(f"  {username:<13} {role:<25} {name}")
        if self.created_users:
            source = {"option": "given with --password", "setting": "from DEMO_PASSWORD",
                      "generated": "generated: note it now, it is not stored anywhere"}[self.password_source]
            out.append(f"Password for the new logins ({source}): {self.password}")
        others = [u for u, _, _ in self.logins if u not in self.created_users]
        if others:
            out.append(f"Existing logins keep their passwords: {', '.join(others)}.")
        out.extend(self.read_data)
        return out


def resolve_password(given: str | None, setting: str | None) -> tuple[str, str]:
    """The demo password and where it came from: the option, the setting, or generated."""
    if given:
        return given, "option"
    if setting:
        return setting, "setting"
    return secrets.token_urlsafe(12), "generated"


# --- building ----------------------------------------------------------------------------------


def seed(*, password: str | None = None) -> Report:
    """Build the demo in one transaction, or, if it is there already, only make sure the logins exist."""
    with transaction.atomic():
        report = Report()
        people = _ensure_people(report, password)
        present = Site.objects.filter(reference__in=REFERENCES).count()
        if present == len(REFERENCES):
            report.already_present = True
        elif present:
            raise DomainError(
                f"{present} of the demo references STS-001 to STS-{len(REFERENCES):03d} already exist, but not all: "
                "the demo cannot be loaded over them. Use an empty database."
            )
        else:
            areas = _ensure_areas()
            _build_sites(people, areas)
        demo = Site.objects.filter(reference__in=REFERENCES)
        report.status_counts = Counter(demo.values_list("status", flat=True))
        report.lanes = sum(demo.values_list("lanes", flat=True))
        report.areas = PolicingArea.objects.filter(sites__in=demo).distinct().count()
        report.read_data = demo_reads.seed_reads(people)
        return report


def _ensure_people(report: Report, password: str | None) -> dict[str, User]:
    """get_or_create each login; a password is set only on the accounts created now."""
    existing = {u.username: u for u in User.objects.filter(username__in=[p.username for p in PEOPLE])}
    missing = [p for p in PEOPLE if p.username not in existing]
    hashed = ""
    if missing:
        report.password, report.password_source = resolve_password(password, settings.DEMO_PASSWORD)
        hashed = make_password(report.password)  # hashed once: the demo logins share it
    people = {}
    for person in PEOPLE:
        user = existing.get(person.username)
        if user is None:
            user = User(username=person.username, first_name=person.first_name, last_name=person.last_name,
                        email=person.email, is_staff=person.is_staff)
            user.password = hashed
            save_with_history(user, actor=None, reason="seed_demo: demo login created")
            report.created_users.append(person.username)
        people[person.username] = user
        report.logins.append((person.username, person.role.value, user.get_full_name() or person.username))
    _ensure_roles(people)
    return people


def _ensure_roles(people: dict[str, User]) -> None:
    """Each login's role, through the services, so the demo's access log shows how roles are given:
    the first system administrator and DPO are set up on the server, every other role is proposed
    by a system administrator and approved by another person (the DPO)."""
    for person in sorted(PEOPLE, key=lambda p: p.role not in BOOTSTRAP_ROLES):  # the approvers first
        user = people[person.username]
        if person.role in set(user.groups.values_list("name", flat=True)):
            continue
        holders = User.objects.filter(is_active=True).exclude(pk=user.pk)
        if person.role in BOOTSTRAP_ROLES and not holders.filter(groups__name=person.role).exists():
            role_bootstrap(user=user, role=person.role, reason="seed_demo: the demo's first holder of the role.")
        else:
            proposer = holders.filter(groups__name=Role.SYSTEM_ADMINISTRATOR).order_by("pk").first()
            approver = holders.exclude(pk=proposer.pk).filter(
                groups__name__in=[Role.DATA_PROTECTION_OFFICER, Role.SYSTEM_ADMINISTRATOR]).order_by("pk").first()
            change = role_change_propose(actor=proposer, user=user, role=person.role,
                                         reason="seed_demo: the demo login for this role.")
            role_change_decide(actor=approver, change=change, decision="approve")
        user.__dict__.pop("_role_names", None)


def _ensure_areas() -> dict[str, PolicingArea]:
    areas = {}
    for name, code, *_ in AREAS:
        area = PolicingArea.objects.filter(code=code).first() or PolicingArea.objects.filter(name=name).first()
        if area is None:
            area = save_with_history(PolicingArea(name=name, code=code), actor=None,
                                     reason="seed_demo: policing area created")
        areas[code] = area
    return areas


def _build_sites(people: dict[str, User], areas: dict[str, PolicingArea]) -> None:
    if TOTAL_LANES != 109 or len(SITES) != 64:
        raise AssertionError("The demo must have 64 sites over 109 lanes (the force's published figures).")
    rng = random.Random(SEED)  # noqa: S311 (wording, not security)
    today = timezone.localdate()
    offsets = list(LIVE_REVIEW_OFFSETS)
    rng.shuffle(offsets)
    variants = Counter()
    officers = [people["officer"], people["officer2"]]
    managers = [people["manager"], people["manager2"]]
    grid = {code: (square, east, north) for _, code, square, east, north in AREAS}
    for index, (code, name, location_type, lanes, status) in enumerate(SITES):
        reference = REFERENCES[index]
        story = _story(rng, location_type, lanes, officers[index % 2], managers[(index // 2) % 2])
        if status == Status.LIVE:
            offset = offsets.pop()
            upper = 360 if story.interval == 12 else 175
            story.review_offset = offset if offset is not None else rng.randint(95, upper)
            completed = today + datetime.timedelta(days=story.review_offset) - relativedelta(months=story.interval)
            story.earlier_review = completed <= today - datetime.timedelta(days=14) and rng.random() < 0.45
        square, (e_lo, e_hi), (n_lo, n_hi) = grid[code]
        site = sites.site_create(
            actor=story.manager, reference=reference, name=name, policing_area=areas[code],
            location_type=location_type, lanes=lanes,
            location_description=_location_description(rng, location_type, lanes, story.direction),
            grid_reference=f"{square} {rng.randint(e_lo, e_hi):03d} {rng.randint(n_lo, n_hi):03d}",
            # One newly proposed site still waits for a manager to assign its officer.
            governance_officer=None if (status == Status.PROPOSED and variants[status] == 0) else story.officer,
            review_interval_months=story.interval,
        )
        if status == Status.AWAITING_APPROVAL and variants[status] == 0:
            # One site waits for the ICO: a residual high risk, the request sent three weeks ago.
            story.texts.risks.append(dict(ICO_RISK))
            story.texts.dpia_sections |= ICO_SENSITIVE
            story.ico_request = True
        _walk(site, status, variants[status], story, people["dpo"], rng, today)
        variants[status] += 1
    _one_dpia_from_before_the_template()


def _one_dpia_from_before_the_template() -> None:
    """The oldest live site's DPIA as DPIAs stood before the ICO template's sections were asked
    (assessments migration 0007): kept, with each new section shown as "Missing"."""
    site = Site.objects.filter(reference__in=REFERENCES, status=Status.LIVE).order_by("reference").first()
    dpia = assessment_selectors.approved_dpia(site)
    for name in dpia_sections.ALL_FIELDS:
        if name not in ("processing_description", "purposes", "necessity_and_proportionality"):
            setattr(dpia, name, PrivacyImpactAssessment._meta.get_field(name).get_default())
    save_with_history(dpia, actor=None, reason="seed_demo: as recorded before the ICO template's sections")


def _story(rng: random.Random, location_type: str, lanes: int, officer: User, manager: User) -> Story:
    theme = rng.choice(THEMES[location_type])
    n, pct = rng.randint(8, 40), rng.randint(12, 45)
    use_exemption = SERIOUS in theme.grounds and rng.random() < 0.3
    texts = Texts(
        pressing_need=(
            f"Strategic assessment: {theme.problem} in the district rose {pct}% over the last twelve months; "
            f"{rng.randint(6, 60)} intelligence reports link the route to {theme.offenders}."
        ),
        community_views=rng.choice(COMMUNITY_VIEWS),
        alternatives=rng.choice(ALTERNATIVES),
        measures=rng.choice(MEASURES).format(n=n, problem=theme.problem),
        conclusion=rng.choice(CONCLUSIONS),
        processing=(
            f"{'One fixed camera reads' if lanes == 1 else f'{lanes} fixed cameras, one per lane, read'} the VRM of "
            "every passing vehicle; "
            "each read (camera, VRM, date and time, image) goes to the force ANPR system and is kept 365 days."
        ),
        purposes=f"Detect, deter and disrupt {theme.problem} and other criminality using the route.",
        necessity=rng.choice(NECESSITY),
        risks=[dict(r) for r in [RISKS[0], *rng.sample(RISKS[1:], rng.randint(1, 3))]],
        use_exemption=use_exemption,
        exemption_reason=rng.choice(EXEMPTION_REASONS),
        outcome=rng.choice(OUTCOMES),
        dpo_advice=rng.choice(DPO_ADVICE),
        dpia_sections=_dpia_sections(rng, theme, lanes),
    )
    story = Story(texts=texts, theme=theme, officer=officer, manager=manager,
                  interval=6 if location_type == PRIVATE else 12,
                  direction=rng.choice(DIRECTIONS.get(location_type, ("",))))
    story.review_notes = {
        "privacy": rng.choice(REVIEW_PRIVACY),
        "evidence": rng.choice(REVIEW_EVIDENCE).format(
            n=rng.randint(6, 45), k=rng.randint(2, 9), pct=rng.randint(8, 35), problem=theme.problem,
            Problem=theme.problem[0].upper() + theme.problem[1:]),
        "ceasing": rng.choice(REVIEW_EVIDENCE_CEASING).format(k=rng.randint(2, 4), problem=theme.problem),
        "n": rng.randint(3, 14),
    }
    return story


def _dpia_sections(rng: random.Random, theme, lanes: int) -> dict:
    """The ICO template's sections for this site: the force's standard wording, made specific."""
    reads = rng.randint(4, 30) * 1000 * lanes
    sections = dict(DPIA_SECTIONS)
    sections["scope"] = (
        f"Every vehicle passing the site in the {lanes} lane{'s' * (lanes > 1)} covered, at all hours: about "
        f"{reads:,} reads a day. The data is the VRM, time, place and images, which may show the driver and "
        "passengers. No special category data is sought, but images and journey patterns may reveal it "
        "incidentally. The area covered is the carriageway at the camera position only."
    )
    sections["context"] = DPIA_SECTIONS["context"] + (
        f" The site responds to {theme.problem}; local concern about it was raised at community meetings."
    )
    return sections


def _location_description(rng: random.Random, location_type: str, lanes: int, direction: str) -> str:
    if location_type in DIRECTIONS:
        mount = "gantry-mounted" if lanes > 2 else "column-mounted"
        where = rng.choice(("on the approach to a junction", "between two junctions", "near a lay-by",
                            "beyond a roundabout"))
        return f"{direction.capitalize()} carriageway, {mount}, covering {lanes} lane{'s' * (lanes > 1)} {where}."
    return {
        MINOR: rng.choice(("Single-track approach to a village, camera on a timber pole set back from the verge.",
                           "Rural crossroads, camera on a street-lighting column facing away from houses.")),
        CROWDED: rng.choice(("Vehicle entrance to the shopping area's main car park, column-mounted.",
                             "Service road into the centre, wall-mounted above the barrier.")),
        PRIVATE: rng.choice(("Forecourt entrance, mounted on the canopy, by agreement with the operator.",
                             "Entry and exit lanes of the site, mounted on the operator's gantry.")),
    }[location_type]


def _walk(site: Site, target: Status, variant: int, story: Story, dpo: User, rng: random.Random,
          today: datetime.date) -> None:
    """Walk the site to `target`; `variant` picks which step in progress a site of that status shows."""
    actors = Actors(officer=story.officer, manager=story.manager, dpo=dpo)
    texts = story.texts
    installed_on = went_live = due = None
    if target in (Status.LIVE, Status.UNDER_REVIEW, Status.COLLECTION_CEASED, Status.DECOMMISSIONED):
        # Reviews fall due one interval after going live (two, for a site reviewed once already).
        offset = story.review_offset if story.review_offset is not None else -rng.randint(5, 40)
        due = today + datetime.timedelta(days=offset)
        went_live = due - relativedelta(months=story.interval * (2 if story.earlier_review else 1))
        installed_on = went_live - datetime.timedelta(days=rng.randint(7, 30))
    for lane in range(1, site.lanes + 1):
        sites.camera_add(actor=actors.manager, site=site, identifier=f"{site.reference}-C{lane}", lane=lane,
                         direction=story.direction, installed_on=installed_on)
    if target == Status.PROPOSED:  # its cameras are planned, not yet installed
        return
    advance(site, Status.ASSESSMENT, actors, texts, cameras=site.lanes)  # cameras are there: only the move

    if target == Status.ASSESSMENT:
        return _assessment_in_progress(site, actors, story, variant)
    _assessment(site, actors, story, submit=True, approve=True)
    _move(site, actors.officer, Status.PRIVACY_REVIEW)

    if target == Status.PRIVACY_REVIEW:
        return _dpia_in_progress(site, actors, texts, variant)
    advance(site, Status.CONSULTATION, actors, texts)  # the DPIA with its risks, DPO advice, step-7 decisions

    if target == Status.CONSULTATION:
        return _consultation_in_progress(site, actors, story, variant, rng, today)
    _consult(site, actors, story, rng, before=went_live or today)
    if story.ico_request:
        assessments.dpia_record_ico_consultation(
            actor=actors.officer, dpia=assessment_selectors.current_dpia(site), reference="RFA0612345",
            consulted_on=today - datetime.timedelta(days=20))
    sign_off_dpia(site, actors, texts)  # after the consultation: responses reviewed, residual risks signed off
    _move(site, actors.officer, Status.AWAITING_APPROVAL)
    if target == Status.AWAITING_APPROVAL:
        return

    advance(site, min(target, Status.LIVE, key=PATH.index), actors, texts)
    if target == Status.APPROVED:
        return
    if target == Status.LIVE:
        return _review_calendar(site, actors, story, rng, today)

    # Under review, ceased or decommissioned: the review fell due a little while ago.
    _set_next_review(site, actors, due)
    advance(site, Status.UNDER_REVIEW, actors, texts)  # schedules the review and starts it
    if target == Status.UNDER_REVIEW:
        return _review_in_progress(site, actors, story, variant)
    _review(site, actors, story, outcome=Review.Outcome.DECOMMISSION, approve=True)
    site.refresh_from_db()
    _decommissioning(site, actors, today, complete=target == Status.DECOMMISSIONED, partial=variant == 0)


# --- the steps ----------------------------------------------------------------------------------


def _move(site: Site, actor, to: Status, comment: str = "") -> None:
    """Move the site along the lifecycle; the service works on a locked copy, so re-read ours."""
    sites.site_transition(actor=actor, site=site, to=to, comment=comment)
    site.refresh_from_db()


def _assessment(site: Site, actors: Actors, story: Story, *, submit: bool, approve: bool,
                partial: bool = False):
    """The in-depth assessment, claiming the theme's grounds; an E-graded ground carries its exceptional case."""
    texts, n = story.texts, story.review_notes["n"]
    assessment = assessments.assessment_create(actor=actors.officer, site=site)
    fields = {"pressing_need_evidence": texts.pressing_need, "community_views": texts.community_views}
    if not partial:
        for ground in story.theme.grounds:
            fields[f"{ground}_claimed"] = True
            if grade_for(site.location_type, ground) == Grade.E:
                fields[f"{ground}_justification"] = EXCEPTIONAL[ground].format(n=n)
            else:
                fields[f"{ground}_justification"] = GROUND_REASONS[ground]
        fields |= {"alternatives_considered": texts.alternatives, "measures_of_success": texts.measures,
                   "conclusion": texts.conclusion}
    assessments.assessment_update(actor=actors.officer, assessment=assessment, **fields)
    if submit:
        assessments.assessment_submit(actor=actors.officer, assessment=assessment)
    if approve:
        assessments.assessment_approve(actor=actors.manager, assessment=assessment)
    return assessment


def _assessment_in_progress(site, actors, story, variant):
    if variant == 0:  # a draft the officer is still writing
        _assessment(site, actors, story, submit=False, approve=False, partial=True)
    elif variant == 1:  # submitted, waiting for a manager
        _assessment(site, actors, story, submit=True, approve=False)
    else:  # returned by the manager with a comment
        assessment = _assessment(site, actors, story, submit=True, approve=False)
        assessments.assessment_return(
            actor=actors.manager, assessment=assessment,
            comment="Give the crime figures for the route itself, not the district, and say why mobile ANPR "
                    "would not do.",
        )


def _dpia_in_progress(site, actors, texts, variant):
    dpia = assessments.dpia_create(actor=actors.officer, site=site)
    assessments.dpia_update(actor=actors.officer, dpia=dpia,
                            screening_criteria=["public_monitoring", "data_matching", "tracking"],
                            processing_description=texts.processing, purposes=texts.purposes,
                            necessity_and_proportionality="" if variant == 0 else texts.necessity,
                            # a draft still being written has only the first sections of the template
                            **({k: texts.dpia_sections[k] for k in ("nature", "scope", "context")} if variant == 0
                               else texts.dpia_sections))
    for risk in texts.risks[: 1 if variant == 0 else None]:
        assessments.risk_add(actor=actors.officer, dpia=dpia, **risk)
    if variant >= 1:  # submitted: the DPO is asked to advise
        assessments.dpia_submit(actor=actors.officer, dpia=dpia)
    if variant >= 2:  # advised: waiting for the manager's sign-off
        assessments.dpia_record_dpo_advice(actor=actors.dpo, dpia=dpia, summary=texts.dpo_advice)


def _consult(site, actors, story, rng, *, before: datetime.date):
    """A closed consultation with its "you said, we did" outcome, or an approved exemption."""
    texts = story.texts
    if texts.use_exemption:
        exemption = consultations.exemption_request(actor=actors.officer, site=site, ground="covert_or_temporary",
                                                     reason=texts.exemption_reason)
        consultations.exemption_decide(actor=actors.manager, exemption=exemption, approve=True,
                                       comment="Agreed: consulting would defeat the policing purpose.")
        return
    # One published consultation has closed, with its "you said, we did" on its public page.
    public = not Consultation.objects.exclude(public_summary="").filter(state=Consultation.State.CLOSED).exists()
    consultation, consulted = _open_consultation(site, actors, rng, opened=before - datetime.timedelta(
        days=rng.randint(80, 120)), public=public)
    consultations.consultation_close(actor=actors.officer, consultation=consultation, outcome=texts.outcome,
                                     closed_on=consulted + datetime.timedelta(days=rng.randint(21, 42)))


def _open_consultation(site, actors, rng, *, opened: datetime.date, respond_to: int | None = None,
                       public: bool = False):
    """Open a consultation and record its consultees (and their responses); `public` publishes it on
    /consult/ with a summary for residents, open for replies for six weeks."""
    summary = f"Proposal for ANPR coverage in the {site.policing_area.name} area (location not disclosed)."
    consultation = consultations.consultation_open(
        actor=actors.officer, site=site, method=rng.choice([m for m in Method.values if m != Method.OTHER]),
        summary=summary, opened_on=opened,
        **(demo_public.public_fields(site, rng, opened) if public else {}),
    )
    chosen = rng.sample(CONSULTEES, rng.randint(2, 3))
    if site.location_type in EXTRA_CONSULTEES:
        chosen.append(EXTRA_CONSULTEES[site.location_type])
    consulted = opened + datetime.timedelta(days=rng.randint(0, 7))
    for position, (name, kind) in enumerate(chosen):
        consultee = consultations.consultee_add(actor=actors.officer, consultation=consultation, name=name,
                                                kind=kind, consulted_on=consulted)
        if respond_to is None or position < respond_to:
            consultations.response_record(
                actor=actors.officer, consultation=consultation, consultee=consultee, respondent=name,
                response=rng.choice(RESPONSES), received_on=consulted + datetime.timedelta(days=rng.randint(3, 20)),
            )
    return consultation, consulted


def _consultation_in_progress(site, actors, story, variant, rng, today):
    if variant == 0:  # an exemption requested, waiting for a manager
        consultations.exemption_request(actor=actors.officer, site=site, ground="covert_or_temporary",
                                        reason=story.texts.exemption_reason)
    elif variant == 1:  # a public consultation with some responses in, public replies approved and a late one
        consultation, _ = _open_consultation(site, actors, rng, opened=today - datetime.timedelta(
            days=rng.randint(30, 40)), respond_to=1, public=True)
        demo_public.replies(consultation, actors.officer, approve=True)
        demo_public.late_reply(consultation)
    else:  # a public consultation just begun: its first public replies await the officer
        consultation, _ = _open_consultation(site, actors, rng, opened=today - datetime.timedelta(days=3),
                                             respond_to=0, public=True)
        demo_public.replies(consultation, actors.officer, approve=False)


def _review(site, actors, story, *, outcome: str, approve: bool, submit: bool = True) -> Review:
    """What walkthrough.review_site does, in the officer's own words."""
    review = review_selectors.open_review(site) or reviews.review_schedule(
        actor=actors.manager, site=site, due_on=site.next_review_due
    )
    if review.state == Review.State.SCHEDULED:
        reviews.review_start(actor=actors.officer, review=review)
    ceasing = outcome == Review.Outcome.DECOMMISSION
    reviews.review_update(
        actor=actors.officer, review=review,
        **{**REVIEW_PRIVACY_PARTS, "privacy_intrusion_change": story.review_notes["privacy"]},
        evidence=story.review_notes["ceasing" if ceasing else "evidence"], policing_challenge_continues=not ceasing,
        outcome=outcome, exemption_still_holds=True if consultation_selectors.approved_exemption(site) else None,
    )
    if submit:
        reviews.review_submit(actor=actors.officer, review=review)
    if approve:
        reviews.review_approve(actor=actors.manager, review=review,
                               comment="Agreed." if not ceasing else "Agreed: cease collection now.")
    review.refresh_from_db()
    return review


def _review_in_progress(site, actors, story, variant):
    review = review_selectors.open_review(site)
    if variant == 0:  # the officer has started writing
        reviews.review_update(actor=actors.officer, review=review,
                              privacy_intrusion_change=story.review_notes["privacy"])
    elif variant == 1:  # submitted, waiting for the manager
        _review(site, actors, story, outcome=Review.Outcome.CONTINUE, approve=False)
    elif variant == 2:  # returned by the manager
        review = _review(site, actors, story, outcome=Review.Outcome.CONTINUE, approve=False)
        reviews.review_return(actor=actors.manager, review=review, comment=RETURN_COMMENTS[0])
    else:  # submitted, proposing changes to the site
        _review(site, actors, story, outcome=Review.Outcome.MODIFY, approve=False)


def _review_calendar(site, actors, story, rng, today):
    """Give a live site its place in the review calendar (see the module docstring on dates)."""
    due = today + datetime.timedelta(days=story.review_offset)
    if story.earlier_review:
        completed = due - relativedelta(months=story.interval)
        _set_next_review(site, actors, completed + datetime.timedelta(days=rng.randint(0, 14)))
        outcome = Review.Outcome.MODIFY if rng.random() < 0.2 else Review.Outcome.CONTINUE
        review = _review(site, actors, story, outcome=outcome, approve=True)
        decided = timezone.make_aware(datetime.datetime.combine(completed, datetime.time(11, 30)))
        review.completed_on, review.decided_at = completed, decided
        review.submitted_at = decided - datetime.timedelta(days=rng.randint(2, 9), hours=3)
        save_with_history(review, actor=actors.manager, reason=BACKDATED)
        site.refresh_from_db()
    _set_next_review(site, actors, due)
    if story.review_offset <= 90:  # managers schedule the reviews falling due within the quarter
        reviews.review_schedule(actor=actors.manager, site=site, due_on=due)


def _set_next_review(site, actors, due: datetime.date) -> None:
    site.refresh_from_db()
    if site.next_review_due != due:
        site.next_review_due = due
        save_with_history(site, actor=actors.manager, reason=BACKDATED)


def _decommissioning(site, actors, today, *, complete: bool, partial: bool) -> None:
    evidence = {
        "feed_stopped": "Feed disabled at the ANPR back office; no reads received since.",
        "national_registration_removed": "Cameras removed from the national ANPR register; confirmation on file.",
        "signage_removed": "Signs on both approaches taken down by the highways contractor.",
        "data_deleted": "Reads from the site's cameras erased; erasure recorded in the access log.",
    }
    items = list(evidence) if complete else (list(evidence)[:2] if partial else [])
    for item in items:
        reviews.decommission_checklist_record(actor=actors.manager, site=site, item=item, done_on=today,
                                              evidence=evidence[item])
    if complete:
        _move(site, actors.manager, Status.DECOMMISSIONED,
              comment="Checklist complete: the feed is stopped, the cameras and signs are gone, the reads erased.")
        for camera in site.cameras.all():  # taken down; kept for the record
            sites.camera_remove(actor=actors.manager, camera=camera, removed_on=today)
