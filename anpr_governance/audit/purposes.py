"""Why read data is accessed: the purposes a search, an authorisation and the access log
name (domain.md, "Access to reads"). They live in the audit app, the lowest app that needs
them, so that the access log (a sink) names them without importing the reads app."""

from django.db import models


class Purpose(models.TextChoices):
    """Why a search is made. Only the first four may be authorised for reads older than the
    standard access window (domain.md, "Access to reads")."""

    NATIONAL_SECURITY = "national_security", "National security and counter-terrorism"
    SERIOUS_ORGANISED_CRIME = "serious_organised_crime", "Serious and organised crime"
    MAJOR_CRIME = "major_crime", "Major crime"
    PRIORITY_VOLUME_CRIME = "priority_volume_crime", "Priority and volume crime"
    SAFEGUARDING = "safeguarding", "Safeguarding"


AUTHORISABLE_PURPOSES = frozenset(
    {Purpose.NATIONAL_SECURITY, Purpose.SERIOUS_ORGANISED_CRIME, Purpose.MAJOR_CRIME, Purpose.PRIORITY_VOLUME_CRIME}
)
AUTHORISABLE_PURPOSE_CHOICES = [(value, label) for value, label in Purpose.choices if value in AUTHORISABLE_PURPOSES]
