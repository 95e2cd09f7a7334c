"""A GeoTIFF checked before any pixel is read: GTiff driver only, a byte budget for the whole raster and a cap
on one block (a single compressed strip can hold gigabytes), CRS from the allow-list, footprint inside
Indonesia; then statistics from a decimated read. Runs inside the import sandbox (no Django)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import rasterio
from rasterio.enums import Interleaving
from rasterio.errors import RasterioError
from rasterio.warp import transform_bounds

from importers.readers import ImporError
from sig.crs import INDONESIA_BBOX, CrsError, resolve_epsg

MAKS_BAND = 4
MAKS_BYTE = 4 * 1024**3  # width × height × bands × bytes per sample
MAKS_BLOK = 64 * 1024**2  # one tile or strip, decompressed
SISI_SAMPEL = 1024
NAMA_COG = "raster-cog.tif"  # written by the sandbox in the run's work folder; the parent keeps this file only


def jadikan_cog(path: Path, tujuan: Path) -> None:
    """Rewrite the checked GeoTIFF as a tiled, compressed COG with overviews, so tiles and prints at any zoom
    read a few small blocks instead of the whole raster."""
    from rasterio.shutil import copy

    try:
        with rasterio.open(path, driver="GTiff") as src:
            predictor = "2" if all(np.dtype(d).kind in "iu" for d in src.dtypes) else "3"
            copy(
                src,
                tujuan,
                driver="COG",
                COMPRESS="DEFLATE",
                PREDICTOR=predictor,
                BLOCKSIZE="512",
                OVERVIEWS="AUTO",
                RESAMPLING="AVERAGE",
                NUM_THREADS="1",
                BIGTIFF="IF_SAFER",
            )
    except RasterioError as exc:
        raise ImporError("Raster tidak dapat disimpan ulang sebagai COG; periksa berkasnya.") from exc


def ukuran_blok(src: Any) -> int:
    """Bytes GDAL must decompress to read one block (all bands when pixel-interleaved)."""
    biggest = 0
    for (rows, cols), dtype in zip(src.block_shapes, src.dtypes, strict=True):
        biggest = max(biggest, rows * cols * np.dtype(dtype).itemsize)
    return biggest * (src.count if src.interleaving == Interleaving.pixel else 1)


def periksa_raster(path: Path) -> dict[str, Any]:
    """Metadata, footprint (lon/lat) and statistics of a GeoTIFF we accept; ImporError otherwise."""
    try:
        with rasterio.open(path, driver="GTiff") as src:
            if src.driver != "GTiff":
                raise ImporError("Hanya GeoTIFF yang diterima.")
            itemsize = max(np.dtype(d).itemsize for d in src.dtypes)
            total = src.width * src.height * src.count * itemsize
            if src.count > MAKS_BAND or total > MAKS_BYTE:
                raise ImporError(
                    f"Raster terlalu besar ({src.width}×{src.height} piksel, {src.count} band, "
                    f"{total / 1024**3:.1f} GB tanpa kompresi; batasnya {MAKS_BAND} band dan "
                    f"{MAKS_BYTE // 1024**3} GB)."
                )
            blok = ukuran_blok(src)
            if blok > MAKS_BLOK:
                raise ImporError(
                    f"Raster ditolak: satu blok/strip berukuran {blok / 1024**2:.0f} MB setelah didekompresi "
                    f"(batas {MAKS_BLOK // 1024**2} MB). Simpan ulang sebagai GeoTIFF ber-tile (mis. COG)."
                )
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
            factor = max(1, int(max(src.width, src.height) / SISI_SAMPEL))
            sample = src.read(1, masked=True, out_shape=(max(1, src.height // factor), max(1, src.width // factor)))
            values = sample.compressed()
            stats = (
                {"min": float(values.min()), "max": float(values.max()), "mean": float(np.mean(values))}
                if values.size
                else {}
            )
            return {
                "epsg": epsg,
                "lebar": src.width,
                "tinggi": src.height,
                "jumlah_band": src.count,
                "nodata": None if src.nodata is None else float(src.nodata),
                "statistik": stats,
                "cakupan": [west, south, east, north],
            }
    except RasterioError as exc:
        raise ImporError("Berkas bukan GeoTIFF yang dapat dibaca.") from exc
