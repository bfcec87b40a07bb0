from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "anpr_governance.reviews"
    label = "reviews"
    verbose_name = "Reviews and decommissioning"

    def ready(self):
        from . import (
            prerequisites,  # noqa: F401  (registers its lifecycle prerequisites with sites)
            receivers,  # noqa: F401  (notices for authorisations and the access log's chain)
        )
