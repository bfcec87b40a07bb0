"""Where account changes are recorded: the hash-chained access log, which lives in a higher
layer (audit). audit registers its writer here in AppConfig.ready(); accounts never imports
it. Without a writer nothing is changed: a role change that cannot be logged is refused."""

from collections.abc import Callable

from django.core.exceptions import ImproperlyConfigured

_writer: Callable | None = None


def set_writer(writer: Callable) -> None:
    """`writer(**entry)` appends an entry (audit.services.access_log_append's arguments)."""
    global _writer
    _writer = writer


def record(**entry) -> None:
    if _writer is None:
        raise ImproperlyConfigured("No access log is installed: account changes must be logged.")
    _writer(**entry)
