"""Planner dashboards per kecamatan and desa: farmland by use and commodity, assets by class and condition,
project budgets by year and fund source, complaints by category and month with response times, potensi by
kind. Every figure counts only rows the user may see; every table downloads as CSV or XLSX."""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import formats
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from assets.models import AnggaranProyek, AsetDesa, LahanPertanian, PotensiDesa
from layers import label
from reports.models import Pengaduan
from sig.akun import scope
from sig.akun.scope import Action
from sig.tampilan import staf_saja
from sig.unduhan import aman_sel
from sig.wilayah.models import Desa, Kecamatan

if TYPE_CHECKING:
    from sig.akun.models import AnyUser

TABEL_PENGADUAN = Pengaduan._meta.db_table


def _terlihat(user: AnyUser, qs: QuerySet, desa_ids: list[int], field: str = "desa_id") -> QuerySet:
    return scope.filter_queryset(user, Action.VIEW, qs).filter(**{f"{field}__in": desa_ids})


def _angka(value: Any) -> float:
    return round(float(value or 0), 4)


def tabel(user: AnyUser, desa_ids: list[int]) -> dict[str, dict[str, Any]]:
    """Every dashboard table: {name: {"judul", "kolom", "baris", "tampil"}} (see _susun)."""
    lahan = (
        _terlihat(user, LahanPertanian.objects.all(), desa_ids)
        .values("penggunaan", "komoditas")
        .annotate(persil=Count("pk"), luas_ha=Sum("luas_ha"))
        .order_by("penggunaan", "komoditas")
    )
    aset = (
        _terlihat(user, AsetDesa.objects.all(), desa_ids)
        .values("golongan", "kondisi")
        .annotate(jumlah=Count("pk"), nilai=Sum("nilai_perolehan"))
        .order_by("golongan", "kondisi")
    )
    proyek = _terlihat(user, _proyek(), desa_ids)
    anggaran = (
        AnggaranProyek.objects.filter(proyek__in=proyek)
        .values("proyek__tahun_anggaran", "sumber_dana")
        .annotate(anggaran=Sum("anggaran"), realisasi=Sum("realisasi"))
        .order_by("proyek__tahun_anggaran", "sumber_dana")
    )
    aduan = _terlihat(user, Pengaduan.objects.exclude(status="duplikat"), desa_ids)
    per_bulan = (
        aduan.annotate(bulan=TruncMonth("dibuat"))
        .values("bulan")
        .annotate(masuk=Count("pk"), selesai=Count("pk", filter=Q(status="selesai")))
        .order_by("bulan")
    )
    tanggap = {row["bulan"]: row for row in _median_tanggap(aduan)}
    per_kategori = aduan.values("kategori_id").annotate(jumlah=Count("pk")).order_by("-jumlah")
    potensi = (
        _terlihat(user, PotensiDesa.objects.all(), desa_ids)
        .values("jenis", "status")
        .annotate(jumlah=Count("pk"))
        .order_by("jenis", "status")
    )
    rows = {
        "lahan": [[r["penggunaan"], r["komoditas"], r["persil"], _angka(r["luas_ha"])] for r in lahan],
        "aset": [[r["golongan"], r["kondisi"], r["jumlah"], _angka(r["nilai"])] for r in aset],
        "anggaran": [
            [r["proyek__tahun_anggaran"], r["sumber_dana"], _angka(r["anggaran"]), _angka(r["realisasi"])]
            for r in anggaran
        ],
        "pengaduan_bulan": [
            [r["bulan"].strftime("%Y-%m"), r["masuk"], r["selesai"], tanggap.get(r["bulan"], {}).get("jam")]
            for r in per_bulan
        ],
        "pengaduan_kategori": [[r["kategori_id"], r["jumlah"]] for r in per_kategori],
        "potensi": [[r["jenis"], r["status"], r["jumlah"]] for r in potensi],
    }
    bentuk = _tabel_bentuk()
    return {nama: _susun(*bentuk[nama], baris) for nama, baris in rows.items()}


def _pilihan(model: Any, field: str) -> dict[str, str] | None:
    return label.pilihan(model._meta.get_field(field))


def _tabel_bentuk() -> dict[str, tuple[str, list[tuple[str, str, str, Any]]]]:
    """Per table: title, and per column (key, label, unit, value labels). A unit is what a chart axis measures:
    "teks" (a class), "jumlah", "rupiah", "ha" or "jam"; a chart never puts two units on one axis."""
    return {
        "lahan": (
            _("Lahan per penggunaan dan komoditas"),
            [
                ("penggunaan", _("penggunaan"), "teks", _pilihan(LahanPertanian, "penggunaan")),
                ("komoditas", _("komoditas"), "teks", _pilihan(LahanPertanian, "komoditas")),
                ("persil", _("jumlah persil"), "jumlah", None),
                ("luas_ha", _("luas (ha)"), "ha", None),
            ],
        ),
        "aset": (
            _("Aset per golongan dan kondisi"),
            [
                ("golongan", _("golongan"), "teks", _pilihan(AsetDesa, "golongan")),
                ("kondisi", _("kondisi"), "teks", _pilihan(AsetDesa, "kondisi")),
                ("jumlah", _("jumlah aset"), "jumlah", None),
                ("nilai_rp", _("nilai perolehan (Rp)"), "rupiah", None),
            ],
        ),
        "anggaran": (
            _("Anggaran dan realisasi per tahun dan sumber dana"),
            [
                ("tahun", _("tahun"), "teks", None),
                ("sumber_dana", _("sumber dana"), "teks", _pilihan(AnggaranProyek, "sumber_dana")),
                ("anggaran_rp", _("anggaran (Rp)"), "rupiah", None),
                ("realisasi_rp", _("realisasi (Rp)"), "rupiah", None),
            ],
        ),
        "pengaduan_bulan": (
            _("Pengaduan per bulan"),
            [
                ("bulan", _("bulan"), "teks", None),
                ("masuk", _("pengaduan masuk"), "jumlah", None),
                ("selesai", _("pengaduan selesai"), "jumlah", None),
                ("median_tanggap_jam", _("median waktu tanggap (jam)"), "jam", None),
            ],
        ),
        "pengaduan_kategori": (
            _("Pengaduan per kategori"),
            [
                ("kategori", _("kategori"), "teks", _pilihan(Pengaduan, "kategori")),
                ("jumlah", _("jumlah pengaduan"), "jumlah", None),
            ],
        ),
        "potensi": (
            _("Potensi per jenis"),
            [
                ("jenis", _("jenis potensi"), "teks", _pilihan(PotensiDesa, "jenis")),
                ("status", _("status"), "teks", _pilihan(PotensiDesa, "status")),
                ("jumlah", _("jumlah potensi"), "jumlah", None),
            ],
        ),
    }


