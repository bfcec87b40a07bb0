"""The access log's filters, shared by the page and the API."""

from django import forms

from .models import Outcome
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

