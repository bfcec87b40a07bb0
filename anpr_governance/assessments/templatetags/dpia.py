"""The DPIA's template sections and ICO prior consultation for any page that includes
assessments/_dpia_summary.html (the site page, the step-7 and advice pages), so that each
page need not put them in its context."""

from django import template

from .. import dpia_sections, selectors

register = template.Library()


@register.simple_tag
def dpia_section_rows(dpia):
    return dpia_sections.rows(dpia)


@register.simple_tag
def dpia_ico_state(dpia):
    return selectors.ico_state(dpia)
