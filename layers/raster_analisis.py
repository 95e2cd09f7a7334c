"""Raster analyses: slope and aspect from a DEM, zonal statistics (exactextract: coverage-weighted, exact at
pixel fractions) per parcel or desa, and an FAO-style farmland suitability model (S1/S2/S3/N) with reasons."""

from __future__ import annotations

import math
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import geopandas as gpd
import numpy as np
import pandas as pd
import rasterio
import shapely
from django.contrib.gis.geos import Polygon
from django.db import transaction
from exactextract import exact_extract

from layers.models import Lapisan
from layers.selectors import ParameterSalah, fitur_sql
from sig.penyimpanan import folder_privat
from sig.replika import koneksi_baca
from survei.models import LapisanRaster

if TYPE_CHECKING:
    from sig.akun.models import AnyUser, User

OPS = ("mean", "min", "max", "majority", "count")


def zona_dari_lapisan(user: AnyUser, lapisan: Lapisan) -> gpd.GeoDataFrame:
    """The polygons of a layer this user may see, as a GeoDataFrame (fitur_id, kategori, desa_id, geometry)."""
    sql, params = fitur_sql(user, lapisan)
    with koneksi_baca().cursor() as cursor:
        cursor.execute(f"SELECT f.id, f.kategori, f.desa_id, ST_AsBinary(f.geom) FROM ({sql}) f", params)  # noqa: S608
        rows = cursor.fetchall()
    geoms = shapely.from_wkb([bytes(r[3]) for r in rows]) if rows else []
    return gpd.GeoDataFrame(
        {"fitur_id": [r[0] for r in rows], "kategori": [r[1] for r in rows], "desa_id": [r[2] for r in rows]},
        geometry=list(geoms),
        crs=4326,
    )


def statistik_zonal(raster: LapisanRaster, zona: gpd.GeoDataFrame, ops: tuple[str, ...] = OPS) -> pd.DataFrame:
    """exactextract over the raster for each zone (in the raster's CRS); mean is coverage-weighted."""
    if zona.empty:
        return pd.DataFrame(columns=["fitur_id", *ops])
    with rasterio.open(raster.berkas, driver="GTiff") as src:
        frame = zona[["fitur_id", "geometry"]].to_crs(src.crs)
        hasil = exact_extract(src, frame, list(ops), include_cols=["fitur_id"], output="pandas")
    return hasil


# ---- slope and aspect ----------------------------------------------------------------------------------


def _meter_per_piksel(src: Any) -> tuple[float, float]:
    rx, ry = abs(src.transform.a), abs(src.transform.e)
    if src.crs and src.crs.is_geographic:
        lat = (src.bounds.top + src.bounds.bottom) / 2
        return rx * 111_320 * math.cos(math.radians(lat)), ry * 110_574
    return rx, ry


def turunan_dem(dem: LapisanRaster, *, by: User | None = None) -> tuple[LapisanRaster, LapisanRaster]:
    """Slope (percent) and aspect (degrees from north, clockwise) rasters from a DEM, registered for analysis."""
    with rasterio.open(dem.berkas, driver="GTiff") as src:
        z = src.read(1, masked=True).astype("float64")
        dx, dy = _meter_per_piksel(src)
        filled = z.filled(np.nan)
        gy, gx = np.gradient(filled, dy, dx)  # rows go south: gy is d(z)/d(south)
        lereng = np.hypot(gx, gy) * 100.0
        aspek = (np.degrees(np.arctan2(-gx, gy)) + 360.0) % 360.0
        profile = {**src.profile, "dtype": "float32", "nodata": -9999.0, "count": 1, "driver": "GTiff"}
        bounds, crs_epsg = src.bounds, src.crs.to_epsg() or dem.epsg
    hasil = []
    for nama, jenis, data in (
        ("lereng", LapisanRaster.Jenis.LERENG, lereng),
        ("aspek", LapisanRaster.Jenis.LAINNYA, aspek),
    ):
        path = folder_privat("raster") / f"{uuid.uuid4().hex}.tif"
        out = np.where(np.isnan(data), -9999.0, data).astype("float32")
        with rasterio.open(path, "w", **profile) as dst:
            dst.write(out, 1)
        valid = out[out != -9999.0]
        footprint = dem.cakupan.clone() if dem.cakupan else Polygon.from_bbox(tuple(bounds))
        hasil.append(
            LapisanRaster.objects.create(
                nama=f"{nama.capitalize()} dari {dem.nama}"[:150],
                jenis=jenis,
                berkas=str(path),
                epsg=crs_epsg,
                lebar=out.shape[1],
                tinggi=out.shape[0],
                nodata=-9999.0,
                cakupan=footprint,
                statistik={"min": float(valid.min()), "max": float(valid.max()), "mean": float(valid.mean())}
                if valid.size
                else {},
                dibuat_oleh=by if getattr(by, "is_authenticated", False) else None,
            )
        )
    return hasil[0], hasil[1]


# ---- suitability -------------------------------------------------------------------------------------------

