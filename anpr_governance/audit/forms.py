"""The access log's filters, shared by the page and the API."""

from django import forms

from anpr_governance.core.forms import DateField, GovukForm, VersionedForm

from .models import Finding, Outcome
from .purposes import Purpose

ACTION_CHOICES = [
    ("", "Any action"),
    ("reads.search", "Searches"),
    ("reads.authorisation.", "Authorisations (requests and decisions)"),
    ("reads.search.exported", "Search results exported"),
    ("reads.disclosed", "Disclosures"),
    ("reads.erased", "Retention erasures"),
    ("reads.feed.", "Feeds"),
    ("reads.grant.", "Search grants"),
    ("audit.access_log.exported", "Access log exports"),
    ("reads.collected", "Collection (ingestion requests)"),
    ("reads.subject_access.", "Subject access requests"),
    ("audit.sample.drawn", "Dip-samples drawn"),
]


class AccessLogFilterForm(forms.Form):
    action = forms.ChoiceField(choices=ACTION_CHOICES, required=False)
    outcome = forms.ChoiceField(choices=[("", "Any outcome"), *Outcome.choices], required=False)
    actor = forms.CharField(required=False, max_length=150, label="Person (username)")
    vrm = forms.CharField(required=False, max_length=20, label="VRM")
    purpose = forms.ChoiceField(choices=[("", "Any purpose"), *Purpose.choices], required=False)
    reference = forms.CharField(required=False, max_length=60)
    since = forms.DateField(required=False, label="From (date)", input_formats=["%Y-%m-%d", "%d/%m/%Y"],
                            widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(required=False, label="To (date)", input_formats=["%Y-%m-%d", "%d/%m/%Y"],
                            widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            self.add_error("until", "The end date must be on or after the start date.")
        return data

    def filters(self) -> dict:
        """The filters for audit.selectors.access_log_for (call after is_valid())."""
        return {name: value for name, value in self.cleaned_data.items() if value not in (None, "")}


class AccessLogPageFilterForm(AccessLogFilterForm):
    """The access log page's filter: the same filters, the days typed in GOV.UK date inputs
    (day, month, year) rather than the browser's date picker. The API keeps ISO dates."""

    since = DateField(required=False, label="From", what="the start date", help_text="For example, 27 3 2026")
    until = DateField(required=False, label="To", what="the end date", help_text="For example, 27 3 2026")



class SampleForm(GovukForm):
    """Draw a dip-sample: the period, the size, and (to repeat a draw) its seed."""

    default_auto_id = "%s"

    period_from = DateField(label="Searches made from", what="the start of the period")
    period_to = DateField(label="Up to and including", what="the end of the period")
    size = forms.CharField(label="How many searches to sample", max_length=10,
                           help_text="A number, such as 25, or a percentage of the searches, such as 10%",
                           error_messages={"required": "Enter a number, such as 25, or a percentage, such as 10%."})
    seed = forms.CharField(label="Seed (optional)", required=False, max_length=32,
                           help_text="To repeat an earlier draw, give its seed and the same period and size")


class FindingForm(VersionedForm):
    finding = forms.ChoiceField(label="Was the search justified?", widget=forms.RadioSelect, choices=Finding.choices,
                                error_messages={"required": "Choose justified, not justified or needs follow-up."})
    notes = forms.CharField(label="Notes", required=False, widget=forms.Textarea,
                            help_text="Needed when the search was not justified or needs follow-up")
