"""GOV.UK Frontend markup for Django forms and values: fields, error summary, tags, dates.

`{% govuk_field form.name %}` renders a bound field as the Design System component for
its widget (text input, textarea, select, radios, checkboxes, a single checkbox, date
input, date input with a time box, file upload), with its label, hint and error message;
`{% error_summary form other_form %}` lists every error with a link to its field: the one
error summary of the service (templates/govuk/error_summary.html).

A text input takes its type from the widget (`forms.PasswordInput`, or a `forms.TextInput`
given a type in its attrs) and its `autocomplete` from the widget's attrs; other widget
attributes are not drawn (no `maxlength`: the GOV.UK pattern is to let people type and
say what is wrong).
"""

import datetime

from django import forms, template
from django.utils import timezone
from django.utils.html import format_html

from anpr_governance.core.forms import DateWidget

register = template.Library()


def field_kind(bound_field) -> str:
    widget = bound_field.field.widget
    if isinstance(widget, DateWidget):
        return "date"
    if isinstance(widget, forms.CheckboxSelectMultiple):  # a subclass of RadioSelect: test it first
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.Select):
        return "select"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, forms.HiddenInput):
        return "hidden"
    if isinstance(widget, forms.FileInput):
        return "file"
    return "input"


def _input_type(widget) -> str:
    # Text and password inputs say their type; number, e-mail and URL inputs stay text
    # inputs, as the GOV.UK Design System advises.
    return widget.input_type if isinstance(widget, forms.TextInput | forms.PasswordInput) else "text"


def parts_in_error(bound_field) -> tuple[str, ...]:
    """The boxes of a date (and time) field that its first error is about: those the field's
    refusal names (core.forms.DateField), else all of them (a service's refusal)."""
    parts = bound_field.field.widget.parts
    errors = bound_field.form.errors.get(bound_field.name)
    if not errors:
        return ()
    named = (errors.as_data()[0].params or {}).get("parts")
    return tuple(part for part in parts if part in named) if named else parts


def field_anchor(bound_field) -> str:
    """The id the error summary links to: the first input of the field (of a date, the first
    box in error)."""
    kind = field_kind(bound_field)
    if kind == "date":
        return f"{bound_field.auto_id}-{(parts_in_error(bound_field) or ('day',))[0]}"
    return bound_field.auto_id


def _selected(bound_field) -> set[str]:
    value = bound_field.value()
    if value is None:
        return set()
    if isinstance(value, list | tuple | set):
        return {str(v) for v in value}
    if isinstance(value, bool):
        return {"True"} if value else {"False"}
    return {str(value)}


@register.inclusion_tag("govuk/field.html")
def govuk_field(bound_field, label_size="", hint=None, width="", rows=5, inline=False, small=False,
                heading=False, label=None, classes=""):
    kind = field_kind(bound_field)
    widget = bound_field.field.widget
    selected = _selected(bound_field)
    options = []
    if kind in ("radios", "checkboxes", "select"):
        for index, (value, text) in enumerate(bound_field.field.choices):
            value = "" if value is None else str(value)
            suffix = "" if index == 0 else f"-{index + 1}"
            options.append({"value": value, "label": text, "id": f"{bound_field.auto_id}{suffix}",
                            "selected": value in selected})
    date_parts, time_part = [], None
    if kind == "date":
        raw = bound_field.value()
        raw = list(raw) if isinstance(raw, list | tuple) else widget.decompress(raw)
        raw += [None] * (len(widget.parts) - len(raw))
        in_error = parts_in_error(bound_field)
        for index, name in enumerate(widget.parts):
            part = {"name": f"{bound_field.html_name}{widget.widgets_names[index]}",
                    "id": f"{bound_field.auto_id}-{name}", "label": name.capitalize(),
                    "width": {"day": 2, "month": 2, "year": 4}.get(name, 5), "error": name in in_error,
                    "value": "" if raw[index] in (None, "") else raw[index]}
            if name == "time":  # a text input of its own under the date (core.forms.DateTimeWidget)
                time_part = part | {"label": widget.time_label, "hint": widget.time_hint}
            else:
                date_parts.append(part)
    described = []
    hint_text = bound_field.help_text if hint is None else hint
    if hint_text:
        described.append(f"{bound_field.auto_id}-hint")
    if bound_field.errors:
        described.append(f"{bound_field.auto_id}-error")
    value = bound_field.value()
    if kind == "file" or (isinstance(widget, forms.PasswordInput) and not widget.render_value):
        value = None  # a password typed is never sent back in the page
    return {
        "field": bound_field,
        "kind": kind,
        "id": bound_field.auto_id,
        "name": bound_field.html_name,
        "label": bound_field.label if label is None else label,
        "label_size": label_size,
        "heading": heading,
        "heading_level": 1 if heading is True else heading,  # heading=2: the label is an h2
        "hint": hint_text,
        "errors": bound_field.errors,
        "described_by": " ".join(described),
        "value": "" if value is None else value,
        "checked": kind == "checkbox" and bool(value) and value not in ("False", "false", "0"),
        "options": options,
        "date_parts": date_parts,
        "time_part": time_part,
        "width": width,
        "rows": rows,
        "inline": inline,
        "small": small,
        "classes": classes,
        "input_type": _input_type(widget),
        "autocomplete": widget.attrs.get("autocomplete", ""),
        "accept": widget.attrs.get("accept", ""),
    }


