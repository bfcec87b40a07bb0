"""Hypothesis-generated POSTs to every form page (issue 16, point 5). The form pages are found from
the access matrix: each GET row that some role opens (200) is opened as that role, and every Django
form in the page's context, and every named input of the page's own POST forms, is fuzzed with
values generated from its fields (choices, dates, numbers, text with NULs, control and right-to-left
characters, over-long text, files), posted with a valid CSRF token by a client that enforces CSRF.
No answer is a 5xx (an exception fails the test with its traceback); a refusal (a 4xx, or the form
again with its error summary) leaves the database as it was: the number of rows of every model,
history included, and the fixture site's row. The access log and the sign-in lockout's tables are
left out: a refused action is logged there by design. Bounded and derandomized, so CI stays fast and
a failure repeats."""

import datetime
import hashlib
import re

import pytest
from access.matrix import COLUMNS, OK, PAGES
from access.records import path_kwargs
from django import forms
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from anpr_governance.sites.models import Site

EXAMPLES = 6
# Appended to on refusal by design (a refused search, export or sign-in is recorded).
LOGGED_BY_DESIGN = {"audit", "axes"}
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
POST_FORM = re.compile(r'<form([^>]*method="post"[^>]*)>(.*?)</form>', re.S | re.I)
ACTION = re.compile(r'action="([^"]*)"')
INPUT_NAME = re.compile(r'<(?:input|select|textarea)[^>]*\sname="([^"]+)"')
NASTY = st.sampled_from(["", " ", "\x00", "0", "-1", "9" * 40, "<script>alert(1)</script>", "=1+1", "\u202e",
                         "STS-001", "2026-02-30", "' OR 1=1 --", "x" * 5000, "\ud7ff\u0301", "null"])


# The boxes of a GOV.UK date (and time) input: mostly near real values, so that some posts get past
# the form to the service, and some just outside them.
BOXES = {"day": st.integers(0, 32).map(str), "month": st.integers(0, 13).map(str),
         "year": st.integers(1899, 2201).map(str),
         "time": st.one_of(st.times().map(lambda t: f"{t:%H:%M}"),
                           st.sampled_from(["9:05", "14.30", "2:30pm", "25:00"]))}


class Box(forms.CharField):
    """One box of a date input (core.forms.DateWidget), posted under its own name."""

    def __init__(self, part: str):
        super().__init__()
        self.part = part


def text(field) -> st.SearchStrategy:
    limit = getattr(field, "max_length", None) or 300
    return st.one_of(NASTY, st.text(max_size=limit + 2))


def values_for(field) -> st.SearchStrategy:
    """A strategy for what a browser (or someone pretending to be one) could send for `field`."""
    if isinstance(field, Box):
        return st.one_of(BOXES.get(field.part, NASTY), NASTY)
    if isinstance(field, forms.FileField):
        return st.binary(max_size=300).map(lambda content: SimpleUploadedFile("register.csv", content))
    if isinstance(field, forms.BooleanField):
        return st.sampled_from(["on", "", "false"])
    if isinstance(field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField):
        choices = [str(value) for value, _ in field.choices if str(value)]
        return st.lists(st.one_of(st.sampled_from(choices or ["1"]), NASTY), max_size=3)
    if isinstance(field, forms.ChoiceField | forms.ModelChoiceField):
        choices = [str(value) for value, _ in field.choices if str(value)]
        return st.one_of(st.sampled_from(choices), NASTY) if choices else text(field)
    if isinstance(field, forms.DateField | forms.DateTimeField):
        return st.one_of(st.dates(datetime.date(1900, 1, 1), datetime.date(2100, 1, 1)).map(str), NASTY)
    if isinstance(field, forms.IntegerField | forms.DecimalField | forms.FloatField):
        return st.one_of(st.integers(-10**12, 10**12).map(str), NASTY)
    return text(field)


