"""Forms of the decommissioning pages: parsing only; the rules are in the services."""

import datetime

from django import forms

from .models import DecommissionChecklist

CHECKLIST_LABELS = {
    "feed_stopped": "Feed stopped",
    "national_registration_removed": "National registration removed",
    "signage_removed": "Signage removed",
    "data_deleted": "Data deleted at the end of retention",
}
assert set(CHECKLIST_LABELS) == set(DecommissionChecklist.ITEMS)


class FlagDecisionForm(forms.Form):
    comment = forms.CharField(required=False, max_length=4000, widget=forms.Textarea)


class ChecklistItemForm(forms.Form):
    """A GOV.UK date input (day, month, year) and the evidence."""

    day = forms.IntegerField(required=False, min_value=1, max_value=31)
    month = forms.IntegerField(required=False, min_value=1, max_value=12)
    year = forms.IntegerField(required=False, min_value=1990, max_value=2100)
    evidence = forms.CharField(required=False, max_length=4000, widget=forms.Textarea)

    def clean(self):
        data = super().clean()
        parts = [data.get("day"), data.get("month"), data.get("year")]
        if any(part is None for part in parts):
            if not self.has_error("day") and not self.has_error("month") and not self.has_error("year"):
                self.add_error("day", "Enter the date it was done, with a day, month and year.")
            return data
        try:
            data["done_on"] = datetime.date(data["year"], data["month"], data["day"])
        except ValueError:
            self.add_error("day", "The date must be a real date.")
        return data
