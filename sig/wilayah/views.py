from datetime import datetime, timedelta

from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from sig import halaman
from sig.wilayah import selectors
from sig.wilayah.models import Desa, Kecamatan


@require_GET
def beranda(request):
    """Landing page: the kecamatan served by this installation (straight to it when there is one)."""
    kecamatan = list(selectors.kecamatan_list())
    if len(kecamatan) == 1:
        return redirect(kecamatan[0])
    context = {
        "kecamatan_list": kecamatan,
        "peta": selectors.batas_kecamatan_geojson([k.pk for k in kecamatan]),
        "aktivitas": halaman.aktivitas_terbaru(list(Desa.objects.values_list("pk", flat=True)), _sejak(7)),
    }
    return render(request, "wilayah/beranda.html", context)


def _sejak(hari: int) -> datetime:
    return timezone.now() - timedelta(days=hari)


@require_GET
def kecamatan_detail(request, kode: str):
    kecamatan = get_object_or_404(Kecamatan.objects.select_related("kabupaten"), kode=kode)
    context = {
        "kecamatan": kecamatan,
        "desa_list": selectors.desa_of_kecamatan(kecamatan),
        "ringkasan": selectors.ringkasan_kecamatan(kecamatan),
        "peta": selectors.batas_desa_geojson(kecamatan_id=kecamatan.pk),
        "jumlah_kecamatan": Kecamatan.objects.count(),
        "bagian": halaman.bagian(halaman.BAGIAN_KECAMATAN, kecamatan, request.user),
    }
    desa_list = list(selectors.desa_of_kecamatan(kecamatan))
    context["aktivitas"] = halaman.aktivitas_terbaru([d.pk for d in desa_list], _sejak(7))
    context["ukuran"], context["peringkat"] = halaman.peringkat(desa_list, _sejak(30))
    return render(request, "wilayah/kecamatan.html", context)


@require_GET
def desa_detail(request, kode: str):
    desa = get_object_or_404(Desa.objects.select_related("kecamatan__kabupaten"), kode=kode)
    peta = selectors.batas_desa_geojson(desa_id=desa.pk)
    peta["features"] += selectors.batas_dusun_geojson(desa.pk)["features"]
    context = {
        "desa": desa,
        "dusun_list": desa.dusun.all(),
        "ringkasan": selectors.ringkasan_desa(desa),
        "peta": peta,
        "bagian": halaman.bagian(halaman.BAGIAN_DESA, desa, request.user),
        "aktivitas": halaman.aktivitas_terbaru([desa.pk], _sejak(7)),
    }
    return render(request, "wilayah/desa.html", context)
