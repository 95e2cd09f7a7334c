"""Public, shareable pages of a published asset, project or potensi (their OpenGraph and share links: temu)."""

from __future__ import annotations

import json
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from assets import selectors
from assets.models import AsetDesa, PotensiDesa, ProyekPembangunan
from assets.services.foto import foto_dari
from assets.services.proyek import total_anggaran
from sig.wilayah.selectors import dengan_batas_desa


def _peta(obj: Any) -> dict[str, Any]:
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "id": obj.pk,
                "geometry": json.loads(obj.geometri.json),
                "properties": {"nama": str(obj)},
            },
        ],
    }


def _render(request: HttpRequest, template: str, obj: Any, **extra: Any) -> HttpResponse:
    fotos = foto_dari(obj)
    context = {
        "obj": obj,
        "foto_list": fotos,
        "peta": dengan_batas_desa(_peta(obj), obj.desa_id),
        **extra,
    }
    return render(request, template, context)


@require_GET
def aset_publik(request, pk: int):
    obj = selectors.publik_atau_404(request.user, AsetDesa, pk)
    return _render(request, "assets/publik_aset.html", obj)


@require_GET
def proyek_publik(request, pk: int):
    obj = selectors.publik_atau_404(request.user, ProyekPembangunan, pk)
    anggaran, realisasi = total_anggaran(obj)
    return _render(
        request,
        "assets/publik_proyek.html",
        obj,
        anggaran_list=selectors.anggaran_per_sumber(obj),
        total_anggaran=anggaran,
        total_realisasi=realisasi,
        progres_list=obj.progres.order_by("tanggal"),
        serapan=(realisasi / anggaran * 100) if anggaran else None,
    )


@require_GET
def potensi_publik(request, pk: int):
    obj = selectors.publik_atau_404(request.user, PotensiDesa, pk)
    return _render(request, "assets/publik_potensi.html", obj)


@require_GET
def foto(request, pk: int, ukuran: str):
    """A photo of village data, only for those who may see its object (a private asset's photos: 404)."""
    from django.http import Http404

    from assets.models import Foto
    from sig.akun import scope
    from sig.akun.scope import Action
    from sig.penyimpanan import sajikan

    row = Foto.objects.select_related("content_type").filter(pk=pk).first()
    objek = row.objek if row is not None else None
    if (
        row is None
        or objek is None
        or ukuran not in {"asli", "kecil"}
        or not scope.can(request.user, Action.VIEW, objek)
    ):
        raise Http404("Foto tidak ditemukan.")
    publik = scope.can(AnonymousUser(), Action.VIEW, objek)
    return sajikan(row.berkas if ukuran == "asli" else row.thumbnail, publik=publik)


@require_GET
def ekspor(request, target: str, kode: str, fmt: str):
    """Download a desa's features of one kind (only what the user may see)."""
    from assets.ekspor import unduh

    return unduh(request.user, target, kode, fmt)
