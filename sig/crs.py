"""Coordinate reference systems: user CRS text is resolved by pyproj against an allow-list (no Django, no GDAL).

User-supplied CRS text (a .prj, a GeoJSON `crs`, a form field) never reaches GDAL's SpatialReference
(GDAL < 3.9 would let it open files or URLs); it is resolved here to an allow-listed EPSG code. The import
sandbox (importers/sandbox) uses this module without Django.
"""

from __future__ import annotations

import re
from typing import Any

import pyproj
from pyproj.exceptions import CRSError

pyproj.network.set_network_enabled(False)

WGS84 = 4326
DGN95 = 4755
UTM_WGS84 = {
    **{32600 + z: f"WGS 84 / UTM {z}N" for z in range(46, 55)},
    **{32700 + z: f"WGS 84 / UTM {z}S" for z in range(46, 55)},
}
UTM_DGN95 = {23866 + i: f"DGN95 / UTM {46 + i}N" for i in range(7)} | {
    23877 + i: f"DGN95 / UTM {47 + i}S" for i in range(8)
}
TM3_DGN95 = {
    23830 + i: f"DGN95 / Indonesia TM-3 {z}"
    for i, z in enumerate(
        [
            "46.2",
            "47.1",
            "47.2",
            "48.1",
            "48.2",
            "49.1",
            "49.2",
            "50.1",
            "50.2",
            "51.1",
            "51.2",
            "52.1",
            "52.2",
            "53.1",
            "53.2",
            "54.1",
        ]
    )
}
ALLOWED_EPSG: dict[int, str] = {
    WGS84: "WGS 84",
    DGN95: "DGN95",
    3857: "WGS 84 / Pseudo-Mercator",
    **UTM_WGS84,
    **UTM_DGN95,
    **TM3_DGN95,
}

# Bounding box of Indonesia with a margin (lon/lat).
INDONESIA_BBOX = (94.0, -11.5, 142.0, 6.5)

_FORBIDDEN = re.compile(r"(/vsi|https?:|ftp:|file:|\+init|nadgrids|geoidgrids|\bPG:|\.\./)", re.IGNORECASE)


class CrsError(ValueError):
    """The CRS is missing, unreadable or not on the allow-list; the message is for the operator."""


def resolve_epsg(value: Any) -> int:
    """An allow-listed EPSG code for an int, 'EPSG:n', WKT/PROJ text or pyproj CRS; CrsError otherwise."""
    if value is None or (isinstance(value, str) and not value.strip()):
        raise CrsError("Sistem koordinat (CRS) tidak diketahui; pilih CRS berkas ini secara manual.")
    if isinstance(value, bool):
        raise CrsError("CRS tidak valid.")
    if isinstance(value, int):
        code = value
    else:
        if isinstance(value, str):
            text = value.strip()
            if len(text) > 20000 or _FORBIDDEN.search(text):
                raise CrsError("Teks CRS ditolak: berisi rujukan berkas, jaringan atau grid.")
            if text.isdecimal():
                return resolve_epsg(int(text))
        try:
            crs = value if isinstance(value, pyproj.CRS) else pyproj.CRS.from_user_input(value)
        except (CRSError, TypeError, ValueError) as exc:
            raise CrsError("CRS tidak dapat dibaca; pilih CRS berkas ini secara manual.") from exc
        # OGC:CRS84 is WGS 84 in longitude/latitude order: exactly how we store 4326.
        found = 4326 if crs.to_authority(min_confidence=70) == ("OGC", "CRS84") else crs.to_epsg(min_confidence=70)
        if found is None:
            raise CrsError(f"CRS '{crs.name}' tidak dikenali sebagai kode EPSG; pilih CRS secara manual.")
        code = found
    code = {4979: WGS84, 4326: WGS84}.get(code, code)  # WGS 84 3D: we keep two dimensions
    if code not in ALLOWED_EPSG:
        raise CrsError(f"EPSG:{code} tidak didukung. CRS yang didukung: WGS 84, DGN95, UTM 46–54 N/S, TM-3.")
    return code


def utm_epsg_for(lon: float, lat: float) -> int:
    """The WGS 84 UTM zone for a longitude/latitude (for metric work outside geography)."""
    zone = min(max(int((lon + 180) // 6) + 1, 1), 60)
    return (32600 if lat >= 0 else 32700) + zone
