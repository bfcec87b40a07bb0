"""System checks for configuration: a misconfigured service refuses to start."""

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured


@checks.register(checks.Tags.security)
def check_secret_key(app_configs=None, **kwargs):
    if not settings.DEBUG and settings.SECRET_KEY == settings.DEFAULT_SECRET_KEY:
        return [
            checks.Error(
                "SECRET_KEY is the public development key while DEBUG is off.",
                hint="Set the SECRET_KEY environment variable to a long random value.",
                id="anpr.E001",
            )
        ]
    return []


@checks.register()
def check_domain_settings(app_configs=None, **kwargs):
    errors = []
    positive = {
        "ANPR_STANDARD_ACCESS_DAYS": settings.ANPR_STANDARD_ACCESS_DAYS,
        "ANPR_RETENTION_DAYS": settings.ANPR_RETENTION_DAYS,
        "ANPR_AUTHORISATION_VALIDITY_DAYS": settings.ANPR_AUTHORISATION_VALIDITY_DAYS,
        "ANPR_REVIEW_INTERVAL_MONTHS": settings.ANPR_REVIEW_INTERVAL_MONTHS,
        "ANPR_PACK_PERIOD_MONTHS": settings.ANPR_PACK_PERIOD_MONTHS,
    }
    for name, value in positive.items():
        if value <= 0:
            errors.append(
                checks.Error(
                    f"{name} is {value}; it must be a positive whole number.",
                    id="anpr.E002",
                )
            )
    if settings.ANPR_STANDARD_ACCESS_DAYS > settings.ANPR_RETENTION_DAYS:
        errors.append(
            checks.Error(
                f"ANPR_STANDARD_ACCESS_DAYS ({settings.ANPR_STANDARD_ACCESS_DAYS}) is longer than "
                f"ANPR_RETENTION_DAYS ({settings.ANPR_RETENTION_DAYS}); reads cannot be searched "
                "after they are erased.",
                id="anpr.E003",
            )
        )
    return errors


def refuse_to_start_on_errors():
    """Run the checks at process start (gunicorn/uwsgi do not run them themselves)."""
    errors = [e for e in checks.run_checks(include_deployment_checks=False) if e.is_serious()]
    if errors:
        raise ImproperlyConfigured("; ".join(f"{e.id}: {e.msg}" for e in errors))
