from django.apps import AppConfig


class TemuConfig(AppConfig):
    """Found and shared: sitemap, robots.txt, feeds, JSON-LD, OpenGraph share images and share links, all driven
        by one registry of public kinds (temu.registri), declared here: temu/jenis.py (territory, village data,
    complaints) and temu/jenis_kabar.py (news and events)."""

    name = "temu"
    verbose_name = "Temu dan bagikan"

    def ready(self) -> None:
        from temu import jenis, jenis_kabar  # noqa: F401  (registering the kinds)
