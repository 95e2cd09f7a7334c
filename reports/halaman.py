"""What citizen reports add to the living desa and kecamatan pages (see sig.halaman)."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from statistics import median
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from reports.models import PUBLIK_TANPA_DUPLIKAT, Pengaduan, StatusPengaduan
from sig import halaman

if TYPE_CHECKING:
    from sig.akun.models import AnyUser


def _terbaru(**where: Any) -> Any:
    return (
        Pengaduan.objects.filter(PUBLIK_TANPA_DUPLIKAT, **where).select_related("kategori", "desa").order_by("-dibuat")
    )


@halaman.bagian_desa
def bagian_desa(desa: Any, user: AnyUser) -> halaman.Bagian:
    return halaman.Bagian(30, "reports/_bagian.html", {"pengaduan_list": _terbaru(desa=desa)[:5], "desa": desa})


@halaman.bagian_kecamatan
def bagian_kecamatan(kecamatan: Any, user: AnyUser) -> halaman.Bagian:
    return halaman.Bagian(30, "reports/_bagian.html", {"pengaduan_list": _terbaru(desa__kecamatan=kecamatan)[:6]})


@halaman.aktivitas
def aktivitas(desa_ids: list[int], sejak: datetime) -> list[halaman.Aktivitas]:
    baru = _terbaru(desa_id__in=desa_ids, dibuat__gte=sejak)[:20]
    selesai = _terbaru(desa_id__in=desa_ids, selesai_pada__gte=sejak, status=StatusPengaduan.SELESAI)[:20]
    return [
        halaman.Aktivitas(p.dibuat, _("Pengaduan baru"), p.judul, p.get_absolute_url(), p.desa.nama) for p in baru
    ] + [
        halaman.Aktivitas(p.selesai_pada, _("Pengaduan selesai"), p.judul, p.get_absolute_url(), p.desa.nama)
        for p in selesai
    ]


def _dalam(desa_ids: list[int], sejak: datetime) -> Any:
    return Pengaduan.objects.filter(desa_id__in=desa_ids, dibuat__gte=sejak).exclude(status=StatusPengaduan.DUPLIKAT)


@halaman.ukuran
def waktu_tanggap(desa_ids: list[int], sejak: datetime) -> halaman.Ukuran:
    jam: dict[int, list[float]] = defaultdict(list)
    rows = (
        _dalam(desa_ids, sejak)
        .filter(ditanggapi_pada__isnull=False)
        .values_list("desa_id", "dibuat", "ditanggapi_pada")
    )
    for desa_id, dibuat, ditanggapi in rows:
        jam[desa_id].append((ditanggapi - dibuat).total_seconds() / 3600)
    values = {desa_id: median(v) for desa_id, v in jam.items()}
    return halaman.Ukuran(_("Waktu tanggap (jam, median)"), values, makin_besar_makin_baik=False, format="{:.1f}")


@halaman.ukuran
def selesai(desa_ids: list[int], sejak: datetime) -> halaman.Ukuran:
    rows = _dalam(desa_ids, sejak).values("desa_id").annotate(n=Count("pk"), s=Count("pk", filter=Q(status="selesai")))
    values = {r["desa_id"]: 100.0 * r["s"] / r["n"] for r in rows}
    return halaman.Ukuran(_("Pengaduan selesai (%)"), values)
