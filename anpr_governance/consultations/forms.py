import time

from django import forms
from django.conf import settings
from django.core import signing

from anpr_governance.core.forms import DateField, DecisionForm, GovukForm

from .models import Consultee, ExemptionGround, Method, PublicPurpose


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
    public_summary = forms.CharField(
        label="Public summary for residents (optional)", widget=forms.Textarea, max_length=5000, required=False,
        help_text="Written for residents: the proposal and why it is justified, in plain words. It is published "
                  "on the public consultation page with the policing area, purpose and dates, and people may "
                  "reply there. Never give the location, a grid reference or camera details. Leave it empty "
                  "to consult without a public page.",
    )
    public_purpose = forms.ChoiceField(
        label="Purpose residents are told the cameras serve", widget=forms.RadioSelect, required=False,
        choices=PublicPurpose.choices, help_text="Needed if you write a public summary.",
    )
    respond_by = DateField(label="Date by which the public may reply", what="the date by which the public may reply",
                           required=False, help_text="Needed if you write a public summary. For example, 27 3 2026")


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


_TRAP_SALT = "consultations.public-reply-started"


def started_token(at: float | None = None) -> str:
    """When the reply form was drawn (`at`, a Unix time; now by default), signed so that it
    cannot be forged (the time trap)."""
    return signing.dumps(int(time.time() if at is None else at), salt=_TRAP_SALT)


class PublicReplyForm(GovukForm):
    """The "Leave a reply" form of a public consultation page, with its two robot traps: a field people
    never see (the honeypot) and the time the form was drawn (too quick is a robot)."""

    TRAP_MESSAGE = "Check your reply and send it again"
    name = forms.CharField(label="Your name", max_length=200, error_messages={
        "required": "Enter your name", "max_length": "Your name must be 200 characters or fewer"})
    email = forms.EmailField(
        label="Your e-mail address (optional)", required=False, max_length=254,
        help_text="Only if you would like an answer. It is never published.",
        error_messages={"invalid": "Enter an e-mail address in the correct format, like name@example.com"},
    )
    comment = forms.CharField(label="Your comment", widget=forms.Textarea(attrs={"rows": 8}),
                              error_messages={"required": "Enter your comment"})
    # The honeypot: hidden from people (and from assistive technology) by the page.
    website = forms.CharField(label="Leave this field empty", required=False,
                              widget=forms.TextInput(attrs={"autocomplete": "off"}))
    started = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit = settings.ANPR_PUBLIC_REPLY_MAX_CHARS
        self.fields["comment"].help_text = (
            f"Up to {limit:,} characters. You may use these HTML tags: <a href title> <abbr title> "
            "<acronym title> <b> <blockquote cite> <cite> <code> <del datetime> <em> <i> <q cite> <s> "
            "<strike> <strong>")

    def clean_comment(self):
        # Checked here rather than by max_length, whose maxlength attribute would make the
        # browser cut a pasted comment short without a word.
        comment = self.cleaned_data["comment"]
        limit = settings.ANPR_PUBLIC_REPLY_MAX_CHARS
        if len(comment) > limit:
            raise forms.ValidationError(
                f"Your comment must be {limit:,} characters or fewer (it has {len(comment):,}): shorten it")
        return comment

    def clean(self):
        data = super().clean()
        if data.get("website"):
            self.add_error(None, self.TRAP_MESSAGE + ": leave the last field empty")
        try:
            started = signing.loads(data.get("started") or "", salt=_TRAP_SALT, max_age=86400)
        except signing.BadSignature:
            started = None
        if started is None or time.time() - started < settings.ANPR_PUBLIC_REPLY_MIN_SECONDS:
            self.add_error(None, self.TRAP_MESSAGE + ": it was sent too quickly after the page opened, or the "
                                 "page was open for more than a day")
        return data


class ModerationForm(DecisionForm):
    """Approve a public reply (it joins the consultation record and its public page) or reject it with a reason."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, approve_label="Approve: publish it and add it to the record",
                         return_label="Reject it", **kwargs)
        self.fields["comment"].label = "Reason"
        self.fields["comment"].help_text = "Required if you reject it: say why. Recorded in the history."

    def clean(self):
        data = forms.Form.clean(self)
        if data.get("decision") == self.RETURN and not (data.get("comment") or "").strip():
            self.add_error("comment", "Enter why the reply is rejected")
        return data


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
