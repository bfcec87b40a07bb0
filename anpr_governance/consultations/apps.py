from django.apps import AppConfig


class ConsultationsConfig(AppConfig):
    name = "anpr_governance.consultations"
    label = "consultations"
    verbose_name = "Consultations and exemptions"

    def ready(self):
        from . import prerequisites  # noqa: F401  (registers its lifecycle prerequisites with sites)
