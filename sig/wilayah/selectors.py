"""Reads of territory: summaries for the home pages and boundary GeoJSON built in SQL."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.gis.db.models import Extent
from django.db.models import Count, QuerySet, Sum

from sig.geo import baca_geometri
from sig.replika import koneksi_baca
from sig.wilayah.models import Desa, Dusun, Kecamatan


def kecamatan_list() -> QuerySet[Kecamatan]:
    """Kecamatan with their kabupaten and desa counts, for the landing page."""
    return Kecamatan.objects.select_related("kabupaten").annotate(jumlah_desa=Count("desa")).order_by("kode")


def desa_of_kecamatan(kecamatan: Kecamatan) -> QuerySet[Desa]:
    return kecamatan.desa.annotate(jumlah_dusun=Count("dusun")).order_by("kode")


@dataclass(frozen=True)
class Ringkasan:
    jumlah_desa: int
    jumlah_dusun: int
    luas_ha: Decimal
    jumlah_warga: int
    jumlah_penduduk: int | None


def ringkasan_kecamatan(kecamatan: Kecamatan) -> Ringkasan:
    desa = Desa.objects.filter(kecamatan=kecamatan)
    totals = desa.aggregate(n=Count("pk"), penduduk=Sum("jumlah_penduduk"))
    return Ringkasan(
        jumlah_desa=totals["n"],
        jumlah_dusun=Dusun.objects.filter(desa__kecamatan=kecamatan).count(),
        luas_ha=kecamatan.luas_ha or Decimal(0),
        jumlah_warga=kecamatan.desa.aggregate(n=Count("warga"))["n"],
        jumlah_penduduk=totals["penduduk"],
    )


def ringkasan_desa(desa: Desa) -> Ringkasan:
    return Ringkasan(
        jumlah_desa=1,
        jumlah_dusun=desa.dusun.count(),
        luas_ha=desa.luas_ha or Decimal(0),
        jumlah_warga=desa.warga.count(),
        jumlah_penduduk=desa.jumlah_penduduk,
    )


def _feature_collection(sql: str, params: list[Any]) -> dict[str, Any]:
    with koneksi_baca().cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    return json.loads(row[0]) if row and row[0] else {"type": "FeatureCollection", "features": []}


# Coordinates rounded to 6 decimals (~0.1 m): enough for a boundary map, a third of the bytes.
_FC = """
SELECT json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(f ORDER BY f->>'id'), '[]'))::text
FROM (
  SELECT json_build_object(
    'type', 'Feature', 'id', {kode},
    'geometry', ST_AsGeoJSON({geom}, 6)::json,
    'properties', json_build_object({props})
  ) AS f
  FROM {table} WHERE {where}
) s
"""


def batas_kecamatan_geojson(kecamatan_ids: list[int] | None = None) -> dict[str, Any]:
    """Kecamatan boundaries (simplified for overview maps) as a FeatureCollection."""
    where = "batas IS NOT NULL" + (" AND id = ANY(%s)" if kecamatan_ids is not None else "")
    sql = _FC.format(
        kode="kode",
        geom="ST_SimplifyPreserveTopology(batas, 0.0001)",
        table="wilayah_kecamatan",
        where=where,
        # A kecamatan made from its desa codes has no name yet: say so (as Wilayah.nama_tampil does).
        props="'kode', kode, 'nama', coalesce(nullif(nama, ''), kode || ' (nama belum diketahui)'), "
        "'tingkat', 'kecamatan', 'url', '/kecamatan/' || kode || '/'",
    )
    return _feature_collection(sql, [kecamatan_ids] if kecamatan_ids is not None else [])


def batas_desa_geojson(*, kecamatan_id: int | None = None, desa_id: int | None = None) -> dict[str, Any]:
    """Desa boundaries of a kecamatan (or one desa) as a FeatureCollection."""
    where, params = ("kecamatan_id = %s", [kecamatan_id]) if desa_id is None else ("id = %s", [desa_id])
    sql = _FC.format(
        kode="kode",
        geom="batas",
        table="wilayah_desa",
        where=where,
        props="'kode', kode, 'nama', nama, 'tingkat', 'desa', 'luas_ha', luas_ha, 'url', '/desa/' || kode || '/'",
    )
    return _feature_collection(sql, params)


def batas_dusun_geojson(desa_id: int) -> dict[str, Any]:
    sql = _FC.format(
        kode="id::text",
        geom="batas",
        table="wilayah_dusun",
        where="desa_id = %s AND batas IS NOT NULL",
        props="'nama', 'Dusun ' || nama, 'tingkat', 'dusun', 'luas_ha', luas_ha",
    )
    return _feature_collection(sql, [desa_id])


def desa_di_lokasi(geometri: Any) -> Desa | None:
    """The desa a location lies in (its representative point), for citizen pins. Where boundaries overlap, the
    boundary in force decides: the one that came into force last, then the smallest, then the code (the SQL
    function wilayah_desa_berlaku, migration wilayah 0003; complaints are routed by the same function)."""
    if geometri is None:
        return None
    geom = baca_geometri(geometri)
    with koneksi_baca().cursor() as cursor:
        cursor.execute("SELECT wilayah_desa_berlaku(ST_GeomFromEWKB(%s))", [bytes(geom.point_on_surface.ewkb)])
        desa_id = cursor.fetchone()[0]
    return None if desa_id is None else Desa.objects.filter(pk=desa_id).first()


def batas_desa_geojson_ids(desa_ids: list[int]) -> dict[str, Any]:
    """Boundaries of the given desa (for drawing and snapping in edit maps)."""
    sql = _FC.format(
        kode="kode",
        geom="batas",
        table="wilayah_desa",
        where="id = ANY(%s)",
        props="'kode', kode, 'nama', nama, 'tingkat', 'desa'",
    )
    return _feature_collection(sql, [desa_ids])


def cakupan_desa(*, kecamatan_id: int | None = None, desa_id: int | None = None) -> list[float] | None:
    """[west, south, east, north] of the desa of a kecamatan, one desa, or all: a map's first view (the
    boundaries themselves are loaded by bounding box, never embedded whole)."""
    qs = Desa.objects.all()
    if desa_id is not None:
        qs = qs.filter(pk=desa_id)
    elif kecamatan_id is not None:
        qs = qs.filter(kecamatan_id=kecamatan_id)
    extent = qs.aggregate(e=Extent("batas"))["e"]
    return [round(v, 6) for v in extent] if extent else None


def pilihan_desa(kecamatan: Kecamatan | None = None) -> list[tuple[str, str]]:
    """(kode, label) of the desa for a filter: a name shared by several desa carries its kecamatan."""
    qs = Desa.objects.select_related("kecamatan").only("kode", "nama", "kecamatan__kode", "kecamatan__nama")
    if kecamatan is not None:
        qs = qs.filter(kecamatan=kecamatan)
    rows = list(qs.order_by("nama", "kecamatan__nama"))
    kembar = {n for n, c in Counter(d.nama for d in rows).items() if c > 1}
    return [(d.kode, f"{d.nama} (Kec. {d.kecamatan.nama_tampil})" if d.nama in kembar else d.nama) for d in rows]


def dengan_batas_desa(peta: dict[str, Any], desa_id: int | None) -> dict[str, Any]:
    """A detail map's features with their desa's outline underneath (drawn first), so a point has a place."""
    if desa_id is None:
        return peta
    batas = batas_desa_geojson(desa_id=desa_id)["features"]
    return {**peta, "features": [*batas, *peta.get("features", [])]}
