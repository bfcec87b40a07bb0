"""The prerequisites named in the lifecycle table, registered by the apps that own the
records they look at (sites knows no app above it).

Each check takes a site and returns None when it holds, or a sentence saying what is
missing and what to do. An app registers its checks with `@prerequisite("name")` in a
module its `AppConfig.ready()` imports (e.g. `assessments/prerequisites.py`); the system
check `anpr.E010` refuses to start while the table names one nobody registered.
"""

from collections.abc import Callable

Check = Callable[[object], str | None]
PREREQUISITES: dict[str, Check] = {}


def prerequisite(name: str):
    """Register a check under the name the lifecycle table uses."""

    def register(check: Check) -> Check:
        PREREQUISITES[name] = check
        return check

    return register


@prerequisite("has_active_camera")
def has_active_camera(site):
    if not site.cameras.filter(removed_on__isnull=True).exists():
        return f"{site.reference} has no installed camera: record its cameras before it goes live."
