from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo force (`seed_demo`) and the walkthrough that drives a site along its
    lifecycle through the real services. The top layer: nothing in the product imports it."""

    name = "anpr_governance.demo"
    label = "demo"
    verbose_name = "Demo force"
