"""The seven roles of domain.md. Each is a Django group of exactly this name, created
with its model permissions by migration accounts.0002_roles."""

from enum import StrEnum


class Role(StrEnum):
    GOVERNANCE_OFFICER = "Governance officer"
    APPROVING_MANAGER = "Approving manager"
    AUDITOR = "Auditor"
    DATA_PROTECTION_OFFICER = "Data protection officer"
    INVESTIGATOR = "Investigator"
    AUTHORISING_OFFICER = "Authorising officer"
    SYSTEM_ADMINISTRATOR = "System administrator"


# The role sets the services, the lifecycle table and the permission helpers name: defined
# here once, so that "who may" reads the same everywhere.
OFFICER = frozenset({Role.GOVERNANCE_OFFICER})
MANAGER = frozenset({Role.APPROVING_MANAGER})
INVESTIGATOR = frozenset({Role.INVESTIGATOR})
AUTHORISING_OFFICER = frozenset({Role.AUTHORISING_OFFICER})
DPO = frozenset({Role.DATA_PROTECTION_OFFICER})
ADMINISTRATOR = frozenset({Role.SYSTEM_ADMINISTRATOR})
AUDITORS = frozenset({Role.AUDITOR})
ACCESS_LOG_READERS = frozenset({Role.AUDITOR, Role.DATA_PROTECTION_OFFICER})
PACK_BUILDERS = frozenset({Role.AUDITOR, Role.APPROVING_MANAGER, Role.DATA_PROTECTION_OFFICER})


# Model permissions per role, as "app_label.codename". Least privilege: what the role's
# work in domain.md needs and no more. Officers get *change* on sites only per object
# (guardian), for the sites assigned to them.
GOVERNANCE_READ = [
    "accounts.view_policingarea",
    "sites.view_site",
    "sites.view_camera",
    "assessments.view_assessment",
    "assessments.view_privacyimpactassessment",
    "assessments.view_risk",
    "consultations.view_consultation",
    "consultations.view_consultee",
    "consultations.view_consultationresponse",
    "consultations.view_consultationexemption",
    "reviews.view_review",
    # reviews app, migration reviews.0004: decommissioning decisions and checklists are read by all
    # governance roles.
    "reviews.view_flagdecision",
    "reviews.view_decommissionchecklist",
]

ROLE_PERMISSIONS: dict[Role, list[str]] = {
    Role.GOVERNANCE_OFFICER: GOVERNANCE_READ
    + [
        "sites.view_site_location",
        "assessments.add_assessment",
        "assessments.change_assessment",
        "assessments.add_privacyimpactassessment",
        "assessments.change_privacyimpactassessment",
        "assessments.add_risk",
        "assessments.change_risk",
        "consultations.add_consultation",
        "consultations.change_consultation",
        "consultations.add_consultee",
        "consultations.add_consultationresponse",
        "consultations.add_consultationexemption",
        "reviews.change_review",
    ],
    Role.APPROVING_MANAGER: GOVERNANCE_READ
    + [
        "sites.view_site_location",
        "sites.add_site",
        "sites.assign_site",
        "sites.approve_site",
        "sites.add_camera",
        "assessments.approve_assessment",
        "assessments.approve_privacyimpactassessment",
        "consultations.approve_consultationexemption",
        "reviews.add_review",
        "reviews.approve_review",
        "reports.build_pack",
    ],
    # Building a compliance pack reads and discloses; it changes no governance record.
    Role.AUDITOR: GOVERNANCE_READ + ["sites.view_site_location", "audit.view_accesslogentry", "reports.build_pack"],
    Role.DATA_PROTECTION_OFFICER: GOVERNANCE_READ
    + [
        "sites.view_site_location",
        "assessments.advise_privacyimpactassessment",
        "audit.view_accesslogentry",
        "reports.build_pack",
    ],
    # Which sites an investigator searches is an object permission (sites.search_reads,
    # accounts.search_reads) granted per person by a system administrator.
    Role.INVESTIGATOR: [
        "accounts.view_policingarea",
        "sites.view_site",
        "sites.view_camera",
        "sites.view_site_location",
        "reads.add_authorisation",
        "reads.view_authorisation",
    ],
    Role.AUTHORISING_OFFICER: [
        "accounts.view_policingarea",
        "sites.view_site",
        "sites.view_camera",
        "sites.view_site_location",
        "reads.view_authorisation",
        "reads.decide_authorisation",
    ],
    # Manages accounts, camera feeds and search grants; sees sites but never their locations;
    # never searches reads.
    Role.SYSTEM_ADMINISTRATOR: [
        "accounts.add_user",
        "accounts.change_user",
        "accounts.view_user",
        "auth.view_group",
        "accounts.add_policingarea",
        "accounts.change_policingarea",
        "accounts.view_policingarea",
        "sites.view_site",
        "sites.view_camera",
        "reads.add_feed",
        "reads.change_feed",
        "reads.view_feed",
        "reads.grant_search",
    ],
}
