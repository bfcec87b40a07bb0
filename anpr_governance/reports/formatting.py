"""How the pack data writes dates and times, and how the printed pack shows them.

The data (the JSON attachment) holds dates as ISO dates and moments as ISO date-times in
UTC ("2026-03-04T10:15:00Z"), so that they compare as strings and read the same anywhere;
the printed pack shows them in the service's time zone (Europe/London)."""

import datetime

from django.utils import timezone


def iso_date(value: datetime.date | None) -> str | None:
    return value.isoformat() if value else None


def iso_moment(value: datetime.datetime | None) -> str | None:
    if value is None:
        return None
    return value.astimezone(datetime.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def parse(iso: str) -> datetime.date | datetime.datetime:
    if len(iso) == 10:
        return datetime.date.fromisoformat(iso)
    return datetime.datetime.fromisoformat(iso.replace("Z", "+00:00"))


def local_date(iso: str) -> datetime.date:
    value = parse(iso)
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).date()
    return value


def human_date(iso: str | None) -> str:
    """3 March 2026 (a moment: the day it fell on in the service's time zone)."""
    if not iso:
        return "no date"
    return f"{local_date(iso):%-d %B %Y}"


def human_moment(iso: str | None) -> str:
    """3 March 2026 14:05 in the service's time zone."""
    if not iso:
        return "no date"
    value = parse(iso)
    if not isinstance(value, datetime.datetime):
        return human_date(iso)
    return f"{timezone.localtime(value):%-d %B %Y %H:%M}"
