"""Filters for the printed pack: the data holds ISO dates (see reports.formatting)."""

from django import template

from anpr_governance.reports import formatting

register = template.Library()


@register.filter
def day(iso):
    """3 March 2026"""
    return formatting.human_date(iso) if iso else ""


@register.filter
def moment(iso):
    """3 March 2026 14:05 (Europe/London)"""
    return formatting.human_moment(iso) if iso else ""


@register.filter
def yes_no(value):
    """Yes, No, or Not recorded (for None)."""
    return "Not recorded" if value is None else ("Yes" if value else "No")
