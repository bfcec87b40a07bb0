"""Settings, read from the environment (see the configuration table in README.md).

Defaults are the embedded, no-server setup used by `make run` and `make test`:
SQLite under var/ and Celery's filesystem broker. Production sets DEBUG off and a
real SECRET_KEY; a system check (core.checks) refuses the development key then.
A `.env` file in the project root (written by `make run`) is read too; see below.
"""

import os
import re
from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from whitenoise.compress import Compressor

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

# The development key is public by design; core.checks refuses it when DEBUG is off.
DEFAULT_SECRET_KEY = "django-insecure-development-key-do-not-use-in-production"  # noqa: S105

env = environ.Env()
# This checkout's local settings: `.env` in the project root, when there is one (`make run`
# writes it with DEBUG on and a generated SECRET_KEY), fills in what the environment leaves
# unset, so commands run by hand here (`.venv/bin/python manage.py ...`, `celery ...`) see what
# `make run` sees. Real environment variables win over it. Production sets its environment and
# has no `.env`: with neither, DEBUG is off and core.checks refuses the development key.
#
# Not read by the test suite, which must give the same result in a developer's checkout as in a
# fresh clone (CI) whatever `.env` holds: pytest (8.2 and later) sets PYTEST_VERSION for its run,
# and the tests that start manage.py or celery pass it on. Tests set what they need themselves.
ENV_FILE = BASE_DIR / ".env"
if "PYTEST_VERSION" not in os.environ and ENV_FILE.is_file():
    environ.Env.read_env(ENV_FILE, overwrite=False)

SECRET_KEY = env.str("SECRET_KEY", default=DEFAULT_SECRET_KEY)
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "knox",
    "axes",  # sign-in lockout after repeated failures
    "django_otp",  # two-factor sign-in (TOTP) for the roles that open or approve access
    "django_otp.plugins.otp_totp",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI served from our own static files, not a CDN
    "guardian",
    "simple_history",
    "django_celery_beat",
    "anpr_governance.core",
    "anpr_governance.accounts",
    "anpr_governance.sites",
    "anpr_governance.evidence",
    "anpr_governance.assessments",
    "anpr_governance.consultations",
    "anpr_governance.reviews",
    "anpr_governance.reads",
    "anpr_governance.audit",
    "anpr_governance.reports",
    "anpr_governance.front",
    "anpr_governance.public",
    "anpr_governance.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "anpr_governance.accounts.mfa.RequireSecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",  # answers a locked-out sign-in with registration/locked_out.html
]

ROOT_URLCONF = "anpr_governance.urls"
WSGI_APPLICATION = "anpr_governance.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "anpr_governance.front.navigation.navigation",
                "anpr_governance.front.navigation.service",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
