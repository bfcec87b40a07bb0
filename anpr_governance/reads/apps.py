from django.apps import AppConfig


class ReadsConfig(AppConfig):
    name = "anpr_governance.reads"
    label = "reads"
    verbose_name = "Read data: feeds, searches and authorisations"

    def ready(self):
        from anpr_governance.audit.subjects import register_namer
        from anpr_governance.core.refusals import register

        from .selectors import feed_names
        from .services.authorisations import record_refused_decision, record_refused_request
        from .services.search import record_refused_disclosure, record_refused_export, record_refused_search

        # A read-access attempt refused before its view (unreadable body, failed CSRF check) is
        # still logged: searches, authorisation requests and decisions, exports and disclosures.
        register("api-reads-search", record_refused_search)
        register("reads:search", record_refused_search)
        register("api-reads-authorisations", record_refused_request)
        register("reads:authorisation-new", record_refused_request)
        register("api-reads-decide", record_refused_decision)
        register("reads:authorisation", record_refused_decision)
        register("api-reads-disclose", record_refused_disclosure)
        register("reads:search-disclose", lambda user, reason, number: record_refused_disclosure(user, reason, number))
        register("reads:search-export", lambda user, reason, number: record_refused_export(user, reason, number))
        # The access log page names a feed subject ("feed:44") by the feed's name and site.
        register_namer("feed", feed_names)
