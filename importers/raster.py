"""GeoTIFF rasters registered for analysis: checked and described in the import sandbox
(importers.readers.raster); here the file is copied under a server-made name and recorded."""

from __future__ import annotations

import shutil
import uuid
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.gis.geos import Polygon

from importers.models import LapisanRaster
from importers.readers import ImporError

# GDAL options for opening registered rasters in this process (the process-wide ones are in sig.gdal_aman).
ENV = {"GDAL_DISABLE_READDIR_ON_OPEN": "EMPTY_DIR", "GTIFF_REPORT_COMPD_CS": "NO"}


def daftarkan(
    path: Path, info: dict[str, Any] | None, *, nama: str, jenis: str, by: Any, dry_run: bool
) -> dict[str, Any]:
    """Record a checked GeoTIFF (`info` from the sandbox) as a raster layer; a dry run records nothing."""
    if info is None:
        raise ImporError("Berkas raster tidak dapat dibaca.")
    west, south, east, north = info["cakupan"]
    if dry_run:
        return info
    footprint = Polygon.from_bbox((west, south, east, north))
    footprint.srid = 4326
    folder = Path(settings.MEDIA_ROOT) / "raster"
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{uuid.uuid4().hex}.tif"
    shutil.copyfile(path, target)
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
