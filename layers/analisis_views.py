"""/analisis/<alat>.geojson: the planner analyses as GeoJSON (shown as a temporary layer, downloadable)."""

from __future__ import annotations

import re
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseBadRequest
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from layers import analisis
from layers.selectors import KODE_WILAYAH, ParameterSalah, angka, tanggal
from layers.sumber import SUMBER, lapisan_atau_404

KODE_KEC = KODE_WILAYAH["kecamatan"]


def _lapisan(request: Any, name: str) -> Any:
    slug = request.GET.get(name, "")
    if not slug:
        raise ParameterSalah(f"Parameter {name} (slug lapisan) wajib diisi.")
    lapisan = lapisan_atau_404(request.user, slug[:80])
    if lapisan.jenis not in SUMBER:
        raise ParameterSalah(f"Lapisan {slug} tidak dapat dianalisis.")
    return lapisan


def _angka(request: Any, name: str, default: float) -> float:
    text = request.GET.get(name)
    return default if text in (None, "") else angka(text, name)


def _pilihan(request: Any, name: str, pattern: re.Pattern[str], contoh: str) -> str | None:
    value = request.GET.get(name) or None
    if value is not None and not pattern.match(value):
        raise ParameterSalah(f"{name} tidak sah (contoh: {contoh}).")
    return value


def _kategori(request: Any, lapisan: Any) -> str | None:
    """The category asked for, by value or by label; one the layer does not have is refused with the choices
    (a silent "no match" would make a coverage gap cover the whole kecamatan)."""
    from django.utils.translation import gettext as _

    from layers.selectors import kategori_tersedia

    diminta = (request.GET.get("kategori") or "").strip()[:60]
    if not diminta:
        return None
    ada = kategori_tersedia(request.user, lapisan)
    for nilai, nama in ada.items():
        if diminta.casefold() in (nilai.casefold(), str(nama).casefold()):
            return nilai
    pilihan = ", ".join(sorted({str(n) for n in ada.values()})[:25]) or _("lapisan ini tidak berisi fitur")
    raise ParameterSalah(
        _("Kategori '%(k)s' tidak ada pada lapisan %(lapisan)s. Pilih salah satu: %(pilihan)s.")
        % {"k": diminta, "lapisan": lapisan.judul, "pilihan": pilihan}
    )


def _raster(request: Any, name: str = "raster") -> Any:
    """A registered raster, only through a raster layer the user may see."""
    from layers.models import Lapisan
    from layers.sumber import boleh_lihat_lapisan
    from survei.models import LapisanRaster

    value = request.GET.get(name) or request.POST.get(name) or ""
    if not value.isdecimal():
        raise ParameterSalah(f"Parameter {name} (id raster) wajib berupa angka.")
    raster = LapisanRaster.objects.filter(pk=int(value)).first()
    visible = raster is not None and any(
        boleh_lihat_lapisan(request.user, lap) for lap in Lapisan.objects.filter(raster=raster)
    )
    if not visible:
        from django.http import Http404

        raise Http404("Raster tidak ditemukan.")
    return raster


def _zonal(request: Any) -> str:
    import json

    from layers.raster_analisis import statistik_zonal, zona_dari_lapisan

    raster = _raster(request)
    zona = zona_dari_lapisan(request.user, _lapisan(request, "lapisan"))
    stats = statistik_zonal(raster, zona).set_index("fitur_id")
    features = []
    for row in zona.itertuples():
        values = stats.loc[row.fitur_id].to_dict() if row.fitur_id in stats.index else {}
        props = {"id": row.fitur_id, "kategori": row.kategori}
        props.update({k: (None if v != v else round(float(v), 4)) for k, v in values.items()})
        features.append(
            {"type": "Feature", "id": row.fitur_id, "geometry": json.loads(gpd_json(row.geometry)), "properties": props}
        )
    return json.dumps({"type": "FeatureCollection", "numberReturned": len(features), "features": features})


def gpd_json(geometry: Any) -> str:
    import shapely

    return shapely.to_geojson(geometry)


# The tools with a category: the layer is read once, for the analysis and for checking the category.
def _terdekat(r: Any) -> str:
    lapisan, ke = _lapisan(r, "lapisan"), _lapisan(r, "ke")
    return analisis.terdekat(r.user, lapisan, ke, kategori=_kategori(r, ke))


def _titik_panas(r: Any) -> str:
    lapisan = _lapisan(r, "lapisan")
    return analisis.titik_panas(
        r.user,
        lapisan,
        sel_m=_angka(r, "sel", 500),
        kategori=_kategori(r, lapisan),
        mulai=tanggal(r.GET, "mulai"),
        sampai=tanggal(r.GET, "sampai"),
    )


