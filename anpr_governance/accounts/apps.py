from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "anpr_governance.accounts"
    label = "accounts"
    verbose_name = "Accounts, roles and policing areas"
