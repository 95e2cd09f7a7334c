"""A GeoTIFF checked before any pixel is read: GTiff driver only, a byte budget for the whole raster and a cap
on one block (a single compressed strip can hold gigabytes), CRS from the allow-list, footprint inside
Indonesia; then statistics from a decimated read. Runs inside the import sandbox (no Django)."""

from __future__ import annotations

import math
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


def jadikan_cog(path: Path, tujuan: Path, *, citra: bool = False) -> None:
    """Rewrite the checked GeoTIFF as a tiled, compressed COG with overviews, so tiles and prints at any zoom
    read a few small blocks instead of the whole raster. Imagery (8-bit) is stored in Web Mercator as JPEG
    with a mask; data rasters stay in their CRS, lossless."""
    from rasterio.shutil import copy

    antara = tujuan.with_name("citra-antara.tif")
    try:
        if citra:
            path = _web_mercator(path, antara)
        with rasterio.open(path, driver="GTiff") as src:
            predictor = "2" if all(np.dtype(d).kind in "iu" for d in src.dtypes) else "3"
            kompresi = (
                {"COMPRESS": "JPEG", "QUALITY": "85"} if citra else {"COMPRESS": "DEFLATE", "PREDICTOR": predictor}
            )
            copy(
                src,
                tujuan,
                driver="COG",
                **kompresi,
                BLOCKSIZE="512",
                OVERVIEWS="AUTO",
                RESAMPLING="AVERAGE",
                NUM_THREADS="1",
                BIGTIFF="IF_SAFER",
            )
    except RasterioError as exc:
        raise ImporError("Raster tidak dapat disimpan ulang sebagai COG; periksa berkasnya.") from exc
    finally:
        antara.unlink(missing_ok=True)


def _web_mercator(path: Path, antara: Path) -> Path:
    """Imagery warped to Web Mercator (the tiles' grid: a tile then reads its blocks without reprojection) as an
    RGB/grey GeoTIFF with an internal mask from its alpha, nodata or edges (JPEG keeps no alpha). Written block
    by block through rasterio's warper: memory stays at a few blocks, and GDAL's VRT driver stays off."""
    from rasterio.enums import Resampling
    from rasterio.vrt import WarpedVRT
    from rasterio.windows import Window

    with (
        rasterio.open(path, driver="GTiff") as src,
        WarpedVRT(src, crs="EPSG:3857", resampling=Resampling.bilinear) as vrt,
    ):
        bands = (1, 2, 3) if src.count >= 3 else (1,)
        profil = {
            "driver": "GTiff", "width": vrt.width, "height": vrt.height, "count": len(bands), "dtype": "uint8",
            "crs": vrt.crs, "transform": vrt.transform, "tiled": True, "blockxsize": 512, "blockysize": 512,
            "compress": "deflate", "BIGTIFF": "IF_SAFER",
        }  # fmt: skip
        with rasterio.Env(GDAL_TIFF_INTERNAL_MASK=True), rasterio.open(antara, "w", **profil) as dst:
            for row in range(0, vrt.height, 512):
                for col in range(0, vrt.width, 512):
                    w = Window(col, row, min(512, vrt.width - col), min(512, vrt.height - row))
                    dst.write(vrt.read(bands, window=w), window=w)
                    dst.write_mask(vrt.dataset_mask(window=w), window=w)
    return antara


def periksa_citra(path: Path, info: dict[str, Any]) -> dict[str, Any]:
    """Imagery for a basemap: 8-bit grey, RGB or RGBA; adds the zooms it serves (native, and a few coarser ones
    read from its overviews)."""
    with rasterio.open(path, driver="GTiff") as src:
        if src.count not in (1, 3, 4) or any(np.dtype(d) != np.uint8 for d in src.dtypes):
            raise ImporError(
                f"Citra harus GeoTIFF 8-bit dengan 1 (abu-abu), 3 (RGB) atau 4 (RGBA) band; berkas ini "
                f"{src.count} band {src.dtypes[0]}. Gunakan tujuan 'Raster' untuk DEM/NDVI."
            )
        left, bottom, right, top = transform_bounds(src.crs, "EPSG:3857", *src.bounds)
        width, height = src.width, src.height
    resolusi = max(abs(right - left) / width, abs(top - bottom) / height) or 1.0  # metres of a Web Mercator pixel
    maks = max(0, min(24, math.ceil(math.log2(2 * 20037508.342789244 / 256 / resolusi))))
    seluruh = maks - math.ceil(math.log2(max(width, height, 256) / 256))  # the zoom where one tile holds it all
    return {**info, "maks_zoom": maks, "min_zoom": max(0, min(maks, seluruh - 3))}


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
