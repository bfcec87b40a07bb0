from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "anpr_governance.assessments"
    label = "assessments"
    verbose_name = "Assessments and privacy impact"

    def ready(self):
        from . import (  # noqa: F401  (register with sites and evidence: prerequisites, re-grading, attachments)
            attachments,
            prerequisites,
            regrading,
        )