def _celah(r: Any) -> str:
    lapisan = _lapisan(r, "lapisan")
    return analisis.celah_layanan(
        r.user,
        lapisan,
        jarak_m=_angka(r, "jarak", 1000),
        kategori=_kategori(r, lapisan),
        kecamatan=_pilihan(r, "kecamatan", KODE_KEC, "32.05.07") or _wajib("kecamatan"),
    )


ALAT = {
    "zonal": _zonal,
    "agregasi": lambda r: analisis.agregasi(
        r.user,
        _lapisan(r, "lapisan"),
        per=r.GET.get("per", "desa"),
        kecamatan=_pilihan(r, "kecamatan", KODE_KEC, "32.05.07"),
    ),
    "dalam-jarak": lambda r: analisis.dalam_jarak(
        r.user, _lapisan(r, "lapisan"), _lapisan(r, "dekat"), jarak_m=_angka(r, "jarak", 500)
    ),
    "terdekat": _terdekat,
    "tumpang-susun": lambda r: analisis.tumpang_susun(r.user, _lapisan(r, "lapisan"), _lapisan(r, "dengan")),
    "titik-panas": _titik_panas,
    "celah": _celah,
}


# What people call each tool (the screen, the saved list and the printed title).
NAMA_ALAT = {
    "zonal": gettext_lazy("Statistik zonal (raster)"),
    "agregasi": gettext_lazy("Luas dan jumlah per wilayah"),
    "dalam-jarak": gettext_lazy("Fitur dalam jarak tertentu"),
    "terdekat": gettext_lazy("Fasilitas terdekat"),
    "tumpang-susun": gettext_lazy("Tumpang susun (irisan)"),
    "titik-panas": gettext_lazy("Titik panas pengaduan"),
    "celah": gettext_lazy("Celah layanan (wilayah tak terjangkau)"),
}


def nama_alat(alat: str) -> str:
    return str(NAMA_ALAT.get(alat, alat))


def _wajib(name: str) -> str:
    raise ParameterSalah(f"Parameter {name} wajib diisi.")


@login_required
@require_POST
def kesesuaian(request):
    """Run the farmland suitability model on the parcels the user may change; JSON summary per desa."""
    from django.http import JsonResponse

    from layers.raster_analisis import kesesuaian_lahan

    try:
        dem = _raster(request, "dem")
        lereng = _raster(request, "lereng") if request.POST.get("lereng") else None
        komoditas = (request.POST.get("komoditas") or "")[:30] or None
        hasil = kesesuaian_lahan(user=request.user, dem=dem, lereng=lereng, komoditas=komoditas)
    except ParameterSalah as exc:
        return JsonResponse({"galat": str(exc)}, status=400)
    return JsonResponse(hasil)


class BatasAnalisis(ParameterSalah):
    """Too many analyses from one citizen account this hour (429)."""


LAPISAN_MASUKAN = ("lapisan", "dekat", "ke", "dengan")


def _beban_warga(request: Any) -> None:
    """Citizens (not staff) run analyses within bounds: runs per hour, distance, and the size of each layer."""
    from django.conf import settings

    from layers.selectors import fitur_sql
    from sig.batas import lewat_batas
    from sig.replika import koneksi_baca

    user = request.user
    if getattr(user, "is_staff", False):
        return
    if lewat_batas(f"analisis:{user.pk}", settings.ANALISIS_BATAS_WARGA_PER_JAM):
        raise BatasAnalisis(
            f"Batas {settings.ANALISIS_BATAS_WARGA_PER_JAM} analisis per jam untuk akun warga tercapai; "
            "coba lagi nanti."
        )
    jarak = request.GET.get("jarak")
    if jarak not in (None, "") and angka(jarak, "jarak") > settings.ANALISIS_WARGA_MAKS_JARAK_M:
        batas = f"{settings.ANALISIS_WARGA_MAKS_JARAK_M:,}".replace(",", ".")
        raise ParameterSalah(f"Untuk akun warga, jarak paling jauh {batas} m.")
    for name in LAPISAN_MASUKAN:
        if not request.GET.get(name):
            continue
        sql, params = fitur_sql(user, _lapisan(request, name))
        with koneksi_baca().cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM ({sql}) f", params)  # noqa: S608 (constant SQL from layers)
            jumlah = cursor.fetchone()[0]
        if jumlah > settings.ANALISIS_WARGA_MAKS_FITUR:
            raise ParameterSalah(
                f"Lapisan {request.GET[name]} berisi {jumlah:,} fitur; akun warga dapat menganalisis paling banyak "
                f"{settings.ANALISIS_WARGA_MAKS_FITUR:,} fitur per lapisan.".replace(",", ".")
            )


def jalankan_alat(request: Any, alat: str) -> str:
    """One analysis for the web, saved-analysis links and printed maps alike (citizen bounds included)."""
    _beban_warga(request)
    return ALAT[alat](request)


