"""Small helpers the views share: the signed-in reader's site or a 404, refusals as 403
pages that say why, and the answer to a form that a service refused."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404

from .exceptions import NotPermitted
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


def site_or_404(request, reference: str):
    from anpr_governance.sites.selectors import site_for_user

    site = site_for_user(request.user, reference)
    if site is None:
        raise Http404(f"There is no site with the reference {reference}.")
    return site


def allowed_or_403(check, *args, **kwargs) -> None:
    """Run a permission helper from core.permissions; its refusal becomes a 403 page saying why."""
    try:
        check(*args, **kwargs)
    except NotPermitted as error:
        raise PermissionDenied(error.message) from error


def refusal_status(error) -> int:
    """The status of a page re-shown after a service refused: 403 when it was not permitted."""
    return 403 if isinstance(error, NotPermitted) else 200


def posted(request):
    """The form data of a POST (even an empty one, which must still be validated), else None."""
    return request.POST if request.method == "POST" else None
