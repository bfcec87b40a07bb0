"""System checks for configuration: a misconfigured service refuses to start."""

import re

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
        "ANPR_SEARCH_GRANT_MONTHS": settings.ANPR_SEARCH_GRANT_MONTHS,
        "ANPR_API_TOKEN_DAYS": settings.ANPR_API_TOKEN_DAYS,
        "ANPR_REVIEW_INTERVAL_MONTHS": settings.ANPR_REVIEW_INTERVAL_MONTHS,
        "ANPR_INGEST_MAX_READS": settings.ANPR_INGEST_MAX_READS,
        "ANPR_PACK_PERIOD_MONTHS": settings.ANPR_PACK_PERIOD_MONTHS,
        "ANPR_PUBLIC_REPLIES_PER_HOUR": settings.ANPR_PUBLIC_REPLIES_PER_HOUR,
        "ANPR_PUBLIC_REPLY_MAX_CHARS": settings.ANPR_PUBLIC_REPLY_MAX_CHARS,
        "ANPR_EVIDENCE_MAX_MB": settings.ANPR_EVIDENCE_MAX_MB,
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


@checks.register()
def check_review_settings(app_configs=None, **kwargs):
    """The review sweep's settings (reviews app): lead time, reminders, grace, validity, schedule."""
    errors = []

    def refuse(message, hint=None):
        errors.append(checks.Error(message, hint=hint, id="anpr.E004"))

    positive = {
        "ANPR_REVIEW_LEAD_DAYS": settings.ANPR_REVIEW_LEAD_DAYS,
        "ANPR_ASSESSMENT_VALIDITY_YEARS": settings.ANPR_ASSESSMENT_VALIDITY_YEARS,
        "ANPR_DPIA_VALIDITY_YEARS": settings.ANPR_DPIA_VALIDITY_YEARS,
        "ANPR_NO_USE_WINDOW_DAYS": settings.ANPR_NO_USE_WINDOW_DAYS,
    }
    for name, value in positive.items():
        if value <= 0:
            refuse(f"{name} is {value}; it must be a positive whole number.")
    for name in ("ANPR_REVIEW_OVERDUE_GRACE_DAYS", "ANPR_REVIEW_SWEEP_EVERY_SECONDS"):
        value = getattr(settings, name)
        if value < 0:
            refuse(f"{name} is {value}; it cannot be negative (0 is allowed).")
    if settings.ANPR_REVIEW_INTERVAL_MONTHS > 60:
        refuse(f"ANPR_REVIEW_INTERVAL_MONTHS is {settings.ANPR_REVIEW_INTERVAL_MONTHS}; a site must be reviewed "
               "at least every 60 months.")

    days = settings.ANPR_REVIEW_REMINDER_DAYS
    if days is None:
        refuse(f"ANPR_REVIEW_REMINDER_DAYS is {settings.ANPR_REVIEW_REMINDER_DAYS_RAW!r}; give whole numbers of "
               "days separated by commas, e.g. 30,7,1.")
    else:
        for day in days:
            if day <= 0:
                refuse(f"ANPR_REVIEW_REMINDER_DAYS includes {day}; reminders are sent a positive number of days "
                       "before the due date.")
            elif day > settings.ANPR_REVIEW_LEAD_DAYS > 0:
                refuse(f"ANPR_REVIEW_REMINDER_DAYS includes {day}, more than ANPR_REVIEW_LEAD_DAYS "
                       f"({settings.ANPR_REVIEW_LEAD_DAYS}); the review is not open yet at that point.",
                       hint="Open reviews earlier (a longer lead time) or remind later.")
    if not re.fullmatch(r"([01]?\d|2[0-3]):[0-5]\d", settings.ANPR_REVIEW_SWEEP_TIME.strip()):
        refuse(f"ANPR_REVIEW_SWEEP_TIME is {settings.ANPR_REVIEW_SWEEP_TIME!r}; give a 24-hour time such as 05:30.")
    if not re.match(r"https?://[^/\s]+", settings.ANPR_SITE_URL):
        refuse(f"ANPR_SITE_URL is {settings.ANPR_SITE_URL!r}; give the service's address, e.g. "
               "https://anpr-governance.example.police.uk, for links in e-mails.")
    return errors


# References a search must never be accepted with, whatever the configured pattern.
GENERIC_REFERENCES = ("INVESTIGATION", "ENQUIRY", "N/A", "NA", "NONE", "TBC", "123", "ANPR")


@checks.register()
def check_reference_pattern(app_configs=None, **kwargs):
    pattern = settings.ANPR_REFERENCE_PATTERN
    try:
        compiled = re.compile(pattern)
    except re.error as error:
        return [
            checks.Error(
                f"ANPR_REFERENCE_PATTERN is not a valid regular expression: {error}.",
                hint="Give a Python regular expression a whole crime or incident reference must match.",
                id="anpr.E005",
            )
        ]
    accepted = [word for word in GENERIC_REFERENCES if compiled.fullmatch(word)]
    if accepted:
        return [
            checks.Error(
                f"ANPR_REFERENCE_PATTERN accepts generic references ({', '.join(accepted)}): searches must "
                "name a crime or incident.",
                id="anpr.E006",
            )
        ]
    return []


def refuse_to_start_on_errors():
    """Run the checks at process start (gunicorn/uwsgi do not run them themselves)."""
    errors = [e for e in checks.run_checks(include_deployment_checks=False) if e.is_serious()]
    if errors:
        raise ImproperlyConfigured("; ".join(f"{e.id}: {e.msg}" for e in errors))


@checks.register()
def check_sar_reference_pattern(app_configs=None, **kwargs):
    try:
        re.compile(settings.ANPR_SAR_REFERENCE_PATTERN)
    except re.error as error:
        return [
            checks.Error(
                f"ANPR_SAR_REFERENCE_PATTERN is not a valid regular expression: {error}.",
                hint="Give a Python regular expression a whole subject access request reference must match.",
                id="anpr.E015",
            )
        ]
    return []
