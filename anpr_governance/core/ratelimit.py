"""A per-client limit on how often a public form may be posted, kept in Django's shared
cache (the database cache by default, Redis in production) so that it holds across web
processes and machines."""

from django.conf import settings
from django.core.cache import cache


def client_address(request) -> str:
    """The client's address: from the trusted proxy's header when one is configured
    (ANPR_TRUSTED_PROXY_HEADER), else the connection's. Of a list such as X-Forwarded-For
    only the last entry is believed: it is the one our own proxy added; any earlier entry
    came from the client and could be anything."""
    header = settings.ANPR_TRUSTED_PROXY_HEADER
    if header:
        value = request.META.get("HTTP_" + header.upper().replace("-", "_"), "")
        entries = [part.strip() for part in value.split(",") if part.strip()]
        if entries:
            return entries[-1]
    return request.META.get("REMOTE_ADDR", "")


def allow(scope: str, key: str, *, limit: int, period_seconds: int = 3600) -> bool:
    """Count one more attempt by `key` at `scope`; False once `limit` attempts fall within
    the period that began with the first of them."""
    name = f"ratelimit:{scope}:{key}"
    cache.add(name, 0, timeout=period_seconds)  # starts the period; no-op if it is running
    try:
        count = cache.incr(name)
    except ValueError:  # expired between add and incr: a new period
        cache.add(name, 1, timeout=period_seconds)
        count = 1
    return count <= limit
