"""Forms of the read data pages: they draw the fields and carry the services' refusals.

The services judge what is typed, and a refused search must reach its service to be
logged, so these forms refuse nothing the service would: text and choices reach the
service as typed. Only records to choose from (the site of a feed, the investigator, area
and site of a grant) are looked up here, as the pages did before the service is called.

The inputs keep their bare names as ids (`#vrm`, `#from-day`): the error summary links to them.

The one exception is the window: its start and end are typed in GOV.UK date inputs and a time
box, which this form reads into aware datetimes (core.forms.DateTimeField) and refuses in words
when they are not a date and time. A search refused so still goes to its service, to be logged:
see WindowForm.
"""

from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.forms.models import ModelChoiceIterator

from anpr_governance.accounts.models import PolicingArea, User
from anpr_governance.accounts.roles import Role
from anpr_governance.audit.purposes import AUTHORISABLE_PURPOSES, Purpose
from anpr_governance.core.exceptions import DomainError
from anpr_governance.core.forms import DateTimeField, GovukForm
from anpr_governance.sites.lifecycle import Status
from anpr_governance.sites.models import Site

from .services.authorisations import APPROVE, REFUSE


class AsTyped(forms.CharField):
    """Text handed to the service as typed: optional, not stripped, not refused here."""

    def __init__(self, **kwargs):
        super().__init__(required=False, strip=False, **kwargs)
        self.validators = []


class Offered(forms.ChoiceField):
    """Radios offering the known values; whatever is sent goes to the service, which says
    why a value it does not know is refused (and logs a refused search)."""

    def __init__(self, **kwargs):
        super().__init__(required=False, widget=forms.RadioSelect, **kwargs)

    def valid_value(self, value) -> bool:
        return True


def _moment(label: str, what: str) -> DateTimeField:
    return DateTimeField(label=label, what=what, help_text="UK time. For example, 27 3 2026")


def reference_hint() -> str:
    hint = settings.ANPR_REFERENCE_HINT
    return hint[:1].upper() + hint[1:]


class ReadsForm(GovukForm):
    default_auto_id = "%s"


# "from" and "to" are Python keywords, so they cannot be written as class attributes.
MOMENTS = ("from", "to")
WindowFields = type("WindowFields", (forms.Form,), {"from": _moment("From", "the start"),
                                                    "to": _moment("To", "the end")})


