"""The beat schedule lives in code (settings.CELERY_BEAT_SCHEDULE); django-celery-beat keeps
it in the database, where beat's DatabaseScheduler reads it.

Beat writes the entries itself when it starts; `manage.py sync_beat_schedule` (run by
`make run` after migrating) does the same at deploy time, and also disables rows that
this project defined once but no longer does. Rows are matched by entry name
(`PeriodicTask.name` is unique): running it again updates, never duplicates.

A stale row is recognised by the task it runs, not by its name (entries have been named in
more than one way: `reviews.daily-sweep`, `reads-retention`; today each is named after its
task, `<app>.<verb>`). Rows an operator added in the admin for tasks that are not this
project's are left alone.
"""

from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.db import transaction

PACKAGE = "anpr_governance"


@dataclass
class SyncResult:
    synced: list[str] = field(default_factory=list)
    disabled: list[str] = field(default_factory=list)


def registered_project_tasks(app) -> set[str]:
    """Names of the tasks the project's own modules register in its Celery app (not Celery's
    built-ins). Every app's tasks.py is imported first, as a worker does when it starts."""
    app.loader.import_default_modules()
    return {name for name, task in app.tasks.items() if task.__module__.startswith(f"{PACKAGE}.")}


def is_project_task(task_name: str, *, registered: set[str]) -> bool:
    """Whether a periodic task row runs one of this project's tasks, current or since renamed:
    a task registered by the project's code, one named by Celery's default after a module of
    the project (`anpr_governance.reads.tasks.apply_retention`), or one named `<app>.<verb>`
    after one of the project's apps (`reviews.review_sweep`, the sweep's name until issue 9)."""
    labels = {config.label for config in apps.get_app_configs() if config.name.startswith(f"{PACKAGE}.")}
    app_label, dot, _ = task_name.partition(".")
    return task_name in registered or task_name.startswith(f"{PACKAGE}.") or bool(dot and app_label in labels)


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
    registered = registered_project_tasks(app)
    stale = PeriodicTask.objects.filter(enabled=True).exclude(name__in=list(schedule)).order_by("name")
    for row in stale:
        if is_project_task(row.task, registered=registered):
            row.enabled = False
            row.save(update_fields=["enabled"])
            result.disabled.append(row.name)
    return result
