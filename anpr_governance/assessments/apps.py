from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "anpr_governance.assessments"
    label = "assessments"
    verbose_name = "Assessments and privacy impact"

    def ready(self):
        from . import prerequisites  # noqa: F401  (registers its lifecycle prerequisites with sites)