# Seconds a web worker keeps its database connection between requests (0: one per request).
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Web, worker and beat share one file: wait for locks rather than fail.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("timeout", 20)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
# Permissions come from roles only: superuser status opens nothing (accounts.backends).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses a locked-out account before any password check
    "anpr_governance.accounts.backends.RoleBackend",
    "anpr_governance.accounts.backends.RoleObjectPermissionBackend",
]
# guardian's check looks for its own backend by name; ours is a subclass of it (above).
SILENCED_SYSTEM_CHECKS = ["guardian.W001"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# A password link (new account, reset) works once and expires after this many hours.
PASSWORD_RESET_TIMEOUT = env.int("ANPR_PASSWORD_LINK_HOURS", default=24) * 3600
# Sign-in lockout (django-axes): after ANPR_SIGNIN_FAILURE_LIMIT failed sign-ins to one account within
# ANPR_SIGNIN_LOCKOUT_MINUTES, it is locked for that long, or until a system administrator unlocks it.
AXES_FAILURE_LIMIT = env.int("ANPR_SIGNIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("ANPR_SIGNIN_LOCKOUT_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
# Two-factor sign-in (accounts.mfa): required of Investigators, Authorising officers, Approving
# managers, the DPO and System administrators when on; on by default unless DEBUG.
REQUIRE_MFA = env.bool("REQUIRE_MFA", default=not DEBUG)
OTP_TOTP_ISSUER = env.str("OTP_TOTP_ISSUER", default="ANPR Governance")
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=VAR_DIR / "staticfiles")
# GOV.UK Frontend's compiled JavaScript and assets come from the npm package.
# Of GOV.UK Frontend only its assets (fonts, images) are served; its script is copied into
# static/build/ by `npm run build` and its styles are compiled into app.css. (The whole package
# is 32 MB of sources that collectstatic would copy and compress for nothing.)
STATICFILES_DIRS = [BASE_DIR / "static",
                    ("govuk/assets", BASE_DIR / "node_modules" / "govuk-frontend" / "dist" / "govuk" / "assets")]
# Source maps are for developers' tools, not worth compressing (brotli on a few MB costs a minute).
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = (*Compressor.SKIP_COMPRESS_EXTENSIONS, "map")
# Uploaded and generated files (compliance packs under packs/). Never served as static
# media: packs are downloaded only through the reports views, which check and log access.
MEDIA_ROOT = env.path("MEDIA_ROOT", default=VAR_DIR / "media")
MEDIA_URL = "media/"
# Uploads (the pack verification page): a file over ANPR_UPLOAD_MAX_MB is refused before any of it
# is written to disk (core.uploads); files up to FILE_UPLOAD_MAX_MEMORY_SIZE stay in memory, and a
# request body other than a file (form fields, JSON) is refused over DATA_UPLOAD_MAX_MEMORY_SIZE.
ANPR_UPLOAD_MAX_MB = env.int("ANPR_UPLOAD_MAX_MB", default=500)
# Evidence files (signed documents, letters, photographs, e-mails): the largest accepted, refused
# in the same way before any byte is stored.
ANPR_EVIDENCE_MAX_MB = env.int("ANPR_EVIDENCE_MAX_MB", default=20)
FILE_UPLOAD_HANDLERS = [
    "anpr_governance.core.uploads.SizeLimitUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
FILE_UPLOAD_MAX_MEMORY_SIZE = env.int("FILE_UPLOAD_MAX_MEMORY_SIZE", default=2_621_440)
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DATA_UPLOAD_MAX_MEMORY_SIZE", default=2_621_440)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
if DEBUG:
    STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}

# Security headers: secure by default, relaxed only by DEBUG for local work.
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# HTTPS: plain HTTP is redirected and browsers told to use HTTPS only (HSTS), unless DEBUG. The
# test suite talks plain HTTP to the test client, so it keeps the redirect off (PYTEST_VERSION, as
# for .env above); tests/core/test_production.py checks the production values.
_PRODUCTION = not DEBUG and "PYTEST_VERSION" not in os.environ
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=_PRODUCTION)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000 if not DEBUG else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
# Behind a proxy that ends TLS: trust its X-Forwarded-Proto (only if the proxy always sets it).
if env.bool("SECURE_PROXY_SSL_HEADER", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Sessions: end after ANPR_SESSION_IDLE_MINUTES without a request, and when the browser closes.
# (Django gives a new session key at sign-in.)
SESSION_COOKIE_AGE = env.int("ANPR_SESSION_IDLE_MINUTES", default=30) * 60
SESSION_SAVE_EVERY_REQUEST = True  # each request restarts the idle clock
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# Content-Security-Policy (django-csp) on every response: only this site's own scripts, styles,
# images and fonts; no inline script or style, no framing, forms post only here.
CSP_DEFAULT_SRC = ("'self'",)
CSP_SCRIPT_SRC = ("'self'",)
CSP_STYLE_SRC = ("'self'",)
CSP_IMG_SRC = ("'self'", "data:")
CSP_FONT_SRC = ("'self'",)
CSP_CONNECT_SRC = ("'self'",)
CSP_OBJECT_SRC = ("'none'",)
CSP_BASE_URI = ("'self'",)
CSP_FRAME_ANCESTORS = ("'none'",)
CSP_FORM_ACTION = ("'self'",)
# A refused CSRF check is recorded where the view's app asks for it (a refused search is logged).
CSRF_FAILURE_VIEW = "anpr_governance.core.views.csrf_failure"

EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="anpr-governance@localhost")

