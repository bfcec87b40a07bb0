"""Every URL name of the project, found by walking the resolver (so a new URL cannot hide)."""

from django.urls import URLPattern, URLResolver, get_resolver


def url_names(resolver: URLResolver | None = None, namespace: str | None = None, prefix: str = ""):
    """Yield (name, route) for every pattern; an unnamed pattern yields (None, route)."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace
            yield from url_names(pattern, f"{namespace}:{inner}" if namespace and inner else inner or namespace,
                                 route)
        elif isinstance(pattern, URLPattern):
            yield (f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name), route


def matrix_key(name: str) -> str:
    """The row a URL name falls under: the Django admin's many pages are one row."""
    return "admin:*" if name.startswith("admin:") else name
