"""Tile answers in one place (vector, raster, imagery and local-basemap tiles): z/x/y checked, ETag and
If-None-Match, Cache-Control, and the cache of tiles that are the same for everyone. Such a tile is named by a
key that carries its data version (bumped by triggers on every write), so a repeat answers 304 without rendering
and a changed layer is never served stale."""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

MVT = "application/vnd.mapbox-vector-tile"


def cek_zxy(z: int, x: int, y: int) -> str | None:
    """Why z/x/y names no tile (for a 400), else None."""
    if not 0 <= z <= 22:
        return _("Zoom harus 0–22.")
    if not (0 <= x < 2**z and 0 <= y < 2**z):
        return _("Koordinat petak (x, y) di luar rentang zoom ini.")
    return None


def etag(data: bytes) -> str:
    return '"' + hashlib.blake2b(data, digest_size=12).hexdigest() + '"'


def cocok(request: HttpRequest, tag: str) -> bool:
    """If-None-Match names this tag; compression (ours or nginx's) sends it back weak, W/"…"."""
    tags = [t.strip().removeprefix("W/") for t in request.headers.get("If-None-Match", "").split(",")]
    return tag in tags


def tersimpan(key: str, buat: Callable[[], bytes], detik: int = 3600) -> bytes:
    """The tile under `key` from the cache, else rendered by `buat` and kept for `detik` seconds."""
    data = cache.get(key)
    if data is None:
        data = buat()
        cache.set(key, data, timeout=detik)
    return data


def jawab(
    request: HttpRequest,
    buat: Callable[[], bytes],
    *,
    jenis: str = MVT,
    key: str | None = None,
    simpan: int | None = 3600,
    publik: bool,
    umur: tuple[int, int] = (300, 60),
    kosong_204: bool = False,
    vary: bool = True,
) -> HttpResponse:
    """A tile answer. With `key` (the same tile for everyone) the ETag is the key's, so a match answers 304 before
    anything is rendered, and the bytes are cached `simpan` seconds (None: not cached here, e.g. when `buat`
    joins tiles cached each on their own). Without a key (per-user scope) the tile is rendered every time and
    the ETag is its content's. `umur`: max-age when public / private; an empty tile is 204 when `kosong_204`."""
    tag = etag(key.encode()) if key is not None else None
    if tag is not None and cocok(request, tag):
        response = HttpResponse(status=304)
    else:
        data = buat() if key is None or simpan is None else tersimpan(key, buat, simpan)
        tag = tag or etag(data)
        if cocok(request, tag):
            response = HttpResponse(status=304)
        elif not data and kosong_204:
            response = HttpResponse(status=204)
        else:
            response = HttpResponse(data, content_type=jenis)
    response["ETag"] = tag
    response["Cache-Control"] = f"public, max-age={umur[0]}" if publik else f"private, max-age={umur[1]}"
    if vary:
        patch_vary_headers(response, ("Cookie",))
    return response
