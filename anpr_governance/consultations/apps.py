from django.apps import AppConfig


class ConsultationsConfig(AppConfig):
    name = "anpr_governance.consultations"
    label = "consultations"
    verbose_name = "Consultations and exemptions"
