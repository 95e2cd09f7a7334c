"""Imagery basemaps (importers.CitraUdara): which ones a user may see, as basemap entries for the map
bootstrap (sig.peta_dasar), and their XYZ tiles read from the COG by rio-tiler (PNG or WebP, transparent
outside the image)."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

import numpy as np
import rasterio
from django.db.models import QuerySet
from django.urls import reverse
from PIL import Image
from rio_tiler.errors import TileOutsideBounds
from rio_tiler.io import Reader

from importers.raster import ENV
from sig.akun import scope
from sig.akun.scope import Action
from survei.models import CitraUdara

if TYPE_CHECKING:
    from sig.akun.models import AnyUser

UKURAN = 256
FORMAT = {"png": ("PNG", "image/png"), "webp": ("WEBP", "image/webp")}
ZOOM_LEBIH = 3  # zooms past the native one still drawn (scaled up), as with any basemap


def terlihat(user: AnyUser) -> QuerySet[CitraUdara]:
    """The imagery this user may see: public imagery for everyone, a desa's private imagery for its staff."""
    return scope.filter_queryset(user, Action.VIEW, CitraUdara.objects.all())


def citra_atau_none(user: AnyUser, pk: int) -> CitraUdara | None:
    return terlihat(user).filter(pk=pk).first()


def sebagai_peta_dasar(user: AnyUser) -> list[dict[str, Any]]:
    """The user's imagery as basemap entries (same shape as sig.peta_dasar's), with their footprint."""
    hasil = []
    for c in terlihat(user).only("pk", "nama", "atribusi", "min_zoom", "maks_zoom", "cakupan"):
        west, south, east, north = c.cakupan.extent
        url = reverse("layers:tile_citra", kwargs={"pk": c.pk, "z": 0, "x": 0, "y": 0, "fmt": "png"})
        hasil.append(
            {
                "kode": f"citra-{c.pk}",
                "nama": c.nama,
                "url": url.replace("/0/0/0.png", "/{z}/{x}/{y}.png"),
                "atribusi": c.atribusi,
                "maks_zoom": min(22, c.maks_zoom + ZOOM_LEBIH),
                "asli_zoom": c.maks_zoom,
                "min_zoom": c.min_zoom,
                "batas": [round(v, 6) for v in (west, south, east, north)],
                "citra": True,
            }
        )
    return hasil


def versi(citra: CitraUdara) -> str:
    """The imagery's data version: its stored file, renamed whenever it is replaced."""
    return citra.berkas.rsplit("/", 1)[-1].removesuffix(".tif")


def petak(citra: CitraUdara, z: int, x: int, y: int, fmt: str) -> bytes | None:
    """One tile of the imagery; None when the tile lies outside it or outside its zooms."""
    if not citra.min_zoom <= z <= citra.maks_zoom + ZOOM_LEBIH:
        return None
    with (
        rasterio.Env(**ENV),
        rasterio.open(citra.berkas, driver="GTiff") as dataset,
        Reader(None, dataset=dataset) as src,
    ):
        try:
            indexes = (1, 2, 3) if dataset.count >= 3 else (1,)
            # Through rasterio's warper (vrt_options): a read past the image's edge would otherwise be a
            # "boundless" read, which needs GDAL's VRT driver (off in this process, sig.gdal_aman).
            gambar = src.tile(
                x, y, z, tilesize=UKURAN, indexes=indexes, resampling_method="bilinear", vrt_options={"dtype": "uint8"}
            )
        except TileOutsideBounds:
            return None
    if not gambar.mask.any():
        return None
    # Encoded by Pillow: GDAL's PNG/WebP drivers stay off in this process (sig.gdal_aman).
    data = np.asarray(gambar.array.filled(0), dtype="uint8")
    rgb = np.repeat(data, 3, axis=0) if data.shape[0] == 1 else data[:3]
    rgba = np.concatenate([rgb, np.asarray(gambar.mask, dtype="uint8")[None]], axis=0)
    out = io.BytesIO()
    opsi: dict[str, Any] = {"optimize": True} if fmt == "png" else {"quality": 80, "method": 4}
    Image.fromarray(np.moveaxis(rgba, 0, -1), "RGBA").save(out, FORMAT[fmt][0], **opsi)
    return out.getvalue()
