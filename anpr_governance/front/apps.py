from django.apps import AppConfig


class FrontConfig(AppConfig):
    """Staff pages that compose several apps: dashboard, register, site page, history,
    navigation and the decommissioning pages. The top layer: nothing imports it."""

    name = "anpr_governance.front"
    label = "front"
    verbose_name = "Staff pages"
