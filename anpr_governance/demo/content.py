"""The demo's wording and tables: people, areas, the 64 fictional sites, and what the
officers write. Deterministic; the builder picks from these with one seeded random."""

from dataclasses import dataclass

from anpr_governance.accounts.roles import Role
from anpr_governance.assessments.grounds import Ground
from anpr_governance.consultations.models import Consultee
from anpr_governance.sites.lifecycle import Status
from anpr_governance.sites.models import LocationType

SEED = 20240601
BACKDATED = "seed_demo: backdated for demonstration"
EMAIL_DOMAIN = "staffordshire.example"

# --- people -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Person:
    username: str
    first_name: str
    last_name: str
    role: Role
    is_staff: bool = False

    @property
    def email(self) -> str:
        return f"{self.first_name}.{self.last_name}@{EMAIL_DOMAIN}".lower()


# The seven named logins, one per role, then a second officer and a second manager so
# that sites have different officers and deployments different approvers.
PEOPLE = (
    Person("officer", "Emma", "Hollins", Role.GOVERNANCE_OFFICER),
    Person("manager", "Richard", "Bates", Role.APPROVING_MANAGER),
    Person("auditor", "Gareth", "Price", Role.AUDITOR),
    Person("dpo", "Fiona", "Clarke", Role.DATA_PROTECTION_OFFICER),
    Person("investigator", "James", "Turner", Role.INVESTIGATOR),
    Person("authoriser", "Karen", "Lloyd", Role.AUTHORISING_OFFICER),
    Person("sysadmin", "Tom", "Ashworth", Role.SYSTEM_ADMINISTRATOR, is_staff=True),
    Person("officer2", "Daniel", "Okafor", Role.GOVERNANCE_OFFICER),
    Person("manager2", "Helen", "Marsh", Role.APPROVING_MANAGER),
)

# --- policing areas ---------------------------------------------------------------------

# name, slug, and the invented grid-reference box (100 km square, easting and northing
# ranges) that demo sites in the area draw from.
AREAS = (
    ("Cannock Chase", "cannock-chase", "SJ", (940, 999), (80, 180)),
    ("East Staffordshire", "east-staffordshire", "SK", (100, 280), (200, 340)),
    ("Lichfield", "lichfield", "SK", (50, 200), (0, 120)),
    ("Newcastle-under-Lyme", "newcastle-under-lyme", "SJ", (750, 880), (400, 520)),
    ("South Staffordshire", "south-staffordshire", "SJ", (800, 920), (0, 120)),
    ("Stafford", "stafford", "SJ", (850, 960), (180, 320)),
    ("Staffordshire Moorlands", "staffordshire-moorlands", "SJ", (900, 999), (450, 600)),
    ("Tamworth", "tamworth", "SK", (180, 240), (0, 60)),
    ("Stoke-on-Trent", "stoke-on-trent", "SJ", (840, 940), (400, 500)),
)

# --- the 64 sites -------------------------------------------------------------------------

NSR = LocationType.NATIONAL_STRATEGIC_ROAD
MAJOR = LocationType.LA_MAJOR_ROAD
MINOR = LocationType.LA_MINOR_ROAD
CROWDED = LocationType.CROWDED_PLACE
PRIVATE = LocationType.PRIVATE_PLACE

