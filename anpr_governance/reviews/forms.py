"""Forms of the review and decommissioning pages: parsing only; the rules are in the services."""

import datetime

from django import forms

from anpr_governance.core.forms import DateField, GovukForm, VersionedForm

from .models import PRIVACY_PARTS, DecommissionChecklist, Review


class ScheduleReviewForm(GovukForm):
    due_on = DateField(label="When is the review due?", what="the date the review is due",
                       help_text="For example, 27 3 2027")


class StartReviewForm(GovukForm):
    """No questions: starting the review moves the site to "under review"."""


class ReviewForm(VersionedForm):
    YES_NO = [("yes", "Yes"), ("no", "No")]

    privacy_intrusion_change = forms.CharField(
        label="Change in intrusion", widget=forms.Textarea, required=False,
        help_text="Collateral intrusion since the last review: new homes or paths in view, cameras moved, "
                  "more or fewer reads.",
    )
    privacy_risks_change = forms.CharField(
        label="New or changed risks", widget=forms.Textarea, required=False,
        help_text="Risks to privacy that are new or have changed since the DPIA's register.",
    )
    privacy_complaints = forms.CharField(
        label="Complaints", widget=forms.Textarea, required=False,
        help_text="Complaints about the site since the last review, and what was done about them.",
    )
    privacy_measures = forms.CharField(
        label="Measures", widget=forms.Textarea, required=False,
        help_text="The measures that protect privacy (signage, access rules, retention) and any change to them.",
    )
    privacy_impact_consideration = forms.CharField(
        label="Other notes on the impact on privacy (optional)", widget=forms.Textarea, required=False,
        help_text="Reviews written before the parts above were asked keep their answer here.",
    )
    evidence = forms.CharField(
        label="Evidence against the measures of success", widget=forms.Textarea, required=False,
        help_text="The measures of success set in the assessment, and what the figures now show.",
    )
    policing_challenge_continues = forms.ChoiceField(
        label="Does the site still have a policing challenge?", widget=forms.RadioSelect, choices=YES_NO,
        required=False,
    )
    exemption_still_holds = forms.ChoiceField(
        label="Does the exemption from consultation still hold?", widget=forms.RadioSelect, choices=YES_NO,
        required=False, help_text="Asked when the site went ahead on an exemption. “No” ends it when the review is "
                                  "approved: the site must then be consulted on.",
    )
    outcome = forms.ChoiceField(label="Outcome", widget=forms.RadioSelect, choices=Review.Outcome.choices,
                                required=False)

    def service_fields(self) -> dict:
        data = self.cleaned_data
        challenge = data.get("policing_challenge_continues")
        holds = data.get("exemption_still_holds")
        return {
            "exemption_still_holds": None if not holds else holds == "yes",
            **{part: data[part].strip() for part in PRIVACY_PARTS},
            "evidence": data["evidence"].strip(),
            "policing_challenge_continues": None if not challenge else challenge == "yes",
            "outcome": data.get("outcome") or "",
        }

    @staticmethod
    def initial_for(review: Review) -> dict:
        challenge = review.policing_challenge_continues
        holds = review.exemption_still_holds
        return {
            "exemption_still_holds": "" if holds is None else ("yes" if holds else "no"),
            **{part: getattr(review, part) for part in PRIVACY_PARTS},
            "evidence": review.evidence,
            "policing_challenge_continues": "" if challenge is None else ("yes" if challenge else "no"),
            "outcome": review.outcome,
            "lock_version": review.lock_version,
        }

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
