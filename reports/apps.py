from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Pengaduan warga")

    def ready(self) -> None:
        from reports.kategori import pastikan_kategori_bawaan

        post_migrate.connect(pastikan_kategori_bawaan, sender=self, dispatch_uid="kategori_pengaduan_bawaan")
