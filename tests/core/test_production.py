"""Sessions, headers and a production start (issue 11, point 4).

The production test starts the WSGI app under gunicorn with DEBUG off and the production
settings exactly as README's "Running in production" section lists them (environment,
`migrate`, `collectstatic`, `check --deploy`), in processes without PYTEST_VERSION, and loads
the sign-in page through it."""

import datetime
import http.client
import os
import secrets
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import time_machine
from django.test import Client

ROOT = Path(__file__).resolve().parents[2]
PAGES = ["/accounts/login/", "/", "/sites/", "/admin/", "/api/docs/", "/reads/grants/"]


@pytest.mark.django_db
@pytest.mark.parametrize("url", PAGES)
def test_every_page_has_a_content_security_policy_without_unsafe_inline(client, sysadmin, url):
    client.force_login(sysadmin)
    policy = client.get(url)["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


@pytest.mark.django_db
def test_swagger_ui_comes_from_our_own_static_files(client, auditor):
    """Reproduces the hole: /api/docs/ loaded Swagger UI from a public CDN with no integrity check."""
    client.force_login(auditor)
    page = client.get("/api/docs/").content.decode()
    assert "drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in page
    assert "cdn." not in page and "<script>" not in page  # no inline script: the CSP would refuse it


@pytest.mark.django_db
def test_a_session_ends_after_the_idle_timeout(client, auditor, settings):
    client.force_login(auditor)
    assert client.get("/sites/").status_code == 200
    idle = datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE + 60)
    with time_machine.travel(datetime.datetime.now(datetime.UTC) + idle, tick=False):
        response = client.get("/sites/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


@pytest.mark.django_db
def test_each_request_restarts_the_idle_clock_and_the_cookie_ends_with_the_browser(client, auditor, settings):
    client.force_login(auditor)
    half = datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE * 0.6)
    now = datetime.datetime.now(datetime.UTC)
    with time_machine.travel(now + half, tick=False):
        response = client.get("/sites/")
        assert response.status_code == 200
        assert response.cookies["sessionid"]["expires"] == "" and response.cookies["sessionid"]["max-age"] == ""
    with time_machine.travel(now + 2 * half, tick=False):
        assert client.get("/sites/").status_code == 200
    assert settings.SESSION_COOKIE_AGE == 30 * 60


@pytest.mark.django_db
def test_the_session_key_changes_at_sign_in(auditor):
    browser = Client()
    browser.get("/accounts/login/")
    browser.session["before"] = True  # a session that exists before signing in
    before = browser.cookies.get("sessionid")
    response = browser.post("/accounts/login/", {"username": "auditor", "password": "correct horse battery"})
    assert response.status_code == 302
    assert browser.cookies["sessionid"].value != (before.value if before else None)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_the_wsgi_app_starts_in_production_as_the_readme_says(tmp_path):
    """Reproduces the hole: with DEBUG off every page answered 500 until collectstatic had run,
    and the README never said so."""
    readme = (ROOT / "README.md").read_text()
    assert "## Running in production" in readme
    for step in ("manage.py migrate", "manage.py collectstatic --noinput",
                 "manage.py check --deploy --fail-level WARNING", "gunicorn anpr_governance.wsgi",
                 "celery -A anpr_governance worker", "celery -A anpr_governance beat"):
        assert step in readme, step
    env = {
        "PATH": os.environ["PATH"], "DEBUG": "false", "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "anpr.example.org", "CSRF_TRUSTED_ORIGINS": "https://anpr.example.org",
        "SECURE_PROXY_SSL_HEADER": "true", "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "STATIC_ROOT": str(tmp_path / "static"), "MEDIA_ROOT": str(tmp_path / "media"),
    }
    python = sys.executable
    for step in (["migrate", "--noinput"], ["collectstatic", "--noinput"], ["check", "--deploy", "--fail-level",
                                                                             "WARNING"]):
        done = subprocess.run([python, "manage.py", *step], cwd=ROOT, env=env, capture_output=True, text=True,
                              timeout=300, check=False)
        assert done.returncode == 0, (step, done.stdout[-2000:], done.stderr[-2000:])
    port = _free_port()
    gunicorn = Path(python).with_name("gunicorn")
    server = subprocess.Popen([str(gunicorn), "anpr_governance.wsgi", "--bind", f"127.0.0.1:{port}",
                               "--workers", "1"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, text=True)
    try:
        response = None
        for _ in range(100):  # up to 20 s for the worker to start
            try:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                connection.request("GET", "/accounts/login/", headers={"Host": "anpr.example.org",
                                                                       "X-Forwarded-Proto": "https"})
                response = connection.getresponse()
                break
            except OSError:
                time.sleep(0.2)
        assert response is not None, "gunicorn did not answer"
        body = response.read().decode()
        assert response.status == 200 and "Sign in" in body
        assert "max-age=31536000" in response.getheader("Strict-Transport-Security")
        assert "unsafe-inline" not in response.getheader("Content-Security-Policy")
        plain = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        plain.request("GET", "/accounts/login/", headers={"Host": "anpr.example.org"})
        redirect = plain.getresponse()
        assert redirect.status == 301 and redirect.getheader("Location").startswith("https://")
    finally:
        server.terminate()
        server.wait(timeout=20)
