from django.apps import AppConfig
from django.db.models.signals import post_migrate, pre_save
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Pengaduan warga")

    def ready(self) -> None:
        from reports.kategori import pastikan_kategori_bawaan
        from reports.libur import pastikan_libur_bawaan
        from reports.tenggat import isi_tenggat

        post_migrate.connect(pastikan_kategori_bawaan, sender=self, dispatch_uid="kategori_pengaduan_bawaan")
        post_migrate.connect(pastikan_libur_bawaan, sender=self, dispatch_uid="hari_libur_bawaan")
        pre_save.connect(isi_tenggat, sender="reports.Pengaduan", dispatch_uid="pengaduan_tenggat")
