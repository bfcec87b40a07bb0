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