# --- Celery -------------------------------------------------------------------------
# The embedded default is kombu's filesystem transport: no broker server needed.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="filesystem://")
# Where the filesystem broker keeps its messages (a smoke test points it elsewhere).
CELERY_FILESYSTEM_DIR = Path(env.str("CELERY_FILESYSTEM_DIR", default=str(VAR_DIR / "celery")))
CELERY_BROKER_TRANSPORT_OPTIONS = (
    {
        "data_folder_in": str(CELERY_FILESYSTEM_DIR / "queue"),
        "data_folder_out": str(CELERY_FILESYSTEM_DIR / "queue"),
        "processed_folder": str(CELERY_FILESYSTEM_DIR / "processed"),
        # Exchange tables (broadcasts to workers); kombu's default is ./control in the working directory.
        "control_folder": str(CELERY_FILESYSTEM_DIR / "control"),
        "store_processed": False,
    }
    if CELERY_BROKER_URL.startswith("filesystem")
    else {}
)
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TIMEZONE = TIME_ZONE
# The beat schedule is defined here, in code; django-celery-beat's scheduler keeps one
# database row per entry name, updated from this dict at start, never duplicated.
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# (CELERY_BEAT_SCHEDULE is defined below, after the review settings it is built from.)

# --- Django REST Framework ------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        # API tokens: django-rest-knox (hashed, expiring, created by their owner, revocable).
        "knox.auth.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 100,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "anpr_governance.core.api.exception_handler",
    # JSON nested too deeply is a 400 (DRF's own parser lets the RecursionError through: 500).
    "DEFAULT_PARSER_CLASSES": [
        "anpr_governance.core.parsers.BoundedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "ANPR Governance API",
    "DESCRIPTION": "Machine-facing API of ANPR Governance (staff only).",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # The schema and its docs page are for staff too: signed-in users only.
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    # Swagger UI from drf-spectacular-sidecar's static files (no CDN); its start-up script is a
    # separate file (SpectacularSwaggerSplitView), so the CSP needs no inline script.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "PurposeEnum": "anpr_governance.audit.purposes.Purpose.choices",
        "AuthorisablePurposeEnum": "anpr_governance.audit.purposes.AUTHORISABLE_PURPOSE_CHOICES",
    },
}

# API tokens expire this many days after they are created.
ANPR_API_TOKEN_DAYS = env.int("ANPR_API_TOKEN_DAYS", default=30)
REST_KNOX = {"TOKEN_TTL": timedelta(days=ANPR_API_TOKEN_DAYS), "AUTO_REFRESH": False}

# --- guardian / simple-history ----------------------------------------------------------
GUARDIAN_RAISE_403 = True
ANONYMOUS_USER_NAME = None  # the public never holds object permissions
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

# --- Domain settings (domain.md); validated by core.checks ----------------------------
# How far back an investigator may search with a purpose and reference alone.
ANPR_STANDARD_ACCESS_DAYS = env.int("ANPR_STANDARD_ACCESS_DAYS", default=90)
# Reads older than this are erased.
ANPR_RETENTION_DAYS = env.int("ANPR_RETENTION_DAYS", default=365)
# How long a senior officer's authorisation for older data stays valid.
ANPR_AUTHORISATION_VALIDITY_DAYS = env.int("ANPR_AUTHORISATION_VALIDITY_DAYS", default=7)
# An approved search grant (an investigator's right to search an area or site) expires after this.
ANPR_SEARCH_GRANT_MONTHS = env.int("ANPR_SEARCH_GRANT_MONTHS", default=12)
# A search's crime or incident reference must match this pattern (after trimming and
# upper-casing); the hint tells the user what is expected.
ANPR_REFERENCE_PATTERN = env.str(
    "ANPR_REFERENCE_PATTERN", default=r"(?=.{6,30}$)[A-Z]{2,5}[-/]?[0-9]{2,8}([-/][0-9]{1,8}){0,3}"
)
ANPR_REFERENCE_HINT = env.str(
    "ANPR_REFERENCE_HINT", default="a crime or incident reference such as CRI/12345/25 or INC-20250114-0042"
)
# A subject access request's reference must match this pattern (after trimming and upper-casing).
ANPR_SAR_REFERENCE_PATTERN = env.str("ANPR_SAR_REFERENCE_PATTERN", default=r"SAR-[0-9]{4}-[0-9]{4,6}")
ANPR_SAR_REFERENCE_HINT = env.str("ANPR_SAR_REFERENCE_HINT", default="a reference such as SAR-2026-0012")
# Reads timed this many seconds ahead of the server's clock are still accepted (camera clock drift).
ANPR_READ_CLOCK_TOLERANCE_SECONDS = env.int("ANPR_READ_CLOCK_TOLERANCE_SECONDS", default=60)
# The most reads one ingestion request may carry.
ANPR_INGEST_MAX_READS = env.int("ANPR_INGEST_MAX_READS", default=10_000)
# Default interval between site reviews.
ANPR_REVIEW_INTERVAL_MONTHS = env.int("ANPR_REVIEW_INTERVAL_MONTHS", default=12)
# A proposed site takes the next free reference with this prefix ("STS-065").
ANPR_SITE_REFERENCE_PREFIX = env.str("ANPR_SITE_REFERENCE_PREFIX", default="STS")


