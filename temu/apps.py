from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class TemuConfig(AppConfig):
    """Found and shared: sitemap, robots.txt, feeds, JSON-LD, OpenGraph share images and share links, all driven
    by one registry of public kinds (temu.registri). An app adds its kind in its own `temu.py`."""

    name = "temu"
    verbose_name = "Temu dan bagikan"

    def ready(self) -> None:
        from temu import jenis  # noqa: F401  (the kinds that exist today)

        autodiscover_modules("temu")
