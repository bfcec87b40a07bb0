from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "anpr_governance.reviews"
    label = "reviews"
    verbose_name = "Reviews and decommissioning"

    def ready(self):
        # Registered with lower apps: lifecycle prerequisites, the assignment notice, and notices
        # for authorisations and the access log's chain.
        from . import (  # noqa: F401
            assignment,
            attachments,
            prerequisites,
            receivers,
            standing_flags,
        )

        standing_flags.connect()
