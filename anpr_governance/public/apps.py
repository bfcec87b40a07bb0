from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "anpr_governance.public"
    label = "public"
    verbose_name = "Public consultation and transparency pages"
