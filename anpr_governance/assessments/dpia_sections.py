"""The sections of the DPIA in the order of the ICO's DPIA template for law-enforcement
processing (DPA 2018 Part 3): screening and description, nature, scope, context and
purposes, data flows, retention, recipients, lawful basis (and, where sensitive processing
arises, its Schedule 8 condition), necessity and proportionality, the consultation step,
security measures; then the risk register and the sign-off (drawn by their own code).

One list for the form, the DPIA page, the compliance pack, the API and the submission
check, so none of them can drift from the others. Every section is required: a DPIA
cannot be submitted for DPO advice, nor signed off, while one is blank, and a DPIA recorded
before the sections added by issue 14 existed shows each of them as "Missing".
"""

from dataclasses import dataclass

from django.db import models


class SensitiveCondition(models.TextChoices):
    """DPA 2018 Schedule 8: conditions for sensitive processing under Part 3 (s.35(5))."""

    STATUTORY = "statutory", "Statutory etc. purposes (Schedule 8, paragraph 1)"
    JUSTICE = "justice", "Administration of justice (paragraph 2)"
    VITAL_INTERESTS = "vital_interests", "Protecting an individual's vital interests (paragraph 3)"
    SAFEGUARDING = "safeguarding", "Safeguarding of children and of individuals at risk (paragraph 4)"
    PUBLIC_DOMAIN = "public_domain", "Personal data already in the public domain (paragraph 5)"
    LEGAL_CLAIMS = "legal_claims", "Legal claims (paragraph 6)"
    JUDICIAL_ACTS = "judicial_acts", "Judicial acts (paragraph 7)"
    PREVENTING_FRAUD = "preventing_fraud", "Preventing fraud (paragraph 8)"
    ARCHIVING = "archiving", "Archiving, research and statistics (paragraph 9)"


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    hint: str
    required: bool = True  # blank blocks submission and shows "Missing" (every field, for now)


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    fields: tuple[Field, ...]


# The text sections, in template order. The lawful basis section also holds the sensitive
# processing answer and condition (see `sensitive_problem`), which are not plain text.
SECTIONS: tuple[Section, ...] = (
    Section("description", "Nature, scope, context and purposes", (
        Field("processing_description", "Description of the processing",
              "In a few sentences: what is collected, by which cameras, and why a DPIA is needed."),
        Field("nature", "Nature of the processing",
              "How the data is collected, used and deleted, the technology that does it, and who handles it."),
        Field("scope", "Scope of the processing",
              "What data (VRMs, images, times), how much, how often, about how many people, over what area."),
        Field("context", "Context of the processing",
              "Who is affected, what they would expect, any vulnerable people, public concern, and the codes "
              "that apply (the Surveillance Camera Code, the national ANPR standards)."),
        Field("purposes", "Purposes of the processing",
              "The law-enforcement purposes the reads serve, and what the force gains."),
    )),
    Section("data_flows", "Data flows", (
        Field("flow_collection", "Collection", "How reads are captured at the site and sent on, and how securely."),
        Field("flow_storage", "Storage", "Where reads are stored, by whom, and how they are protected."),
        Field("flow_access", "Access", "Who may search the reads, for what purpose, and how access is controlled "
                                       "and logged."),
        Field("flow_sharing", "Sharing with the national ANPR service",
              "What is sent to the National ANPR Data Centre (NADC), how, and under what rules."),
    )),
    Section("retention", "Retention", (
        Field("retention", "Retention and deletion",
              "How long reads are kept, why that long, and how they are deleted when the time is up."),
    )),
    Section("recipients", "Recipients", (
        Field("recipients", "Recipients of the data",
              "Who receives reads or search results (other forces, partner agencies, courts) and on what "
              "authority."),
    )),
    Section("lawful_basis", "Lawful basis", (
        Field("lawful_basis", "Lawful basis for law-enforcement processing",
              "The law-enforcement purposes (DPA 2018 Part 3, section 31) and why the processing is necessary for "
              "a task the force carries out as a competent authority (section 35(2))."),
    )),
    Section("necessity", "Necessity and proportionality", (
        Field("necessity_and_proportionality", "Necessity and proportionality",
              "Why the processing is necessary for the purposes, and proportionate to them."),
    )),
    Section("consultation", "Consultation", (
        Field("consultation_plan", "The consultation step",
              "Whom you will consult and how (people with a reasonable interest, the DPO, suppliers, security "
              "advisers), or why consulting would defeat the policing purpose."),
    )),
    Section("security", "Security measures", (
        Field("security_measures", "Security measures",
              "The technical and organisational measures that protect the reads: encryption, access control, "
              "audit logging, supplier assurance."),
    )),
)

