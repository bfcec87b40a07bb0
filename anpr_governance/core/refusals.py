"""Refused requests that never reach their view: a body that cannot be read, or a failed CSRF
check. The app that owns the view records them (e.g. a refused search in the access log), so
the attempt is not lost. core knows no domain: an app registers a recorder for a URL name in
its AppConfig.ready(), and core calls it with the signed-in user and the reason."""

from collections.abc import Callable

from django.contrib.auth import get_user
from django.urls import Resolver404, resolve

_recorders: dict[str, Callable] = {}


def register(url_name: str, recorder: Callable) -> None:
    """`recorder(user, reason, **url_kwargs)` records a refused request to the view named
    `url_name` (the URL's arguments, e.g. which authorisation, are passed on)."""
    _recorders[url_name] = recorder


def record_refused_request(request, reason: str) -> bool:
    """Record a request refused before its view (a Django HttpRequest); True when recorded."""
    # From the session itself: DRF sets request.user to anonymous when its authentication fails.
    user = get_user(request) if hasattr(request, "session") else None
    if user is None or not user.is_authenticated:
        return False
    try:
        match = request.resolver_match or resolve(request.path_info)
    except Resolver404:
        return False
    recorder = _recorders.get(match.view_name)
    if recorder is None:
        return False
    recorder(user, reason, **match.kwargs)
    return True
