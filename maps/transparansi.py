"""Transparency pages per desa and kecamatan: project budgets per fund source with realisation and progress,
complaint statistics (received, resolved, median response and resolution times, share within the working-day
deadlines per desa), and the potensi gallery."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Sum
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from assets.models import AnggaranProyek, Foto, PotensiDesa, ProyekPembangunan
from assets.models.base import SumberDana
from assets.models.potensi import StatusPotensi
from reports.models import Pengaduan
from reports.selectors import statistik, tepat_tenggat
from sig.wilayah.models import Desa, Kecamatan


def _tahun(request: Any, tersedia: list[int]) -> int | None:
    value = request.GET.get("tahun", "")
    if value.isdecimal() and int(value) in tersedia:
        return int(value)
    return tersedia[0] if tersedia else None


def _ringkasan(request: Any, desa_ids: list[int]) -> dict[str, Any]:
    semua = ProyekPembangunan.objects.filter(desa_id__in=desa_ids, publik=True)
    tahun_list = sorted(set(semua.values_list("tahun_anggaran", flat=True)), reverse=True)
    tahun = _tahun(request, tahun_list)
    proyek = (
        semua.filter(tahun_anggaran=tahun or 0)
        .select_related("desa")
        .prefetch_related("anggaran")
        .order_by("desa__nama", "nama")
    )
    label = dict(SumberDana.choices)
    per_sumber = [
        {**row, "label": label.get(row["sumber_dana"], row["sumber_dana"])}
        for row in AnggaranProyek.objects.filter(proyek__in=proyek)
        .values("sumber_dana")
        .annotate(anggaran=Sum("anggaran"), realisasi=Sum("realisasi"))
        .order_by("-anggaran")
    ]
    total = {k: sum(r[k] for r in per_sumber) for k in ("anggaran", "realisasi")}
    for row in per_sumber:
        row["persen"] = round(100 * row["realisasi"] / row["anggaran"], 1) if row["anggaran"] else 0
    potensi = list(
        PotensiDesa.objects.filter(desa_id__in=desa_ids, status=StatusPotensi.TERBIT).select_related("desa")[:48]
    )
    ct = ContentType.objects.get_for_model(PotensiDesa)
    sampul: dict[int, Foto] = {}
    for foto in Foto.objects.filter(content_type=ct, object_id__in=[p.pk for p in potensi]):
        sampul.setdefault(foto.object_id, foto)
    kategori = (
        Pengaduan.objects.filter(Pengaduan.scope_public_q(), desa_id__in=desa_ids)
        .values("kategori_id", "kategori__nama_id")
        .annotate(jumlah=Count("pk"))
        .order_by("-jumlah")
    )
    return {
        "tahun": tahun,
        "tahun_list": tahun_list,
        "proyek_list": proyek,
        "per_sumber": per_sumber,
        "total": total,
        "statistik": statistik(desa_ids),
        "tenggat_desa": tepat_tenggat(desa_ids),
        "kategori_aduan": kategori,
        "potensi_list": [(p, sampul.get(p.pk)) for p in potensi],
    }


@require_GET
def desa(request, kode: str):
    obj = get_object_or_404(Desa.objects.select_related("kecamatan"), kode=kode)
    context = {"wilayah": obj, "judul": f"Desa {obj.nama}", "desa": obj, **_ringkasan(request, [obj.pk])}
    return render(request, "maps/transparansi.html", context)


@require_GET
def kecamatan(request, kode: str):
    obj = get_object_or_404(Kecamatan, kode=kode)
    desa_ids = list(obj.desa.values_list("pk", flat=True))
    context = {
        "wilayah": obj,
        "judul": f"Kecamatan {obj.nama_tampil}",
        "kecamatan": obj,
        **_ringkasan(request, desa_ids),
    }
    return render(request, "maps/transparansi.html", context)
