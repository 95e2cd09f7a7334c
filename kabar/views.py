"""Kabar and agenda: the operators' screens and the public pages, calendar files and the follow button."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from assets.services.foto import foto_dari, foto_tambah
from kabar import kalender, selectors, services
from kabar.forms import KECAMATAN_PREFIX, AgendaForm, KabarForm, LanggananForm
from kabar.models import Agenda, Kabar, Langganan
from sig.akun import scope
from sig.akun.scope import Action
from sig.tampilan import pasang_error, staf_saja
from sig.wilayah.models import Desa, Kecamatan

if TYPE_CHECKING:
    from sig.akun.models import User

JENIS = {"kabar": (Kabar, KabarForm), "agenda": (Agenda, AgendaForm)}


def _jenis(jenis: str) -> tuple[Any, Any]:
    """The model and form of a kind named in the URL (404 for any other word, like any unknown page)."""
    if jenis not in JENIS:
        raise Http404("Jenis terbitan tidak dikenal.")
    return JENIS[jenis]


def _awal(obj: Any, jenis: str) -> dict[str, Any]:
    data = {
        "tempat_terbit": obj.desa.kode if obj.desa_id else f"{KECAMATAN_PREFIX}{obj.kecamatan.kode}",
        "judul": obj.judul,
        "ringkasan": obj.ringkasan,
        "isi": obj.isi,
        "jenis": obj.jenis,
        "terbit": obj.status == "terbit",
        "terbit_pada": obj.terbit_pada,
    }
    if jenis == "agenda":
        data |= {
            "mulai": obj.mulai,
            "selesai": obj.selesai,
            "tempat": obj.tempat,
            "lokasi": obj.lokasi.json if obj.lokasi else "",
        }
    return data


def _simpan(form: Any, jenis: str, obj: Any, user: User) -> Any:
    data = form.cleaned_data
    common = {
        "by": user,
        "judul": data["judul"],
        "isi": data["isi"],
        "jenis": data["jenis"],
        "ringkasan": data["ringkasan"],
        "terbit": data["terbit"],
        "terbit_pada": data["terbit_pada"],
        **form.wilayah_terbit(),
    }
    saved: Any
    with transaction.atomic():
        if jenis == "kabar":
            saved = services.kabar_simpan(kabar=obj, **common)
        else:
            saved = services.agenda_simpan(
                agenda=obj,
                mulai=data["mulai"],
                selesai=data["selesai"],
                tempat=data["tempat"],
                lokasi=data["lokasi"],
                **common,
            )
        if data.get("foto"):
            foto_tambah(objek=saved, berkas=data["foto"], by=user, keterangan=saved.judul[:200])
    return saved


@staf_saja
@require_GET
def kelola_daftar(request):
    """The operator's kabar and agenda, drafts first."""
    return render(
        request,
        "kabar/kelola_daftar.html",
        {
            "kabar_list": selectors.kelola(request.user, Kabar)[:100],
            "agenda_list": selectors.kelola(request.user, Agenda)[:100],
            "boleh_tambah": bool(KabarForm(user=request.user).fields["tempat_terbit"].choices),
        },
    )


@staf_saja
@require_http_methods(["GET", "POST"])
def kelola_form(request, jenis: str, pk: int | None = None):
    """Write or change a kabar/agenda: draft, publish now or at a set time; every save is kept in history."""
    model, form_class = _jenis(jenis)
    obj = None
    if pk is not None:
        obj = get_object_or_404(model._default_manager.select_related("desa", "kecamatan"), pk=pk)
        if not scope.can(request.user, Action.CHANGE, obj):
            raise PermissionDenied(services.PESAN_BUKAN_WILAYAHNYA)
    form = form_class(
        request.POST or None, request.FILES or None, user=request.user, initial=_awal(obj, jenis) if obj else None
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = _simpan(form, jenis, obj, request.user)
        except ValidationError as exc:
            pasang_error(form, exc)
        else:
            if saved.terjadwal:
                messages.success(
                    request,
                    _("Tersimpan; terbit otomatis %(waktu)s.")
                    % {"waktu": saved.terbit_pada.strftime("%d-%m-%Y %H:%M")},
                )
            elif saved.is_public:
                messages.success(request, _("Terbit: sudah tampil di halaman desa."))
            else:
                messages.success(request, _("Tersimpan sebagai draf; belum tampil untuk publik."))
            return redirect("kabar:kelola")
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "obj": obj, "jenis": jenis, "foto": foto_dari(obj) if obj else []}
    return render(request, "kabar/kelola_form.html", context, status=status)


