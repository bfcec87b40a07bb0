"""WSGI entry point. Runs the system checks first, so a misconfigured production
(e.g. the development secret key with DEBUG off) refuses to start."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "anpr_governance.settings")

application = get_wsgi_application()

from anpr_governance.core.checks import refuse_to_start_on_errors  # noqa: E402

refuse_to_start_on_errors()
