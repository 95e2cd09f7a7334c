"""sitemap.xml: an index of sections, one per public kind of the registry plus the fixed pages and the
transparency pages; absolute links from SITE_URL (sig.situs), lastmod from each row's last change."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

from sig.wilayah.models import Desa, Kecamatan
from temu import registri
from temu.registri import Jenis


class PetaSitusDasar(Sitemap):
    """Links on this site's own address (SITE_URL), never the request's Host header."""

    def get_protocol(self, protocol: str | None = None) -> str:
        return urlsplit(settings.SITE_URL).scheme or "https"

    def get_domain(self, site: Any = None) -> str:
        return urlsplit(settings.SITE_URL).netloc


class PetaSitusJenis(PetaSitusDasar):
    """Every public row of one registered kind (what an anonymous visitor may open)."""

    def __init__(self, jenis: Jenis) -> None:
        self.jenis = jenis
        self.changefreq = jenis.frekuensi
        self.priority = jenis.prioritas

    def items(self) -> Any:
        return self.jenis.publik().only(*self.jenis.kolom_peta_situs()).order_by("pk")

    def location(self, item: Any) -> str:
        return item.get_absolute_url()

    def lastmod(self, item: Any) -> Any:
        return self.jenis.waktu_ubah(item)

    def get_latest_lastmod(self) -> Any:
        return self.jenis.publik().aggregate(m=Max(self.jenis.diubah))["m"]


class PetaSitusHalaman(PetaSitusDasar):
    """Fixed public pages: the home page (when it does not redirect), the report list, the public map."""

    changefreq = "daily"
    priority = 0.7

    def items(self) -> list[str]:
        nama = ["reports:daftar", "maps:portal"]
        return ["wilayah:beranda", *nama] if Kecamatan.objects.count() != 1 else nama

    def location(self, item: str) -> str:
        return reverse(item)


class PetaSitusTransparansi(PetaSitusDasar):
    """The transparency page of every kecamatan and desa."""

    changefreq = "weekly"
    priority = 0.6

    def items(self) -> list[tuple[str, str]]:
        kecamatan = [("maps:transparansi_kecamatan", k) for k in Kecamatan.objects.values_list("kode", flat=True)]
        return kecamatan + [("maps:transparansi_desa", d) for d in Desa.objects.values_list("kode", flat=True)]

    def location(self, item: tuple[str, str]) -> str:
        return reverse(item[0], args=[item[1]])


def bagian() -> dict[str, Sitemap]:
    """The sections of the index, read from the registry on each request (kinds added later appear)."""
    hasil: dict[str, Sitemap] = {"halaman": PetaSitusHalaman(), "transparansi": PetaSitusTransparansi()}
    for jenis in registri.semua():
        if jenis.di_peta_situs:
            hasil[jenis.slug] = PetaSitusJenis(jenis)
    return hasil