class WindowForm(ReadsForm, WindowFields):
    """A VRM, a window, a purpose and a crime or incident reference: what a search or an
    authorisation asks for."""

    vrm = AsTyped(label="VRM")
    purpose = Offered(label="Purpose", choices=Purpose.choices)
    reference = AsTyped(label="Crime or incident reference")
    field_order = ["vrm", "from", "to", "purpose", "reference"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reference"].help_text = reference_hint()  # a setting: read when the page is drawn
        # A link from the other form of the window (the search's "request an authorisation")
        # carries each box of a moment under its own name (from-day, ..., from-time).
        for name in MOMENTS:
            typed = self.fields[name].widget.value_from_datadict(self.initial, {}, name)
            if any(typed):
                self.initial[name] = typed

    def submitted(self) -> bool:
        """Whether to call the service: whenever the form was sent, even with a moment refused
        here, for the service refuses that search too and logs it, as it logs every refusal."""
        self.is_valid()
        return self.is_bound

    def scope(self) -> dict:
        """The arguments of the service (call after submitted()): the text as typed, the moments
        as aware datetimes; a moment refused here as typed, "31/2/2026 25:00", which the
        service cannot read as a date (ISO 8601 has no slashes) and so refuses."""
        data = self.cleaned_data
        moments = {name: data[name] if data.get(name) else self._as_typed(name) for name in MOMENTS}
        return {"vrm": data["vrm"], "date_from": moments["from"], "date_to": moments["to"],
                "purpose": data["purpose"], "reference": data["reference"]}

    def _as_typed(self, name: str) -> str:
        day, month, year, time = self.fields[name].typed(self[name].value())
        return f"{day}/{month}/{year} {time}".strip() if any((day, month, year, time)) else ""

    def add_domain_error(self, error: DomainError, *, elsewhere: dict | None = None) -> None:
        # A moment this form refused keeps its own message (the service's speaks ISO 8601, for the API).
        kept = {name: messages for name, messages in error.field_errors.items()
                if not (name in MOMENTS and self.errors.get(name))}
        if error.field_errors and not kept:
            return
        if kept != error.field_errors:
            error = DomainError(error.message, field_errors=kept)
        super().add_domain_error(error, elsewhere=elsewhere)

    def query(self) -> str:
        """What was typed, as the query string of a link to the other form of the window."""
        params = {}
        for name in self.field_order:
            widget, value = self.fields[name].widget, self[name].value()
            if isinstance(widget, forms.MultiWidget):
                value = value if isinstance(value, list | tuple) else widget.decompress(value)
                params.update(zip((name + suffix for suffix in widget.widgets_names), value, strict=False))
            else:
                params[name] = value
        return urlencode({name: "" if value is None else value for name, value in params.items()})


class SearchForm(WindowForm):
    vrm = AsTyped(label="VRM", help_text="The registration mark, e.g. AB12 CDE",
                  widget=forms.TextInput(attrs={"autocomplete": "off"}))
    purpose = Offered(label="Purpose", choices=Purpose.choices, help_text="Why you are searching")
    authorisation = AsTyped(label="Authorisation number (optional)",
                            help_text="Needed only for reads older than the standard access window")

    def search(self) -> dict:
        return self.scope() | {"authorisation": self.cleaned_data["authorisation"] or None}


class AuthorisationRequestForm(WindowForm):
    purpose = Offered(label="Purpose", help_text="Safeguarding searches are limited to the standard access window",
                      choices=[(value, label) for value, label in Purpose.choices if value in AUTHORISABLE_PURPOSES])
    reason = AsTyped(label="Why older reads are needed", widget=forms.Textarea)

    def request(self) -> dict:
        return self.scope() | {"reason": self.cleaned_data["reason"]}


class AuthorisationDecisionForm(ReadsForm):
    decision = Offered(label="Your decision", choices=[(APPROVE, "Approve"), (REFUSE, "Refuse")])
    comment = AsTyped(label="Reason for your decision", help_text="Required if you refuse", widget=forms.Textarea)


class DisclosureForm(ReadsForm):
    recipient = AsTyped(label="Disclosed to",
                        help_text="A person and their organisation, e.g. DC Smith, West Mercia Police")
    reason = AsTyped(label="Why", widget=forms.Textarea)


class _OfferedSites(ModelChoiceIterator):
    def __init__(self, field):
        super().__init__(field)
        self.queryset = Site.objects.exclude(status=Status.DECOMMISSIONED).order_by("reference")


class FeedSiteField(forms.ModelChoiceField):
    """Offers the sites that can have a feed, accepts any site: the service says why one that
    cannot (decommissioned since the page was drawn) is refused."""

    iterator = _OfferedSites

    def label_from_instance(self, site) -> str:
        return f"{site.reference} {site.name} ({site.get_status_display().lower()})"


CHOOSE_SITE = "Choose the site the feed delivers reads for."
CHOOSE_INVESTIGATOR = "Choose the investigator."


class FeedForm(ReadsForm):
    site = FeedSiteField(queryset=Site.objects.all(), label="Site", empty_label="Choose a site",
                         error_messages={"required": CHOOSE_SITE, "invalid_choice": CHOOSE_SITE})
    name = AsTyped(label="Feed name", help_text="Unique, e.g. STS-001 back office")


class FeedRevokeForm(ReadsForm):
    reason = AsTyped(label="Why are you revoking this feed?", widget=forms.Textarea,
                     help_text="Kept in the feed's history and the access log.")


class InvestigatorField(forms.ModelChoiceField):
    def label_from_instance(self, user) -> str:
        return f"{user} ({user.username})"


class GrantForm(ReadsForm):
    """An investigator and an area or a site; the button pressed says grant or revoke."""

    user = InvestigatorField(
        queryset=User.objects.filter(is_active=True, groups__name=Role.INVESTIGATOR).order_by("username"),
        label="Investigator", empty_label="Choose an investigator",
        error_messages={"required": CHOOSE_INVESTIGATOR, "invalid_choice": CHOOSE_INVESTIGATOR},
    )
    area = forms.ModelChoiceField(queryset=PolicingArea.objects.all(), required=False, label="Policing area",
                                  empty_label="No area", help_text="Choose an area or a site, not both")
    site = forms.ModelChoiceField(queryset=Site.objects.order_by("reference"), required=False, label="Site",
                                  empty_label="No site")
    reason = AsTyped(label="Why", widget=forms.Textarea, help_text="Recorded with the proposal")
    action = forms.CharField(required=False)  # the name of the buttons: "grant" or "revoke"

    @property
    def revoking(self) -> bool:
        return self.cleaned_data.get("action") == "revoke"


class SubjectAccessForm(ReadsForm):
    """A subject access request: the service judges each field (a refusal is logged)."""

    reference = AsTyped(label="SAR reference")
    vrm = AsTyped(label="VRM", help_text="The registration mark of the requester's vehicle, e.g. AB12 CDE",
                  widget=forms.TextInput(attrs={"autocomplete": "off"}))
    identity_verification = AsTyped(
        label="How the requester's identity and keepership were verified", widget=forms.Textarea,
        help_text="For example: passport and V5C registration certificate seen, name and address match",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        hint = settings.ANPR_SAR_REFERENCE_HINT
        self.fields["reference"].help_text = hint[:1].upper() + hint[1:]  # a setting: read when drawn


class SubjectAccessResponseForm(ReadsForm):
    """Which reads to withhold (checkboxes named `withhold`, drawn by the page) and why."""

    reason = AsTyped(label="Why the chosen reads are withheld (if any)", widget=forms.Textarea,
                     help_text="For example: disclosure would prejudice an ongoing investigation (DPA 2018 s.45(4))")


class GrantDecisionForm(AuthorisationDecisionForm):
    """An authorising officer's decision on a proposed search grant or withdrawal."""
