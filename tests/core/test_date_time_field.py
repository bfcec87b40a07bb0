"""The GOV.UK date input with a time box (core.forms.DateTimeField, issue 12, point 7): what can be
typed, the aware UK datetime it gives, and the words and boxes of each refusal."""

import datetime
import re

import pytest
from django.template import Context, Template

from anpr_governance.core.forms import DateTimeField, GovukForm

LONDON = "Europe/London"


class Window(GovukForm):
    default_auto_id = "%s"
    start = DateTimeField(label="From", what="the start")
    end = DateTimeField(label="To", what="the end", required=False)


def typed(day="14", month="1", year="2026", time="14:30", name="start") -> dict:
    return {f"{name}-day": day, f"{name}-month": month, f"{name}-year": year, f"{name}-time": time}


def clean(**boxes):
    form = Window(typed(**boxes))
    form.is_valid()
    return form


@pytest.mark.parametrize(("time", "hour", "minute"), [
    ("9:05", 9, 5), ("09:05", 9, 5), ("14.30", 14, 30), (" 14:30 ", 14, 30), ("2:30pm", 14, 30), ("2.30 PM", 14, 30),
    ("12am", 0, 0), ("12:15pm", 12, 15), ("00:00", 0, 0), ("23:59", 23, 59),
])
def test_a_time_is_read_on_the_24_hour_clock_or_with_am_or_pm(time, hour, minute):
    moment = clean(time=time).cleaned_data["start"]
    assert (moment.hour, moment.minute) == (hour, minute)


def test_the_moment_is_aware_and_in_uk_time_across_the_clock_change():
    winter = clean(day="14", month="1", time="14:30").cleaned_data["start"]
    summer = clean(day="14", month="7", time="14:30").cleaned_data["start"]
    assert str(winter.tzinfo) == str(summer.tzinfo) == LONDON
    assert winter.astimezone(datetime.UTC).hour == 14 and summer.astimezone(datetime.UTC).hour == 13


@pytest.mark.parametrize(("boxes", "message", "parts"), [
    ({"day": "", "month": "", "year": "", "time": ""}, "Enter the start date and time",
     ["day", "month", "year", "time"]),
    ({"day": "", "month": "", "year": ""}, "Enter the start date", ["day", "month", "year"]),
    ({"month": ""}, "The start date must include a month", ["month"]),
    ({"day": "", "year": ""}, "The start date must include a day and a year", ["day", "year"]),
    ({"day": "31", "month": "2"}, "The start date must be a real date", ["day", "month", "year"]),
    ({"year": "2150"}, "The start date must be a real date", ["day", "month", "year"]),
    # Found by the form fuzzing: a number too big for a date answered 500 (OverflowError).
    ({"day": "9" * 40}, "The start date must be a real date", ["day", "month", "year"]),
    ({"year": "9" * 40}, "The start date must be a real date", ["day", "month", "year"]),
    ({"time": ""}, "Enter the start time, for example 14:30", ["time"]),
    ({"time": "25:00"}, "The start time must be a real time, for example 14:30", ["time"]),
    ({"time": "14"}, "The start time must be a real time, for example 14:30", ["time"]),
    ({"time": "13pm"}, "The start time must be a real time, for example 14:30", ["time"]),
    ({"time": "14:60"}, "The start time must be a real time, for example 14:30", ["time"]),
])
def test_each_refusal_says_what_is_wrong_and_marks_only_the_boxes_in_error(boxes, message, parts):
    form = clean(**boxes)
    assert form.errors["start"] == [message]
    html = Template("{% load govuk %}{% error_summary form %}{% govuk_field form.start %}").render(
        Context({"form": form}))
    assert f'<a href="#start-{parts[0]}">{message}</a>' in html  # the first box in error
    for part in ("day", "month", "year", "time"):
        marked = re.search(rf'class="[^"]*govuk-input--error[^"]*" id="start-{part}"', html) is not None
        assert marked == (part in parts), part
    for name, value in typed(**boxes).items():
        assert f'name="{name}"' in html and (not value or f'value="{value}"' in html)  # what was typed is kept


def test_a_time_the_clocks_skipped_is_refused():
    form = clean(day="29", month="3", year="2026", time="01:30")  # 1am GMT became 2am BST
    assert form.errors["start"] == ["The start time did not happen on that day: the clocks went forward an hour"]


def test_an_optional_moment_left_empty_is_none_and_the_time_box_has_its_label_and_hint():
    form = clean()
    assert form.is_valid() and form.cleaned_data["end"] is None
    html = Template("{% load govuk %}{% govuk_field form.end %}").render(Context({"form": Window()}))
    assert '<label class="govuk-label" for="end-time">Time</label>' in html
    assert '<div id="end-time-hint" class="govuk-hint">For example, 14:30</div>' in html


def test_a_moment_given_as_a_datetime_is_drawn_in_uk_time():
    moment = datetime.datetime(2026, 7, 14, 13, 30, tzinfo=datetime.UTC)
    html = Template("{% load govuk %}{% govuk_field form.start %}").render(
        Context({"form": Window(initial={"start": moment})}))
    assert all(f'value="{value}"' in html for value in ("14", "7", "2026", "14:30"))
