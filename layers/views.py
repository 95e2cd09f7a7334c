"""Layer endpoints: the registry for the maps, GeoJSON per layer, vector tiles (one layer or the portal)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET

from layers import petak, selectors
from layers.models import Lapisan
from layers.sumber import SUMBER, boleh_atau_404, boleh_lihat_lapisan, lapisan_atau_404

if TYPE_CHECKING:
    from sig.akun.models import AnyUser


def _galat(pesan: str) -> HttpResponseBadRequest:
    return HttpResponseBadRequest(pesan.encode(), content_type="text/plain; charset=utf-8")


@require_GET
def daftar(request):
    """The layers this user may see, in map order, with their style, zooms and endpoints."""
    response = JsonResponse({"lapisan": selectors.daftar_lapisan(request.user)})
    patch_vary_headers(response, ("Cookie",))
    return response


def _fitur(request, slug: str, tidak_ada: str, jawab, vary: tuple[str, ...]):
    """A layer read with the GeoJSON filters: the layer (404 outside the scope), its filters (400 with the
    reason), the answer `jawab(lapisan, saringan)` cached briefly, per user when signed in."""
    lapisan = lapisan_atau_404(request.user, slug)
    if lapisan.jenis not in SUMBER:
        return _galat(tidak_ada)
    try:
        saringan = selectors.baca_saringan(request.GET, SUMBER[lapisan.jenis])
    except selectors.ParameterSalah as exc:
        return _galat(str(exc))
    return _singkat(request, jawab(lapisan, saringan), vary)


def _singkat(request: HttpRequest, response: HttpResponse, vary: tuple[str, ...]) -> HttpResponse:
    """Feature data is cached for a minute: publicly for visitors, privately (per browser) when signed in."""
    response["Cache-Control"] = "private, max-age=60" if request.user.is_authenticated else "public, max-age=60"
    patch_vary_headers(response, vary)
    return response


@require_GET
def geojson(request, slug: str):
    def jawab(lapisan, saringan):
        try:
            selectors.periksa_cakupan(request.user, lapisan, saringan)
        except selectors.ParameterSalah as exc:
            return _galat(str(exc))
        body = selectors.geojson(request.user, lapisan, saringan)
        return HttpResponse(body, content_type="application/geo+json")

    return _fitur(request, slug, "Lapisan ini tidak tersedia sebagai GeoJSON.", jawab, ("Cookie",))


@require_GET
def fitur_satu(request, slug: str, fid: int):
    """One feature's attributes without its geometry (the portal's popup for a vector-tile feature), through the
    same scope as the GeoJSON; 404 when this user may not see it."""
    lapisan = lapisan_atau_404(request.user, slug)
    if lapisan.jenis not in SUMBER:
        return _galat("Lapisan ini tidak mempunyai fitur.")
    body = selectors.fitur(request.user, lapisan, fid) if fid < 2**63 else None
    if body is None:
        raise Http404
    return _singkat(request, HttpResponse(body, content_type="application/geo+json"), ("Cookie",))


@require_GET
def legenda(request, slug: str):
    """The classes of a layer present in the data this user may see (same filters as the GeoJSON), with counts."""

    def jawab(lapisan, saringan):
        return JsonResponse(selectors.legenda(request.user, lapisan, saringan))

    return _fitur(request, slug, "Lapisan ini tidak mempunyai legenda kelas.", jawab, ("Cookie", "Accept-Language"))


@require_GET
def tile(request, slug: str, z: int, x: int, y: int):
    if problem := petak.cek_zxy(z, x, y):
        return _galat(problem)
    lapisan = boleh_atau_404(request.user, selectors.lapisan_dengan_versi(slug))
    if lapisan.jenis not in SUMBER:
        return _galat("Lapisan ini tidak tersedia sebagai petak vektor.")
    public = lapisan.is_public and not request.user.is_authenticated
    if not lapisan.min_zoom <= z <= lapisan.max_zoom:
        return petak.jawab(request, lambda: b"", publik=public)
    if not public:  # per-user scope: rendered every time
        return petak.jawab(request, lambda: selectors.tile(request.user, lapisan, z, x, y), publik=False)
    key = _kunci_petak(lapisan, z, x, y)
    return petak.jawab(request, lambda: _render_publik(selectors.tile, lapisan, z, x, y), key=key, publik=True)


def _kunci_petak(lapisan: Lapisan, z: int, x: int, y: int, jenis: str = "tile") -> str:
    """Anonymous tiles are the same for everyone: keyed per layer configuration and data version (the layer
    comes from `selectors.dengan_versi` or `lapisan_dengan_versi`)."""
    saringan = sorted((lapisan.saringan or {}).items())
    by = (lapisan.gaya or {}).get("by")
    config = f"{lapisan.pk}:{lapisan.min_zoom}:{lapisan.max_zoom}:{lapisan.desa_id}:{saringan}:{by}"
    digest = hashlib.blake2b(config.encode(), digest_size=8).hexdigest()
    versi = lapisan.versi_data  # type: ignore[attr-defined]  # annotated by selectors.dengan_versi
    return f"{jenis}:{lapisan.slug}:{digest}:{versi}:{z}/{x}/{y}"


def _render_publik(
    gambar: Callable[[AnyUser, Lapisan, int, int, int], bytes], lapisan: Lapisan, z: int, x: int, y: int
) -> bytes:
    """The anonymous tile drawn by `gambar` (selectors.tile or selectors.petak_portal)."""
    from django.contrib.auth.models import AnonymousUser

    return gambar(AnonymousUser(), lapisan, z, x, y)


@require_GET
def tile_portal(request, z: int, x: int, y: int):
    """The lines and polygons of every visible layer in one tile, one MVT layer each (named by slug), trimmed to
    what the portal's style and filters read (selectors.petak_portal): one request per tile for the portal map.
    MapLibre draws these tiles 512 px wide, so tile z serves the map at (Leaflet) zoom z + 1: layers' zooms and
    the boundaries' generalisation follow that zoom."""
    if problem := petak.cek_zxy(z, x, y):
        return _galat(problem)
    layers = [
        lap
        for lap in selectors.dengan_versi(Lapisan.objects.filter(aktif=True))
        if lap.jenis in SUMBER
        and SUMBER[lap.jenis].bentuk != ("titik",)
        and lap.min_zoom <= z + 1 <= lap.max_zoom
        and boleh_lihat_lapisan(request.user, lap)
    ]
    if request.user.is_authenticated:
        return petak.jawab(
            request,
            lambda: b"".join(selectors.petak_portal(request.user, lap, z, x, y) for lap in layers),
            publik=False,
        )
    # The public layers' cached shares, concatenated (MVT layers simply follow each other).
    keys = [(lap, _kunci_petak(lap, z, x, y, "portal")) for lap in layers]

    def gabung() -> bytes:
        return b"".join(
            petak.tersimpan(key, partial(_render_publik, selectors.petak_portal, lap, z, x, y)) for lap, key in keys
        )

    return petak.jawab(request, gabung, key="|".join(k for _, k in keys), simpan=None, publik=True)


