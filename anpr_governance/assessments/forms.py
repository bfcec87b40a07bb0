"""Forms of the in-depth assessment and the DPIA. Fields validate what they can say about
themselves; whether a document may be submitted is the services' rule (their refusals
come back onto these forms through GovukForm.add_domain_error)."""

from django import forms

from anpr_governance.core.forms import DateField, DecisionForm, GovukForm, VersionedForm

from . import dpia_sections, risk_matrix
from .dpia_sections import SensitiveCondition
from .grounds import Grade, Ground, grade_for
from .models import Effect, Likelihood, ScreeningCriterion, Severity

TEXTS = {
    "pressing_need_evidence": (
        "Evidence of a pressing need",
        "The strategic assessment of the policing problem: crime and intelligence figures for the area, "
        "and their consequences.",
    ),
    "community_views": ("Local and wider views", "What local people and wider society think, and how you know."),
    "alternatives_considered": (
        "Alternatives considered",
        "Less and more intrusive options, and why they would not work as well.",
    ),
    "measures_of_success": ("Measures of success", "What the reviews of this site will check."),
    "conclusion": ("Conclusion", "Is the site necessary and proportionate for the grounds claimed?"),
}


class AssessmentForm(VersionedForm):
    """The five grounds, graded for the site's location type, and the assessment's texts.
    An exceptional-case justification is asked for only on grounds graded E."""

    error_anchors = {"grounds": f"{Ground.values[0]}_claimed"}

    def __init__(self, *args, location_type: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.location_type = location_type
        self.grounds = []
        for key, label in Ground.choices:
            grade = grade_for(location_type, key)
            self.fields[f"{key}_claimed"] = forms.BooleanField(label=label, required=False)
            if grade == Grade.E:
                self.fields[f"{key}_justification"] = forms.CharField(
                    label="Exceptional-case justification", required=False, widget=forms.Textarea,
                    help_text="This ground is for exceptional cases only at this location type: say why this "
                              "case is exceptional.",
                )
            self.grounds.append({"key": key, "label": label, "grade": grade.value, "grade_label": grade.label,
                                 "exceptional": grade == Grade.E})
        for name, (label, hint) in TEXTS.items():
            self.fields[name] = forms.CharField(label=label, help_text=hint, required=False, widget=forms.Textarea)

    def ground_fields(self):
        """(ground, claimed field, justification field or None) for the template."""
        for ground in self.grounds:
            key = ground["key"]
            justification = self[f"{key}_justification"] if ground["exceptional"] else None
            yield ground, self[f"{key}_claimed"], justification

    def text_fields(self):
        return [self[name] for name in TEXTS]

    def service_fields(self) -> dict:
        data = self.cleaned_data
        fields = {name: data[name].strip() for name in TEXTS}
        for ground in self.grounds:
            key = ground["key"]
            fields[f"{key}_claimed"] = bool(data.get(f"{key}_claimed"))
            if ground["exceptional"]:
                fields[f"{key}_justification"] = data.get(f"{key}_justification", "").strip()
        return fields


class DpiaForm(VersionedForm):
    """The DPIA's screening and the ICO template's sections, in template order (the fieldsets
    come from assessments.dpia_sections); the risk register has its own forms."""

    screening_criteria = forms.MultipleChoiceField(
        label="Which screening criteria apply?", required=False, widget=forms.CheckboxSelectMultiple,
        choices=ScreeningCriterion.choices, help_text="Select all that apply (surveillance camera DPIA, question 1).",
    )
    sensitive_processing = forms.ChoiceField(
        label="Does sensitive processing arise?", required=False, widget=forms.RadioSelect,
        choices=[("yes", "Yes"), ("no", "No")],
        help_text="Sensitive processing (DPA 2018 section 35(8)) includes data revealing race, religion, health or "
                  "sex life, even by chance, for example in images of a vehicle's occupants.",
    )
    sensitive_condition = forms.ChoiceField(
        label="Condition for the sensitive processing", required=False,
        choices=[("", "Not applicable or not chosen yet"), *SensitiveCondition.choices],
        help_text="Only if sensitive processing arises: the DPA 2018 Schedule 8 condition it meets.",
    )
    sensitive_condition_explanation = forms.CharField(
        label="Why the processing is strictly necessary and how the condition is met", required=False,
        widget=forms.Textarea, help_text="Only if sensitive processing arises.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for section in dpia_sections.SECTIONS:
            for field in section.fields:
                self.fields[field.name] = forms.CharField(label=field.label, help_text=field.hint, required=False,
                                                          widget=forms.Textarea)

    def sections(self):
        """(section, its text fields) in template order, for the fieldsets of the page."""
        return [(section, [self[f.name] for f in section.fields]) for section in dpia_sections.SECTIONS]

    @staticmethod
    def initial_from(dpia) -> dict:
        initial = {name: getattr(dpia, name) for name in ("screening_criteria", *dpia_sections.ALL_FIELDS)}
        answer = dpia.sensitive_processing
        initial["sensitive_processing"] = "" if answer is None else ("yes" if answer else "no")
        initial["lock_version"] = dpia.lock_version
        return initial

    def service_fields(self) -> dict:
        data = self.cleaned_data
        fields = {name: data[name].strip() for name in dpia_sections.TEXT_FIELDS}
        answer = data["sensitive_processing"]
        fields |= {
            "screening_criteria": list(data["screening_criteria"]),
            "sensitive_processing": None if not answer else answer == "yes",
            "sensitive_condition": data["sensitive_condition"],
            "sensitive_condition_explanation": data["sensitive_condition_explanation"].strip(),
        }
        return fields


def _blank(choices):
    return [("", "Not decided yet"), *choices]


class RiskForm(VersionedForm):
    """One row of the risk register. The row for a new risk may be left empty."""

    description = forms.CharField(label="Risk to individuals", widget=forms.Textarea, required=False,
                                  help_text="The source of the risk and its possible effect on people.")
    likelihood = forms.ChoiceField(label="Likelihood of harm", widget=forms.RadioSelect, choices=Likelihood.choices,
                                   required=False)
    severity = forms.ChoiceField(label="Severity of harm", widget=forms.RadioSelect, choices=Severity.choices,
                                 required=False)
    measures = forms.CharField(label="Measures to reduce or eliminate the risk", widget=forms.Textarea,
                               required=False)
    effect = forms.ChoiceField(label="Effect of the measures", choices=_blank(Effect.choices), required=False)
    residual_likelihood = forms.ChoiceField(label="Likelihood of harm after the measures",
                                            choices=_blank(Likelihood.choices), required=False)
    residual_severity = forms.ChoiceField(label="Severity of harm after the measures",
                                          choices=_blank(Severity.choices), required=False)

    REQUIRED = {
        "description": "Describe the risk",
        "likelihood": "Choose the likelihood of harm",
        "severity": "Choose the severity of harm",
    }

    def __init__(self, *args, number: int | None = None, new: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.number = number
        self.new = new

    @property
    def is_empty(self) -> bool:
        names = ["description", "likelihood", "severity", "measures", "effect", "residual_likelihood",
                 "residual_severity"]
        return not any((self.data.get(self.add_prefix(n)) or "").strip() for n in names)

    def clean(self):
        data = super().clean()
        if self.new and self.is_empty:
            return data
        which = "the new risk" if self.new else f"risk {self.number}"
        for name, message in self.REQUIRED.items():
            if not (data.get(name) or "").strip() and name not in self.errors:
                self.add_error(name, f"{message} ({which})")
        return data

    def _level(self, likelihood, severity):
        return risk_matrix.level(self.initial.get(likelihood) or "", self.initial.get(severity) or "")

    @property
    def overall_level(self) -> str:
        """The saved row's level, as the matrix computes it (shown, never typed)."""
        return self._level("likelihood", "severity")

    @property
    def residual_level(self) -> str:
        return self._level("residual_likelihood", "residual_severity")

    def service_fields(self) -> dict:
        data = self.cleaned_data
        return {name: (data.get(name) or "").strip() for name in
                ("description", "likelihood", "severity", "measures", "effect", "residual_likelihood",
                 "residual_severity")}


class DpoAdviceForm(GovukForm):
    summary = forms.CharField(
        label="Summary of your advice", widget=forms.Textarea, max_length=10000,
        help_text="Recorded on the DPIA's sign-off (ICO template, step 7).",
        error_messages={"required": "Enter a summary of your advice"},
    )


class MeasuresDecisionForm(GovukForm):
    """Step 7: approve or reject each risk's measures, one answer per risk."""

    def __init__(self, *args, risks=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.risks = list(risks)
        for number, risk in enumerate(self.risks, 1):
            self.fields[f"risk_{risk.pk}"] = forms.ChoiceField(
                label=f"Risk {number}: {risk.description[:80]} – measures: {risk.measures[:120]}",
                widget=forms.RadioSelect, choices=[("yes", "Approve the measures"), ("no", "Reject them")],
                error_messages={"required": f"Choose whether to approve the measures of risk {number}"},
            )

    def decisions(self) -> dict:
        return {risk.pk: self.cleaned_data[f"risk_{risk.pk}"] == "yes" for risk in self.risks}


class DpoAdviceDecisionForm(GovukForm):
    accepted = forms.ChoiceField(
        label="Do you accept the DPO's advice?", widget=forms.RadioSelect,
        choices=[("yes", "Yes, accept it"), ("no", "No, overrule it")],
        error_messages={"required": "Choose whether you accept the DPO's advice"},
    )
    overrule_reasons = forms.CharField(
        label="Reasons for overruling the DPO's advice", widget=forms.Textarea, required=False, max_length=5000,
        help_text="Required if you overrule the advice.",
    )

    def clean(self):
        data = super().clean()
        if data.get("accepted") == "no" and not (data.get("overrule_reasons") or "").strip():
            self.add_error("overrule_reasons", "Enter the reasons for overruling the DPO's advice")
        return data


class ConsultationReviewForm(GovukForm):
    changes = forms.CharField(
        label="What changed in the DPIA as a result of the consultation responses?", widget=forms.Textarea,
        max_length=10000, help_text="Or, under an approved exemption or with no responses, why nothing changed.",
        error_messages={"required": "Enter what changed as a result of the responses"},
    )


class DpiaDecisionForm(DecisionForm):
    """The final sign-off (residual risks approved), or a return to the officer."""


class IcoConsultationForm(GovukForm):
    """Step 1: the request for prior consultation sent to the ICO."""

    reference = forms.CharField(label="ICO reference", max_length=100,
                                help_text="The reference the ICO gave the request, for example RFA0123456.",
                                error_messages={"required": "Enter the ICO's reference"})
    consulted_on = DateField(label="Date the request was sent", what="the date the request was sent",
                             help_text="For example, 27 3 2026")


class IcoExtensionForm(GovukForm):
    """The ICO's notice that it needs one month more to advise."""

    notice_on = DateField(label="Date of the ICO's notice of an extension", what="the date of the ICO's notice",
                          help_text="The ICO may extend its period once, by one month. For example, 27 3 2026")


class IcoAdviceForm(GovukForm):
    """The ICO's written advice."""

    received_on = DateField(label="Date the written advice was received", what="the date the advice was received",
                            help_text="For example, 27 3 2026")
    summary = forms.CharField(label="Summary of the ICO's advice", widget=forms.Textarea, max_length=10000,
                              help_text="What the ICO advises, and what the force will do about it.",
                              error_messages={"required": "Enter a summary of the ICO's advice"})
