"""Layer endpoints: the registry for the maps, GeoJSON per layer, vector tiles (one layer or the portal)."""

from __future__ import annotations

import hashlib

from django.core.cache import cache
from django.http import Http404, HttpResponse, HttpResponseBadRequest, JsonResponse
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
    response = JsonResponse({"lapisan": selectors.daftar_lapisan(request.user)})
    patch_vary_headers(response, ("Cookie",))
    return response


def _fitur(request, slug: str, tidak_ada: str, jawab, vary: tuple[str, ...]):  # type: ignore[no-untyped-def]
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


def _singkat(request, response: HttpResponse, vary: tuple[str, ...]) -> HttpResponse:  # type: ignore[no-untyped-def]
    """Feature data is cached for a minute: publicly for visitors, privately (per browser) when signed in."""
    response["Cache-Control"] = "private, max-age=60" if request.user.is_authenticated else "public, max-age=60"
    patch_vary_headers(response, vary)
    return response


@require_GET
def geojson(request, slug: str):
    def jawab(lapisan, saringan):  # type: ignore[no-untyped-def]
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

    def jawab(lapisan, saringan):  # type: ignore[no-untyped-def]
        return JsonResponse(selectors.legenda(request.user, lapisan, saringan))

    return _fitur(request, slug, "Lapisan ini tidak mempunyai legenda kelas.", jawab, ("Cookie", "Accept-Language"))


def _etag(data: bytes) -> str:
    return '"' + hashlib.blake2b(data, digest_size=12).hexdigest() + '"'


def _cocok(request, etag: str) -> bool:  # type: ignore[no-untyped-def]
    """If-None-Match names this tag; compression (ours or nginx's) sends it back weak, W/"…"."""
    tags = [t.strip().removeprefix("W/") for t in request.headers.get("If-None-Match", "").split(",")]
    return etag in tags


def _tile_response(
    request,
    data: bytes,
    public: bool,
    *,
    etag: str | None = None,  # type: ignore[no-untyped-def]
    not_modified: bool = False,
) -> HttpResponse:
    etag = etag or _etag(data)
    if not_modified or _cocok(request, etag):
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
    public = lapisan.is_public and not request.user.is_authenticated
    if not lapisan.min_zoom <= z <= lapisan.max_zoom:
        return _tile_response(request, b"", public)
    if not public:  # per-user scope: rendered every time
        return _tile_response(request, selectors.tile(request.user, lapisan, z, x, y), public)
    key = _kunci_petak(lapisan, z, x, y)
    etag = _etag(key.encode())
    if _cocok(request, etag):
        return _tile_response(request, b"", public, etag=etag, not_modified=True)
    return _tile_response(request, _petak_publik(selectors.tile, lapisan, key, z, x, y), public, etag=etag)


def _kunci_petak(lapisan: Lapisan, z: int, x: int, y: int, jenis: str = "tile") -> str:
    """Anonymous tiles are the same for everyone: cached per data version (bumped by database triggers on every
    write) and per layer configuration, so the ETag answers 304 without rendering."""
    saringan = sorted((lapisan.saringan or {}).items())
    by = (lapisan.gaya or {}).get("by")
    config = f"{lapisan.pk}:{lapisan.min_zoom}:{lapisan.max_zoom}:{lapisan.desa_id}:{saringan}:{by}"
    digest = hashlib.blake2b(config.encode(), digest_size=8).hexdigest()
    return f"{jenis}:{lapisan.slug}:{digest}:{selectors.versi_data(lapisan.jenis)}:{z}/{x}/{y}"


def _petak_publik(gambar, lapisan: Lapisan, key: str, z: int, x: int, y: int) -> bytes:  # type: ignore[no-untyped-def]
    """The cached anonymous tile under `key`, else drawn by `gambar` (selectors.tile or petak_portal) and kept."""
    from django.contrib.auth.models import AnonymousUser

    data = cache.get(key)
    if data is None:
        data = gambar(AnonymousUser(), lapisan, z, x, y)
        cache.set(key, data, timeout=3600)
    return data