TEXT_FIELDS: tuple[str, ...] = tuple(f.name for s in SECTIONS for f in s.fields)
REQUIRED_TEXT: tuple[Field, ...] = tuple(f for s in SECTIONS for f in s.fields if f.required)
# Fields of the sensitive processing answer (in the lawful basis section).
SENSITIVE_FIELDS = ("sensitive_processing", "sensitive_condition", "sensitive_condition_explanation")
# Every field of the template the officer writes (the screening criteria are apart).
ALL_FIELDS: tuple[str, ...] = (*TEXT_FIELDS, *SENSITIVE_FIELDS)


def sensitive_problems(dpia) -> dict[str, str]:
    """Whether sensitive processing arises must be answered; if it does, its condition chosen
    from Schedule 8 and explained."""
    if dpia.sensitive_processing is None:
        return {"sensitive_processing": "Say whether sensitive processing arises (DPA 2018 section 35)."}
    if not dpia.sensitive_processing:
        return {}
    problems = {}
    if dpia.sensitive_condition not in SensitiveCondition.values:
        problems["sensitive_condition"] = "Choose the Schedule 8 condition for the sensitive processing."
    if not dpia.sensitive_condition_explanation.strip():
        problems["sensitive_condition_explanation"] = ("Explain why the sensitive processing is strictly necessary "
                                                       "and how the condition is met.")
    return problems


def missing_sections(dpia) -> dict[str, str]:
    """The required parts of the template left blank, by field, each message naming the part."""
    missing = {f.name: f"{f.label} is missing: complete this section of the DPIA"
               for f in REQUIRED_TEXT if not (getattr(dpia, f.name) or "").strip()}
    return missing | sensitive_problems(dpia)


def missing_labels(dpia) -> list[str]:
    """The names of the missing parts, for a refusal that names them in one sentence."""
    labels = {f.name: f.label for f in REQUIRED_TEXT}
    labels |= {"sensitive_processing": "Sensitive processing", "sensitive_condition": "Sensitive processing condition",
               "sensitive_condition_explanation": "Sensitive processing condition"}
    return list(dict.fromkeys(labels[name] for name in missing_sections(dpia)))


def rows(dpia) -> list[dict]:
    """The sections as they stand on a DPIA (or a historical copy of one), for pages and packs:
    each field's text, or `missing` when a required one is blank."""
    out = []
    for section in SECTIONS:
        fields = [{"name": f.name, "label": f.label, "text": getattr(dpia, f.name) or "",
                   "missing": f.required and not (getattr(dpia, f.name) or "").strip()} for f in section.fields]
        out.append({"key": section.key, "title": section.title, "fields": fields,
                    "sensitive": sensitive_row(dpia) if section.key == "lawful_basis" else None})
    return out


def sensitive_row(dpia) -> dict:
    answered = dpia.sensitive_processing is not None
    condition = dpia.sensitive_condition
    return {
        "answered": answered,
        "arises": bool(dpia.sensitive_processing),
        "condition": condition,
        "condition_label": SensitiveCondition(condition).label if condition in SensitiveCondition.values else "",
        "explanation": dpia.sensitive_condition_explanation or "",
        "missing": bool(sensitive_problems(dpia)),
    }
