"""Citizen actions: pin a complaint (page form or the offline queue's JSON post), support, confirm, rate,
and subscribe to area alerts."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import BaseForm, Form
from django.http import HttpRequest, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from reports import selectors
from reports.forms import KonfirmasiForm, LanggananForm, NilaiForm, PengaduanForm
from reports.models import LanggananWilayah, Pengaduan
from reports.services.alur import pengaduan_konfirmasi, pengaduan_nilai
from reports.services.lapor import boleh_melapor, pengaduan_buat, pengaduan_dukung
from reports.views._util import kode_status, pesan
from sig.klien import alamat_klien
from sig.wilayah.selectors import cakupan_desa


def _ingin_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _teks_js() -> dict[str, str]:
    return {
        "terpilih": _("Lokasi:"),
        "gps_tidak": _("Ponsel ini tidak mendukung GPS."),
        "gps_cari": _("Mencari lokasi…"),
        "gps_gagal": _("Lokasi GPS tidak didapat; ketuk peta."),
        "pilih_lokasi": _("Tentukan lokasi di peta (ketuk peta atau gunakan GPS)."),
        "dukungan": _("dukungan"),
        "dukung": _("Dukung laporan ini"),
        "mengirim": _("Mengirim…"),
        "antre": _("Tidak ada sinyal: pengaduan disimpan di ponsel dan akan terkirim otomatis saat daring."),
        "terkirim": _("Pengaduan tersimpan terkirim:"),
        "gagal": _("Pengaduan tidak dapat dikirim."),
        "perlu_masuk": _(
            "Sesi Anda berakhir. Pengaduan tetap tersimpan di ponsel ini dan terkirim setelah Anda masuk."
        ),
        "masuk": _("Masuk sekarang"),
        "ditolak": _("Pengaduan tersimpan ditolak server"),
        "pulihkan": _("Kembalikan ke formulir"),
    }


def _konteks_form(request: HttpRequest, form: BaseForm) -> dict[str, Any]:
    return {
        "form": form,
        "peta": {"cakupan": cakupan_desa()},  # boundaries: the site's map configuration
        "teks_js": _teks_js(),
    }


def baru(request):
    """The pin form. Anonymous visitors are sent to sign in; the offline queue posts here with Accept: JSON."""
    if not request.user.is_authenticated:
        if request.method == "POST" and _ingin_json(request):
            return JsonResponse({"galat": _("Masuk dengan akun warga untuk mengirim pengaduan.")}, status=401)
        messages.info(request, _("Masuk atau daftar akun warga untuk mengirim pengaduan."))
        return redirect_to_login(request.get_full_path())
    if request.method != "POST":
        try:
            boleh_melapor(request.user)
        except PermissionDenied as exc:
            messages.error(request, str(exc))
        initial = {k: request.GET[k] for k in ("lon", "lat", "kategori") if request.GET.get(k)}
        return render(request, "reports/baru.html", _konteks_form(request, PengaduanForm(initial=initial)))
    form = PengaduanForm(request.POST, request.FILES)
    if form.is_valid():
        d = form.cleaned_data
        try:
            hasil = pengaduan_buat(
                kategori=d["kategori"],
                judul=d["judul"],
                deskripsi=d["deskripsi"],
                lon=d["lon"],
                lat=d["lat"],
                foto=d["foto"],
                anonim=d["anonim"],
                client_id=d["client_id"],
                by=request.user,
                ip=alamat_klien(request),
                sumber="pwa" if _ingin_json(request) else "web",
                bahasa=getattr(request, "LANGUAGE_CODE", None),
            )
        except (ValidationError, PermissionDenied) as exc:
            status = kode_status(exc)
            if _ingin_json(request):
                return JsonResponse({"galat": pesan(exc)}, status=status)
            if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
                for field, errors in exc.error_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, pesan(exc))
            return render(request, "reports/baru.html", _konteks_form(request, form), status=status)
        p = hasil.pengaduan
        if _ingin_json(request):
            body = {"kode": p.kode_lacak, "url": p.get_absolute_url(), "baru": hasil.baru, "pesan": hasil.notices}
            return JsonResponse(body, status=201 if hasil.baru else 200)
        for notice in hasil.notices:
            messages.success(request, notice)
        return redirect(p)
    if _ingin_json(request):
        errors = [str(e) for errs in form.errors.values() for e in errs]
        return JsonResponse({"galat": " ".join(errors)}, status=400)
    return render(request, "reports/baru.html", _konteks_form(request, form), status=400)


def _aksi(
    request: HttpRequest, p: Pengaduan, panggil: Callable[[Pengaduan], object], sukses: str
) -> HttpResponseRedirect:
    """Run a citizen action on complaint `p`; its refusal (ValidationError) becomes a message on the page."""
    try:
        panggil(p)
    except ValidationError as exc:  # a refusal of scope stays a 403 (PermissionDenied is not caught)
        messages.error(request, pesan(exc))
        response = redirect(p)
        response.status_code = 303
        return response
    messages.success(request, sukses)
    return redirect(p)


def _tanggapan_pelapor(
    request: HttpRequest,
    kode: str,
    form_class: type[Form],
    salah: str,
    panggil: Callable[[Pengaduan, dict[str, Any]], object],
    sukses: Callable[[dict[str, Any]], str],
) -> HttpResponseRedirect:
    """The reporter's answer about the resolution: only the reporter, a valid form, then the service call."""
    p = selectors.ambil(request.user, kode)
    if p.pelapor_id != request.user.pk:
        raise PermissionDenied("Hanya pelapor yang dapat menanggapi penyelesaian pengaduan ini.")
    form = form_class(request.POST)
    if not form.is_valid():
        messages.error(request, salah)
        return redirect(p)
    d = form.cleaned_data
    return _aksi(request, p, lambda p: panggil(p, d), sukses(d))


