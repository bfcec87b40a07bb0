"""Settings of the load bench's gunicorn (bench/load.py): production's (not DEBUG), except that
static files are named as they are, without collectstatic's manifest. Static files are not what
is measured, and this machine has no node_modules (GOV.UK Frontend's assets) to collect."""

from anpr_governance.settings import *  # noqa: F403

STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