# --- Reviews, reminders and decommissioning flags (reviews app); validated by core.checks ---
# A site's next review is opened (and assigned to its officer) this many days before it is due.
ANPR_REVIEW_LEAD_DAYS = env.int("ANPR_REVIEW_LEAD_DAYS", default=60)
# Reminders go to the reviewer this many days before the due date (comma-separated).
ANPR_REVIEW_REMINDER_DAYS_RAW = env.str("ANPR_REVIEW_REMINDER_DAYS", default="30,7,1")
ANPR_REVIEW_REMINDER_DAYS: list[int] | None = (
    sorted({int(d) for d in ANPR_REVIEW_REMINDER_DAYS_RAW.split(",") if d.strip()}, reverse=True)
    if re.fullmatch(r"\s*-?\d+\s*(,\s*-?\d+\s*)*,?\s*", ANPR_REVIEW_REMINDER_DAYS_RAW)
    else None  # refused by core.checks with the value given
)
# A review overdue by more than this many days raises the review_overdue decommissioning flag.
ANPR_REVIEW_OVERDUE_GRACE_DAYS = env.int("ANPR_REVIEW_OVERDUE_GRACE_DAYS", default=30)
# An approved in-depth assessment / DPIA older than this raises assessment_expired / dpia_expired.
ANPR_ASSESSMENT_VALIDITY_YEARS = env.int("ANPR_ASSESSMENT_VALIDITY_YEARS", default=3)
ANPR_DPIA_VALIDITY_YEARS = env.int("ANPR_DPIA_VALIDITY_YEARS", default=3)
# An approved exemption from consultation lasts this long, and no longer than the next review.
ANPR_EXEMPTION_MONTHS = env.int("ANPR_EXEMPTION_MONTHS", default=12)
# DPA 2018 s.65: the ICO's written advice on a prior consultation is due within this many
# weeks of the request (one month more when the ICO gives notice of an extension).
ANPR_ICO_ADVICE_WEEKS = env.int("ANPR_ICO_ADVICE_WEEKS", default=6)
# No read search returning a site's reads within this many days raises no_use (once read data exists).
ANPR_NO_USE_WINDOW_DAYS = env.int("ANPR_NO_USE_WINDOW_DAYS", default=180)
# When the daily sweep runs (24-hour HH:MM, Europe/London) ...
ANPR_REVIEW_SWEEP_TIME = env.str("ANPR_REVIEW_SWEEP_TIME", default="05:30")
# ... or, when positive, every this many seconds instead (demonstrations and the `make run` smoke test).
ANPR_REVIEW_SWEEP_EVERY_SECONDS = env.int("ANPR_REVIEW_SWEEP_EVERY_SECONDS", default=0)
# The address of this service, for links in e-mails.
ANPR_SITE_URL = env.str("ANPR_SITE_URL", default="http://127.0.0.1:8000").rstrip("/")


def _sweep_schedule():
    if ANPR_REVIEW_SWEEP_EVERY_SECONDS > 0:
        return timedelta(seconds=ANPR_REVIEW_SWEEP_EVERY_SECONDS)
    match = re.fullmatch(r"([01]?\d|2[0-3]):([0-5]\d)", ANPR_REVIEW_SWEEP_TIME.strip())
    hour, minute = (int(match.group(1)), int(match.group(2))) if match else (5, 30)  # a bad value: refused by a check
    return crontab(hour=hour, minute=minute)


