"""Layer endpoints: the registry for the maps, GeoJSON per layer, vector tiles (one layer or the portal)."""

from __future__ import annotations

import hashlib

from django.http import HttpResponse, HttpResponseBadRequest, JsonResponse
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET

from layers import selectors
from layers.models import Lapisan
from layers.sumber import SUMBER, boleh_lihat_lapisan, lapisan_atau_404

MVT = "application/vnd.mapbox-vector-tile"


def _galat(pesan: str) -> HttpResponseBadRequest:
    return HttpResponseBadRequest(pesan.encode(), content_type="text/plain; charset=utf-8")


@require_GET
def daftar(request):
    """The layers this user may see, in map order, with their style, zooms and endpoints."""
    layers = [lap for lap in Lapisan.objects.filter(aktif=True) if boleh_lihat_lapisan(request.user, lap)]
    data = [
        {
            "slug": lap.slug,
            "judul": lap.judul,
            "jenis": lap.jenis,
            "gaya": lap.gaya,
            "min_zoom": lap.min_zoom,
            "max_zoom": lap.max_zoom,
            "urutan": lap.urutan,
            "atribusi": lap.atribusi,
            "geojson": f"/lapisan/{lap.slug}.geojson",
            "tiles": f"/tiles/{lap.slug}/{{z}}/{{x}}/{{y}}.pbf",
        }
        for lap in layers
        if lap.jenis in SUMBER
    ]
    response = JsonResponse({"lapisan": data})
    patch_vary_headers(response, ("Cookie",))
    return response


@require_GET
def geojson(request, slug: str):
    lapisan = lapisan_atau_404(request.user, slug)
    if lapisan.jenis not in SUMBER:
        return _galat("Lapisan ini tidak tersedia sebagai GeoJSON.")
    try:
        saringan = selectors.baca_saringan(request.GET, SUMBER[lapisan.jenis])
    except selectors.ParameterSalah as exc:
        return _galat(str(exc))
    response = HttpResponse(selectors.geojson(request.user, lapisan, saringan), content_type="application/geo+json")
    response["Cache-Control"] = "private, max-age=60" if request.user.is_authenticated else "public, max-age=60"
    patch_vary_headers(response, ("Cookie",))
    return response


def _tile_response(request, data: bytes, public: bool) -> HttpResponse:  # type: ignore[no-untyped-def]
    etag = '"' + hashlib.blake2b(data, digest_size=12).hexdigest() + '"'
    if request.headers.get("If-None-Match") == etag:
        response = HttpResponse(status=304)
    else:
        response = HttpResponse(data, content_type=MVT)
    response["ETag"] = etag
    response["Cache-Control"] = "public, max-age=300" if public else "private, max-age=60"
    patch_vary_headers(response, ("Cookie",))
    return response


def _cek_zxy(z: int, x: int, y: int) -> str | None:
    if not 0 <= z <= 22:
        return "Zoom harus 0–22."
    if not (0 <= x < 2**z and 0 <= y < 2**z):
        return "Koordinat petak (x, y) di luar rentang zoom ini."
    return None


@require_GET
def tile(request, slug: str, z: int, x: int, y: int):
    problem = _cek_zxy(z, x, y)
    if problem:
        return _galat(problem)
    lapisan = lapisan_atau_404(request.user, slug)
    if lapisan.jenis not in SUMBER:
        return _galat("Lapisan ini tidak tersedia sebagai petak vektor.")
    data = b"" if not lapisan.min_zoom <= z <= lapisan.max_zoom else selectors.tile(request.user, lapisan, z, x, y)
    return _tile_response(request, data, lapisan.is_public and not request.user.is_authenticated)


@require_GET
def tile_portal(request, z: int, x: int, y: int):
    """All public-or-visible layers in one tile (one request per tile for the portal map)."""
    problem = _cek_zxy(z, x, y)
    if problem:
        return _galat(problem)
    parts = [
        selectors.tile(request.user, lap, z, x, y)
        for lap in Lapisan.objects.filter(aktif=True)
        if lap.jenis in SUMBER and lap.min_zoom <= z <= lap.max_zoom and boleh_lihat_lapisan(request.user, lap)
    ]
    return _tile_response(request, b"".join(parts), not request.user.is_authenticated)
