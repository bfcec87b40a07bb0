"""The Celery application: configuration comes from Django settings (CELERY_*).

Workers and beat run the Django system checks when they start, as the WSGI entry point
does, so a misconfigured deployment (e.g. a negative review lead time) refuses to start."""

import os
from pathlib import Path

from celery import Celery, signals

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "anpr_governance.settings")

app = Celery("anpr_governance")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# The embedded broker's folders (settings: CELERY_FILESYSTEM_DIR), which kombu does not create.
FILESYSTEM_FOLDERS = ("data_folder_in", "data_folder_out", "processed_folder", "control_folder")


@app.on_after_configure.connect
def create_filesystem_broker_folders(sender=None, source=None, **kwargs):
    """Create the filesystem broker's folders where the settings put them, in every process that
    sends or takes messages (web, worker, beat, manage.py), however it was started: by `make run`
    or by hand, with CELERY_FILESYSTEM_DIR from the environment, `.env` or the default."""
    options = (source or {}).get("broker_transport_options") or {}
    for key in FILESYSTEM_FOLDERS:
        if options.get(key):
            Path(options[key]).mkdir(parents=True, exist_ok=True)


@signals.worker_init.connect
@signals.beat_init.connect
def refuse_to_start_misconfigured(**kwargs):
    import django
    from django.apps import apps
    from django.core.exceptions import ImproperlyConfigured

    if not apps.ready:
        django.setup()
    from anpr_governance.core.checks import refuse_to_start_on_errors

    try:
        refuse_to_start_on_errors()
    except ImproperlyConfigured as error:
        # Celery logs and ignores exceptions raised by signal receivers; SystemExit is not
        # caught, so the worker or beat stops with the checks' message.
        raise SystemExit(f"Refusing to start: {error}") from error
