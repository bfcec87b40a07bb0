"""The GOV.UK field and error-summary tags, in what the sign-in, reports and access log
pages came to rely on when they gave up their hand-written markup."""

import pytest
from django import forms
from django.template import Context, Template
from django.urls import reverse

from anpr_governance.core.forms import DateField, DateWidget, GovukForm

pytestmark = pytest.mark.django_db


def render(text: str, **context) -> str:
    return Template("{% load govuk %}" + text).render(Context(context))


class Sample(GovukForm):
    secret = forms.CharField(widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))
    when = forms.CharField(widget=forms.TextInput(attrs={"type": "datetime-local"}))
    number = forms.IntegerField()
    day = DateField(widget=DateWidget(suffixes=("-day", "-month", "-year")))
    upload = forms.FileField(widget=forms.FileInput(attrs={"accept": ".pdf"}))


def test_a_password_typed_is_never_sent_back_in_the_page(client, officer):
    page = client.post(reverse("login"), {"username": "officer", "password": "not-my-password"}).content.decode()
    assert "not-my-password" not in page
    assert 'id="id_password" name="password" type="password" value=""' in page
    html = render("{% govuk_field form.secret %}", form=Sample({"secret": "hunter2"}))
    assert "hunter2" not in html and 'autocomplete="current-password"' in html


def test_an_input_takes_its_type_from_a_text_or_password_widget_only():
    form = Sample()
    assert 'type="datetime-local"' in render("{% govuk_field form.when %}", form=form)
    assert 'type="text"' in render("{% govuk_field form.number %}", form=form)  # no number input (GOV.UK)


def test_date_boxes_are_named_by_the_widgets_suffixes_and_read_back():
    form = Sample({"day-day": "31", "day-month": "3", "day-year": "2026"})
    html = render("{% govuk_field form.day %}", form=form)
    assert 'name="day-day"' in html and 'name="day-year"' in html and 'value="31"' in html
    form.is_valid()
    assert str(form.cleaned_data["day"]) == "2026-03-31"


def test_a_file_upload_is_drawn_with_its_accept_list_and_error():
    html = render("{% error_summary form %}{% govuk_field form.upload %}", form=Sample({}))
    assert 'class="govuk-file-upload govuk-file-upload--error"' in html and 'accept=".pdf"' in html
    assert 'href="#id_upload"' in html


def test_a_failure_that_belongs_to_no_form_is_shown_in_the_same_summary():
    html = render('{% error_summary title="The pack could not be built" message=reason %}', reason="No worker.")
    assert 'class="govuk-error-summary"' in html and "The pack could not be built" in html
    assert "<li>No worker.</li>" in html
    assert render("{% error_summary form %}", form=Sample()).strip() == ""


def test_the_status_tag_is_a_govuk_tag_coloured_by_the_status_with_its_label_escaped():
    tag = "{% status_tag value label %}"
    assert render(tag, value="live") == '<strong class="govuk-tag govuk-tag--green">Live</strong>\n'
    assert render(tag, value="awaiting_approval").endswith('">Awaiting approval</strong>\n')
    assert render(tag, value="no_such_status", label="<b>&") == (
        '<strong class="govuk-tag govuk-tag--grey">&lt;b&gt;&amp;</strong>\n')
