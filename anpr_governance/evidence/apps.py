from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    """Evidence files (signed documents, letters, photographs, e-mails) attached to the
    governance records of the apps above; they register their records in evidence.records."""

    name = "anpr_governance.evidence"
    label = "evidence"
    verbose_name = "Evidence files"
    default_auto_field = "django.db.models.BigAutoField"