@staf_saja
@require_http_methods(["POST"])
def kelola_hapus(request, jenis: str, pk: int):
    obj = get_object_or_404(_jenis(jenis)[0], pk=pk)
    services.terbitan_hapus(by=request.user, obj=obj)
    messages.success(request, _("Terhapus; riwayatnya tetap tersimpan."))
    return redirect("kabar:kelola")


@staf_saja
@require_GET
def kelola_riwayat(request, jenis: str, pk: int):
    """Every saved version: who, when, what it said."""
    obj = get_object_or_404(_jenis(jenis)[0], pk=pk)
    if not scope.can(request.user, Action.CHANGE, obj):
        raise PermissionDenied(services.PESAN_BUKAN_WILAYAHNYA)
    versi = obj.history.select_related("history_user").order_by("-history_date")[:50]
    return render(request, "kabar/kelola_riwayat.html", {"obj": obj, "versi": versi, "jenis": jenis})


@require_GET
def kabar_detail(request, pk: int, slug: str = ""):
    obj = selectors.lihat_atau_404(request.user, Kabar, pk)
    return render(request, "kabar/detail.html", {"obj": obj, "jenis": "kabar", "foto": foto_dari(obj)})


@require_GET
def agenda_detail(request, pk: int, slug: str = ""):
    obj = selectors.lihat_atau_404(request.user, Agenda, pk)
    peta = None
    if obj.lokasi is not None:
        peta = {
            "type": "FeatureCollection",
            "features": [
                {
                    "type": "Feature",
                    "geometry": {"type": "Point", "coordinates": [obj.lokasi.x, obj.lokasi.y]},
                    "properties": {"nama": obj.tempat or obj.judul},
                }
            ],
        }
    return render(request, "kabar/detail.html", {"obj": obj, "jenis": "agenda", "foto": foto_dari(obj), "peta": peta})


def _ics(body: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "public, max-age=300"
    return response


@require_GET
def agenda_ics(request, pk: int):
    obj = selectors.lihat_atau_404(AnonymousUser(), Agenda, pk)  # calendars are for public events only
    return _ics(kalender.ical([obj], obj.pemilik), f"agenda-{obj.pk}.ics")


@require_GET
def desa_ics(request, kode: str):
    desa = get_object_or_404(Desa, kode=kode)
    agenda = selectors.agenda_publik(desa=desa).order_by("-mulai")[:200]
    return _ics(kalender.ical(agenda, f"Agenda {desa.get_jenis_display()} {desa.nama}"), f"agenda-{desa.kode}.ics")


@require_GET
def daftar(request, kode: str, tingkat: str):
    """All kabar of a desa, or of a kecamatan and its desa, a page at a time."""
    if tingkat == "desa":
        wilayah: Any = get_object_or_404(Desa.objects.select_related("kecamatan"), kode=kode)
        qs = selectors.kabar_publik(desa=wilayah)
    else:
        wilayah = get_object_or_404(Kecamatan, kode=kode)
        qs = selectors.kabar_publik(kecamatan=wilayah, dengan_desa=True)
    halaman = Paginator(qs, 20).get_page(request.GET.get("hal"))
    return render(request, "kabar/daftar.html", {"wilayah": wilayah, "tingkat": tingkat, "halaman": halaman})


@login_required
@require_http_methods(["GET", "POST"])
def ikuti(request, kode: str):
    """Follow a desa by e-mail digest (or change/stop following it)."""
    desa = get_object_or_404(Desa, kode=kode)
    row = Langganan.objects.filter(pengguna=request.user, desa=desa).first()
    initial = {f: getattr(row, f) for f in ("kabar", "agenda", "pengaduan", "frekuensi")} if row else None
    form = LanggananForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.langganan_atur(by=request.user, desa=desa, **form.cleaned_data)
        except ValidationError as exc:
            pasang_error(form, exc)
        else:
            if saved:
                messages.success(
                    request, _("Anda mengikuti %(desa)s; ringkasan dikirim lewat surel.") % {"desa": desa.nama}
                )
            else:
                messages.success(request, _("Anda berhenti mengikuti %(desa)s.") % {"desa": desa.nama})
            return redirect(desa)
    status = 400 if request.method == "POST" else 200
    return render(request, "kabar/ikuti.html", {"form": form, "desa": desa, "row": row}, status=status)
