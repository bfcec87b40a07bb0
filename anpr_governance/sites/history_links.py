"""Links to a site's history page (drawn by front.history), narrowed to one record."""

from django.urls import reverse


def record_history_url(site, record) -> str:
    """The history page of `site` narrowed to `record` (any governance record with a `history_key`)."""
    return reverse("sites:history", args=[site.reference]) + f"?record={record.history_key}-{record.pk}"
