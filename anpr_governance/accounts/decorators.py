"""Who may open a staff page at all: signed in, and holding a role that reads sites (or
governance records). Refusals are 403 pages that say why."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from .permissions import can_view_governance, can_view_sites

NO_ROLE = "Your account has no role that gives access to camera sites: ask your system administrator."
NO_GOVERNANCE = "Your role does not include reading governance records (assessments, DPIAs, consultations, reviews)."


def staff_view(view):
    """Signed-in staff with access to the register of sites; others get a 403 saying why."""

    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not can_view_sites(request.user):
            raise PermissionDenied(NO_ROLE)
        return view(request, *args, **kwargs)

    return wrapped


def governance_view(view):
    """Signed-in staff who read governance records."""

    @staff_view
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not can_view_governance(request.user):
            raise PermissionDenied(NO_GOVERNANCE)
        return view(request, *args, **kwargs)

    return wrapped
