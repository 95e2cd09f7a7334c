"""Project budget, progress and completion; potensi moderation and citizen submission."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponseRedirect, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assets.forms import AnggaranFormSet, ModerasiForm, PotensiWargaForm, ProgresForm, SelesaiForm
from assets.jenis import JENIS
from assets.services.potensi import potensi_ajukan, potensi_moderasi
from assets.services.proyek import anggaran_atur, progres_tambah, proyek_selesaikan
from assets.views.kelola import _objek
from sig.akun.scope import Action
from sig.tampilan import pasang_error, staf_saja, umumkan


def _kembali(slug: str, pk: int) -> HttpResponseRedirect:
    return redirect(reverse("assets:kelola_ubah", args=[slug, pk]))


def _galat_form(request: HttpRequest, form: BaseForm) -> None:
    messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))


def _gagal(request: HttpRequest, exc: Exception) -> None:
    text = " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
    messages.error(request, text)


def _jalankan(
    request: HttpRequest, slug: str, pk: int, panggil: Callable[[], Any], sukses: str | None = None
) -> HttpResponseRedirect:
    """Run a service call; its refusal becomes an error message, its notices (or `sukses`) an info message."""
    try:
        hasil = panggil()
    except ValidationError as exc:  # refusals of scope stay 403 (PermissionDenied is not caught)
        _gagal(request, exc)
    else:
        if sukses:
            messages.success(request, sukses)
        else:
            umumkan(request, hasil.notices)
    return _kembali(slug, pk)


@staf_saja
@require_POST
def proyek_anggaran(request, pk: int):
    proyek = _objek(request, JENIS["proyek"], pk, Action.CHANGE)
    formset = AnggaranFormSet(request.POST, prefix="anggaran")
    if not formset.is_valid():
        errors = [str(e) for form in formset for errs in form.errors.values() for e in errs]
        messages.error(
            request,
            _("Anggaran tidak tersimpan: %(e)s") % {"e": " ".join([*errors, *map(str, formset.non_form_errors())])},
        )
        return _kembali("proyek", pk)
    lines = [
        {"sumber_dana": f["sumber_dana"], "anggaran": f["anggaran"], "realisasi": f.get("realisasi") or Decimal(0)}
        for f in formset.cleaned_data
        if f
    ]
    return _jalankan(
        request,
        "proyek",
        pk,
        lambda: anggaran_atur(proyek=proyek, baris=lines, by=request.user),
        _("Anggaran tersimpan."),
    )


@staf_saja
@require_POST
def proyek_progres(request, pk: int):
    proyek = _objek(request, JENIS["proyek"], pk, Action.CHANGE)
    form = ProgresForm(request.POST)
    if not form.is_valid():
        _galat_form(request, form)
        return _kembali("proyek", pk)
    return _jalankan(
        request,
        "proyek",
        pk,
        lambda: progres_tambah(proyek=proyek, by=request.user, **form.cleaned_data),
        _("Progres dicatat."),
    )


@staf_saja
@require_POST
def proyek_selesai(request, pk: int):
    proyek = _objek(request, JENIS["proyek"], pk, Action.CHANGE)
    form = SelesaiForm(request.POST)
    if not form.is_valid():
        _galat_form(request, form)
        return _kembali("proyek", pk)
    data = form.cleaned_data
    buat_aset = data["buat_aset"]
    return _jalankan(
        request,
        "proyek",
        pk,
        lambda: proyek_selesaikan(
            proyek=proyek,
            by=request.user,
            tanggal=data["tanggal"],
            aset_golongan=data["aset_golongan"] if buat_aset else None,
            aset_jenis=data["aset_jenis"] if buat_aset else None,
            aset_nama=data["aset_nama"] or None,
        ),
    )


@staf_saja
@require_POST
def potensi_moderasi_view(request, pk: int):
    potensi = _objek(request, JENIS["potensi"], pk, Action.MODERATE)
    form = ModerasiForm(request.POST)
    if not form.is_valid():
        _galat_form(request, form)
        return _kembali("potensi", pk)
    data = form.cleaned_data
    return _jalankan(
        request,
        "potensi",
        pk,
        lambda: potensi_moderasi(
            potensi=potensi,
            keputusan=data["keputusan"],
            alasan=data["alasan"],
            by=request.user,
            perubahan={k: data[k] for k in ("nama", "tagline", "deskripsi", "kontak")},
        ),
    )


def _lokasi_awal(params: QueryDict) -> dict[str, str]:
    """A point pinned on the portal map (?lon=&lat=) as the form's initial location."""
    import json
    import math

    try:
        lon, lat = float(params.get("lon", "")), float(params.get("lat", ""))
    except ValueError:
        return {}
    if not (math.isfinite(lon) and math.isfinite(lat) and -180 <= lon <= 180 and -90 <= lat <= 90):
        return {}
    return {"geometri": json.dumps({"type": "Point", "coordinates": [lon, lat]})}


@login_required
def potensi_ajukan_view(request):
    """A signed-in citizen pins a potensi on the map; it waits for the desa operator's verification."""
    from allauth.account.models import EmailAddress

    if not EmailAddress.objects.filter(user=request.user, verified=True).exists():
        messages.error(request, _("Verifikasi email Anda terlebih dahulu untuk mengajukan potensi."))
        return redirect("account_email")
    form = PotensiWargaForm(request.POST or None, initial=_lokasi_awal(request.GET))
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in ("jenis", "nama", "tagline", "deskripsi", "kontak", "geometri")}
        try:
            hasil = potensi_ajukan(data=data, by=request.user)
        except ValidationError as exc:
            pasang_error(form, exc)
        else:
            umumkan(request, hasil.notices)
            return redirect(hasil.obj.desa.get_absolute_url())
    return render(request, "assets/potensi_ajukan.html", {"form": form}, status=400 if form.errors else 200)