@require_GET
def tile_portal(request, z: int, x: int, y: int):
    """The lines and polygons of every visible layer in one tile, one MVT layer each (named by slug), trimmed to
    what the portal's style and filters read (selectors.petak_portal): one request per tile for the portal map.
    MapLibre draws these tiles 512 px wide, so tile z serves the map at (Leaflet) zoom z + 1: layers' zooms and
    the boundaries' generalisation follow that zoom."""
    problem = _cek_zxy(z, x, y)
    if problem:
        return _galat(problem)
    layers = [
        lap
        for lap in Lapisan.objects.filter(aktif=True)
        if lap.jenis in SUMBER
        and SUMBER[lap.jenis].bentuk != ("titik",)
        and lap.min_zoom <= z + 1 <= lap.max_zoom
        and boleh_lihat_lapisan(request.user, lap)
    ]
    if request.user.is_authenticated:
        parts = [selectors.petak_portal(request.user, lap, z, x, y) for lap in layers]
    else:  # the public layers' cached shares, concatenated (MVT layers simply follow each other)
        keys = [(lap, _kunci_petak(lap, z, x, y, "portal")) for lap in layers]
        etag = _etag("|".join(k for _, k in keys).encode())
        if _cocok(request, etag):
            return _tile_response(request, b"", True, etag=etag, not_modified=True)
        parts = [_petak_publik(selectors.petak_portal, lap, key, z, x, y) for lap, key in keys]
        return _tile_response(request, b"".join(parts), True, etag=etag)
    return _tile_response(request, b"".join(parts), not request.user.is_authenticated)


@require_GET
def unduh(request, slug: str, fmt: str):
    """Download a visible layer (with the same filters as GeoJSON) as GeoJSON, GeoPackage, zipped shapefile, KML
    or CSV (formula-safe)."""
    import json

    import geopandas as gpd

    from importers.ekspor import FORMATS, berkas_unduhan

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

    problem = _cek_zxy(z, x, y)
    if problem:
        return _galat(problem)
    lapisan = lapisan_atau_404(request.user, slug)
    if lapisan.jenis != "raster" or lapisan.raster_id is None:
        return _galat("Lapisan ini bukan raster.")
    key = f"png:{slug}:{lapisan.raster_id}:{z}/{x}/{y}"
    data = cache.get(key)
    if data is None:
        data = tile_png(lapisan.raster, z, x, y)
        cache.set(key, data, timeout=3600)
    response = _tile_response(request, data, lapisan.is_public and not request.user.is_authenticated)
    if response.status_code == 200:
        response["Content-Type"] = "image/png"
    return response


@require_GET
def tile_citra(request, pk: int, z: int, x: int, y: int, fmt: str):
    """A tile of imagery (PNG or WebP) through the scope; 204 outside the image. Cached per data version: the
    ETag names the stored file, so a repeat answers 304 without reading the COG."""
    from layers import citra as layanan

    if fmt not in layanan.FORMAT:
        return _galat("Format petak citra harus png atau webp.")
    problem = _cek_zxy(z, x, y)
    if problem:
        return _galat(problem)
    citra = layanan.citra_atau_none(request.user, pk)
    if citra is None:
        raise Http404
    public = citra.publik and not request.user.is_authenticated
    key = f"citra:{citra.pk}:{layanan.versi(citra)}:{fmt}:{z}/{x}/{y}"
    etag = _etag(key.encode())
    if _cocok(request, etag):
        response = HttpResponse(status=304)
    else:
        data = cache.get(key)
        if data is None:
            data = layanan.petak(citra, z, x, y, fmt) or b""
            cache.set(key, data, timeout=24 * 3600)
        response = HttpResponse(data, content_type=layanan.FORMAT[fmt][1]) if data else HttpResponse(status=204)
    response["ETag"] = etag
    response["Cache-Control"] = "public, max-age=86400" if public else "private, max-age=3600"
    patch_vary_headers(response, ("Cookie",))
    return response
