"""Two-factor sign-in (issue 11, point 3): with REQUIRE_MFA on, the roles that open or approve
access give a TOTP code after their password; the first time they enrol an app by QR code."""

import datetime
import io

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery"
SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


@pytest.fixture(autouse=True)
def mfa_on(settings):
    settings.REQUIRE_MFA = True


def sign_in(username) -> Client:
    browser = Client()
    assert browser.post("/accounts/login/", {"username": username, "password": PASSWORD}).status_code == 302
    return browser


def code_for(device) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


@pytest.mark.parametrize("role", ["investigator", "authoriser", "manager", "dpo", "sysadmin"])
def test_the_roles_that_open_or_approve_access_enrol_and_give_a_code(request, role):
    user = request.getfixturevalue(role)
    browser = sign_in(user.username)
    held = browser.get("/sites/")
    assert held.status_code == 302 and held["Location"].startswith("/accounts/two-factor/")
    page = browser.get(held["Location"]).content.decode()
    assert 'src="data:image/svg+xml;base64,' in page and 'data-testid="secret"' in page
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    wrong = browser.post("/accounts/two-factor/", {"code": "000000"})
    assert wrong.status_code == 400 and "not right" in wrong.content.decode()
    assert browser.get("/sites/").status_code == 302  # still held
    device.refresh_from_db()
    later = datetime.datetime.now(datetime.UTC) + datetime.timedelta(seconds=5)  # past the throttle after a failure
    with time_machine.travel(later, tick=False):
        answer = browser.post("/accounts/two-factor/", {"code": code_for(device), "next": "/sites/"})
        assert answer.status_code == 302
    assert browser.get("/sites/").status_code != 302
    device.refresh_from_db()
    assert device.confirmed


def test_next_time_the_enrolled_app_is_asked_for(investigator):
    device = TOTPDevice.objects.create(user=investigator, name="app", confirmed=True)
    browser = sign_in("investigator")
    assert browser.get("/reads/search/").status_code == 302
    page = browser.get("/accounts/two-factor/").content.decode()
    assert "data:image/svg" not in page  # no new enrolment
    browser.post("/accounts/two-factor/", {"code": code_for(device)})
    assert browser.get("/reads/search/").status_code == 200


def test_other_roles_sign_in_with_a_password(auditor, officer):
    assert sign_in("auditor").get("/sites/").status_code == 200
    assert sign_in("officer").get("/sites/").status_code == 200


def test_it_is_off_when_require_mfa_is_off(settings, investigator):
    settings.REQUIRE_MFA = False
    assert sign_in("investigator").get("/reads/search/").status_code == 200


def test_require_mfa_is_on_by_default_when_debug_is_off():
    import subprocess
    import sys

    show = "import django; django.setup(); from django.conf import settings as s; print(s.DEBUG, s.REQUIRE_MFA)"
    for debug, expected in (("false", "False True"), ("true", "True False")):
        done = subprocess.run([sys.executable, "-c", show], env={"PATH": "/usr/bin:/bin", "DEBUG": debug,
                              "DJANGO_SETTINGS_MODULE": "anpr_governance.settings"},
                              capture_output=True, text=True, check=True, cwd=str(__import__("pathlib").Path(
                                  __file__).resolve().parents[2]))
        assert done.stdout.strip() == expected


def test_seed_demo_gives_the_demo_logins_the_secret(settings):
    out = io.StringIO()
    call_command("seed_demo", "--password", "demo password 123", "--totp-secret", SECRET, stdout=out)
    devices = TOTPDevice.objects.filter(confirmed=True).select_related("user")
    assert {d.user.username for d in devices} == {"investigator", "authoriser", "manager", "dpo", "sysadmin",
                                                  "manager2"}
    assert SECRET in out.getvalue()
    browser = sign_in_demo("investigator")
    browser.post("/accounts/two-factor/", {"code": code_for(devices.get(user__username="investigator"))})
    assert browser.get("/reads/search/").status_code == 200


def sign_in_demo(username) -> Client:
    browser = Client()
    assert browser.post("/accounts/login/", {"username": username, "password": "demo password 123"}).status_code == 302
    return browser
