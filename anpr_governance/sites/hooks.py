"""What apps above sites do when a site changes, registered by them in AppConfig.ready()
(sites knows no app above it): e.g. reviews sends the newly assigned officer a notice, and
assessments re-grades the grounds of the current assessment when the location type changes.

Each hook runs inside the service's transaction, so it is undone with the change."""

from collections.abc import Callable

OFFICER_ASSIGNED: list[Callable] = []  # hook(*, actor, site, officer, previous)
LOCATION_TYPE_CHANGED: list[Callable] = []  # hook(*, actor, site, previous)


def on_officer_assigned(hook: Callable) -> Callable:
    OFFICER_ASSIGNED.append(hook)
    return hook


def on_location_type_changed(hook: Callable) -> Callable:
    LOCATION_TYPE_CHANGED.append(hook)
    return hook


def officer_assigned(**kwargs) -> None:
    for hook in OFFICER_ASSIGNED:
        hook(**kwargs)


def location_type_changed(**kwargs) -> None:
    for hook in LOCATION_TYPE_CHANGED:
        hook(**kwargs)
