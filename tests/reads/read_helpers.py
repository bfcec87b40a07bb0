"""Helpers for the read data tests: times, reads and request bodies."""

import datetime

from django.utils import timezone

INGEST = "/api/v1/reads/ingest/"
SEARCH = "/api/v1/reads/searches/"
AUTHORISATIONS = "/api/v1/reads/authorisations/"


def ago(days: float = 0, **delta) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days, **delta)


def iso(moment: datetime.datetime) -> str:
    return moment.isoformat()


def read(camera="STS-001-C1", vrm="AB12CDE", at=None, confidence=0.97) -> dict:
    return {"camera": camera, "vrm": vrm, "read_at": iso(at or ago(1)), "confidence": confidence}


def search_body(**overrides) -> dict:
    body = {
        "vrm": "AB12CDE", "from": iso(ago(60)), "to": iso(ago(0)), "purpose": "major_crime",
        "reference": "CRI/12345/25",
    }
    body.update(overrides)
    return {k: v for k, v in body.items() if v is not None}


def boxes(name: str, moment: datetime.datetime) -> dict:
    """A moment as the HTML forms take it: name-day, name-month, name-year and name-time, UK time."""
    local = timezone.localtime(moment)
    return {f"{name}-day": str(local.day), f"{name}-month": str(local.month), f"{name}-year": str(local.year),
            f"{name}-time": f"{local:%H:%M}"}


def page_body(**overrides) -> dict:
    """search_body as the search and authorisation pages post it: "from" and "to" (datetimes, or
    dicts of what is typed in some boxes, e.g. {"day": "31", "time": "25:00"}) typed in boxes."""
    moments = {"from": overrides.pop("from", ago(60)), "to": overrides.pop("to", ago(0))}
    body = {k: v for k, v in search_body(**overrides).items() if k not in moments}
    for name, moment in moments.items():
        if isinstance(moment, datetime.datetime):
            body.update(boxes(name, moment))
        elif moment is not None:
            body.update({f"{name}-{part}": typed for part, typed in moment.items()})
    return body
