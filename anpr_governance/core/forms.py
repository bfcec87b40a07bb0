"""Form plumbing shared by every page: GOV.UK date input, errors from the services, and
the hidden lock version of optimistic concurrency.

Forms validate what a field can say about itself (required, a real date, a known choice);
the rules of the domain stay in the services, whose refusals (`DomainError`) are put back
on the form here: a message about a field sits beside that field, anything else at the
top of the error summary.
"""

import datetime

from django import forms

from .concurrency import EditConflict
from .exceptions import DomainError


class DateWidget(forms.MultiWidget):
    """Day, month and year boxes (the GOV.UK date input pattern), posted as the field's name
    followed by each of `suffixes` (by default name_0, name_1, name_2)."""

    def __init__(self, attrs=None, *, suffixes: tuple[str, str, str] = ("_0", "_1", "_2")):
        box = {"inputmode": "numeric"}
        super().__init__([forms.TextInput(box), forms.TextInput(box), forms.TextInput(box)], attrs)
        self.widgets_names = list(suffixes)

    def decompress(self, value):
        if isinstance(value, datetime.date):
            return [value.day, value.month, value.year]
        return [None, None, None]


class DateField(forms.MultiValueField):
    """A date typed as day, month and year, with messages in the GOV.UK style."""

    widget = DateWidget

    def __init__(self, *, required: bool = True, what: str = "the date", **kwargs):
        self.what = what
        parts = (forms.CharField(), forms.CharField(), forms.CharField())
        super().__init__(parts, required=required, require_all_fields=False, **kwargs)
        for part in self.fields:
            part.required = False

    def clean(self, value):
        day, month, year = (str(v or "").strip() for v in (value or ["", "", ""]))
        if not (day or month or year):
            if self.required:
                raise forms.ValidationError(f"Enter {self.what}", code="required")
            return None
        missing = [name for name, part in (("day", day), ("month", month), ("year", year)) if not part]
        if missing:
            raise forms.ValidationError(f"{self.what.capitalize()} must include a {' and a '.join(missing)}",
                                        code="incomplete")
        try:
            date = datetime.date(int(year), int(month), int(day))
        except ValueError as error:
            raise forms.ValidationError(f"{self.what.capitalize()} must be a real date", code="invalid") from error
        if not 1900 <= date.year <= 2200:
            raise forms.ValidationError(f"{self.what.capitalize()} must be a real date", code="invalid")
        return date

    def compress(self, data_list):  # clean() does the work
        return data_list


class GovukForm(forms.Form):
    """A form that can carry the refusals of the services.

    `error_anchors` maps names the services use for problems that are not a field of
    this form (e.g. "grounds") to the field whose place they should be shown at.
    """

    error_anchors: dict[str, str] = {}
    required_css_class = ""
    # The id of each field's input: id_<name>, unless a page keeps the bare names its links use.
    default_auto_id = "id_%s"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", self.default_auto_id)
        super().__init__(*args, **kwargs)
        self.conflict: EditConflict | None = None

    def add_domain_error(self, error: DomainError, *, elsewhere: dict | None = None) -> None:
        """Put a service's refusal on the form: each field error beside its field (or, for
        names in `elsewhere`, beside (other_form, field_name)); the message at the top when
        no field error says it all."""
        if isinstance(error, EditConflict):
            self.conflict = error
        elsewhere = elsewhere or {}
        placed = False
        for name, messages in error.field_errors.items():
            form, target = elsewhere.get(name, (self, name if name in self.fields else self.error_anchors.get(name)))
            for message in messages:
                if target in form.fields:
                    if message not in form.errors.get(target, []):
                        form.add_error(target, message)
                else:
                    form.add_error(None, message)
                placed = True
        if not placed:
            self.add_error(None, error.message)

    def accept_version(self, record) -> None:
        """After a conflict: draw the form from the record as it is now, keeping what was typed,
        so that saving again is a knowing decision to replace the other change."""
        if "lock_version" in self.fields and self.is_bound:
            data = self.data.copy()
            data[self.add_prefix("lock_version")] = str(record.lock_version)
            self.data = data


class VersionedForm(GovukForm):
    """A form editing a record with a lock version (see core.concurrency)."""

    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)


def attempt(form, action, *, elsewhere: dict | None = None):
    """Run a service call. A refusal (DomainError) puts its messages on `form` (if any) and
    is returned instead of raised: (result, None) or (None, error)."""
    try:
        return action(), None
    except DomainError as error:
        if form is not None:
            form.add_domain_error(error, elsewhere=elsewhere)
        return None, error


class DecisionForm(GovukForm):
    """Approve, or return with comments (the manager's side of every document cycle)."""

    APPROVE, RETURN = "approve", "return"
    decision = forms.ChoiceField(
        label="Your decision", widget=forms.RadioSelect,
        choices=[(APPROVE, "Approve"), (RETURN, "Return it with comments")],
        error_messages={"required": "Choose whether to approve it or return it"},
    )
    comment = forms.CharField(
        label="Comments", required=False, widget=forms.Textarea, max_length=5000,
        help_text="Required if you return it: say what must change. Recorded in the history.",
    )

    def __init__(self, *args, approve_label="Approve", return_label="Return it with comments", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].choices = [(self.APPROVE, approve_label), (self.RETURN, return_label)]

    def clean(self):
        data = super().clean()
        if data.get("decision") == self.RETURN and not (data.get("comment") or "").strip():
            self.add_error("comment", "Enter what must change")
        return data

    @property
    def approving(self) -> bool:
        return self.cleaned_data.get("decision") == self.APPROVE
