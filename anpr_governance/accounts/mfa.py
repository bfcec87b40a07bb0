"""Two-factor sign-in (TOTP, django-otp) for the roles that open or approve access: Investigator,
Authorising officer, Approving manager, Data protection officer, System administrator.

With REQUIRE_MFA on (the default when DEBUG is off), a signed-in person holding one of these
roles reaches nothing but the two-factor page, sign-out and static files until they have given a
code from their authenticator app in this session; the first time, the page enrols the app with
a QR code. API calls with a token are not held here: a token is created only by its owner on a
page that required the second factor."""

import base64
import io

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from .permissions import holds_role
from .roles import Role

MFA_ROLES = (Role.INVESTIGATOR, Role.AUTHORISING_OFFICER, Role.APPROVING_MANAGER, Role.DATA_PROTECTION_OFFICER,
             Role.SYSTEM_ADMINISTRATOR)
DEVICE_NAME = "Authenticator app"


def needs_second_factor(user) -> bool:
    return bool(settings.REQUIRE_MFA and user.is_authenticated and holds_role(user, *MFA_ROLES)
                and not user.is_verified())


def confirmed_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def enrolment_device(user) -> TOTPDevice:
    """The unconfirmed device being enrolled (kept across page loads, so the QR code stays the same)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


def qr_code_data_uri(device: TOTPDevice) -> str:
    """The device's otpauth:// URL as an SVG QR code in a data: URI (allowed by the CSP's img-src)."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


def secret_base32(device: TOTPDevice) -> str:
    return base64.b32encode(device.bin_key).decode()


class RequireSecondFactorMiddleware:
    """After django_otp's OTPMiddleware: hold a person who needs a second factor on its page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and needs_second_factor(user):
            allowed = (reverse("accounts:mfa"), reverse("logout"), settings.STATIC_URL)
            path = request.path_info
            if not any(path.startswith(prefix if prefix.startswith("/") else "/" + prefix) for prefix in allowed):
                return redirect(f"{reverse('accounts:mfa')}?next={request.get_full_path()}")
        return self.get_response(request)


def give_totp_secret(user, secret: str) -> TOTPDevice:
    """Give `user` a confirmed authenticator with this base32 secret (the demo's, so that a demo can
    be signed in to from a known app), replacing any they had. A bad secret raises ValueError."""
    key = base64.b32decode(secret.strip().replace(" ", "").upper() + "=" * (-len(secret.strip()) % 8))
    if len(key) < 10:
        raise ValueError("A TOTP secret must be at least 16 base32 characters (80 bits).")
    TOTPDevice.objects.filter(user=user).delete()
    return TOTPDevice.objects.create(user=user, name=DEVICE_NAME, key=key.hex(), confirmed=True)