KELAS = ("S1", "S2", "S3", "N")
# Upper bounds of S1, S2, S3 per factor (above the last: N), after FAO-style land evaluation tables for Java.
KRITERIA_BAWAAN: dict[str, dict[str, Any]] = {
    "padi_sawah": {
        "lereng": (3, 8, 15),
        "elevasi": (700, 1200, 1500),
        "curah_hujan": None,
        "irigasi": {"teknis": "S1", "setengah_teknis": "S1", "sederhana": "S2", "tadah_hujan": "S3"},
    },
    "kopi": {"lereng": (8, 15, 30), "elevasi": (1500, 1800, 2000), "elevasi_min": (1000, 700, 500), "irigasi": None},
    "hortikultura": {"lereng": (8, 15, 25), "elevasi": (1500, 2000, 2300), "irigasi": None},
    "lainnya": {"lereng": (8, 15, 30), "elevasi": (1200, 1800, 2200), "irigasi": None},
}


def _kelas_batas(nilai: float, batas: tuple[float, ...], terbalik: bool = False) -> int:
    for i, b in enumerate(batas):
        if (nilai >= b) if terbalik else (nilai <= b):
            return i
    return 3


@dataclass
class Penilaian:
    kelas: str
    alasan: list[str]


def nilai_kesesuaian(
    *,
    komoditas: str,
    lereng: float | None,
    elevasi: float | None,
    irigasi: str = "",
    kriteria: dict[str, Any] | None = None,
) -> Penilaian:
    """The class of one parcel: the most limiting factor decides; every limiting factor is a reason."""
    k = (kriteria or KRITERIA_BAWAAN).get(komoditas) or KRITERIA_BAWAAN["lainnya"]
    faktor: list[tuple[int, str]] = []
    if lereng is not None and k.get("lereng"):
        i = _kelas_batas(lereng, k["lereng"])
        faktor.append((i, f"lereng {lereng:.1f}% → {KELAS[i]} (batas S1 ≤ {k['lereng'][0]}%)"))
    if elevasi is not None and k.get("elevasi"):
        i = _kelas_batas(elevasi, k["elevasi"])
        faktor.append((i, f"elevasi {elevasi:.0f} m → {KELAS[i]} (batas S1 ≤ {k['elevasi'][0]} m)"))
        if k.get("elevasi_min"):
            j = _kelas_batas(elevasi, k["elevasi_min"], terbalik=True)
            faktor.append((j, f"elevasi {elevasi:.0f} m → {KELAS[j]} (S1 mulai {k['elevasi_min'][0]} m)"))
    if k.get("irigasi") and irigasi:
        kelas = k["irigasi"].get(irigasi, "S3")
        faktor.append((KELAS.index(kelas), f"irigasi {irigasi.replace('_', ' ')} → {kelas}"))
    if not faktor:
        return Penilaian("", ["data lereng/elevasi tidak tersedia"])
    terburuk = max(i for i, _ in faktor)
    alasan = [teks for i, teks in faktor if i == terburuk and i > 0] or ["semua faktor S1"]
    return Penilaian(KELAS[terburuk], alasan)


def kesesuaian_lahan(
    *,
    user: AnyUser,
    dem: LapisanRaster,
    lereng: LapisanRaster | None = None,
    komoditas: str | None = None,
    kriteria: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Classify the farmland parcels the user may change (optionally one commodity) and write class and reasons;
    returns counts and areas per desa and class."""
    from assets.models import LahanPertanian
    from sig.akun import scope
    from sig.akun.scope import Action

    if dem.jenis != LapisanRaster.Jenis.DEM:
        raise ParameterSalah("Pilih raster DEM (elevasi).")
    lapisan = Lapisan.objects.get(slug="lahan-pertanian")
    zona = zona_dari_lapisan(user, lapisan)
    boleh = set(scope.filter_queryset(user, Action.CHANGE, LahanPertanian.objects.all()).values_list("pk", flat=True))
    zona = zona[zona["fitur_id"].isin(boleh)]
    if komoditas:
        zona = zona[zona["kategori"] == komoditas]
    if zona.empty:
        return {"dinilai": 0, "per_desa": {}}
    elev = statistik_zonal(dem, zona, ("mean",)).set_index("fitur_id")["mean"]
    slope = statistik_zonal(lereng, zona, ("mean",)).set_index("fitur_id")["mean"] if lereng else None
    parcels = {p.pk: p for p in LahanPertanian.objects.select_related("desa").filter(pk__in=list(zona["fitur_id"]))}
    ringkasan: dict[str, Counter[str]] = defaultdict(Counter)
    luas: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for fid in zona["fitur_id"]:
        p = parcels[fid]
        e = elev.get(fid)
        s = slope.get(fid) if slope is not None else None
        hasil = nilai_kesesuaian(
            komoditas=p.komoditas,
            irigasi=p.irigasi,
            kriteria=kriteria,
            elevasi=None if e is None or pd.isna(e) else float(e),
            lereng=None if s is None or pd.isna(s) else float(s),
        )
        p.kelas_kesesuaian, p.alasan_kesesuaian = hasil.kelas, hasil.alasan
        ringkasan[p.desa.nama][hasil.kelas or "-"] += 1
        luas[p.desa.nama][hasil.kelas or "-"] += float(p.luas_ha or 0)
    from simple_history.utils import bulk_update_with_history

    with transaction.atomic():
        bulk_update_with_history(
            list(parcels.values()),
            LahanPertanian,
            ["kelas_kesesuaian", "alasan_kesesuaian"],
            batch_size=1000,
            default_user=user if getattr(user, "is_authenticated", False) else None,
        )
    return {
        "dinilai": len(parcels),
        "per_desa": {
            d: {k: {"jumlah": n, "luas_ha": round(luas[d][k], 4)} for k, n in c.items()} for d, c in ringkasan.items()
        },
    }
