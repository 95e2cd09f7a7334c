"""The public map portal (per kecamatan or desa), its search, and the PWA files (manifest, service worker)."""

from __future__ import annotations

import json

from django.db.models import Q
from django.http import Http404, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from assets.models import AsetDesa, PotensiDesa, ProyekPembangunan
from layers.models import Lapisan
from layers.selectors import daftar_lapisan, lapisan_batas_desa, url_batas_desa
from maps import terkini
from reports.models import KategoriPengaduan, Pengaduan, StatusPengaduan
from sig.akun import scope
from sig.akun.scope import Action
from sig.wilayah import selectors as wilayah
from sig.wilayah.models import Desa, Dusun, Kecamatan

# Detail page of a feature, by layer kind ({id} or {kode_lacak} from its properties).
URL_FITUR = {
    "aset": "/aset/{id}/",
    "proyek": "/proyek/{id}/",
    "potensi": "/potensi/{id}/",
    "pengaduan": "/pengaduan/{kode_lacak}/",
}


def _teks() -> dict[str, str]:
    """Strings the portal script shows (translated here; the script never builds HTML from them)."""
    return {
        "lapisan": _("Lapisan"),
        "legenda": _("Legenda"),
        "perbesar": _("Perbesar peta untuk menampilkan lapisan ini"),
        "terpotong": _("Sebagian data tidak ditampilkan; perbesar peta."),
        "detail": _("Lihat detail"),
        "tandai": _("Tandai di peta"),
        "ketuk": _("Ketuk lokasi di peta…"),
        "laporkan": _("Laporkan masalah di sini"),
        "potensi": _("Ajukan potensi di sini"),
        "tidak_ada": _("Tidak ditemukan."),
        "gagal": _("Data lapisan gagal dimuat."),
        "semua": _("semua"),
    }


def _kategori_opsi() -> dict[str, list[list[str]]]:
    return {"pengaduan": [[k.kode, f"#{k.kode} {k.nama}"] for k in KategoriPengaduan.objects.filter(aktif=True)]}


def _vektor(batas: Lapisan | None) -> dict[str, object]:
    """What maps/static/maps/vektor.js needs to draw lines and polygons from the combined vector tile: the tile
    and item URLs, the boundary layer's slug in the tile, and MapLibre's files (loaded only where WebGL works)."""
    return {
        "petak": reverse("layers:tile_portal", args=(0, 0, 0)).replace("/0/0/0.", "/{z}/{x}/{y}."),
        "fitur": reverse("layers:fitur", args=("SLUG", 1)).replace("SLUG/1.", "{slug}/{id}."),
        "batas": batas.slug if batas else None,
        "skrip": [
            static("maplibre-gl/dist/maplibre-gl-csp.js"),
            static("@maplibre/maplibre-gl-leaflet/leaflet-maplibre-gl.js"),
        ],
        "pekerja": static("maplibre-gl/dist/maplibre-gl-csp-worker.js"),
    }


@require_GET
def portal(request, tingkat: str = "", kode: str = ""):
    """The map of the whole installation, a kecamatan or a desa: public layers, filters, search, pinning."""
    desa = kecamatan = None
    if tingkat == "desa":
        desa = Desa.objects.select_related("kecamatan").filter(kode=kode).first()
        if desa is None:
            raise Http404(_("Desa tidak ditemukan."))
        cakupan = wilayah.cakupan_desa(desa_id=desa.pk)
    elif tingkat == "kecamatan":
        kecamatan = Kecamatan.objects.filter(kode=kode).first()
        if kecamatan is None:
            raise Http404(_("Kecamatan tidak ditemukan."))
        cakupan = wilayah.cakupan_desa(kecamatan_id=kecamatan.pk)
    else:
        cakupan = wilayah.cakupan_desa()
    batas = lapisan_batas_desa(request.user)
    konfigurasi = {
        "lapisan": [lap for lap in daftar_lapisan(request.user) if lap["jenis"] not in {"wilayah", "raster"}],
        "cakupan": cakupan,
        "batas": url_batas_desa(request.user),
        "vektor": _vektor(batas),
        "url_fitur": URL_FITUR,
        "kategori": _kategori_opsi(),
        "status": {"pengaduan": StatusPengaduan.choices},
        "desa": wilayah.pilihan_desa(kecamatan or (desa.kecamatan if desa else None)),
        "desa_awal": desa.kode if desa else "",
        "cari": reverse("maps:cari"),
        "baru_pengaduan": reverse("reports:baru"),
        "baru_potensi": reverse("assets:potensi_ajukan"),
        "masuk": request.user.is_authenticated,
        "teks": _teks(),
    }
    judul = (
        f"{_('Desa')} {desa.nama}"
        if desa
        else (f"{_('Kecamatan')} {kecamatan.nama_tampil}" if kecamatan else _("Semua wilayah"))
    )
    kode_kecamatan = kecamatan.kode if kecamatan else (desa.kecamatan.kode if desa else "")
    context = {
        "konfigurasi": konfigurasi,
        "judul": judul,
        "desa": desa,
        "kecamatan": kecamatan,
        # The live panel polls less often than the terkini page: it sits folded beside the map.
        "terkini": {**terkini.konfigurasi(kode_kecamatan, ""), "jeda": terkini.JEDA_MS * 4},
        "tagar_list": terkini.tagar_list(),
        "kecamatan_terkini": kode_kecamatan,
    }
    return render(request, "maps/portal.html", context)


