"""Forms of the pages that set sites up: propose, details, officer, cameras, import.

They check what a field can say about itself (a whole number, a grid reference, a real
date); the services check the rest and their refusals come back on the form."""

from django import forms
from django.core.exceptions import ValidationError

from anpr_governance.accounts.models import PolicingArea, User
from anpr_governance.accounts.roles import Role
from anpr_governance.core.forms import DateField, GovukForm, VersionedForm
from anpr_governance.sites.grid import normalise_grid_reference
from anpr_governance.sites.models import LocationType

MAX_LANES = 20


def _lanes_field():
    return forms.IntegerField(
        label="Number of lanes", min_value=1, max_value=MAX_LANES,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        help_text="Traffic lanes the cameras cover", error_messages={
            "required": "Enter the number of lanes",
            "invalid": "Number of lanes must be a whole number, like 2",
            "min_value": "Number of lanes must be 1 or more",
            "max_value": f"Number of lanes must be {MAX_LANES} or fewer",
        })


def _interval_field():
    return forms.IntegerField(
        label="Review interval, in months", min_value=1, max_value=60,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}), help_text="For example, 12", error_messages={
            "required": "Enter how many months apart its reviews should be",
            "invalid": "Review interval must be a whole number of months, like 12",
            "min_value": "Review interval must be 1 month or more",
            "max_value": "Review interval must be 60 months or fewer",
        })


class SiteFieldsMixin(forms.Form):
    """The fields a manager types about a site, with their own checks."""

    name = forms.CharField(label="Name", max_length=200, help_text="A road class and district, e.g. A34 Stafford north",
                           error_messages={"required": "Enter the name of the site"})
    location_type = forms.ChoiceField(label="Location type", widget=forms.RadioSelect, choices=LocationType.choices,
                                      error_messages={"required": "Choose the location type"})
    location_description = forms.CharField(
        label="Location (restricted)", widget=forms.Textarea, required=False, max_length=2000,
        help_text="Where exactly the site is. Never published; seen only by roles allowed to see locations.")
    grid_reference = forms.CharField(
        label="Grid reference (restricted)", required=False, max_length=30,
        help_text="Ordnance Survey National Grid: two letters then 4, 6, 8 or 10 digits, such as SJ 9234 1567")
    lanes = _lanes_field()
    review_interval_months = _interval_field()

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise ValidationError("Enter the name of the site")
        return name

    def clean_grid_reference(self):
        return normalise_grid_reference(self.cleaned_data["grid_reference"])


class ProposeForm(SiteFieldsMixin, GovukForm):
    field_order = ["name", "policing_area", "location_type", "location_description", "grid_reference", "lanes",
                   "pressing_need", "review_interval_months"]
    policing_area = forms.ModelChoiceField(
        label="Policing area", queryset=PolicingArea.objects.order_by("name"), empty_label="Choose a policing area",
        error_messages={"required": "Choose the policing area", "invalid_choice": "Choose the policing area"})
    pressing_need = forms.CharField(
        label="Pressing need", max_length=500, widget=forms.Textarea(attrs={"rows": 2}),
        help_text="In a sentence: the policing problem the site answers (the assessment gives the evidence)",
        error_messages={"required": "Describe the pressing need the site answers, in a sentence"})

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"lanes": 1, "review_interval_months": 12})
        super().__init__(*args, **kwargs)


class SiteDetailsForm(SiteFieldsMixin, VersionedForm):
    field_order = ["name", "location_type", "location_description", "grid_reference", "lanes",
                   "review_interval_months"]


def officer_choices():
    officers = User.objects.filter(groups__name=Role.GOVERNANCE_OFFICER, is_active=True).order_by(
        "last_name", "first_name", "username")
    return [(str(u.pk), f"{u.get_full_name() or u.username} ({u.username})") for u in officers]


class OfficerForm(GovukForm):
    officer = forms.ChoiceField(label="Governance officer", widget=forms.RadioSelect,
                                error_messages={"required": "Choose the governance officer",
                                                "invalid_choice": "Choose one of the governance officers listed"})
    reason = forms.CharField(label="Why", widget=forms.Textarea(attrs={"rows": 3}), max_length=1000, required=False,
                             help_text="Recorded in the site's history. Required when you reassign the site.")

    def __init__(self, *args, reassigning: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.reassigning = reassigning
        self.fields["officer"].choices = officer_choices()
        if not reassigning:
            self.fields["reason"].label = "Why (optional)"

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if self.reassigning and not reason:
            raise ValidationError("Say why the site is being reassigned")
        return reason

    def chosen_officer(self):
        return User.objects.get(pk=self.cleaned_data["officer"])


class CameraAddForm(GovukForm):
    prefix = "add"
    identifier = forms.CharField(label="Camera identifier", max_length=40, help_text="For example, STS-065-C1",
                                 error_messages={"required": "Enter the camera's identifier"})
    lane = forms.IntegerField(label="Lane", min_value=1, widget=forms.TextInput(attrs={"inputmode": "numeric"}),
                              error_messages={"required": "Enter the lane the camera covers",
                                              "invalid": "Lane must be a whole number, like 1",
                                              "min_value": "Lane must be 1 or more"})
    direction = forms.CharField(label="Direction of travel", max_length=20, help_text="For example, northbound",
                                error_messages={"required": "Enter the direction of travel the camera reads"})
    installed_on = DateField(label="Date installed", what="the date the camera was installed",
                             help_text="For example, 27 3 2027")
    location_description = forms.CharField(
        label="Position (restricted, optional)", required=False, widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000, help_text="Where exactly the camera stands. Seen only by roles allowed to see locations.")

    def clean_identifier(self):
        identifier = self.cleaned_data["identifier"].strip().upper()
        if not all(c.isalnum() or c == "-" for c in identifier):
            raise ValidationError("Camera identifier must only include letters, digits and hyphens")
        return identifier


class CameraRemoveForm(GovukForm):
    removed_on = DateField(label="Date removed", what="the date the camera was removed",
                           help_text="For example, 27 3 2027")
    reason = forms.CharField(label="Why was it removed?", widget=forms.Textarea(attrs={"rows": 3}), max_length=1000,
                             error_messages={"required": "Say why the camera was removed"})


class CameraMoveForm(GovukForm):
    location_description = forms.CharField(
        label="New position (restricted)", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000,
        help_text="Where the camera now stands", error_messages={"required": "Describe where the camera now stands"})
    moved_on = DateField(label="Date moved", what="the date the camera was moved", help_text="For example, 27 3 2027")
    reason = forms.CharField(label="Why was it moved?", widget=forms.Textarea(attrs={"rows": 3}), max_length=1000,
                             error_messages={"required": "Say why the camera was moved"})


class ImportForm(GovukForm):
    file = forms.FileField(label="Register file",
                           help_text="A CSV or Excel (.xlsx) file with the header row shown above",
                           error_messages={"required": "Select the register file",
                                           "empty": "The selected file is empty"})
