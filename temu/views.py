"""robots.txt, the sitemap index and sections, the feeds and the share images."""

from __future__ import annotations

from typing import Any

from django.contrib.sitemaps import views as sitemap_views
from django.contrib.sitemaps.views import SitemapIndexItem  # type: ignore[attr-defined]  # missing from django-stubs
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import http_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from reports.models import KategoriPengaduan
from sig.batas import lewat_batas
from sig.klien import alamat_klien
from sig.situs import url_mutlak
from sig.wilayah.models import Desa, Kecamatan
from temu import gambar, peta_situs, registri, umpan

# The back office and what only makes sense for a signed-in person: never crawled.
TERTUTUP = (
    "/kelola/",
    "/admin/",
    "/akun/",
    "/api/",
    "/dasbor/",
    "/impor/",
    "/analisis/",
    "/i18n/",
    "/pengaduan/baru/",
    "/pengaduan/langganan/",
    "/pengaduan/lacak/",
    "/potensi/ajukan/",
    "/peta/cetak",
    "/open311/",
    "/tiles/",
    "/lapisan/",
    "/ekspor/",
    "/ogc",
)


@require_GET
def robots(request: Any) -> HttpResponse:
    """Public pages open to crawlers, the back office closed, and where the sitemap is."""
    baris = ["User-agent: *", "Allow: /", *(f"Disallow: {p}" for p in TERTUTUP)]
    baris += ["", f"Sitemap: {url_mutlak(reverse('temu:peta_situs'))}", ""]
    return HttpResponse("\n".join(baris), content_type="text/plain; charset=utf-8")


@sitemap_views.x_robots_tag
@require_GET
def peta_situs_indeks(request: Any) -> TemplateResponse:
    """The sitemap index: one entry per section (and per page of a long section), with its latest change."""
    entri, terbaru = [], []
    for nama, bagian in peta_situs.bagian().items():
        lokasi = url_mutlak(reverse("temu:peta_situs_bagian", kwargs={"section": nama}))
        lastmod = bagian.get_latest_lastmod()
        terbaru.append(lastmod)
        entri.append(SitemapIndexItem(lokasi, lastmod))
        entri += [SitemapIndexItem(f"{lokasi}?p={n}", lastmod)
                  for n in range(2, bagian.paginator.num_pages + 1)]  # fmt: skip
    response = TemplateResponse(request, "sitemap_index.xml", {"sitemaps": entri}, content_type="application/xml")
    waktu = [t for t in terbaru if t is not None]
    if waktu and len(waktu) == len(terbaru):
        response.headers["Last-Modified"] = http_date(max(waktu).timestamp())
    return response


@require_GET
def peta_situs_bagian(request: Any, section: str) -> Any:
    """One section (django.contrib.sitemaps' view; a page beyond the last one is a 404)."""
    return sitemap_views.sitemap(request, sitemaps=dict(peta_situs.bagian()), section=section)


def _lingkup(request: Any, tingkat: str, kode: str, fmt: str, jenis: list[registri.Jenis]) -> umpan.Lingkup:
    obj: Any
    if tingkat == "desa":
        obj = get_object_or_404(Desa.objects.select_related("kecamatan"), kode=kode)
        judul, tautan = f"{obj.get_jenis_display()} {obj.nama}", obj.get_absolute_url()
    elif tingkat == "kecamatan":
        obj = get_object_or_404(Kecamatan, kode=kode)
        judul, tautan = _("Kecamatan %(nama)s") % {"nama": obj.nama_tampil}, obj.get_absolute_url()
    else:
        obj = get_object_or_404(KategoriPengaduan, kode=kode)
        judul = _("Pengaduan %(tagar)s (%(nama)s)") % {"tagar": obj.tagar, "nama": obj.nama}
        tautan = f"{reverse('reports:daftar')}?kategori={obj.kode}"
    diri = reverse("temu:umpan", kwargs={"tingkat": tingkat, "kode": kode, "fmt": fmt})
    return umpan.Lingkup(tingkat, obj, judul, url_mutlak(tautan), url_mutlak(diri), jenis)


@require_GET
def umpan_view(request: Any, tingkat: str, kode: str, fmt: str) -> HttpResponse:
    """RSS or Atom of a desa, a kecamatan or a report category; `?jenis=a,b` keeps some kinds only."""
    jenis = umpan.jenis_umpan(kategori=tingkat == "kategori")
    diminta = [s for s in (request.GET.get("jenis") or "")[:200].split(",") if s]
    if diminta:
        dikenal = {j.slug: j for j in jenis}
        asing = [s for s in diminta if s not in dikenal]
        if asing:
            pesan = _("Jenis tidak dikenal: %(asing)s. Pilih dari: %(ada)s.") % {
                "asing": ", ".join(asing[:5]),
                "ada": ", ".join(dikenal),
            }
            return HttpResponse(pesan.encode(), status=400, content_type="text/plain; charset=utf-8")
        jenis = [dikenal[s] for s in dict.fromkeys(diminta)]
    lingkup = _lingkup(request, tingkat, kode, fmt, jenis)
    feed = umpan.UmpanAtom() if fmt == "atom" else umpan.UmpanRss()
    response = feed(request, lingkup=lingkup)
    response["Cache-Control"] = "public, max-age=600"
    return response


@require_GET
def gambar_bagikan(request: Any, jenis: str, kunci: str) -> HttpResponse:
    """The share image of a public item (private, unknown: 404, also for staff: a share image is public)."""
    j, obj = registri.publik_atau_404(jenis, kunci)
    etag = f'"{gambar.kunci_cache(j, obj)}"'
    if request.headers.get("If-None-Match") == etag:
        response = HttpResponse(status=304)
    else:
        data = gambar.dari_cache(j, obj)
        if data is None:  # a new drawing costs a few hundred ms: limited per address (cached ones are free)
            if lewat_batas(f"bagikan:{alamat_klien(request)}", gambar.BATAS_BARU_PER_JAM):
                pesan = _("Terlalu banyak gambar baru diminta dari alamat ini; coba lagi dalam satu jam.")
                return HttpResponse(pesan.encode(), status=429, content_type="text/plain; charset=utf-8")
            data = gambar.gambar(j, obj)
        response = HttpResponse(data, content_type="image/png")
    response["ETag"] = etag
    response["Cache-Control"] = "public, max-age=86400"
    response["Vary"] = "Cookie"  # the language (sig.middleware.BahasaMiddleware)
    return response
