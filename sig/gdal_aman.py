"""GDAL confined for the whole process: only the drivers we accept, no network, no file inclusion.

One process may load three GDAL copies (pyogrio's, rasterio's and the system library GeoDjango uses); each
has its own driver registry and configuration, so `kurung()` sets both in every copy it finds mapped (with
CPLSetConfigOption, not environment variables: programs this process starts, such as ogr2ogr or pg_dump,
keep their defaults). It runs in every Django process (sig.apps) and in the import sandbox before anything
is opened. No Django here: the sandbox imports this module without settings.
"""

from __future__ import annotations

import ctypes
import threading
from pathlib import Path

# The drivers we accept, and why. Every other driver (VRT, OGR_VRT, GDALG, WMS, WFS, PostgreSQL, CSV,
# SQLite, LIBKML …) is deregistered from every GDAL copy and kept out through GDAL_SKIP.
DRIVER_IZIN: dict[str, str] = {
    "ESRI Shapefile": "shapefile uploads (in a zip) and shapefile exports",
    "GPKG": "GeoPackage uploads (views and foreign virtual tables refused first) and exports",
    "GeoJSON": "GeoJSON uploads (structure and crs checked first) and exports",
    "LIBKML": "reading KML/KMZ with their ExtendedData (NetworkLink, Link, overlays and outside styles are refused "
    "before GDAL opens the file, and GDAL has no network)",
    "KML": "KML exports (and reading where LIBKML is absent)",
    "GTiff": "GeoTIFF rasters (DEM, NDVI, imagery), always opened with driver='GTiff'",
    "COG": "writing Cloud-Optimised GeoTIFFs (a create-only driver: it opens nothing)",
    "MEM": "in-memory datasets rasterio creates for warping; it opens no file or name we pass",
}

# Configuration for every GDAL read, and why.
KONFIGURASI: dict[str, str] = {
    # Every HTTP request GDAL could make (/vsicurl/, a GeoJSON crs link, a KML NetworkLink, WMS …) goes to a
    # proxy on a closed loopback port and fails at once: no byte leaves the machine.
    "GDAL_HTTP_PROXY": "127.0.0.1:9",
    "GDAL_HTTPS_PROXY": "127.0.0.1:9",
    "GDAL_HTTP_TIMEOUT": "1",
    "GDAL_HTTP_CONNECTTIMEOUT": "1",
    "GDAL_HTTP_MAX_RETRY": "0",
    # /vsicurl/ may open only this (non-existent) name: every other URL is refused before connecting.
    "CPL_VSIL_CURL_ALLOWED_FILENAME": "/dev/null/sigdesa-tanpa-jaringan",
    "CPL_VSIL_CURL_ALLOWED_EXTENSIONS": ".sigdesa-tanpa-jaringan",
    # PROJ never downloads grids.
    "PROJ_NETWORK": "OFF",
    # Opening a file never lists its folder (sidecar discovery) nor reads/writes .aux.xml files.
    "GDAL_DISABLE_READDIR_ON_OPEN": "EMPTY_DIR",
    "GDAL_PAM_ENABLED": "NO",
    # SQL functions that open other datasets by name (gdal_get_pixel_value, VirtualOGR) stay off in GPKG.
    "OGR_SQLITE_ALLOW_EXTERNAL_ACCESS": "NO",
    # The MEM driver never opens "MEM:::DATAPOINTER=…" names (raw process memory).
    "GDAL_MEM_ENABLE_OPEN": "NO",
    # One GeoJSON feature may not exceed 64 MB (the default is 200 MB).
    "OGR_GEOJSON_MAX_OBJ_SIZE": "64",
    # The raster block cache is bounded (the default is 5 % of RAM per GDAL copy).
    "GDAL_CACHEMAX": "128",
    # A compound CRS in a GeoTIFF is reported as its horizontal part (what resolve_epsg expects).
    "GTIFF_REPORT_COMPD_CS": "NO",
}

_kunci = threading.Lock()
_selesai: set[str] = set()


def _libgdal_dimuat() -> list[str]:
    """Paths of the GDAL libraries mapped into this process."""
    try:
        lines = Path("/proc/self/maps").read_text().splitlines()
    except OSError:
        return []
    paths = {line.split()[-1] for line in lines if "libgdal" in line and ".so" in line and line.split()[-1][0] == "/"}
    return sorted(paths)


def _lib(path: str) -> ctypes.CDLL:
    lib = ctypes.CDLL(path)  # already mapped: dlopen returns the same handle
    lib.GDALGetDriverCount.restype = ctypes.c_int
    lib.GDALGetDriver.restype = ctypes.c_void_p
    lib.GDALGetDriver.argtypes = [ctypes.c_int]
    lib.GDALGetDriverShortName.restype = ctypes.c_char_p
    lib.GDALGetDriverShortName.argtypes = [ctypes.c_void_p]
    lib.GDALDeregisterDriver.argtypes = [ctypes.c_void_p]
    lib.CPLSetConfigOption.argtypes = [ctypes.c_char_p, ctypes.c_char_p]
    lib.CPLGetConfigOption.argtypes = [ctypes.c_char_p, ctypes.c_char_p]
    lib.CPLGetConfigOption.restype = ctypes.c_char_p
    return lib


def konfigurasi(path: str, nama: str) -> str | None:
    """The value of a configuration option in one loaded GDAL library."""
    value = _lib(path).CPLGetConfigOption(nama.encode(), None)
    return value.decode() if value is not None else None


def driver_terdaftar(path: str) -> list[str]:
    """The driver short names registered in one loaded GDAL library."""
    lib = _lib(path)
    names = []
    for i in range(lib.GDALGetDriverCount()):
        name = lib.GDALGetDriverShortName(lib.GDALGetDriver(i))
        names.append(name.decode() if name else "")
    return names


def _muat_semua() -> None:
    """Load every GDAL copy this program uses, so each is confined before its first open."""
    import pyogrio  # noqa: F401
    import rasterio  # noqa: F401

    try:
        from django.conf import settings

        if settings.configured:
            from django.contrib.gis.gdal import libgdal  # noqa: F401
    except ImportError:
        pass


def kurung() -> dict[str, list[str]]:
    """Apply the configuration and the driver allow-list to every GDAL copy loaded (idempotent).

    Returns the drivers left registered per library. Deregistered drivers stay off: a later
    GDALAllRegister() (rasterio calls it for every new thread) registers them again and then drops those
    named in that library's own GDAL_SKIP (set per library, since each copy has other drivers)."""
    with _kunci:
        _muat_semua()
        hasil = {}
        for path in _libgdal_dimuat():
            lib = _lib(path)
            if path not in _selesai:
                for key, value in KONFIGURASI.items():
                    lib.CPLSetConfigOption(key.encode(), value.encode())
                lib.GDALAllRegister()
            skip = []
            for i in reversed(range(lib.GDALGetDriverCount())):
                driver = lib.GDALGetDriver(i)
                name = (lib.GDALGetDriverShortName(driver) or b"").decode()
                if name not in DRIVER_IZIN:
                    lib.GDALDeregisterDriver(driver)
                    skip.append(name)
            if path not in _selesai:
                # GDAL_SKIP is separated by spaces: the few names with a space stay deregistered only.
                lib.CPLSetConfigOption(b"GDAL_SKIP", " ".join(n for n in skip if n and " " not in n).encode())
            _selesai.add(path)
            hasil[path] = driver_terdaftar(path)
        return hasil
