"""Forms of the compliance pack pages: what a pack covers and as at when; a file to check.

The inputs keep their bare names as ids (`#scope`, `#as_at-day`, `#pack`), and the as-at
date its boxes' names (as_at-day, as_at-month, as_at-year)."""

import datetime

from django import forms
from django.conf import settings

from anpr_governance.core.forms import DateField, DateWidget, GovukForm
from anpr_governance.core.uploads import upload_limit_bytes

CHOOSE_SCOPE = "Choose a site pack or a force-wide pack."
SELECT_FILE = "Select the PDF file of the pack to check."


class AsAtField(DateField):
    """The day, month and year of the as-at date; whether the day is allowed (not in the
    future, not before the records) is the service's to say."""

    def __init__(self, **kwargs):
        super().__init__(widget=DateWidget(suffixes=("-day", "-month", "-year")), **kwargs)

    def clean(self, value):
        parts = [str(part or "").strip() for part in (value or ["", "", ""])]
        if not any(parts):
            raise forms.ValidationError("Enter the as-at date, for example 31 3 2026.", code="required")
        missing = [name for name, part in zip(("day", "month", "year"), parts, strict=True) if not part]
        if missing:
            raise forms.ValidationError(f"The as-at date must include a {' and a '.join(missing)}.",
                                        code="incomplete")
        try:
            day, month, year = (int(part) for part in parts)
            return datetime.date(year, month, day)
        except (ValueError, OverflowError):  # OverflowError: a number too long for a date
            raise forms.ValidationError("The as-at date must be a real date, for example 31 3 2026.",
                                        code="invalid") from None


class PackForm(GovukForm):
    default_auto_id = "%s"

    scope = forms.ChoiceField(
        label="What should the pack cover?", widget=forms.RadioSelect,
        choices=[("site", "One site"), ("force", "Every site (force-wide pack)")],
        error_messages={"required": CHOOSE_SCOPE, "invalid_choice": CHOOSE_SCOPE},
    )
    site_reference = forms.CharField(label="Site reference", required=False, help_text="For example, STS-017",
                                     widget=forms.TextInput(attrs={"autocomplete": "off"}))
    as_at = AsAtField(
        label="As at", help_text="The pack shows each record as it stood at the end of this day. Today is the default.",
    )
    redact_locations = forms.BooleanField(
        label="Withhold restricted camera locations", required=False, initial=True,
        help_text="For a recipient outside the force, such as the regulator: the pack says they were withheld.",
    )
    recipient = forms.CharField(
        label="Who is the pack for? (optional)", required=False,
        help_text='Recorded with the disclosure, for example "ICO inspection, March 2026" or "internal audit"',
    )


class VerifyForm(GovukForm):
    default_auto_id = "%s"

    pack = forms.FileField(
        label="Pack file (PDF)", widget=forms.FileInput(attrs={"accept": "application/pdf,.pdf"}),
        error_messages={"required": SELECT_FILE, "invalid": SELECT_FILE, "empty": "The selected file is empty."},
    )

    def __init__(self, *args, too_large: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.too_large = too_large  # skipped unread by core.uploads: over ANPR_UPLOAD_MAX_MB

    def clean_pack(self):
        upload = self.cleaned_data["pack"]
        if upload.size > upload_limit_bytes():
            raise forms.ValidationError(self.too_large_message())
        return upload

    def clean(self):
        if self.too_large:
            self.errors.pop("pack", None)
            self.add_error("pack", self.too_large_message())
        return super().clean()

    @staticmethod
    def too_large_message() -> str:
        return f"The selected file must be smaller than {settings.ANPR_UPLOAD_MAX_MB} MB."