# (area slug, name, location type, lanes, status), referenced STS-001 onwards in this order.
SITES = (
    ("cannock-chase", "A5 trunk road corridor, Cannock Chase", NSR, 2, Status.LIVE),
    ("cannock-chase", "A460 approach to Cannock", MAJOR, 2, Status.LIVE),
    ("cannock-chase", "A34 corridor south of Cannock", MAJOR, 1, Status.LIVE),
    ("cannock-chase", "Rural B-road across the Chase", MINOR, 1, Status.PROPOSED),
    ("cannock-chase", "Town-centre shopping area, Cannock", CROWDED, 2, Status.LIVE),
    ("cannock-chase", "Fuel forecourt on an A-road, Cannock Chase", PRIVATE, 1, Status.LIVE),
    ("cannock-chase", "M6 Toll corridor, Cannock Chase district", NSR, 3, Status.LIVE),
    ("east-staffordshire", "A38 dual carriageway, East Staffordshire", NSR, 2, Status.LIVE),
    ("east-staffordshire", "A50 corridor near Uttoxeter", NSR, 2, Status.LIVE),
    ("east-staffordshire", "A511 approach to Burton upon Trent", MAJOR, 2, Status.UNDER_REVIEW),
    ("east-staffordshire", "A515 rural A-road, East Staffordshire", MAJOR, 1, Status.LIVE),
    ("east-staffordshire", "Minor road, villages north of Burton upon Trent", MINOR, 1, Status.ASSESSMENT),
    ("east-staffordshire", "Shopping and leisure area, Burton upon Trent", CROWDED, 2, Status.LIVE),
    ("east-staffordshire", "Lorry park and fuel forecourt, East Staffordshire", PRIVATE, 1, Status.CONSULTATION),
    ("lichfield", "A38 corridor, Lichfield district", NSR, 3, Status.LIVE),
    ("lichfield", "M6 Toll corridor, Lichfield district", NSR, 3, Status.LIVE),
    ("lichfield", "A5 trunk road, Lichfield district", NSR, 2, Status.LIVE),
    ("lichfield", "A51 approach to Lichfield city", MAJOR, 1, Status.PRIVACY_REVIEW),
    ("lichfield", "A5127 corridor, Lichfield district", MAJOR, 2, Status.AWAITING_APPROVAL),
    ("lichfield", "Minor road, rural Lichfield district", MINOR, 1, Status.DECOMMISSIONED),
    ("lichfield", "City-centre shopping area, Lichfield", CROWDED, 1, Status.LIVE),
    ("newcastle-under-lyme", "M6 corridor, Newcastle-under-Lyme district", NSR, 3, Status.LIVE),
    ("newcastle-under-lyme", "A500 dual carriageway, Newcastle-under-Lyme", NSR, 3, Status.LIVE),
    ("newcastle-under-lyme", "A34 corridor, Newcastle-under-Lyme", MAJOR, 2, Status.LIVE),
    ("newcastle-under-lyme", "A53 approach to Newcastle-under-Lyme town centre", MAJOR, 2, Status.APPROVED),
    ("newcastle-under-lyme", "A525 rural A-road, Newcastle-under-Lyme district", MAJOR, 1, Status.LIVE),
    ("newcastle-under-lyme", "Minor road, rural west of Newcastle-under-Lyme", MINOR, 1, Status.COLLECTION_CEASED),
    ("newcastle-under-lyme", "Motorway service area, Newcastle-under-Lyme district", PRIVATE, 2, Status.LIVE),
    ("south-staffordshire", "M54 corridor, South Staffordshire", NSR, 2, Status.LIVE),
    ("south-staffordshire", "M6 corridor, South Staffordshire", NSR, 3, Status.LIVE),
    ("south-staffordshire", "A449 dual carriageway, South Staffordshire", MAJOR, 2, Status.LIVE),
    ("south-staffordshire", "A5 trunk road, South Staffordshire", NSR, 2, Status.UNDER_REVIEW),
    ("south-staffordshire", "A41 corridor, South Staffordshire", MAJOR, 1, Status.ASSESSMENT),
    ("south-staffordshire", "Minor road, South Staffordshire villages", MINOR, 1, Status.LIVE),
    ("south-staffordshire", "Fuel forecourt on a trunk road, South Staffordshire", PRIVATE, 1, Status.PROPOSED),
    ("stafford", "M6 corridor, Stafford district", NSR, 3, Status.LIVE),
    ("stafford", "A34 corridor north of Stafford", MAJOR, 2, Status.LIVE),
    ("stafford", "A449 approach to Stafford", MAJOR, 2, Status.LIVE),
    ("stafford", "A518 corridor, Stafford district", MAJOR, 1, Status.CONSULTATION),
    ("stafford", "A513 rural A-road, Stafford district", MAJOR, 2, Status.LIVE),
    ("stafford", "Minor road, rural Stafford district", MINOR, 1, Status.PRIVACY_REVIEW),
    ("stafford", "Town-centre shopping area, Stafford", CROWDED, 1, Status.LIVE),
    ("staffordshire-moorlands", "A53 moorland route, Staffordshire Moorlands", MAJOR, 1, Status.LIVE),
    ("staffordshire-moorlands", "A50 corridor, Staffordshire Moorlands", NSR, 2, Status.LIVE),
    ("staffordshire-moorlands", "A520 approach to Leek", MAJOR, 1, Status.AWAITING_APPROVAL),
    ("staffordshire-moorlands", "A523 rural A-road, Staffordshire Moorlands", MAJOR, 1, Status.LIVE),
    ("staffordshire-moorlands", "Minor road, rural Staffordshire Moorlands", MINOR, 1, Status.LIVE),
    ("staffordshire-moorlands", "Minor road near the Peak District boundary", MINOR, 1, Status.DECOMMISSIONED),
    ("staffordshire-moorlands", "Town-centre market area, Leek", CROWDED, 1, Status.UNDER_REVIEW),
    ("tamworth", "A5 trunk road, Tamworth", NSR, 2, Status.LIVE),
    ("tamworth", "A51 corridor, Tamworth", MAJOR, 2, Status.LIVE),
    ("tamworth", "A513 approach to Tamworth town centre", MAJOR, 2, Status.APPROVED),
    ("tamworth", "Retail park and leisure area, Tamworth", CROWDED, 2, Status.LIVE),
    ("tamworth", "Minor road, eastern Tamworth estates", MINOR, 1, Status.PROPOSED),
    ("tamworth", "Fuel forecourt, Tamworth", PRIVATE, 1, Status.LIVE),
    ("tamworth", "A453 corridor, Tamworth", MAJOR, 1, Status.ASSESSMENT),
    ("stoke-on-trent", "A500 dual carriageway, Stoke-on-Trent", NSR, 3, Status.LIVE),
    ("stoke-on-trent", "A50 corridor, Stoke-on-Trent", NSR, 2, Status.LIVE),
    ("stoke-on-trent", "A53 corridor, Stoke-on-Trent", MAJOR, 2, Status.LIVE),
    ("stoke-on-trent", "A34 corridor, Stoke-on-Trent", MAJOR, 2, Status.CONSULTATION),
    ("stoke-on-trent", "A5006 city-centre link, Stoke-on-Trent", MAJOR, 2, Status.LIVE),
    ("stoke-on-trent", "City-centre shopping area, Hanley", CROWDED, 2, Status.PRIVACY_REVIEW),
    ("stoke-on-trent", "Stadium and events area, Stoke-on-Trent", CROWDED, 2, Status.UNDER_REVIEW),
    ("stoke-on-trent", "Minor road, northern Stoke-on-Trent estates", MINOR, 1, Status.COLLECTION_CEASED),
)
REFERENCES = tuple(f"STS-{n:03d}" for n in range(1, len(SITES) + 1))
TOTAL_LANES = sum(row[3] for row in SITES)

