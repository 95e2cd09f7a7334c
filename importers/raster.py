"""GeoTIFF rasters registered for analysis: GTiff driver only, size checked right after opening, CRS from
the allow-list, footprint inside Indonesia; the file is copied under a server-made name."""

from __future__ import annotations

import shutil
import uuid
from pathlib import Path
from typing import Any

import numpy as np
import rasterio
from django.conf import settings
from django.contrib.gis.geos import Polygon
from rasterio.errors import RasterioError
from rasterio.warp import transform_bounds

from importers.models import LapisanRaster
from importers.readers import ImporError
from sig.geo import INDONESIA_BBOX, CrsError, resolve_epsg

MAKS_PIKSEL = 400_000_000
MAKS_BAND = 4
ENV = {
    "GDAL_DISABLE_READDIR_ON_OPEN": "EMPTY_DIR",
    "CPL_VSIL_CURL_ALLOWED_EXTENSIONS": ".none",
    "GDAL_HTTP_TIMEOUT": "1",
    "GTIFF_REPORT_COMPD_CS": "NO",
}


def daftarkan(path: Path | None, *, nama: str, jenis: str, by: Any, dry_run: bool) -> dict[str, Any]:
    if path is None:
        raise ImporError("Berkas raster tidak ditemukan.")
    try:
        with rasterio.Env(**ENV), rasterio.open(path, driver="GTiff") as src:
            if src.driver != "GTiff":
                raise ImporError("Hanya GeoTIFF yang diterima.")
            if src.width * src.height > MAKS_PIKSEL or src.count > MAKS_BAND:
                raise ImporError(f"Raster terlalu besar ({src.width}×{src.height} piksel, {src.count} band).")
            if src.crs is None:
                raise ImporError("GeoTIFF tanpa CRS; simpan ulang dengan CRS (mis. EPSG:32748).")
            try:
                epsg = resolve_epsg(src.crs.to_wkt())
            except CrsError as exc:
                raise ImporError(str(exc)) from exc
            west, south, east, north = transform_bounds(src.crs, "EPSG:4326", *src.bounds)
            if (
                west < INDONESIA_BBOX[0]
                or east > INDONESIA_BBOX[2]
                or south < INDONESIA_BBOX[1]
                or north > INDONESIA_BBOX[3]
            ):
                raise ImporError("Cakupan raster berada di luar Indonesia; periksa CRS-nya.")
            factor = max(1, int(max(src.width, src.height) / 1024))
            sample = src.read(1, masked=True, out_shape=(max(1, src.height // factor), max(1, src.width // factor)))
            values = sample.compressed()
            stats = (
                {"min": float(values.min()), "max": float(values.max()), "mean": float(np.mean(values))}
                if values.size
                else {}
            )
            meta = {
                "epsg": epsg,
                "lebar": src.width,
                "tinggi": src.height,
                "jumlah_band": src.count,
                "nodata": None if src.nodata is None else float(src.nodata),
            }
    except RasterioError as exc:
        raise ImporError("Berkas bukan GeoTIFF yang dapat dibaca.") from exc
    footprint = Polygon.from_bbox((west, south, east, north))
    footprint.srid = 4326
    result = {**meta, "statistik": stats, "cakupan": [west, south, east, north]}
    if dry_run:
        return result
    folder = Path(settings.MEDIA_ROOT) / "raster"
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{uuid.uuid4().hex}.tif"
    shutil.copyfile(path, target)
    layer = LapisanRaster.objects.create(
        nama=nama[:150],
        jenis=jenis,
        berkas=str(target),
        cakupan=footprint,
        statistik=stats,
        dibuat_oleh=by if getattr(by, "is_authenticated", False) else None,
        **meta,
    )
    return {**result, "id": layer.pk}