@register.inclusion_tag("govuk/error_summary.html")
def error_summary(*forms_, title="", message=None):
    """Every error of the given forms (None and unbound forms are skipped), linked to its field;
    or, for a failure that belongs to no form, `message` under `title` (by default "There is a
    problem"). The template is also included directly with `items` ({"href", "text"})."""
    items = [] if message is None else [{"href": "", "text": message}]
    flat = []
    for form in forms_:
        flat.extend(form if isinstance(form, list | tuple) else [form])
    for form in flat:
        if form is None or not getattr(form, "is_bound", False) or not form.errors:
            continue
        visible = [bf for bf in form.visible_fields()]
        first = f"#{field_anchor(visible[0])}" if visible else "#main-content"
        conflict = getattr(form, "conflict", None)
        for error in form.non_field_errors():
            items.append({"href": "#edit-conflict" if conflict and error == conflict.message else first,
                          "text": error})
        for bf in visible:
            for error in bf.errors:
                items.append({"href": f"#{field_anchor(bf)}", "text": error})
    return {"items": items, "title": title}


TAG_COLOURS = {
    # sites
    "proposed": "grey", "assessment": "light-blue", "privacy_review": "light-blue", "consultation": "light-blue",
    "awaiting_approval": "yellow", "approved": "green", "live": "green", "under_review": "purple",
    "collection_ceased": "orange", "decommissioned": "grey",
    # documents and reviews
    "draft": "grey", "submitted": "yellow", "returned": "red", "superseded": "grey",
    "scheduled": "grey", "in_progress": "light-blue",
    # consultations and exemptions
    "open": "light-blue", "closed": "green", "pending": "yellow", "refused": "red", "ended": "grey",
    # feeds, and findings of a dip-sample
    "active": "green", "revoked": "grey", "justified": "green", "not_justified": "red", "follow_up": "yellow",
    # task list
    "not_started": "blue", "completed": "green", "cannot_start": "grey", "overdue": "red", "due": "yellow",
}


@register.simple_tag
def status_tag(value, label=None):
    """A GOV.UK tag coloured by the status value; `label` defaults to the value in words.
    Built here rather than by including a template: a register page draws one per row."""
    value = str(value or "")
    return format_html('<strong class="govuk-tag govuk-tag--{}">{}</strong>\n', TAG_COLOURS.get(value, "grey"),
                       label or value.replace("_", " ").capitalize())


@register.filter
def person(user, nobody="Nobody"):
    """A person's name (their username only if they have none); `nobody` when there is no one,
    e.g. a pack built from the command line or a review not yet assigned."""
    if user is None:
        return nobody
    return user.get_full_name() or user.username


@register.filter
def govuk_date(value):
    """1 March 2026 (GOV.UK style), local time for date-times."""
    if not value:
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value)
        return f"{value.day} {value:%B %Y} at {value:%H:%M}"
    return f"{value.day} {value:%B %Y}"


@register.filter
def govuk_day(value):
    """1 March 2026, for a date or date-time (no time of day)."""
    if not value:
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value)
    return f"{value.day} {value:%B %Y}"


@register.simple_tag(takes_context=True)
def query_with(context, **changes):
    """The current query string with some parameters changed (None removes one)."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = value
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"
