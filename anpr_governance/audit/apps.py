from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "anpr_governance.audit"
    label = "audit"
    verbose_name = "Access log"

    def ready(self):
        from anpr_governance.accounts import journal

        from .services import access_log_append

        # Role changes (accounts, a lower layer) are written to the access log through this.
        journal.set_writer(access_log_append)
