"""Template helpers for decommissioning flags: {% load reviews_tags %}."""

from django import template

from anpr_governance.reviews.flags import RULE_TITLES

register = template.Library()


@register.filter
def flag_title(rule) -> str:
    """The title of a flag's rule: {{ flag.rule|flag_title }} → "Review overdue"."""
    code = rule.get("rule") if isinstance(rule, dict) else getattr(rule, "rule", rule)
    return RULE_TITLES.get(code, str(code).replace("_", " ").capitalize())
