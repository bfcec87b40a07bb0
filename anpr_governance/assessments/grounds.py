"""The five justification grounds and their grading by location type (NASPLE
infrastructure development and review guidance, as set out in domain.md)."""

from dataclasses import dataclass

from django.db import models

from anpr_governance.sites.models import LocationType


class Ground(models.TextChoices):
    NATIONAL_SECURITY = "national_security", "National security and counter-terrorism"
    SERIOUS_CRIME = "serious_crime", "Serious, organised and major crime"
    LOCAL_CRIME = "local_crime", "Local crime"
    CRIME_PREVENTION = "crime_prevention", "Crime prevention and reduction"
    COMMUNITY_CONFIDENCE = "community_confidence", "Community confidence and reassurance"


class Grade(models.TextChoices):
    V = "V", "Very likely justified"
    M = "M", "Likely in most cases"
    E = "E", "Exceptional cases only"


_ROWS = {
    LocationType.NATIONAL_STRATEGIC_ROAD: "VVMEE",
    LocationType.LA_MAJOR_ROAD: "VVMEE",
    LocationType.LA_MINOR_ROAD: "VMMEE",
    LocationType.CROWDED_PLACE: "VMMEE",
    LocationType.PRIVATE_PLACE: "MEEEE",
}
MATRIX: dict[str, dict[str, Grade]] = {
    location: {ground: Grade(letter) for ground, letter in zip(Ground.values, letters, strict=True)}
    for location, letters in _ROWS.items()
}


def grade_for(location_type: str, ground: str) -> Grade:
    return MATRIX[LocationType(location_type)][Ground(ground)]


@dataclass
class GroundRow:
    """One ground as a page shows it: its grade at the location type and what the assessment claims."""

    key: str
    label: str
    grade: str
    grade_label: str
    claimed: bool
    justification: str


def ground_rows(location_type: str, assessment=None) -> list[GroundRow]:
    """The five grounds graded for `location_type`, with what `assessment` (if any) claims."""
    rows = []
    for key, label in Ground.choices:
        grade = grade_for(location_type, key)
        rows.append(GroundRow(
            key=key, label=str(label), grade=grade.value, grade_label=str(grade.label),
            claimed=bool(assessment and getattr(assessment, f"{key}_claimed")),
            justification=getattr(assessment, f"{key}_justification") if assessment else "",
        ))
    return rows
