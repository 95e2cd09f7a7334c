"""The local basemap: a light map drawn from our own data (kecamatan and desa boundaries, dusun, the public
survey layers' roads, rivers and buildings) as 256-px PNG tiles, so a map is useful with no external service.
It is the fallback when the configured basemap cannot be reached, and a basemap of its own (sig.peta_dasar).
Only public data: the tiles are the same for everyone and cached per data version."""

from __future__ import annotations

import io
import math

import shapely
from PIL import Image, ImageDraw

from layers.selectors import TABEL_VERSI
from sig.replika import koneksi_baca
from sig.wilayah.models import Desa, Dusun, Kecamatan
from survei.models import FiturSurvei, LapisanSurvei

SISI = 256
SKALA = 2  # drawn at twice the size, then reduced: smooth lines without an anti-aliasing library
HALF = 20037508.342789244
DARAT = (242, 239, 233)
# what, from zoom, outline colour, line width (px), fill
GAYA = {
    "kecamatan": (0, (107, 114, 128), 2.0, None),
    "desa": (9, (156, 163, 175), 1.2, None),
    "dusun": (13, (209, 213, 219), 0.8, None),
    "garis": (12, (168, 162, 158), 2.0, None),  # roads, rivers, ditches of survey layers
    "poligon": (14, (168, 162, 158), 0.8, (226, 222, 214)),  # buildings, ponds, fields of survey layers
}
SQL = f"""
    WITH b AS MATERIALIZED (SELECT ST_TileEnvelope(%(z)s, %(x)s, %(y)s) AS env)
    SELECT s.jenis, ST_AsBinary(ST_AsMVTGeom(ST_Simplify(ST_Transform(s.g, 3857), %(tol)s), b.env, {SISI * SKALA}, 8))
    FROM b, (
        SELECT 'kecamatan' AS jenis, k.batas AS g FROM {Kecamatan._meta.db_table} k
        UNION ALL SELECT 'desa', d.batas FROM {Desa._meta.db_table} d WHERE %(z)s >= {GAYA["desa"][0]}
        UNION ALL SELECT 'dusun', u.batas FROM {Dusun._meta.db_table} u WHERE %(z)s >= {GAYA["dusun"][0]}
        UNION ALL SELECT CASE WHEN GeometryType(f.geometri) LIKE '%%LINESTRING' THEN 'garis' ELSE 'poligon' END,
                         f.geometri
        FROM {FiturSurvei._meta.db_table} f
        JOIN {LapisanSurvei._meta.db_table} l ON l.id = f.lapisan_id AND f.versi = l.versi AND l.publik
        WHERE %(z)s >= {GAYA["garis"][0]} AND GeometryType(f.geometri) NOT LIKE '%%POINT'
    ) s
    WHERE s.g && ST_MakeEnvelope(%(w)s, %(s)s, %(e)s, %(n)s, 4326)
"""


def versi_data() -> str:
    """The data version: the boundaries' (bumped by triggers on every write) and the survey layers' (each
    replacement is a new version; publishing or removing one changes the list). Kecamatan and dusun edits show
    within the tiles' cache time."""
    with koneksi_baca().cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT coalesce(sum(versi), 0) FROM {TABEL_VERSI} WHERE jenis = 'wilayah')::text || ':' || "
            "(SELECT md5(coalesce(string_agg(id || '.' || versi || '.' || publik, ',' ORDER BY id), '')) "
            f"FROM {LapisanSurvei._meta.db_table})"
        )
        return str(cursor.fetchone()[0])


def kunci(z: int, x: int, y: int) -> str:
    return f"peta-lokal:{versi_data()}:{z}/{x}/{y}"


def _gambar(draw: ImageDraw.ImageDraw, jenis: str, geom: shapely.Geometry) -> None:
    _, warna, lebar, isi = GAYA[jenis]
    width = max(1, round(lebar * SKALA))
    for part in getattr(geom, "geoms", [geom]):
        if isinstance(part, shapely.Polygon):
            if isinstance(isi, tuple):
                draw.polygon(list(part.exterior.coords), fill=isi)
            for ring in (part.exterior, *part.interiors):
                draw.line(list(ring.coords), fill=warna, width=width, joint="curve")
        elif isinstance(part, shapely.LineString):
            draw.line(list(part.coords), fill=warna, width=width, joint="curve")


def _lonlat(z: int, x: int, y: int) -> tuple[float, float, float, float]:
    """The tile's bounds in degrees, a little wider (the spatial indexes are on EPSG:4326 geometries)."""
    n = 2**z
    pad = 8 / SISI / SKALA  # the clip buffer of ST_AsMVTGeom, in tiles

    def lat(t: float) -> float:
        return math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * t / n))))

    return (
        (x - pad) / n * 360 - 180,
        lat(y + 1 + pad),
        (x + 1 + pad) / n * 360 - 180,
        lat(y - pad),
    )


def gambar_petak(z: int, x: int, y: int) -> bytes:
    """One tile of the local basemap (PNG)."""
    tol = 2 * HALF / SISI / 2**z / 2  # half a screen pixel, in metres
    west, south, east, north = _lonlat(z, x, y)
    params = {"z": z, "x": x, "y": y, "tol": tol, "w": west, "s": south, "e": east, "n": north}
    with koneksi_baca().cursor() as cursor:
        cursor.execute(SQL, params)
        rows = [(jenis, shapely.from_wkb(bytes(wkb))) for jenis, wkb in cursor.fetchall() if wkb]
    image = Image.new("RGB", (SISI * SKALA, SISI * SKALA), DARAT)
    draw = ImageDraw.Draw(image)
    urutan = list(GAYA)[::-1]  # survey features first, kecamatan outlines on top
    for jenis, geom in sorted(rows, key=lambda r: urutan.index(r[0])):
        _gambar(draw, jenis, geom)
    out = io.BytesIO()
    image.resize((SISI, SISI), Image.Resampling.LANCZOS).quantize(64).save(out, "PNG", optimize=True)
    return out.getvalue()
