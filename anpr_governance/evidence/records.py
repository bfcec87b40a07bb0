"""The kinds of record an evidence file may be attached to.

Evidence sits below the apps whose records it serves (assessments, consultations, reviews),
so it never imports them: each registers its records here in its AppConfig.ready(), with
the slug used in URLs and packs, a label, and how to find the record's site and page."""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import models


@dataclass(frozen=True)
class RecordKind:
    slug: str
    label: str
    model: type[models.Model]
    # The page of the record, where its evidence is listed (a URL for the record).
    page_url: Callable[[models.Model], str]
    # How the record is named on the evidence page and in packs ("DPIA version 2").
    describe: Callable[[models.Model], str] = str


KINDS: dict[str, RecordKind] = {}


def attachable(slug: str, *, label: str, model: type[models.Model], page_url, describe=str) -> None:
    """Register a kind of record (called from the owning app's ready())."""
    KINDS[slug] = RecordKind(slug=slug, label=label, model=model, page_url=page_url, describe=describe)


def kind_of(record: models.Model) -> RecordKind | None:
    for kind in KINDS.values():
        if isinstance(record, kind.model):
            return kind
    return None
