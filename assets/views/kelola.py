"""Operator screens for the four kinds: list with filters and map, create/edit on a map, delete, photos,
history with revert, bulk change. Every write goes through assets.services."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Field, Model, QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from simple_history.utils import get_history_manager_for_model

from assets import selectors
from assets.forms import (
    AnggaranFormSet,
    FiturForm,
    FotoForm,
    MassalForm,
    ModerasiForm,
    ProgresForm,
    SelesaiForm,
)
from assets.jenis import Jenis, jenis_atau_404
from assets.models import Foto, ProyekPembangunan
from assets.services import fitur as layanan
from assets.services.foto import foto_dari, foto_hapus, foto_tambah
from sig.akun import scope
from sig.akun.scope import Action
from sig.tampilan import pasang_error, pilih_ids, staf_saja, umumkan
from sig.wilayah.models import Desa
from sig.wilayah.selectors import batas_desa_geojson_ids


def _url(slug: str, name: str, *args: object) -> str:
    return reverse(f"assets:kelola_{name}", args=[slug, *args])


@staf_saja
@require_GET
def daftar(request, slug: str):
    jenis = jenis_atau_404(slug)
    qs = selectors.kelola_queryset(request.user, jenis.model)
    filtered = selectors.saring(qs, request.GET, kategori=jenis.kategori, teks=jenis.teks, user=request.user)
    page = Paginator(filtered.order_by("desa__kode", "-pk"), 50).get_page(request.GET.get("hal"))
    kategori = jenis.model._meta.get_field(jenis.kategori)
    context = {
        "jenis": jenis,
        "halaman": page,
        "jumlah": filtered.count(),
        "peta": _peta_dengan_batas(qs, filtered, jenis),
        "desa_list": Desa.objects.filter(pk__in=qs.values("desa")).order_by("nama"),
        "kategori_choices": kategori.choices if isinstance(kategori, Field) else None,
        "boleh_tambah": scope.can(request.user, Action.ADD, jenis.model),
        "massal": MassalForm() if slug == "aset" else None,
        "params": request.GET,
    }
    return render(request, "assets/kelola_daftar.html", context)


def _peta_dengan_batas(qs: QuerySet[Any], filtered: QuerySet[Any], jenis: Jenis) -> dict[str, Any]:
    """The filtered features over the boundaries of the desa the user manages."""
    peta = selectors.peta_geojson(filtered, kategori=jenis.kategori, url_prefix=f"/kelola/{jenis.slug}/")
    batas = batas_desa_geojson_ids(list(qs.values_list("desa_id", flat=True).distinct()[:500]))
    peta["features"] = [{**f, "properties": {**f["properties"], "url": None}} for f in batas["features"]] + peta[
        "features"
    ]
    return peta


def _form(jenis: Jenis, request: HttpRequest, instance: Model) -> FiturForm:
    return jenis.form(request.POST or None, instance=instance, user=request.user)


@staf_saja
def tambah(request, slug: str):
    jenis = jenis_atau_404(slug)
    if not scope.can(request.user, Action.ADD, jenis.model):
        raise PermissionDenied(_("Anda tidak dapat menambah data ini."))
    form = _form(jenis, request, jenis.model())
    if request.method == "POST" and form.is_valid():
        try:
            hasil = layanan.fitur_simpan(obj=jenis.model(), data=form.data_layanan(), by=request.user)
        except ValidationError as exc:
            pasang_error(form, exc)
        else:
            messages.success(request, _("Data tersimpan. Tambahkan foto bila ada."))
            umumkan(request, hasil.notices)
            return redirect(_url(slug, "ubah", hasil.obj.pk))
    status = 400 if request.method == "POST" else 200
    return render(request, "assets/kelola_form.html", {"jenis": jenis, "form": form}, status=status)


def _objek(request: HttpRequest, jenis: Jenis, pk: int, action: Action | None = None) -> Any:
    """The object if the user may see it (else 404); with `action`, 403 unless the user may also do that."""
    obj = selectors.kelola_queryset(request.user, jenis.model).filter(pk=pk).first()
    if obj is None:
        raise Http404
    if action is not None and not scope.can(request.user, action, obj):
        raise PermissionDenied(_("Anda tidak berwenang untuk tindakan ini pada data desa tersebut."))
    return obj


@staf_saja
def ubah(request, slug: str, pk: int):
    jenis = jenis_atau_404(slug)
    obj = _objek(request, jenis, pk)
    boleh_ubah = scope.can(request.user, Action.CHANGE, obj)
    if request.method == "POST" and not boleh_ubah:
        raise PermissionDenied(_("Anda hanya dapat membaca data ini."))
    form = _form(jenis, request, obj)
    if request.method == "POST" and form.is_valid():
        try:
            hasil = layanan.fitur_simpan(obj=obj, data=form.data_layanan(), by=request.user)
        except ValidationError as exc:
            pasang_error(form, exc)
        else:
            messages.success(request, _("Perubahan tersimpan."))
            umumkan(request, hasil.notices)
            return redirect(_url(slug, "ubah", obj.pk))
    context = {
        "jenis": jenis,
        "form": form,
        "obj": obj,
        "boleh_ubah": boleh_ubah,
        "boleh_hapus": scope.can(request.user, Action.DELETE, obj),
        "foto_list": foto_dari(obj),
        "foto_form": FotoForm(),
    }
    if slug == "proyek":
        context |= {
            "anggaran_formset": AnggaranFormSet(
                initial=[
                    {"sumber_dana": a.sumber_dana, "anggaran": a.anggaran, "realisasi": a.realisasi}
                    for a in obj.anggaran.all()
                ],
                prefix="anggaran",
            ),
            "total": selectors.total_anggaran(ProyekPembangunan.objects.filter(pk=obj.pk)),
            "progres_form": ProgresForm(),
            "progres_list": obj.progres.all(),
            "selesai_form": SelesaiForm(),
        }
    if slug == "potensi":
        context["moderasi_form"] = ModerasiForm(
            initial={k: getattr(obj, k) for k in ("nama", "tagline", "deskripsi", "kontak")}
        )
        context["boleh_moderasi"] = scope.can(request.user, Action.MODERATE, obj)
    status = 400 if request.method == "POST" else 200
    return render(request, "assets/kelola_form.html", context, status=status)


@staf_saja
def hapus(request, slug: str, pk: int):
    jenis = jenis_atau_404(slug)
    obj = _objek(request, jenis, pk)
    if not scope.can(request.user, Action.DELETE, obj):
        raise PermissionDenied(_("Anda tidak dapat menghapus data ini."))
    if request.method == "POST":
        nama = str(obj)
        layanan.fitur_hapus(obj=obj, by=request.user)
        messages.success(request, _("'%(nama)s' dihapus. Versi terakhirnya tetap ada di riwayat.") % {"nama": nama})
        return redirect(_url(slug, "daftar"))
    return render(request, "assets/kelola_hapus.html", {"jenis": jenis, "obj": obj})


@staf_saja
@require_GET
def riwayat(request, slug: str, pk: int):
    jenis = jenis_atau_404(slug)
    records = list(
        get_history_manager_for_model(jenis.model)
        .filter(id=pk)
        .select_related("history_user")
        .order_by("-history_date")
    )
    if not records:
        raise Http404
    latest = jenis.model._default_manager.filter(pk=pk).first() or records[0].instance
    if not selectors.boleh_kelola(request.user, latest):
        raise Http404
    rows = []
    hidden = scope.atribut_tersembunyi(request.user, latest)
    for newer, older in zip(records, [*records[1:], None], strict=True):
        changes = []
        if older is not None:
            delta = newer.diff_against(older, excluded_fields=["diubah", "dibuat", *hidden])
            changes = [c.field for c in delta.changes]
        rows.append({"record": newer, "perubahan": changes})
    context = {
        "jenis": jenis,
        "obj": latest,
        "rows": rows,
        "terhapus": not jenis.model._default_manager.filter(pk=pk).exists(),
        "boleh_pulihkan": scope.can(request.user, Action.CHANGE, latest),
    }
    return render(request, "assets/kelola_riwayat.html", context)


@staf_saja
@require_POST
def pulihkan(request, slug: str, pk: int, history_id: int):
    jenis = jenis_atau_404(slug)
    try:
        hasil = layanan.riwayat_pulihkan(model=jenis.model, pk=pk, history_id=history_id, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(_url(slug, "riwayat", pk))
    umumkan(request, hasil.notices)
    return redirect(_url(slug, "ubah", pk))


@staf_saja
@require_POST
def foto_unggah(request, slug: str, pk: int):
    jenis = jenis_atau_404(slug)
    obj = _objek(request, jenis, pk, Action.CHANGE)
    form = FotoForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Pilih berkas foto untuk diunggah."))
        return redirect(_url(slug, "ubah", pk))
    try:
        _foto, gps = foto_tambah(
            objek=obj, berkas=form.cleaned_data["foto"], keterangan=form.cleaned_data["keterangan"], by=request.user
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(_url(slug, "ubah", pk))
    messages.success(request, _("Foto tersimpan (metadata EXIF dihapus)."))
    if gps:
        messages.info(
            request,
            _("Foto memuat lokasi GPS %(lat).6f, %(lon).6f; gunakan bila lokasi di peta belum tepat.")
            % {"lat": gps[1], "lon": gps[0]},
        )
    return redirect(_url(slug, "ubah", pk))


@staf_saja
@require_POST
def foto_buang(request, slug: str, pk: int, foto_pk: int):
    jenis = jenis_atau_404(slug)
    obj = _objek(request, jenis, pk)
    foto = get_object_or_404(Foto, pk=foto_pk, object_id=obj.pk, content_type__model=jenis.model._meta.model_name)
    foto_hapus(foto=foto, by=request.user)
    messages.success(request, _("Foto dihapus."))
    return redirect(_url(slug, "ubah", pk))


@staf_saja
@require_POST
def massal(request, slug: str):
    if slug != "aset":
        raise Http404
    jenis = jenis_atau_404(slug)
    if not scope.can(request.user, Action.CHANGE, jenis.model):
        raise PermissionDenied(_("Anda tidak berwenang mengubah data ini."))
    form = MassalForm(request.POST)
    try:
        ids = pilih_ids(request)
        if not form.is_valid():
            raise ValidationError(_("Pilih kondisi baru."))
        qs = selectors.kelola_queryset(request.user, jenis.model).filter(pk__in=ids)
        if qs.count() != len(set(ids)):
            raise PermissionDenied(_("Sebagian data yang dipilih tidak dapat Anda ubah."))
        with transaction.atomic():
            jumlah = layanan.fitur_ubah_massal(
                queryset=qs, changes={"kondisi": form.cleaned_data["kondisi"]}, by=request.user
            )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(_url(slug, "daftar"))
    messages.success(request, _("%(n)d aset diperbarui; setiap perubahan tercatat di riwayat.") % {"n": jumlah})
    return redirect(_url(slug, "daftar"))
