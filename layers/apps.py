from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class LayersConfig(AppConfig):
    name = "layers"
    verbose_name = _("Lapisan peta")

    def ready(self) -> None:
        from layers.bawaan import pastikan_lapisan_bawaan

        post_migrate.connect(pastikan_lapisan_bawaan, sender=self, dispatch_uid="lapisan_bawaan")