@require_GET
def unduh(request, slug: str, fmt: str):
    """Download a visible layer (with the same filters as GeoJSON) as GeoJSON, GeoPackage, zipped shapefile, KML
    or CSV (formula-safe)."""
    import json

    import geopandas as gpd

    from sig.unduhan import FORMATS, berkas_unduhan

    if fmt not in FORMATS:
        raise Http404("Format unduhan tidak dikenal; pilih geojson, gpkg, shp, kml atau csv.")
    lapisan = lapisan_atau_404(request.user, slug)
    if lapisan.jenis not in SUMBER:
        return _galat("Lapisan ini tidak dapat diunduh.")
    try:
        saringan = selectors.baca_saringan(request.GET, SUMBER[lapisan.jenis])
    except selectors.ParameterSalah as exc:
        return _galat(str(exc))
    saringan.limit = int(request.GET.get("limit") or selectors.MAKS_LIMIT)
    collection = json.loads(selectors.geojson(request.user, lapisan, saringan))
    frame = gpd.GeoDataFrame.from_features(collection["features"], crs=4326)
    if frame.empty:
        frame = gpd.GeoDataFrame({"id": []}, geometry=[], crs=4326)
    else:
        frame.insert(0, "id", [f["id"] for f in collection["features"]])
    return berkas_unduhan(frame, fmt, slug.replace("-", "_"))


@require_GET
def tile_raster(request, slug: str, z: int, x: int, y: int):
    """A PNG tile of a raster layer (colour ramp by kind, transparent nodata), cached like vector tiles."""
    from layers.raster import tile_png

    if problem := petak.cek_zxy(z, x, y):
        return _galat(problem)
    lapisan = lapisan_atau_404(request.user, slug)
    if lapisan.jenis != "raster" or lapisan.raster_id is None:
        return _galat("Lapisan ini bukan raster.")

    def gambar() -> bytes:
        raster = lapisan.raster
        assert raster is not None  # raster_id checked above
        return tile_png(raster, z, x, y)

    return petak.jawab(
        request,
        gambar,
        jenis="image/png",
        key=f"png:{slug}:{lapisan.raster_id}:{z}/{x}/{y}",
        publik=lapisan.is_public and not request.user.is_authenticated,
    )


@require_GET
def tile_citra(request, pk: int, z: int, x: int, y: int, fmt: str):
    """A tile of imagery (PNG or WebP) through the scope; 204 outside the image. The key names the stored file,
    so a repeat answers 304 without reading the COG."""
    from layers import citra as layanan

    if fmt not in layanan.FORMAT:
        return _galat("Format petak citra harus png atau webp.")
    if problem := petak.cek_zxy(z, x, y):
        return _galat(problem)
    citra = layanan.citra_atau_none(request.user, pk)
    if citra is None:
        raise Http404
    return petak.jawab(
        request,
        lambda: layanan.petak(citra, z, x, y, fmt) or b"",
        jenis=layanan.FORMAT[fmt][1],
        key=f"citra:{citra.pk}:{layanan.versi(citra)}:{fmt}:{z}/{x}/{y}",
        simpan=24 * 3600,
        publik=citra.publik and not request.user.is_authenticated,
        umur=(86400, 3600),
        kosong_204=True,
    )