# Next review of each live site, in days from today (None: some time after 90 days).
# Shuffled over the live sites so the overdue ones are not all in one district.
LIVE_REVIEW_OFFSETS = [-47, -23, -12, -6, -2, 3, 8, 15, 22, 29, 34, 41, 50, 57, 63, 70, 79, 86] + [None] * 22

# --- realistic wording ----------------------------------------------------------------------

NS, SERIOUS, LOCAL, PREVENTION, CONFIDENCE = (
    Ground.NATIONAL_SECURITY, Ground.SERIOUS_CRIME, Ground.LOCAL_CRIME, Ground.CRIME_PREVENTION,
    Ground.COMMUNITY_CONFIDENCE,
)


@dataclass(frozen=True)
class Theme:
    """The policing problem a site answers, and the grounds it is claimed on."""

    problem: str
    offenders: str
    grounds: tuple[str, ...]


THEMES = {
    NSR: (
        Theme("cross-border burglary", "organised burglary teams travelling in from neighbouring forces",
              (SERIOUS, LOCAL)),
        Theme("county lines drug supply", "county lines networks running between the West Midlands and the North West",
              (SERIOUS, NS)),
        Theme("organised theft of plant and high-value vehicles", "an organised vehicle crime group", (SERIOUS,)),
        Theme("cargo theft from heavy goods vehicles", "groups targeting curtain-sided lorries", (SERIOUS, LOCAL)),
        Theme("firearms supply and modern slavery", "organised crime groups moving people and weapons",
              (NS, SERIOUS)),
    ),
    MAJOR: (
        Theme("dwelling burglary", "travelling burglars using the route in and out of the town", (LOCAL, SERIOUS)),
        Theme("theft of and from motor vehicles", "vehicle crime offenders from outside the district", (LOCAL,)),
        Theme("county lines drug supply", "a county lines network supplying the town", (SERIOUS, LOCAL)),
        Theme("rural crime: theft of farm machinery, quad bikes and fuel", "travelling rural crime groups",
              (LOCAL, SERIOUS)),
        Theme("dangerous and anti-social driving", "vehicles repeatedly reported by residents",
              (LOCAL, PREVENTION)),
    ),
    MINOR: (
        Theme("burglary of farms and rural outbuildings", "travelling offenders targeting isolated farms", (LOCAL,)),
        Theme("organised waste crime and large-scale fly-tipping", "an unlicensed waste carrier", (LOCAL, SERIOUS)),
        Theme("hare coursing and poaching", "groups travelling from outside the county", (LOCAL, CONFIDENCE)),
        Theme("theft of catalytic converters", "offenders working the villages at night", (LOCAL, PREVENTION)),
    ),
    CROWDED: (
        Theme("hostile reconnaissance reported around the site", "persons of interest to counter-terrorism policing",
              (NS,)),
        Theme("organised shoplifting", "organised shoplifting teams travelling by car", (LOCAL, SERIOUS)),
        Theme("vehicle crime in the car parks serving the shops", "vehicle crime offenders", (LOCAL,)),
        Theme("violence and disorder around major events", "known risk supporters and travelling groups",
              (NS, LOCAL, CONFIDENCE)),
    ),
    PRIVATE: (
        Theme("fuel theft using cloned and false plates", "an organised group using cloned plates",
              (SERIOUS, LOCAL)),
        Theme("organised theft from lorries parked overnight", "an organised cargo theft group", (SERIOUS,)),
        Theme("refuelling by vehicles linked to organised crime", "organised crime groups under investigation",
              (NS, SERIOUS)),
    ),
}