# The beat schedule, in code. django-celery-beat keeps one row per entry name (created or
# updated at beat start and by `manage.py sync_beat_schedule`), never duplicated. Each entry is
# named after the task it runs, `<app>.<verb>`.
CELERY_BEAT_SCHEDULE = {
    "reviews.sweep": {"task": "reviews.sweep", "schedule": _sweep_schedule()},
    # Sends e-mail for notices a crashed or slow run left unsent (the sweep also asks at once).
    "reviews.send_notice_emails": {"task": "reviews.send_notice_emails", "schedule": timedelta(minutes=15)},
    # Erase reads older than ANPR_RETENTION_DAYS (whole monthly partitions on PostgreSQL).
    "reads.apply_retention": {"task": "reads.apply_retention", "schedule": crontab(hour=2, minute=30)},
    # Create the monthly read partitions ahead of time (PostgreSQL; nothing to do on SQLite).
    "reads.create_partitions": {"task": "reads.create_partitions", "schedule": crontab(hour=2, minute=15)},
    # Verify the access log's whole hash chain and record the head (a broken chain is a notice).
    "audit.verify_access_log": {"task": "audit.verify_access_log", "schedule": crontab(hour=3, minute=0)},
    # End search grants past their expiry (searches also check, so this is for the log and the page).
    "reads.expire_grants": {"task": "reads.expire_grants", "schedule": crontab(hour=2, minute=45)},
}


# Compliance packs: the change history and access statistics cover this many months up to
# the pack's "as at" date.
ANPR_PACK_PERIOD_MONTHS = env.int("ANPR_PACK_PERIOD_MONTHS", default=12)
# A force-wide pack is laid out in parts of this many sites (about 6.5 pages and 2 MB of a
# worker's memory per page each), which any number of workers share (reports/parts.py).
ANPR_PACK_SITES_PER_PART = env.int("ANPR_PACK_SITES_PER_PART", default=8)

# --- Public consultation and transparency pages (public app) ---------------------------
# The shared cache holds the public reply form's rate limit, so that it holds across web
# processes: the database cache (`make run` creates its table) unless e.g. redis://host:6379/1.
CACHES = {"default": env.cache("CACHE_URL", default="dbcache://anpr_cache")}
# Replies accepted from one client address per hour; longer comments are refused, not cut.
ANPR_PUBLIC_REPLIES_PER_HOUR = env.int("ANPR_PUBLIC_REPLIES_PER_HOUR", default=5)
ANPR_PUBLIC_REPLY_MAX_CHARS = env.int("ANPR_PUBLIC_REPLY_MAX_CHARS", default=5000)
# A reply sent sooner than this after the form was drawn is a robot's (the time trap).
ANPR_PUBLIC_REPLY_MIN_SECONDS = env.int("ANPR_PUBLIC_REPLY_MIN_SECONDS", default=5)
# Behind a reverse proxy: the header it sets to the client's address (e.g. X-Forwarded-For,
# whose last entry is the one the proxy added). Empty: the connection's own address.
ANPR_TRUSTED_PROXY_HEADER = env.str("ANPR_TRUSTED_PROXY_HEADER", default="")
# The contact point for information and complaints, published on /transparency/.
ANPR_PUBLIC_CONTACT = env.str(
    "ANPR_PUBLIC_CONTACT",
    default="The Data Protection Officer, Staffordshire Police Headquarters, Weston Road, Stafford ST18 0YY; "
    "telephone 101. If you are not satisfied with the answer, you may complain to the Information "
    "Commissioner's Office (ico.org.uk).",
)

DEMO_PASSWORD = env.str("DEMO_PASSWORD", default="")
# Shown in the page header and on reports.
FORCE_NAME = env.str("FORCE_NAME", default="Staffordshire Police")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # WeasyPrint logs a line per step and page at INFO; packs show that as progress instead.
    "loggers": {"weasyprint.progress": {"level": "WARNING"}},
}