def page_forms(response) -> dict[str, forms.Field]:
    """Every field of every form in the page's context, under the name it is posted with; then the
    named inputs of the page's own POST forms that no Django form declares (posted as text)."""
    fields = {name: forms.CharField(max_length=300) for name in html_inputs(response)}
    seen = set()
    for context in response.context or []:
        for value in context.flatten().values():
            if isinstance(value, forms.BaseForm) and id(value) not in seen:
                seen.add(id(value))
                fields.update({value.add_prefix(name): field for name, field in value.fields.items()})
                fields.update(boxes(value))
    return fields


def boxes(form) -> dict[str, forms.Field]:
    """The boxes of the form's date inputs, under the names they are posted with (e.g. from-day)."""
    found = {}
    for name, field in form.fields.items():
        widget = field.widget
        if isinstance(widget, forms.MultiWidget) and hasattr(widget, "parts"):
            for part, suffix in zip(widget.parts, widget.widgets_names, strict=True):
                found[form.add_prefix(name) + suffix] = Box(part)
    return found


def html_inputs(response) -> set[str]:
    """The input names of the page's forms that post to the page itself (not the header's sign-out,
    nor forms posting elsewhere, such as a move on the site page)."""
    html = response.content.decode()
    names = set()
    for attributes, body in POST_FORM.findall(html):
        action = ACTION.search(attributes)
        if action is None or action.group(1) in ("", response.request["PATH_INFO"]):
            names.update(INPUT_NAME.findall(body))
    return names - {"csrfmiddlewaretoken"}


def snapshot(site_pk: int) -> tuple:
    counts = tuple(
        (model._meta.label, model._default_manager.count())
        for model in apps.get_models() if model._meta.app_label not in LOGGED_BY_DESIGN and model._meta.managed
    )
    site = hashlib.sha256(repr(list(Site.objects.filter(pk=site_pk).values_list())).encode()).hexdigest()
    return counts, site


def refused(response) -> bool:
    """A 4xx, or the page again with its error summary (a 200 without one is a success or a preview)."""
    if 400 <= response.status_code < 500:
        return True
    return response.status_code == 200 and b"govuk-error-summary" in response.content


def opener(row) -> str | None:
    """The column that opens this page, a signed-in role before anonymous."""
    columns = [column for column, outcome in zip(COLUMNS, row.outcomes, strict=True) if outcome == OK]
    return next((column for column in columns if column != "anonymous"), columns[0] if columns else None)


FORM_PAGES = sorted(name for name, row in PAGES.items()
                    if row.method == "GET" and name != "admin:*" and opener(row) is not None
                    and not name.startswith(("api-", "public:transparency"))
                    and name not in {"healthz", "evidence:download"})  # no page: a probe, a file


@pytest.mark.parametrize("name", FORM_PAGES)
def test_posting_anything_to_a_form_never_fails_and_a_refusal_changes_nothing(name, records, db):
    column = opener(PAGES[name])
    url = reverse(name, kwargs=path_kwargs(name, records))
    client = Client(enforce_csrf_checks=True)
    if column != "anonymous":
        client.force_login(records["people"][column])
    page = client.get(url)
    assert page.status_code == 200, (name, page.status_code)
    fields = page_forms(page)
    if not fields:
        return  # a page without a form: nothing to post (its row in the matrix says who opens it)
    token = CSRF.search(page.content.decode())
    assert token, f"{url} has a form but no CSRF token"
    site_pk = records["site"].pk

    @hypothesis_settings(max_examples=EXAMPLES, derandomize=True, deadline=None, database=None,
                         phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
    @given(data=st.fixed_dictionaries({}, optional={key: values_for(field) for key, field in fields.items()}))
    def post(data):
        with transaction.atomic():
            before = snapshot(site_pk)
            response = client.post(url, {**data, "csrfmiddlewaretoken": token.group(1)})
            assert response.status_code < 500, (url, response.status_code, data)
            if refused(response):
                assert snapshot(site_pk) == before, f"{url} refused ({response.status_code}) but changed the database"
            transaction.set_rollback(True)

    post()
