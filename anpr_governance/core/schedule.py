"""The beat schedule lives in code (settings.CELERY_BEAT_SCHEDULE); django-celery-beat keeps
it in the database, where beat's DatabaseScheduler reads it.

Beat writes the entries itself when it starts; `manage.py sync_beat_schedule` (run by
`make run` after migrating) does the same at deploy time, and also disables rows that
this project defined once but no longer does. Rows are matched by entry name
(`PeriodicTask.name` is unique): running it again updates, never duplicates.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction

# Every entry this project defines is named "<app>.<what>"; rows of other names (added by an
# operator in the admin) are left alone.
PROJECT_PREFIXES = ("reviews.", "reads.", "audit.", "reports.", "core.")


@dataclass
class SyncResult:
    synced: list[str] = field(default_factory=list)
    disabled: list[str] = field(default_factory=list)


@transaction.atomic
def sync_beat_schedule() -> SyncResult:
    from django_celery_beat.models import PeriodicTask
    from django_celery_beat.schedulers import ModelEntry

    from anpr_governance.celery import app

    result = SyncResult()
    schedule = settings.CELERY_BEAT_SCHEDULE
    for name, entry in schedule.items():
        model = ModelEntry.from_entry(name, app=app, **entry).model
        if not model.enabled:
            model.enabled = True
            model.save(update_fields=["enabled"])
        result.synced.append(name)
    stale = PeriodicTask.objects.filter(enabled=True).exclude(name__in=list(schedule))
    for task in stale:
        if task.name.startswith(PROJECT_PREFIXES):
            task.enabled = False
            task.save(update_fields=["enabled"])
            result.disabled.append(task.name)
    return result