@require_GET
def cari(request):
    """Search places (desa, dusun), features the user may see, and complaints (tracking code or title)."""
    q = (request.GET.get("q") or "").strip()[:80]
    if len(q) < 2:
        return JsonResponse({"galat": _("Ketik paling sedikit 2 huruf.")}, status=400)
    hasil: list[dict[str, object]] = []

    def tambah(jenis: str, label: str, titik, url: str | None) -> None:
        if titik is not None:
            hasil.append(
                {"jenis": jenis, "label": label, "lon": round(titik.x, 6), "lat": round(titik.y, 6), "url": url}
            )

    for d in Desa.objects.filter(nama__icontains=q).select_related("kecamatan")[:8]:
        tambah(_("Desa"), f"{d.nama}, Kec. {d.kecamatan.nama_tampil}", d.batas.point_on_surface, d.get_absolute_url())
    for u in Dusun.objects.filter(nama__icontains=q).select_related("desa")[:5]:
        tambah(_("Dusun"), f"Dusun {u.nama}, {u.desa.nama}", u.batas.point_on_surface if u.batas else None, None)
    for model, jenis in ((AsetDesa, _("Aset")), (PotensiDesa, _("Potensi")), (ProyekPembangunan, _("Proyek"))):
        qs = scope.filter_queryset(request.user, Action.VIEW, model.objects.filter(nama__icontains=q))
        for obj in qs.select_related("desa")[:6]:
            titik = obj.geometri.point_on_surface if obj.geometri else None
            url = obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else None
            tambah(jenis, f"{obj.nama} ({obj.desa.nama})", titik, url)
    aduan = scope.filter_queryset(request.user, Action.VIEW, Pengaduan.objects.all()).filter(
        Q(kode_lacak__iexact=q) | Q(judul__icontains=q)
    )
    for p in aduan.select_related("desa")[:6]:
        tambah(_("Pengaduan"), f"{p.judul} ({p.kode_lacak})", p.lokasi, p.get_absolute_url())
    return JsonResponse({"hasil": hasil})


@require_GET
def manifest(request):
    data = {
        "name": "SIG Desa",
        "short_name": "SIG Desa",
        "description": _("Peta desa dan pengaduan warga"),
        "lang": "id",
        "start_url": reverse("maps:portal"),
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#166534",
        "icons": [
            {"src": static("maps/ikon.svg"), "sizes": "any", "type": "image/svg+xml", "purpose": "any"},
            *(
                {"src": static(f"sig/ikon/{nama}"), "sizes": f"{n}x{n}", "type": "image/png", "purpose": guna}
                for nama, n, guna in IKON_PNG
            ),
        ],
    }
    return JsonResponse(data, content_type="application/manifest+json")


# PNG icons drawn by scripts/ikon.py (phones that ignore SVG icons; Android's maskable launcher icon).
IKON_PNG = (
    ("ikon-192.png", 192, "any"),
    ("ikon-512.png", 512, "any"),
    ("ikon-maskable-512.png", 512, "maskable"),
)


@require_GET
def favicon(request):
    """/favicon.ico, asked for by browsers and feed readers that do not read the page's <link rel=icon>."""
    response = HttpResponseRedirect(static("sig/ikon/favicon.ico"))
    response["Cache-Control"] = "public, max-age=86400"
    return response


@require_GET
def service_worker(request):
    """Served from the root so it controls the whole site (the pin form must open offline)."""
    halaman = json.dumps([reverse("reports:baru"), reverse("maps:portal")])
    body = render_to_string("maps/sw.js", {"halaman": halaman})
    response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    response["Service-Worker-Allowed"] = "/"
    return response


@require_GET
def cetak(request, fmt: str):
    """A printable map (PDF or PNG) of the requested view; anonymous prints are limited per address and hour."""
    from django.conf import settings

    from layers.selectors import ParameterSalah
    from maps import cetak as layanan
    from sig.batas import lewat_batas
    from sig.klien import alamat_klien

    anonim = not request.user.is_authenticated
    if anonim and lewat_batas(f"cetak:{alamat_klien(request)}", settings.CETAK_BATAS_ANONIM_PER_JAM):
        pesan = _("Terlalu banyak permintaan cetak dari alamat ini; coba lagi dalam satu jam atau masuk dulu.")
        return HttpResponse(pesan.encode(), status=429, content_type="text/plain; charset=utf-8")
    try:
        permintaan = layanan.baca_permintaan(request.user, request.GET, fmt)
        hasil = layanan.cetak(request.user, permintaan)
    except ParameterSalah as exc:
        return HttpResponse(str(exc).encode(), status=400, content_type="text/plain; charset=utf-8")
    response = HttpResponse(hasil.data, content_type="application/pdf" if fmt == "pdf" else "image/png")
    nama = slugify(permintaan.judul)[:60] or "peta"
    cara = "attachment" if request.GET.get("unduh") else "inline"
    response["Content-Disposition"] = f'{cara}; filename="{nama}-{timezone.localdate():%Y%m%d}.{fmt}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Skala"] = f"1:{hasil.skala}"
    return response


@require_GET
def peta_lokal(request, z: int, x: int, y: int):
    """A tile of the local basemap (maps.peta_lokal): public data only, the same for everyone; the ETag names
    the data version, so a repeat answers 304 without drawing."""
    from layers import petak
    from maps import peta_lokal as lokal

    if problem := petak.cek_zxy(z, x, y):
        return HttpResponse(problem.encode(), status=400, content_type="text/plain; charset=utf-8")
    return petak.jawab(
        request,
        lambda: lokal.gambar_petak(z, x, y),
        jenis="image/png",
        key=lokal.kunci(z, x, y),
        simpan=24 * 3600,
        publik=True,
        umur=(3600, 3600),
        vary=False,
    )
