"""The service navigation: each role sees only the sections it may use.

A section is listed when its URL exists and the user passes its test; apps add their
sections to SECTIONS (label, URL name, test)."""

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.urls import NoReverseMatch, reverse

from anpr_governance.accounts.permissions import (
    can_answer_subject_access,
    can_build_packs,
    can_decide_authorisations,
    can_dip_sample,
    can_manage_feeds,
    can_read_access_log,
    can_search_reads,
    can_view_reviews,
    can_view_sites,
    holds_role,
)
from anpr_governance.accounts.roles import OFFICER, Role


@dataclass(frozen=True)
class Section:
    label: str
    url_name: str
    allowed: Callable[[object], bool]


SECTIONS: list[Section] = [
    Section("Dashboard", "dashboard", can_view_sites),
    Section("Sites", "sites:register", can_view_sites),
    Section("Decommissioning", "decommissioning:flagged", can_view_reviews),
    Section("Public replies", "moderation:list", lambda user: holds_role(user, *OFFICER)),
    Section("Search reads", "reads:search", can_search_reads),
    Section("Authorisations", "reads:authorisations", lambda u: can_search_reads(u) or can_decide_authorisations(u)),
    Section("Access log", "audit:access-log", can_read_access_log),
    Section("Dip-sampling", "audit:sampling", can_dip_sample),
    Section("Subject access", "dpo:subject-access", can_answer_subject_access),
    Section("Feeds", "reads:feeds", can_manage_feeds),
    Section("Roles", "accounts:roles", lambda u: holds_role(u, Role.SYSTEM_ADMINISTRATOR,
                                                             Role.DATA_PROTECTION_OFFICER)),
    Section("Search grants", "reads:grants", lambda u: can_manage_feeds(u) or can_decide_authorisations(u)),
    Section("Reports", "reports:index", can_build_packs),
    Section("API tokens", "accounts:api-tokens", lambda user: user.is_authenticated),
    Section("Administration", "admin:index", lambda user: user.is_staff),
]


def sections_for(user, current_path: str = "") -> list[dict]:
    if not user.is_authenticated:
        return []
    items = []
    for section in SECTIONS:
        if not section.allowed(user):
            continue
        try:
            url = reverse(section.url_name)
        except NoReverseMatch:  # the section's app is not installed yet
            continue
        active = current_path == url or (url != "/" and current_path.startswith(url))
        items.append({"label": section.label, "url": url, "active": active})
    return items


def navigation(request):
    """Template context processor: `navigation` for the service navigation bar."""
    user = getattr(request, "user", None)
    if user is None:
        return {"navigation": []}
    return {"navigation": sections_for(user, request.path)}


def service(request):
    """Template context processor: the force's name and the signed-in person's roles."""
    user = getattr(request, "user", None)
    roles = sorted(user.role_names) if user is not None and user.is_authenticated else []
    return {"force_name": settings.FORCE_NAME, "user_roles": roles}
