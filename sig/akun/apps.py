from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AkunConfig(AppConfig):
    name = "sig.akun"
    label = "akun"
    verbose_name = _("Akun dan peran")
