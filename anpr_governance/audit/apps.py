from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "anpr_governance.audit"
    label = "audit"
    verbose_name = "Access log"