GROUND_REASONS = {
    NS: "Counter-terrorism policing has identified the route as one used to move people and material of concern.",
    SERIOUS: "Intelligence links the route to organised crime groups under active investigation.",
    LOCAL: "Recorded local crime in the area is well above the force average.",
    PREVENTION: "Visible coverage is expected to deter offending that patrols have not reduced.",
    CONFIDENCE: "Residents' confidence in policing has fallen in the latest neighbourhood survey.",
}
EXCEPTIONAL = {
    NS: "Exceptional case: the operator asked for support after counter-terrorism advice on the site; no public "
        "road camera covers the approach.",
    SERIOUS: "Exceptional case: {n} offences in twelve months are linked to one organised group; covert patrols "
             "and the operator's own CCTV failed to identify the vehicles, and no road camera covers the access.",
    LOCAL: "Exceptional case: repeat victimisation of the same premises ({n} reports this year) with no other "
           "practicable way to identify the vehicles involved.",
    PREVENTION: "Exceptional case: {n} incidents in six months after enforcement, signage and engineering measures "
                "failed; the camera is a time-limited deterrent to be reviewed at six months.",
    CONFIDENCE: "Exceptional case: the community safety partnership asked for it after a series of {n} incidents "
                "that left residents afraid to report; it will be withdrawn if the review finds no effect.",
}
COMMUNITY_VIEWS = (
    "Raised by residents at three neighbourhood meetings; the ward councillors support coverage.",
    "The community safety partnership asked for coverage after the latest strategic assessment.",
    "Parish councils along the route wrote in support; one resident objected on privacy grounds.",
    "Local businesses report repeated losses and support coverage; no objections recorded.",
    "Neighbourhood survey: 71% of respondents in favour, 9% against, the rest undecided.",
    "Views mixed: support from the parish council, concern about tracking from a residents' group.",
)
ALTERNATIVES = (
    "Mobile ANPR and targeted patrols for six months: coverage too intermittent to identify the vehicles.",
    "Overt patrols and crime prevention advice reduced offending only while officers were present.",
    "Neighbouring cameras considered: none covers this route, and vehicles divert around them.",
    "CCTV considered: more intrusive and does not identify vehicles at speed; rejected.",
    "A time-limited mobile deployment confirmed the route is used; a fixed site is less costly and as effective.",
    "Covert surveillance considered: more intrusive, and not sustainable beyond a single operation.",
)
MEASURES = (
    "Reads used in at least {n} investigations a year; a fall in {problem}.",
    "At least {n} vehicles of interest identified a year; {problem} down by a fifth within two years.",
    "Reads contribute to {n} charges a year; no rise in complaints about the site.",
    "Fewer repeat incidents of {problem}; reads used in at least {n} investigations a year.",
)
CONCLUSIONS = (
    "Necessary and proportionate for the grounds claimed; the less intrusive options have been tried.",
    "A pressing need is shown; the site is proportionate with the access controls in place.",
    "Justified on the grounds claimed, subject to review at the interval set.",
    "Necessary: no less intrusive option would meet the need. Proportionate with signage and access rules.",
)
NECESSITY = (
    "Targeted at an evidenced problem on one route; searches need a purpose and reference and are logged.",
    "Limited to the lanes where the problem is evidenced; older reads need a senior officer's authorisation.",
    "Coverage chosen to avoid residential frontages; reads are kept 365 days and then erased.",
)
# A risk the measures cannot bring below high: the site needs prior consultation with the ICO.
ICO_RISK = {
    "description": "Images of vehicle occupants near a refuge and a place of worship reveal sensitive information "
                   "about the people visiting them.",
    "likelihood": "probable", "severity": "severe",
    "measures": "Overview images masked outside the carriageway; searches of this camera reviewed by the DPO.",
    "effect": "reduced", "residual_likelihood": "possible", "residual_severity": "severe",
}

