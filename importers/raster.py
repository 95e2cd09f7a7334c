"""GeoTIFF rasters registered for analysis: checked, described and rewritten as a COG in the import sandbox
(importers.readers.raster); here the COG is copied under a server-made name and recorded."""

from __future__ import annotations

import os
import shutil
import stat
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.contrib.gis.geos import Polygon

from importers.readers import ImporError
from sig.penyimpanan import folder_privat
from survei.models import LapisanRaster

if TYPE_CHECKING:
    from sig.akun.models import User

# GDAL options for opening registered rasters in this process (the process-wide ones are in sig.gdal_aman).
ENV = {"GDAL_DISABLE_READDIR_ON_OPEN": "EMPTY_DIR", "GTIFF_REPORT_COMPD_CS": "NO"}


def _salin_biasa(path: Path, target: Path) -> None:
    """Copy the sandbox's COG; a link or anything but a regular file there is refused, never followed."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    except OSError as exc:
        raise ImporError("Raster hasil konversi tidak ada; impor dibatalkan.") from exc
    with os.fdopen(fd, "rb") as source:
        if not stat.S_ISREG(os.fstat(source.fileno()).st_mode):
            raise ImporError("Raster hasil konversi tidak sah; impor dibatalkan.")
        with target.open("wb") as sink:
            shutil.copyfileobj(source, sink, 1024 * 1024)


def daftarkan(
    path: Path, info: dict[str, Any] | None, *, nama: str, jenis: str, by: User | None, dry_run: bool
) -> dict[str, Any]:
    """Record a checked GeoTIFF (`info` from the sandbox) as a raster layer; a dry run records nothing."""
    if info is None:
        raise ImporError("Berkas raster tidak dapat dibaca.")
    west, south, east, north = info["cakupan"]
    if dry_run:
        return info
    footprint = Polygon.from_bbox((west, south, east, north))
    footprint.srid = 4326
    target = folder_privat("raster") / f"{uuid.uuid4().hex}.tif"  # served only as scoped tiles
    _salin_biasa(path, target)
    layer = LapisanRaster.objects.create(
        nama=nama[:150],
        jenis=jenis,
        berkas=str(target),
        cakupan=footprint,
        statistik=info["statistik"],
        dibuat_oleh=by if getattr(by, "is_authenticated", False) else None,
        epsg=info["epsg"],
        lebar=info["lebar"],
        tinggi=info["tinggi"],
        jumlah_band=info["jumlah_band"],
        nodata=info["nodata"],
    )
    return {**info, "id": layer.pk}
