from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "anpr_governance.reviews"
    label = "reviews"
    verbose_name = "Reviews and decommissioning"

    def ready(self):
        from . import (  # noqa: F401  (register with sites: lifecycle prerequisites, the assignment notice)
            assignment,
            prerequisites,
        )
