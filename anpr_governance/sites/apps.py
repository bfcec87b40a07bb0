from django.apps import AppConfig


class SitesConfig(AppConfig):
    name = "anpr_governance.sites"
    label = "sites"
    verbose_name = "Camera sites"
