from django import forms

from anpr_governance.core.forms import DateField, DecisionForm, GovukForm

from .models import Consultee, ExemptionGround, Method


class OpenConsultationForm(GovukForm):
    method = forms.ChoiceField(label="How are you consulting?", widget=forms.RadioSelect, choices=Method.choices,
                               error_messages={"required": "Choose how you are consulting"})
    summary = forms.CharField(
        label="What are you consulting on?", widget=forms.Textarea, max_length=5000,
        help_text="Describe the proposal without disclosing the camera's location: it may be published.",
        error_messages={"required": "Describe what you are consulting on"},
    )
    opened_on = DateField(label="Date the consultation opened", what="the date the consultation opened",
                          help_text="For example, 27 3 2026")


class ConsulteeForm(GovukForm):
    name = forms.CharField(label="Name of the person or organisation", max_length=200,
                           error_messages={"required": "Enter the name of who was consulted"})
    kind = forms.ChoiceField(label="Kind of consultee", choices=[("", "Choose one"), *Consultee.Kind.choices],
                             error_messages={"required": "Choose the kind of consultee"})
    consulted_on = DateField(label="Date consulted", what="the date they were consulted",
                             help_text="For example, 27 3 2026")


class ResponseForm(GovukForm):
    consultee = forms.ChoiceField(label="Which consultee responded?", required=False)
    respondent = forms.CharField(label="Who responded", max_length=200,
                                 help_text="A name or a description, for example “Resident of the village”.",
                                 error_messages={"required": "Enter who responded"})
    response = forms.CharField(label="Their response", widget=forms.Textarea, max_length=10000,
                               error_messages={"required": "Enter the response"})
    received_on = DateField(label="Date received", what="the date the response was received",
                            help_text="For example, 27 3 2026")

    def __init__(self, *args, consultees=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.consultees = {str(c.pk): c for c in consultees}
        self.fields["consultee"].choices = [("", "Not one of the listed consultees"),
                                            *[(str(c.pk), c.name) for c in consultees]]

    def clean_consultee(self):
        value = self.cleaned_data["consultee"]
        return self.consultees.get(value) if value else None


class CloseConsultationForm(GovukForm):
    error_anchors = {"consultees": "outcome"}

    outcome = forms.CharField(
        label="You said, we did", widget=forms.Textarea, max_length=10000,
        help_text="What people told you and what you changed as a result. This is what the public is told.",
        error_messages={"required": "Write the “you said, we did” outcome"},
    )
    closed_on = DateField(label="Date the consultation closed", what="the date the consultation closed",
                          help_text="For example, 27 3 2026")


class ExemptionRequestForm(GovukForm):
    ground = forms.ChoiceField(label="On what ground?", widget=forms.RadioSelect, choices=ExemptionGround.choices,
                               error_messages={"required": "Choose the ground for the exemption"})
    reason = forms.CharField(
        label="Why would consulting defeat the policing purpose?", widget=forms.Textarea, max_length=10000,
        help_text="An approving manager decides. The reason is kept in the site's record, not published.",
        error_messages={"required": "Explain why consulting would defeat the policing purpose"},
    )


class ExemptionDecisionForm(DecisionForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, approve_label="Approve the exemption", return_label="Refuse the exemption", **kwargs)
        self.fields["comment"].help_text = "Required if you refuse it: say why. Recorded in the history."

    def clean(self):
        data = forms.Form.clean(self)
        if data.get("decision") == self.RETURN and not (data.get("comment") or "").strip():
            self.add_error("comment", "Enter why the exemption is refused")
        return data
