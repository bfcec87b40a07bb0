from django.apps import AppConfig


class ReadsConfig(AppConfig):
    name = "anpr_governance.reads"
    label = "reads"
    verbose_name = "Read data: feeds, searches and authorisations"
