from django.apps import AppConfig


class SitesConfig(AppConfig):
    name = "anpr_governance.sites"
    label = "sites"
    verbose_name = "Camera sites"

    def ready(self):
        from . import checks  # noqa: F401  (registers the system check of the lifecycle's prerequisites)
