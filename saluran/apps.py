from django.apps import AppConfig


class SaluranConfig(AppConfig):
    name = "saluran"
    verbose_name = "Saluran pengaduan (WhatsApp, Telegram)"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from reports.services.pemberitahuan import pelapor_diberitahu
        from saluran.keluar import beritahu_lewat_saluran

        pelapor_diberitahu.connect(beritahu_lewat_saluran, dispatch_uid="saluran.beritahu_lewat_saluran")
