"""System check: every prerequisite the lifecycle table names is registered by some app."""

from django.core import checks

from .lifecycle import TRANSITIONS
from .prerequisites import PREREQUISITES


@checks.register()
def check_prerequisites_registered(app_configs=None, **kwargs):
    named = {name for transition in TRANSITIONS for name in transition.prerequisites}
    return [
        checks.Error(
            f"The lifecycle table names the prerequisite {name!r}, but no app registers it.",
            hint="Register it with @sites.prerequisites.prerequisite in a module the owning app's "
            "AppConfig.ready() imports.",
            id="anpr.E010",
        )
        for name in sorted(named - PREREQUISITES.keys())
    ]