def _tampil(value: Any, satuan: str) -> str:
    if value is None:
        return "—"
    if satuan == "rupiah":
        return "Rp " + formats.number_format(value, 0, use_l10n=True, force_grouping=True)
    if satuan in {"ha", "jam"}:
        return formats.number_format(value, 2, use_l10n=True, force_grouping=True)
    if satuan == "jumlah":
        return formats.number_format(value, 0, use_l10n=True, force_grouping=True)
    return str(value)


def _susun(judul: str, kolom: list[tuple[str, str, str, Any]], baris: list[list[Any]]) -> dict[str, Any]:
    """A table as people read it: labelled classes, numbers kept as numbers (downloads) and written (screen)."""
    pilihan = [labels or {} for _k, _l, _s, labels in kolom]
    dilabel = [[pilihan[i].get(v, v) if isinstance(v, str) else v for i, v in enumerate(row)] for row in baris]
    return {
        "judul": str(judul),
        "kolom": [{"kunci": k, "label": str(lab), "satuan": sat} for k, lab, sat, _p in kolom],
        "baris": dilabel,
        "tampil": [[_tampil(v, sat) for v, (_k, _l, sat, _p) in zip(row, kolom, strict=True)] for row in dilabel],
    }


def _proyek() -> QuerySet:
    from assets.models import ProyekPembangunan

    return ProyekPembangunan.objects.all()


def _median_tanggap(aduan: QuerySet) -> list[dict[str, Any]]:
    from django.core.exceptions import EmptyResultSet

    from sig.replika import koneksi_baca

    # The scoped queryset is the subquery (its SQL and parameters come from the ORM, never from user text).
    try:
        ids_sql, ids_params = aduan.values("pk").query.sql_with_params()
    except EmptyResultSet:  # e.g. a kecamatan without desa
        return []
    sql = (
        "SELECT date_trunc('month', dibuat AT TIME ZONE 'Asia/Jakarta') AT TIME ZONE 'Asia/Jakarta', "
        "percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM ditanggapi_pada - dibuat) / 3600) "
        f"FROM {TABEL_PENGADUAN} WHERE id IN ({ids_sql}) AND ditanggapi_pada IS NOT NULL GROUP BY 1"
    )
    with koneksi_baca().cursor() as cursor:
        cursor.execute(sql, ids_params)
        return [{"bulan": b, "jam": None if j is None else round(float(j), 1)} for b, j in cursor.fetchall()]


def _unduh(data: dict[str, Any], nama: str, fmt: str) -> HttpResponse:
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out)
        for row in [[k["label"] for k in data["kolom"]], *data["baris"]]:
            writer.writerow([aman_sel(v) for v in row])
        response = HttpResponse(out.getvalue().encode("utf-8-sig"), content_type="text/csv; charset=utf-8")
    elif fmt == "xlsx":
        from openpyxl import Workbook

        book = Workbook()
        sheet = book.active
        sheet.title = nama[:31]
        for row in [[k["label"] for k in data["kolom"]], *data["baris"]]:
            sheet.append([aman_sel(v) for v in row])
        out_b = io.BytesIO()
        book.save(out_b)
        response = HttpResponse(
            out_b.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
    else:
        raise Http404("Format unduhan tidak dikenal; pilih csv atau xlsx.")
    response["Content-Disposition"] = f'attachment; filename="{nama}.{fmt}"'
    return response


def _dasbor(request: Any, judul: str, desa_ids: list[int]) -> HttpResponse:
    data = tabel(request.user, desa_ids)
    nama = request.GET.get("tabel")
    if nama:
        if nama not in data:
            raise Http404("Tabel tidak dikenal.")
        return _unduh(data[nama], nama, request.GET.get("format", "csv"))
    return render(request, "maps/dasbor.html", {"judul": judul, "tabel": data})


@staf_saja
@require_GET
def kecamatan(request, kode: str):
    obj = get_object_or_404(Kecamatan, kode=kode)
    return _dasbor(request, f"{_('Kecamatan')} {obj.nama_tampil}", list(obj.desa.values_list("pk", flat=True)))


@staf_saja
@require_GET
def desa(request, kode: str):
    obj = get_object_or_404(Desa, kode=kode)
    return _dasbor(request, f"{_('Desa')} {obj.nama}", [obj.pk])