@login_required
@require_GET
def jalankan(request, alat: str):
    """Run one analysis over layers the user may see (their rows filtered by the same scope as the maps)."""
    if alat not in ALAT:
        return HttpResponseBadRequest(f"Analisis tidak dikenal; pilih {', '.join(ALAT)}.".encode())
    try:
        body = jalankan_alat(request, alat)
    except BatasAnalisis as exc:
        return HttpResponse(str(exc).encode(), status=429, content_type="text/plain; charset=utf-8")
    except ParameterSalah as exc:
        return HttpResponseBadRequest(str(exc).encode(), content_type="text/plain; charset=utf-8")
    response = HttpResponse(body, content_type="application/geo+json")
    response["Cache-Control"] = "private, no-store"
    if request.GET.get("unduh"):
        response["Content-Disposition"] = f'attachment; filename="analisis-{alat}.geojson"'
    return response


PARAMETER = {
    "lapisan",
    "dekat",
    "ke",
    "dengan",
    "per",
    "kecamatan",
    "jarak",
    "sel",
    "mulai",
    "sampai",
    "kategori",
    "raster",
}


def _konfigurasi(request: Any, preset: dict[str, Any] | None = None) -> dict[str, Any]:
    from django.utils.translation import gettext as _

    from layers.selectors import daftar_lapisan, url_batas_desa
    from layers.sumber import SUMBER

    layers = [
        {
            "slug": lap["slug"],
            "judul": lap["judul"],
            "jenis": lap["jenis"],
            "kategori": lap["atribut"].get("nilai", {}).get(SUMBER[lap["jenis"]].kategori, {}),
        }
        for lap in daftar_lapisan(request.user)
        if lap["jenis"] != "raster"
    ]
    alat = [[a, nama_alat(a)] for a in ALAT]
    teks = {"hasil": _("%s hasil"), "terpotong": _("(tabel menampilkan 500 pertama; unduh untuk semuanya)")}
    return {
        "lapisan": layers,
        "alat": alat,
        "kolom": _kolom_hasil(),
        "teks": teks,
        "batas": url_batas_desa(request.user),
        "preset": preset or {},
        "url": "/analisis/",
    }


def _kolom_hasil() -> dict[str, str]:
    """Column headings of analysis results; ids stay in downloads but are not shown."""
    from django.utils.translation import gettext as _

    return {
        "kode": _("kode"),
        "nama": _("nama"),
        "kategori": _("kategori"),
        "jumlah": _("jumlah"),
        "luas_ha": _("luas (ha)"),
        "panjang_km": _("panjang (km)"),
        "jarak_m": _("jarak (m)"),
        "terdekat_nama": _("terdekat"),
        "terdekat_kategori": _("kategori terdekat"),
        "dengan_nama": _("beririsan dengan"),
        "dengan_kategori": _("kategori irisan"),
        "sel_m": _("ukuran sel (m)"),
        "luas_irisan_ha": _("luas irisan (ha)"),
    }


@login_required
@require_GET
def halaman(request):
    """The analysis screen: choose a tool and layers, see the result as a temporary layer, download or save it."""
    from django.shortcuts import render

    from layers.models import AnalisisTersimpan

    tersimpan = list(AnalisisTersimpan.objects.filter(dibuat_oleh=request.user)[:50])
    for a in tersimpan:
        a.nama_alat = nama_alat(a.alat)
    context = {"konfigurasi": _konfigurasi(request), "tersimpan": tersimpan}
    return render(request, "layers/analisis.html", context)


@login_required
@require_POST
def simpan(request):
    """Save tool + parameters under a name; the result page re-runs it for whoever opens it (their own scope)."""
    from django.contrib import messages
    from django.shortcuts import redirect

    from layers.models import AnalisisTersimpan

    alat = request.POST.get("alat", "")
    nama = (request.POST.get("nama") or "").strip()[:150]
    parameter = {k: request.POST[k][:200] for k in PARAMETER if request.POST.get(k)}
    if alat not in ALAT or not nama:
        return HttpResponseBadRequest(b"Pilih alat analisis dan beri nama.", content_type="text/plain; charset=utf-8")
    obj = AnalisisTersimpan.objects.create(nama=nama, alat=alat, parameter=parameter, dibuat_oleh=request.user)
    messages.success(request, "Analisis tersimpan; bagikan tautan halaman ini.")
    return redirect("layers:analisis_tersimpan", pk=obj.pk)


@login_required
@require_GET
def tersimpan(request, pk):
    from django.shortcuts import get_object_or_404, render

    from layers.models import AnalisisTersimpan

    obj = get_object_or_404(AnalisisTersimpan, pk=pk)
    context = {
        "obj": obj,
        "konfigurasi": _konfigurasi(request, {"alat": obj.alat, **obj.parameter}),
        "tersimpan": AnalisisTersimpan.objects.filter(dibuat_oleh=request.user)[:50],
    }
    return render(request, "layers/analisis.html", context)
