from django.apps import AppConfig


class SaluranConfig(AppConfig):
    name = "saluran"
    verbose_name = "Saluran pengaduan (WhatsApp, Telegram)"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from reports.services.pemberitahuan import kabar_pelapor
        from saluran.keluar import kabari_pelapor

        kabar_pelapor.connect(kabari_pelapor, dispatch_uid="saluran.kabari_pelapor")
