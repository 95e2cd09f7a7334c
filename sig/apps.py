from django.apps import AppConfig


class SigConfig(AppConfig):
    name = "sig"
    verbose_name = "SIG Desa"

    def ready(self) -> None:
        from sig import gdal_aman

        gdal_aman.kurung()  # before any request or job can open a file
