from django.apps import AppConfig


class ConsultationsConfig(AppConfig):
    name = "anpr_governance.consultations"
    label = "consultations"
    verbose_name = "Consultations and exemptions"

    def ready(self):
        # Registers its lifecycle prerequisites with sites, its records with evidence.
        from . import attachments, prerequisites  # noqa: F401
