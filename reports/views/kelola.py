"""The operator inbox (per desa, with a kecamatan overview) and the handling screen of one complaint."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet
from django.forms import Form
from django.http import Http404, HttpRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from reports import selectors
from reports.forms import (
    BalasForm,
    BlokirForm,
    CatatPetugasForm,
    GabungForm,
    StatusForm,
    SuntingForm,
    TeruskanForm,
    TugaskanForm,
)
from reports.models import SUMBER_PETUGAS, TERBUKA, KategoriPengaduan, Pengaduan, StatusPengaduan
from reports.services.alur import (
    TRANSISI_STAF,
    boleh_tangani,
    instansi_untuk,
    pelapor_blokir,
    pengaduan_balas,
    pengaduan_gabung,
    pengaduan_sunting,
    pengaduan_teruskan,
    pengaduan_tugaskan,
    pengaduan_ubah_status,
)
from reports.services.lapor import AtasNama, pengaduan_buat
from reports.services.privasi import data_pribadi, samarkan
from reports.services.templat import isi_templat, templat_terapkan, templat_untuk
from reports.views._util import kode_status, pesan
from sig.akun import scope
from sig.akun.models import Peran, User
from sig.akun.scope import Action
from sig.tampilan import staf_saja
from sig.wilayah.models import Desa
from sig.wilayah.selectors import cakupan_desa, dengan_batas_desa


@staf_saja
def kotak_masuk(request):
    qs = selectors.kotak_masuk(request.user, request.GET)
    halaman = Paginator(qs, 50).get_page(request.GET.get("hal"))
    reach = scope.filter_queryset(request.user, Action.MODERATE, Desa.objects.all())
    per_desa = reach.annotate(
        jumlah_terbuka=Count("pengaduan", filter=Q(pengaduan__status__in=TERBUKA)),
        jumlah_baru=Count("pengaduan", filter=Q(pengaduan__status=StatusPengaduan.BARU)),
        jumlah_tinjau=Count("pengaduan", filter=Q(pengaduan__perlu_sunting=True)),
    ).order_by("nama")
    peta = selectors.titik_geojson(halaman.object_list, url=lambda p: reverse("reports:tangani", args=[p.kode_lacak]))
    context = {
        "halaman": halaman,
        "per_desa": per_desa if per_desa.count() > 1 else None,
        "desa_list": reach.order_by("nama"),
        "kategori_list": KategoriPengaduan.objects.all(),
        "status_list": StatusPengaduan.choices,
        "pilihan": request.GET,
        "peta": peta,
        "boleh_catat": request.user.peran != Peran.PERENCANA,
    }
    return render(request, "reports/kotak_masuk.html", context)


@staf_saja
def catat(request):
    """A complaint brought to the office or phoned in, recorded by staff for the desa they handle (the service
    checks the desa of the location); the caller needs no account, name and phone are optional."""
    if request.user.peran == Peran.PERENCANA:
        raise PermissionDenied("Perencana tidak menangani pengaduan.")
    form = CatatPetugasForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            d = form.cleaned_data
            asal = AtasNama(sumber=SUMBER_PETUGAS, nama=d["pelapor_nama"], telepon=d["pelapor_telepon"])
            try:
                hasil = pengaduan_buat(
                    kategori=d["kategori"],
                    judul=d["judul"],
                    deskripsi=d["deskripsi"],
                    lon=d["lon"],
                    lat=d["lat"],
                    foto=d["foto"],
                    by=request.user,
                    atas_nama=asal,
                    bahasa=getattr(request, "LANGUAGE_CODE", None),
                )
            except (ValidationError, PermissionDenied) as exc:
                status = kode_status(exc)
                if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
                    for field, errors in exc.error_dict.items():
                        form.add_error(field if field in form.fields else None, errors)
                else:
                    form.add_error(None, pesan(exc))
            else:
                for notice in hasil.notices:
                    messages.success(request, notice)
                return redirect("reports:tangani", kode=hasil.pengaduan.kode_lacak)
    context = {
        "form": form,
        "peta": {"cakupan": cakupan_desa()},  # boundaries: the site's map configuration
        "teks_js": {"terpilih": _("Lokasi:")},
    }
    return render(request, "reports/catat.html", context, status=status)


def _petugas_qs(p: Pengaduan) -> QuerySet[User]:
    return (
        User.objects.filter(is_active=True)
        .filter(
            Q(peran=Peran.OPERATOR, desa_kerja=p.desa_id)
            | Q(peran=Peran.ADMIN_KECAMATAN, kecamatan_kerja=p.desa.kecamatan_id)
        )
        .distinct()
    )


def _ambil_untuk_tangani(request: HttpRequest, kode: str) -> Pengaduan:
    p = selectors.ambil(request.user, kode)
    if not boleh_tangani(request.user, p):
        raise PermissionDenied("Anda tidak berwenang menangani pengaduan di desa ini.")
    return p


def _balas_awal(request: HttpRequest, p: Pengaduan) -> BalasForm:
    """The reply form, prefilled from `?templat=` (the no-script way to start from a template)."""
    if "templat" not in request.GET:
        return BalasForm()
    return BalasForm(
        initial={"teks": templat_terapkan(templat_id=request.GET["templat"], pengaduan=p, by=request.user)}
    )


@staf_saja
def tangani(request, kode: str, forms: dict | None = None, status: int = 200):
    p = _ambil_untuk_tangani(request, kode)
    forms = forms or {}
    try:
        form_balas = forms.get("balas") or _balas_awal(request, p)
    except ValidationError as exc:
        messages.error(request, pesan(exc))
        form_balas, status = BalasForm(), 400
    templat = [{"id": t.pk, "judul": t.judul, "teks": isi_templat(t.teks, p)} for t in templat_untuk(p)]
    instansi_qs = instansi_untuk(p)
    context = {
        "p": p,
        "nama_pelapor": selectors.nama_pelapor(request.user, p),
        "kontak": p.pelapor,
        "lini_masa": selectors.lini_masa(request.user, p),
        "foto_list": p.foto.all(),
        "pribadi": data_pribadi(p.judul, p.deskripsi),
        "form_status": forms.get("status") or StatusForm(initial={"versi": p.versi}),
        "status_tujuan": [(s, StatusPengaduan(s).label) for s in sorted(TRANSISI_STAF.get(p.status, set()))],
        "form_balas": form_balas,
        "templat_list": templat,
        "templat_pilihan": request.GET.get("templat", ""),
        "form_teruskan": forms.get("teruskan") or TeruskanForm(initial={"versi": p.versi}, instansi_qs=instansi_qs),
        "boleh_teruskan": p.status in TERBUKA,
        "form_blokir": forms.get("blokir") or BlokirForm(),
        "ada_alamat": bool(p.ip_hash),
        "form_tugaskan": forms.get("tugaskan")
        or TugaskanForm(initial={"versi": p.versi, "petugas": p.petugas_id}, petugas_qs=_petugas_qs(p)),
        "form_gabung": forms.get("gabung") or GabungForm(initial={"versi": p.versi}),
        "form_sunting": forms.get("sunting")
        or SuntingForm(
            initial={
                "versi": p.versi,
                "judul": samarkan(p.judul),
                "deskripsi": samarkan(p.deskripsi),
                "tersembunyi": p.tersembunyi,
            }
        ),
        "serupa": selectors.serupa(lon=p.lokasi.x, lat=p.lokasi.y, kategori=p.kategori_id, kecuali=p.pk),
        "peta": dengan_batas_desa(selectors.titik_geojson([p]), p.desa_id),
    }
    return render(request, "reports/tangani.html", context, status=status)


@staf_saja
@require_POST
def aksi(request, kode: str, nama: str):
    """One handling action (status, teruskan, balas, tugaskan, gabung, sunting, blokir); refusals re-render
    with 4xx."""
    p = _ambil_untuk_tangani(request, kode)
    user = request.user
    form: Form
    call: Callable[[dict[str, Any]], object]
    if nama == "status":
        form = StatusForm(request.POST)
        call = lambda d: pengaduan_ubah_status(  # noqa: E731
            pengaduan=p, ke=d["ke"], teks=d["teks"], publik=d["publik"], versi=d["versi"], by=user
        )
        sukses = _("Status diperbarui.")
    elif nama == "teruskan":
        form = TeruskanForm(request.POST, instansi_qs=instansi_untuk(p))
        call = lambda d: pengaduan_teruskan(  # noqa: E731
            pengaduan=p, instansi_id=d["instansi"], teks=d["teks"], versi=d["versi"], by=user
        )
        sukses = _("Pengaduan diteruskan ke instansi tujuan.")
    elif nama == "balas":
        form = BalasForm(request.POST)
        call = lambda d: pengaduan_balas(pengaduan=p, teks=d["teks"], publik=d["publik"], by=user)  # noqa: E731
        sukses = _("Balasan tersimpan.")
    elif nama == "tugaskan":
        form = TugaskanForm(request.POST, petugas_qs=_petugas_qs(p))
        call = lambda d: pengaduan_tugaskan(pengaduan=p, petugas=d["petugas"], versi=d["versi"], by=user)  # noqa: E731
        sukses = _("Petugas ditetapkan.")
    elif nama == "gabung":
        form = GabungForm(request.POST)

        def gabung(d: dict[str, Any]) -> Pengaduan:
            induk = Pengaduan.objects.filter(kode_lacak=d["induk"].strip().upper()).first()
            if induk is None or not boleh_tangani(user, induk):
                raise ValidationError({"induk": "Pengaduan utama tidak ditemukan di wilayah Anda."})
            return pengaduan_gabung(pengaduan=p, induk=induk, versi=d["versi"], by=user)

        call = gabung

        sukses = _("Pengaduan digabungkan sebagai duplikat.")
    elif nama == "sunting":
        form = SuntingForm(request.POST)
        call = lambda d: pengaduan_sunting(  # noqa: E731
            pengaduan=p,
            judul=d["judul"],
            deskripsi=d["deskripsi"],
            tersembunyi=d["tersembunyi"],
            versi=d["versi"],
            by=user,
        )
        sukses = _("Teks publik diperbarui.")
    elif nama == "blokir":
        form = BlokirForm(request.POST)
        call = lambda d: pelapor_blokir(pengaduan=p, sasaran=d["sasaran"], jam=d["jam"], by=user)  # noqa: E731
        sukses = _("Pelapor diblokir dan pengaduan disembunyikan.")
    else:
        raise Http404("Tindakan tidak dikenal.")
    if not form.is_valid():
        return tangani(request, kode, forms={nama: form}, status=400)
    try:
        call(form.cleaned_data)
    except (ValidationError, PermissionDenied) as exc:
        if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
            for field, errors in exc.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, pesan(exc))
        messages.error(request, pesan(exc))
        return tangani(request, kode, forms={nama: form}, status=kode_status(exc))
    messages.success(request, sukses)
    return redirect("reports:tangani", kode=kode)
