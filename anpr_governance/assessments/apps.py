from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "anpr_governance.assessments"
    label = "assessments"
    verbose_name = "Assessments and privacy impact"
