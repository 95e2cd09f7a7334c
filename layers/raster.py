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

from importers.models import LapisanRaster
from importers.raster import ENV

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


def warnai(values: np.ndarray, mask: np.ndarray, jenis: str, low: float, high: float) -> bytes:
    """RGBA PNG of values scaled between low and high along the kind's ramp."""
    stops = RAMPS.get(jenis, RAMPS["lainnya"])
    span = (high - low) or 1.0
    t = np.clip((values.astype("float64") - low) / span, 0, 1)
    positions = [p for p, _ in stops]
    rgba = np.zeros((*values.shape, 4), dtype="uint8")
    for channel in range(3):
        rgba[..., channel] = np.interp(t, positions, [c[channel] for _, c in stops]).astype("uint8")
    rgba[..., 3] = np.where(mask, 0, 220)
    out = io.BytesIO()
    Image.fromarray(rgba, "RGBA").save(out, "PNG", optimize=True)
    return out.getvalue()


def tile_png(raster: LapisanRaster, z: int, x: int, y: int) -> bytes:
    """Warp the raster straight into the tile's 256×256 Web Mercator grid, then colour it."""
    bounds = tile_bounds(z, x, y)
    with (
        rasterio.Env(**ENV),
        rasterio.open(raster.berkas, driver="GTiff") as src,
        WarpedVRT(
            src,
            crs="EPSG:3857",
            transform=transform_from_bounds(*bounds, SIZE, SIZE),
            width=SIZE,
            height=SIZE,
            resampling=Resampling.bilinear,
            src_nodata=src.nodata,
            nodata=src.nodata if src.nodata is not None else -9999,
        ) as vrt,
    ):
        data = vrt.read(1, masked=True)
    values = data.filled(0)
    mask = np.ma.getmaskarray(data)
    stats = raster.statistik or {}
    low, high = stats.get("min", 0.0), stats.get("max", 1.0)
    if not (math.isfinite(low) and math.isfinite(high)):
        low, high = 0.0, 1.0
    return warnai(values, mask, raster.jenis, low, high)
