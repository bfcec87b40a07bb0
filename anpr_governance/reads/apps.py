from django.apps import AppConfig


class ReadsConfig(AppConfig):
    name = "anpr_governance.reads"
    label = "reads"
    verbose_name = "Read data: feeds, searches and authorisations"

    def ready(self):
        from anpr_governance.core.refusals import register

        from .services.search import record_refused_search

        # A search refused before its view (unreadable body, failed CSRF check) is still logged.
        register("api-reads-search", record_refused_search)
        register("reads:search", record_refused_search)
