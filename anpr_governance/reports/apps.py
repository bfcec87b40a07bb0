from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "anpr_governance.reports"
    label = "reports"
    verbose_name = "Compliance packs"
