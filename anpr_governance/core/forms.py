"""Form plumbing shared by every page: GOV.UK date input (and date and time), errors from the services, and
the hidden lock version of optimistic concurrency.

Forms validate what a field can say about itself (required, a real date, a known choice);
the rules of the domain stay in the services, whose refusals (`DomainError`) are put back
on the form here: a message about a field sits beside that field, anything else at the
top of the error summary.
"""

import datetime
import re

from django import forms
from django.utils import timezone

from .concurrency import EditConflict
from .exceptions import DomainError

DATE_PARTS = ("day", "month", "year")
# 14:30, 9:05, 14.30, 2:30pm, 2pm: hours and minutes, or an hour of a 12-hour clock.
TIME_OF_DAY = re.compile(r"(?P<hour>\d{1,2})(?:[:.](?P<minute>\d{2}))?\s*(?:(?P<half>[ap])\.?m\.?)?", re.ASCII)


def time_of_day(text: str) -> datetime.time | None:
    """The time of day typed, on the 24-hour clock or with am/pm; None when it is not one."""
    match = TIME_OF_DAY.fullmatch(text.strip().lower())
    if match is None or not (match["minute"] or match["half"]):
        return None
    hour, minute = int(match["hour"]), int(match["minute"] or 0)
    if match["half"]:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if match["half"] == "p" else 0)
    if hour > 23 or minute > 59:
        return None
    return datetime.time(hour, minute)


class DateWidget(forms.MultiWidget):
    """Day, month and year boxes (the GOV.UK date input pattern), posted as the field's name
    followed by each of `suffixes` (by default name_0, name_1, name_2)."""

    parts: tuple[str, ...] = DATE_PARTS

    def __init__(self, attrs=None, *, suffixes: tuple[str, ...] = ()):
        super().__init__([forms.TextInput() for _ in self.parts], attrs)
        self.widgets_names = list(suffixes or (f"_{index}" for index in range(len(self.parts))))

    def decompress(self, value):
        if isinstance(value, datetime.date):
            return [value.day, value.month, value.year]
        return [None] * len(self.parts)


class DateTimeWidget(DateWidget):
    """The date boxes and a time box, posted as name-day, name-month, name-year and name-time."""

    parts = (*DATE_PARTS, "time")
    time_label, time_hint = "Time", "For example, 14:30"

    def __init__(self, attrs=None, *, suffixes: tuple[str, ...] = ("-day", "-month", "-year", "-time")):
        super().__init__(attrs, suffixes=suffixes)

    def decompress(self, value):
        if isinstance(value, datetime.datetime):
            local = timezone.localtime(value)
            return [local.day, local.month, local.year, f"{local:%H:%M}"]
        return [None] * len(self.parts)


def _refusal(message: str, code: str, parts) -> forms.ValidationError:
    # `parts`: the boxes in error, which the page marks and the error summary links to (the first).
    return forms.ValidationError(message, code=code, params={"parts": tuple(parts)})


class DateField(forms.MultiValueField):
    """A date typed as day, month and year, with messages in the GOV.UK style."""

    widget = DateWidget
    years = (1900, 2200)

    def __init__(self, *, required: bool = True, what: str = "the date", **kwargs):
        self.what = what
        boxes = len((kwargs.get("widget") or self.widget).parts)
        parts = tuple(forms.CharField(required=False) for _ in range(boxes))
        super().__init__(parts, required=required, require_all_fields=False, **kwargs)

    def typed(self, value) -> list[str]:
        boxes = len(self.widget.parts)
        value = list(value or [])[:boxes]
        return [str(v or "").strip() for v in value + [""] * (boxes - len(value))]

    def clean(self, value):
        return self.date(self.typed(value), self.what, required=self.required)

    def date(self, parts, what: str, *, required: bool) -> datetime.date | None:
        day, month, year = parts[:3]
        if not (day or month or year):
            if required:
                raise _refusal(f"Enter {what}", "required", DATE_PARTS)
            return None
        missing = [name for name, part in zip(DATE_PARTS, (day, month, year), strict=True) if not part]
        if missing:
            raise _refusal(f"{what.capitalize()} must include a {' and a '.join(missing)}", "incomplete", missing)
        try:
            date = datetime.date(int(year), int(month), int(day))
        except (ValueError, OverflowError) as error:  # OverflowError: a number too long for a date
            raise _refusal(f"{what.capitalize()} must be a real date", "invalid", DATE_PARTS) from error
        if not self.years[0] <= date.year <= self.years[1]:
            raise _refusal(f"{what.capitalize()} must be a real date", "invalid", DATE_PARTS)
        return date

    def compress(self, data_list):  # clean() does the work
        return data_list


class DateTimeField(DateField):
    """A date and time of day typed in UK time (the date boxes and a time such as 14:30): an aware
    datetime in the project's zone. `what` names the moment: "the start" gives "Enter the start
    date and time", "The start time must be a real time, for example 14:30"."""

    widget = DateTimeWidget
    years = (1900, 2100)  # no read is older or newer (reads.services.search.parse_moment)

    def clean(self, value):
        *date_parts, time = self.typed(value)
        if not (any(date_parts) or time):
            if self.required:
                raise _refusal(f"Enter {self.what} date and time", "required", self.widget.parts)
            return None
        date = self.date(date_parts, f"{self.what} date", required=True)
        if not time:
            raise _refusal(f"Enter {self.what} time, for example 14:30", "required", ["time"])
        clock = time_of_day(time)
        if clock is None:
            raise _refusal(f"{self.what.capitalize()} time must be a real time, for example 14:30", "invalid", ["time"])
        naive = datetime.datetime.combine(date, clock)
        zone = timezone.get_default_timezone()
        moment = timezone.make_aware(naive, zone)
        if moment.astimezone(datetime.UTC).astimezone(zone).replace(tzinfo=None) != naive:
            raise _refusal(f"{self.what.capitalize()} time did not happen on that day: the clocks went forward an hour",
                           "invalid", ["time"])
        return moment


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