ICO_SENSITIVE = {
    "sensitive_processing": True,
    "sensitive_condition": "statutory",
    "sensitive_condition_explanation": (
        "Overview images may incidentally reveal religious belief or health (people visiting the place of worship "
        "or the refuge). Processing them is strictly necessary for the statutory functions of the police in "
        "investigating crime (Schedule 8, paragraph 1) and is limited by masking and DPO review of searches."
    ),
}

RISKS = (
    {"description": "Collateral intrusion into the movements of law-abiding drivers.",
     "likelihood": "probable", "severity": "significant",
     "measures": "Searches need a purpose and reference; reads over 90 days old need authorisation.",
     "effect": "reduced", "residual_likelihood": "remote", "residual_severity": "minimal"},
    {"description": "Misuse of reads by staff for personal reasons.",
     "likelihood": "possible", "severity": "severe",
     "measures": "Role-based access, every search logged, monthly audit of searches by the professional "
                 "standards department.",
     "effect": "reduced", "residual_likelihood": "remote", "residual_severity": "minimal"},
    {"description": "Reads kept longer than necessary.",
     "likelihood": "possible", "severity": "significant",
     "measures": "Automatic erasure at 365 days; erasure logged and checked at each review.",
     "effect": "eliminated", "residual_likelihood": "remote", "residual_severity": "minimal"},
    {"description": "Misread plates leading to the wrong vehicle being stopped.",
     "likelihood": "possible", "severity": "significant",
     "measures": "Officers confirm the VRM and vehicle description before acting on a read.",
     "effect": "reduced", "residual_likelihood": "remote", "residual_severity": "minimal"},
    {"description": "Unauthorised access to the ANPR system from outside the force.",
     "likelihood": "remote", "severity": "severe",
     "measures": "Encrypted feeds, accredited national infrastructure, penetration tested annually.",
     "effect": "reduced", "residual_likelihood": "remote", "residual_severity": "minimal"},
    {"description": "Drivers unaware that their vehicles are being read.",
     "likelihood": "probable", "severity": "minimal",
     "measures": "Signs on the approaches; the force publishes its ANPR policy and a contact point.",
     "effect": "accepted", "residual_likelihood": "remote", "residual_severity": "minimal"},
)
DPO_ADVICE = (
    "Proceed: retention and access controls are adequate for the risks identified.",
    "Proceed, provided the monthly audit of searches is reported to the DPO.",
    "Proceed. Check signage at the first review and record the result.",
    "Proceed: the collateral intrusion is reduced as far as practicable.",
)
EXEMPTION_REASONS = (
    "Consulting on this site would reveal a deployment against an active organised crime group and put the "
    "investigation at risk.",
    "Publishing the proposal would tell a county lines network which route is covered, defeating the purpose.",
    "The site supports a live counter-terrorism investigation; consultation would alert the subjects.",
)
CONSULTEES = (
    ("Parish council for the villages along the route", Consultee.Kind.PARISH_COUNCIL),
    ("Ward councillors", Consultee.Kind.ELECTED_REPRESENTATIVE),
    ("Residents' association", Consultee.Kind.COMMUNITY_GROUP),
    ("Neighbourhood Watch coordinators", Consultee.Kind.COMMUNITY_GROUP),
    ("Businesses on the route", Consultee.Kind.BUSINESS),
    ("Community safety partnership", Consultee.Kind.LOCAL_AUTHORITY),
)
EXTRA_CONSULTEES = {
    NSR: ("National Highways", Consultee.Kind.STATUTORY_BODY),
    CROWDED: ("Town-centre business improvement district", Consultee.Kind.BUSINESS),
    PRIVATE: ("Site operator", Consultee.Kind.BUSINESS),
}
RESPONSES = (
    "Supportive, provided signage is clear on both approaches.",
    "Asked how long reads are kept and who can see them.",
    "Concerned that everyday journeys of residents will be tracked.",
    "Supportive: residents see the same vehicles before each burglary.",
    "No objection.",
    "Asked that the camera should not overlook homes.",
)
OUTCOMES = (
    "You said signage should be clear: we will place signs on both approaches.",
    "You asked how long reads are kept: we publish the 365-day retention and the access rules on our website.",
    "You were concerned about tracking: searches need a recorded purpose and reference, and reads over 90 days "
    "old need a senior officer's authorisation.",
    "You asked that homes are not overlooked: the cameras read only the carriageway.",
)
REVIEW_PRIVACY = (
    "Collateral intrusion unchanged: the cameras read only the carriageway; no complaints received; signage in "
    "place on both approaches.",
    "One complaint about signage, resolved by replacing a sign. The audit of searches found every one had a "
    "purpose and reference.",
    "Reads erased at 365 days as set; no access without a recorded purpose; no change in collateral intrusion.",
    "Intrusion reconsidered after new housing on the route: still proportionate, signage extended.",
)
REVIEW_EVIDENCE = (
    "Measures of success checked: reads used in {n} investigations this year, {k} of them leading to charges.",
    "{Problem} down {pct}% since the site went live; reads used in {n} investigations.",
    "Reads identified {n} vehicles of interest; {k} arrests for {problem}.",
)
REVIEW_EVIDENCE_CEASING = (
    "Reads used in only {k} investigations this year; {problem} has fallen to the force average.",
    "The policing problem has moved elsewhere: no vehicle of interest identified here in the last six months.",
)
RETURN_COMMENTS = (
    "The evidence gives investigation numbers but not the measures of success set in the assessment: add them.",
    "Say how the new housing on the route changes the collateral intrusion.",
)
DIRECTIONS = {NSR: ("northbound", "southbound"), MAJOR: ("inbound", "outbound")}