@login_required
@require_POST
def dukung(request, kode: str):
    return _aksi(
        request,
        selectors.ambil(request.user, kode),
        lambda p: pengaduan_dukung(pengaduan=p, by=request.user),
        _("Dukungan Anda tercatat. Terima kasih!"),
    )


@login_required
@require_POST
def konfirmasi(request, kode: str):
    return _tanggapan_pelapor(
        request,
        kode,
        KonfirmasiForm,
        _("Pilih 'sudah selesai' atau 'belum selesai'."),
        lambda p, d: pengaduan_konfirmasi(pengaduan=p, selesai=d["selesai"], teks=d["teks"], by=request.user),
        lambda d: _("Terima kasih atas konfirmasi Anda.") if d["selesai"] else _("Pengaduan dibuka kembali."),
    )


@login_required
@require_POST
def nilai(request, kode: str):
    return _tanggapan_pelapor(
        request,
        kode,
        NilaiForm,
        _("Nilai harus 1 sampai 5."),
        lambda p, d: pengaduan_nilai(pengaduan=p, nilai=d["nilai"], komentar=d["komentar"], by=request.user),
        lambda d: _("Penilaian tersimpan."),
    )


@login_required
def langganan(request):
    """Area alerts: e-mail on new public complaints in chosen desa (and category)."""
    form = LanggananForm(request.POST or None)
    if request.method == "POST":
        hapus = request.POST.get("hapus", "")
        if hapus.isdecimal():
            LanggananWilayah.objects.filter(pengguna=request.user, pk=int(hapus)).delete()
            messages.success(request, _("Langganan dihapus."))
            return redirect("reports:langganan")
        if form.is_valid():
            LanggananWilayah.objects.get_or_create(
                pengguna=request.user, desa=form.cleaned_data["desa"], kategori=form.cleaned_data["kategori"]
            )
            messages.success(request, _("Langganan tersimpan."))
            return redirect("reports:langganan")
    context = {"form": form, "langganan_list": request.user.langganan.select_related("desa", "kategori")}
    return render(request, "reports/langganan.html", context, status=400 if form.errors else 200)
