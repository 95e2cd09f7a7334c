"""Public complaint pages: tracking, the timeline, photos through the scope, nearby similar complaints."""

from __future__ import annotations

import re

from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from reports import selectors
from reports.forms import KonfirmasiForm, NilaiForm
from reports.models import TERBUKA, TERTUTUP, FotoPengaduan, KategoriPengaduan, Pengaduan, StatusPengaduan
from reports.services.alur import batas_buka_ulang, boleh_tangani
from sig.penyimpanan import sajikan
from sig.wilayah.selectors import dengan_batas_desa

KODE = re.compile(r"^ADU-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$")


@require_GET
def detail(request, kode: str):
    p = selectors.ambil(request.user, kode)
    pelapor_ini = request.user.is_authenticated and p.pelapor_id == request.user.pk
    context = {
        "p": p,
        "nama_pelapor": selectors.nama_pelapor(request.user, p),
        "lini_masa": selectors.lini_masa(request.user, p),
        "foto_list": p.foto.all(),
        "pelapor_ini": pelapor_ini,
        "petugas_ini": boleh_tangani(request.user, p),
        "batas_buka_ulang": batas_buka_ulang(p),
        "tertutup": p.status in TERTUTUP,
        "terbuka": p.status in TERBUKA,
        "form_konfirmasi": KonfirmasiForm(),
        "form_nilai": NilaiForm(),
        "sudah_dukung": request.user.is_authenticated and p.pendukung.filter(pengguna=request.user).exists(),
        "peta": dengan_batas_desa(selectors.titik_geojson([p]), p.desa_id),
    }
    return render(request, "reports/detail.html", context)


@require_GET
def lacak(request):
    """Look a complaint up by its tracking code (printed on the receipt and in e-mails)."""
    kode = (request.GET.get("kode") or "").strip().upper()
    if not kode:
        return render(request, "reports/lacak.html", {})
    if not KODE.match(kode):
        return render(
            request,
            "reports/lacak.html",
            {"kode": kode, "galat": _("Kode lacak berbentuk ADU-XXXX-XXXX (huruf dan angka).")},
            status=400,
        )
    if not selectors.terlihat(request.user).filter(kode_lacak=kode).exists():
        return render(
            request,
            "reports/lacak.html",
            {"kode": kode, "galat": _("Pengaduan dengan kode itu tidak ditemukan.")},
            status=404,
        )
    return redirect("reports:detail", kode=kode)


@require_GET
def daftar(request):
    """Recent public complaints, filterable by desa, category and status."""
    qs = selectors.terlihat(request.user).filter(Pengaduan.scope_public_q()).select_related("desa", "kategori")
    status = request.GET.get("status", "")
    if status in StatusPengaduan.values:
        qs = qs.filter(status=status)
    if request.GET.get("kategori"):
        qs = qs.filter(kategori_id=request.GET["kategori"][:30])
    if request.GET.get("desa"):
        qs = qs.filter(desa__kode=request.GET["desa"][:13])
    context = {
        "pengaduan_list": qs[:100],
        "kategori_list": KategoriPengaduan.objects.filter(aktif=True),
        "status_list": StatusPengaduan.choices,
        "pilihan": request.GET,
    }
    return render(request, "reports/daftar.html", context)


@require_GET
def foto(request, kode: str, pk: int, ukuran: str):
    """A complaint photo, only for those who may see the complaint (hidden ones: 404)."""
    p = selectors.ambil(request.user, kode)
    row = FotoPengaduan.objects.filter(pengaduan=p, pk=pk).first()
    if row is None or ukuran not in {"asli", "kecil"}:
        raise Http404("Foto tidak ditemukan.")
    return sajikan(row.berkas if ukuran == "asli" else row.thumbnail, publik=p.is_public)


@require_GET
def serupa(request):
    """Open complaints of the same category within 250 m (JSON for the pin form)."""
    try:
        lon, lat = float(request.GET["lon"]), float(request.GET["lat"])
    except (KeyError, ValueError):
        return JsonResponse({"galat": _("Parameter lon dan lat wajib berupa angka.")}, status=400)
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        return JsonResponse({"galat": _("Koordinat di luar rentang.")}, status=400)
    kategori = (request.GET.get("kategori") or "")[:30]
    hasil = selectors.serupa(lon=lon, lat=lat, kategori=kategori)
    return JsonResponse(
        {
            "radius_m": selectors.RADIUS_SERUPA_M,
            "pengaduan": [
                {
                    "kode": p.kode_lacak,
                    "judul": p.judul,
                    "status": p.get_status_display(),
                    "dukungan": p.dukungan,
                    "jarak_m": round(p.jarak.m),
                    "url": p.get_absolute_url(),
                }
                for p in hasil
            ],
        }
    )
