from django import forms

from anpr_governance.accounts.models import PolicingArea
from anpr_governance.core.forms import DateField, GovukForm
from anpr_governance.sites.lifecycle import Status

from .register import SORTS, RegisterFilters


class RegisterFilterForm(GovukForm):
    status = forms.ChoiceField(label="Status", required=False)
    area = forms.ChoiceField(label="Policing area", required=False)
    flagged = forms.BooleanField(label="Only sites with flags", required=False)
    mine = forms.BooleanField(label="Only sites assigned to me", required=False)
    due_before = DateField(label="Review due before", required=False, what="the review date",
                           help_text="For example, 31 3 2027")
    sort = forms.ChoiceField(label="Sort by", required=False, choices=[(k, v[0]) for k, v in SORTS.items()])
    order = forms.ChoiceField(label="Order", required=False,
                              choices=[("asc", "Ascending"),
                                       ("desc", "Descending")])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", "Any status"), *Status.choices]
        self.fields["area"].choices = [("", "Any policing area"),
                                       *PolicingArea.objects.order_by("name").values_list("code", "name")]

    def filters(self) -> RegisterFilters:
        """The filters to apply: those that are valid (an invalid date is shown as an error and ignored)."""
        self.is_valid()
        data = {k: v for k, v in self.cleaned_data.items() if k not in self.errors}
        return RegisterFilters(
            status=data.get("status") or "", area=data.get("area") or "", flagged=bool(data.get("flagged")),
            mine=bool(data.get("mine")),
            due_before=data.get("due_before"), sort=data.get("sort") or "reference",
            descending=data.get("order") == "desc",
        )


class MoveForm(GovukForm):
    comment = forms.CharField(label="Comments", required=False, widget=forms.Textarea, max_length=5000)

    def __init__(self, *args, needs_comment: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.needs_comment = needs_comment
        if needs_comment:
            self.fields["comment"].label = "Say why"
            self.fields["comment"].help_text = "This is recorded in the site's history and shown to the officer."
        else:
            self.fields["comment"].label = "Comments (optional)"

    def clean_comment(self):
        comment = self.cleaned_data["comment"].strip()
        if self.needs_comment and not comment:
            raise forms.ValidationError("Say why: a comment is required")
        return comment


class ReasonForm(GovukForm):
    """The one question of a confirmation page for an action that cannot be undone: why.
    Required; the service keeps it in the record's history."""

    comment = forms.CharField(widget=forms.Textarea, max_length=4000)

    def __init__(self, *args, label: str, hint: str, required: str, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["comment"]
        field.label, field.help_text = label, hint
        field.error_messages["required"] = required
        self.required_message = required

    def clean_comment(self):
        comment = self.cleaned_data["comment"].strip()
        if not comment:
            raise forms.ValidationError(self.required_message, code="required")
        return comment
