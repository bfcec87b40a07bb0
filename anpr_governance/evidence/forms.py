"""The evidence upload form (GOV.UK file upload). It is prefixed with its record
("evidence-dpia-12-file") so that several can sit on one page (the site page has one per
record) beside the page's own form without sharing an input id."""

from django import forms
from django.conf import settings

from anpr_governance.core.forms import GovukForm

from .filetypes import ACCEPT_ATTRIBUTE
from .models import Kind
from .services import EMPTY, evidence_limit_bytes, too_large_message

SELECT_FILE = "Select a file"


def prefix_for(kind: str, pk: int) -> str:
    return f"evidence-{kind}-{pk}"


class EvidenceForm(GovukForm):

    file = forms.FileField(
        label="Upload a file", widget=forms.FileInput(attrs={"accept": ACCEPT_ATTRIBUTE}),
        error_messages={"required": SELECT_FILE, "invalid": SELECT_FILE, "empty": EMPTY},
    )
    description = forms.CharField(
        label="Description", max_length=500,
        help_text="A short description, for example “Signed DPIA, version 2” or “Signage photograph, northbound”",
        error_messages={"required": "Enter a short description of the file",
                        "max_length": "The description must be 500 characters or fewer"},
    )
    kind = forms.ChoiceField(label="What kind of evidence is it?", choices=Kind.choices, widget=forms.RadioSelect,
                             initial=Kind.OTHER, error_messages={"required": "Choose what kind of evidence it is"})
    restricted = forms.BooleanField(
        label="It shows or describes a camera's location (only staff who may see locations can read it)",
        required=False,
    )
    supersedes = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, too_large: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.too_large = too_large  # skipped unread by core.uploads: over ANPR_EVIDENCE_MAX_MB
        self.fields["file"].help_text = (
            "A PDF, image (PNG or JPEG), office document (docx, xlsx, odt or ods) or e-mail (eml or msg), "
            f"smaller than {settings.ANPR_EVIDENCE_MAX_MB} MB"
        )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > evidence_limit_bytes():
            raise forms.ValidationError(too_large_message())
        return upload

    def clean(self):
        if self.too_large:
            self.errors.pop("file", None)
            self.add_error("file", too_large_message())
        return super().clean()
