"""PNG tiles of registered rasters (DEM, slope, rainfall, NDVI) with a colour ramp; nodata is transparent."""

from __future__ import annotations

import io
import math

import numpy as np
import rasterio
from PIL import Image
from rasterio.enums import Resampling
from rasterio.transform import from_bounds as transform_from_bounds
from rasterio.vrt import WarpedVRT
from rasterio.warp import transform_bounds

from importers.raster import ENV
from survei.models import LapisanRaster

SIZE = 256
HALF = 20037508.342789244
RAMPS = {  # (position 0..1, (r, g, b))
    "dem": [(0.0, (34, 139, 34)), (0.35, (189, 183, 107)), (0.7, (139, 69, 19)), (1.0, (255, 255, 255))],
    "lereng": [(0.0, (255, 255, 204)), (0.5, (253, 141, 60)), (1.0, (189, 0, 38))],
    "curah_hujan": [(0.0, (239, 243, 255)), (0.5, (107, 174, 214)), (1.0, (8, 69, 148))],
    "ndvi": [(0.0, (166, 97, 26)), (0.5, (223, 194, 125)), (1.0, (1, 133, 113))],
    "lainnya": [(0.0, (0, 0, 0)), (1.0, (255, 255, 255))],
}


def tile_bounds(z: int, x: int, y: int) -> tuple[float, float, float, float]:
    """Web Mercator bounds (left, bottom, right, top) of a tile."""
    size = 2 * HALF / 2**z
    left = -HALF + x * size
    top = HALF - y * size
    return left, top - size, left + size, top


def rgba_ramp(values: np.ndarray, mask: np.ndarray, jenis: str, low: float, high: float) -> np.ndarray:
    """RGBA array of values scaled between low and high along the kind's ramp; masked cells transparent."""
    stops = RAMPS.get(jenis, RAMPS["lainnya"])
    span = (high - low) or 1.0
    t = np.clip((values.astype("float64") - low) / span, 0, 1)
    positions = [p for p, _ in stops]
    rgba = np.zeros((*values.shape, 4), dtype="uint8")
    for channel in range(3):
        rgba[..., channel] = np.interp(t, positions, [c[channel] for _, c in stops]).astype("uint8")
    rgba[..., 3] = np.where(mask, 0, 220)
    return rgba


def warnai(values: np.ndarray, mask: np.ndarray, jenis: str, low: float, high: float) -> bytes:
    """RGBA PNG of values scaled between low and high along the kind's ramp."""
    out = io.BytesIO()
    Image.fromarray(rgba_ramp(values, mask, jenis, low, high), "RGBA").save(out, "PNG", optimize=True)
    return out.getvalue()


def rentang(raster: LapisanRaster) -> tuple[float, float]:
    """The colour ramp's range: the raster's recorded min and max."""
    stats = raster.statistik or {}
    low, high = stats.get("min", 0.0), stats.get("max", 1.0)
    if not (math.isfinite(low) and math.isfinite(high)):
        return 0.0, 1.0
    return low, high


class RasterTerlaluRinci(ValueError):
    """The grid asks for a view far coarser than the raster and the file has no overviews to read instead."""


# Without overviews, a coarse grid is read from full-resolution pixels: allowed while that stays small.
MAKS_PIKSEL_TANPA_OVERVIEW = 4096 * 4096


def _level_overview(path: str, crs: str, bounds: tuple[float, float, float, float], width: int) -> int | None:
    """The overview level (rasterio's overview_level) that serves a grid of this pixel size: the coarsest one
    still finer than the grid; None for full resolution. Registered rasters are COGs with overviews."""
    with rasterio.open(path, driver="GTiff") as src:
        left, _, right, _ = transform_bounds(crs, src.crs, *bounds)
        faktor = abs(right - left) / width / abs(src.res[0])
        ovr = src.overviews(1)
        if faktor <= 2:
            return None
        cocok = [i for i, f in enumerate(ovr) if f <= faktor]
        if cocok:
            return cocok[-1]
        if src.width * src.height > MAKS_PIKSEL_TANPA_OVERVIEW:
            raise RasterTerlaluRinci("Raster tanpa overview terlalu besar untuk ditampilkan pada skala ini.")
        return None


def baca_grid(
    raster: LapisanRaster, crs: str, bounds: tuple[float, float, float, float], width: int, height: int
) -> np.ma.MaskedArray:
    """The raster warped (bilinear) straight into a grid of the given CRS, bounds and size; nodata masked.
    Coarse grids read the matching overview, never the whole raster."""
    with rasterio.Env(**ENV):
        level = _level_overview(raster.berkas, crs, bounds, width)
    opsi = {} if level is None else {"overview_level": level}
    with (
        rasterio.Env(**ENV),
        rasterio.open(raster.berkas, driver="GTiff", **opsi) as src,
        WarpedVRT(
            src,
            crs=crs,
            transform=transform_from_bounds(*bounds, width, height),
            width=width,
            height=height,
            resampling=Resampling.bilinear,
            src_nodata=src.nodata,
            nodata=src.nodata if src.nodata is not None else -9999,
        ) as vrt,
    ):
        return vrt.read(1, masked=True)


def tile_png(raster: LapisanRaster, z: int, x: int, y: int) -> bytes:
    """Warp the raster straight into the tile's 256×256 Web Mercator grid, then colour it."""
    try:
        data = baca_grid(raster, "EPSG:3857", tile_bounds(z, x, y), SIZE, SIZE)
    except RasterTerlaluRinci:
        data = np.ma.masked_all((SIZE, SIZE))  # transparent until the user zooms in
    return warnai(data.filled(0), np.ma.getmaskarray(data), raster.jenis, *rentang(raster))
