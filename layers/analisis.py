"""Planner analyses in PostGIS over the layers a user may see: aggregation by area, proximity (buffer and
nearest), overlay, complaint hotspots and coverage gaps. Areas and distances on the spheroid (geography) or in
the UTM zone of the area; results are GeoJSON FeatureCollections (a temporary layer on the map, downloadable)."""

from __future__ import annotations

import datetime
import math
from typing import TYPE_CHECKING, Any

from layers.models import Lapisan
from layers.selectors import ParameterSalah, fitur_sql
from sig.replika import koneksi_baca
from sig.wilayah.models import Desa, Dusun, Kecamatan

if TYPE_CHECKING:
    from sig.akun.models import AnyUser

TABEL_DESA = Desa._meta.db_table
TABEL_DUSUN = Dusun._meta.db_table
TABEL_KECAMATAN = Kecamatan._meta.db_table


def _fc(sql: str, params: list[Any]) -> str:
    wrapped = f"""
        SELECT json_build_object('type', 'FeatureCollection', 'numberReturned', count(*),
               'features', coalesce(json_agg(r.feature), '[]'::json))::text
        FROM ({sql}) r
    """
    with koneksi_baca().cursor() as cursor:
        cursor.execute(wrapped, params)
        row = cursor.fetchone()
    return row[0] if row else '{"type":"FeatureCollection","features":[]}'


def zona_utm(lon: float, lat: float) -> int:
    """EPSG code of the WGS 84 / UTM zone of a point (Indonesia: 46S–54S, 47N–53N)."""
    zone = math.floor((lon + 180) / 6) + 1
    return (32700 if lat < 0 else 32600) + zone


def _utm_area(kode_wilayah: str | None) -> int:
    with koneksi_baca().cursor() as cursor:
        if kode_wilayah:
            table = f"{TABEL_DESA}" if kode_wilayah.count(".") == 3 else f"{TABEL_KECAMATAN}"
            cursor.execute(
                f"SELECT ST_X(c), ST_Y(c) FROM (SELECT ST_Centroid(batas) c FROM {table} WHERE kode = %s) s",
                [kode_wilayah],
            )
        else:
            cursor.execute(f"SELECT ST_X(c), ST_Y(c) FROM (SELECT ST_Centroid(ST_Extent(batas)) c FROM {TABEL_DESA}) s")
        row = cursor.fetchone()
    if not row or row[0] is None:
        raise ParameterSalah("Wilayah tidak ditemukan.")
    return zona_utm(row[0], row[1])


def agregasi(user: AnyUser, lapisan: Lapisan, *, per: str = "desa", kecamatan: str | None = None) -> str:
    """Per desa and category: features of the desa, their area (ha) and length (km); per dusun: features by their
    representative point, area and length of the part inside the dusun."""
    return _fc(*agregasi_sql(user, lapisan, per=per, kecamatan=kecamatan))


def agregasi_sql(
    user: AnyUser, lapisan: Lapisan, *, per: str = "desa", kecamatan: str | None = None
) -> tuple[str, list[Any]]:
    """The aggregation as one SELECT of features (also what bench/analisis.py times as the reference)."""
    if per not in {"desa", "dusun"}:
        raise ParameterSalah("per harus desa atau dusun.")
    fitur, params = fitur_sql(user, lapisan)
    if per == "desa":
        # Every feature belongs to one desa (checked when it is written): group by it, with stored areas.
        where_kec = f"WHERE d.kecamatan_id = (SELECT id FROM {TABEL_KECAMATAN} WHERE kode = %s)" if kecamatan else ""
        sql = f"""
            WITH f AS ({fitur}),
            x AS (SELECT d.kode, d.nama, f.kategori, count(*) AS jumlah, sum(f.m2) AS m2, sum(f.m) AS m
                  FROM f JOIN {TABEL_DESA} d ON d.id = f.desa_id {where_kec}
                  GROUP BY d.kode, d.nama, f.kategori)
            SELECT json_build_object('type', 'Feature',
                'geometry', ST_AsGeoJSON(ST_SimplifyPreserveTopology(d.batas, 0.00005), 6)::json,
                'properties', json_build_object(
                'kode', x.kode, 'nama', x.nama, 'kategori', x.kategori, 'jumlah', x.jumlah,
                'luas_ha', round((x.m2 / 10000)::numeric, 4), 'panjang_km', round((x.m / 1000)::numeric, 4))) AS feature
            FROM x JOIN {TABEL_DESA} d ON d.kode = x.kode ORDER BY x.kode, x.kategori
        """
        return sql, [*params, *([kecamatan] if kecamatan else [])]
    area = (
        "SELECT u.id, d.kode || '/' || u.nomor AS kode, 'Dusun ' || u.nama AS nama, u.batas, d.kecamatan_id "
        f"FROM {TABEL_DUSUN} u JOIN {TABEL_DESA} d ON d.id = u.desa_id WHERE u.batas IS NOT NULL"
    )
    where_kec = f"WHERE a.kecamatan_id = (SELECT id FROM {TABEL_KECAMATAN} WHERE kode = %s)" if kecamatan else ""
    sql = f"""
        WITH f AS ({fitur}), a AS ({area}),
        x AS (
            SELECT a.id, a.kode, a.nama, f.kategori,
                   count(*) FILTER (WHERE ST_Intersects(ST_PointOnSurface(f.geom), a.batas)) AS jumlah,
                   sum(CASE WHEN ST_CoveredBy(f.geom, a.batas) THEN f.m2
                            ELSE ST_Area(ST_Intersection(f.geom, a.batas)::geography) END) AS m2,
                   sum(CASE WHEN ST_CoveredBy(f.geom, a.batas) THEN f.m
                            ELSE ST_Length(ST_Intersection(f.geom, a.batas)::geography) END) AS m
            FROM a JOIN f ON f.geom && a.batas AND ST_Intersects(f.geom, a.batas)
            {where_kec}
            GROUP BY a.id, a.kode, a.nama, f.kategori
        )
        SELECT json_build_object('type', 'Feature', 'geometry', NULL, 'properties', json_build_object(
            'kode', x.kode, 'nama', x.nama, 'kategori', x.kategori, 'jumlah', x.jumlah,
            'luas_ha', round((x.m2 / 10000)::numeric, 4), 'panjang_km', round((x.m / 1000)::numeric, 4))) AS feature
        FROM x ORDER BY x.kode, x.kategori
    """
    return sql, [*params, *([kecamatan] if kecamatan else [])]


def _jarak(jarak_m: float) -> float:
    if not math.isfinite(jarak_m) or not 0 < jarak_m <= 50_000:
        raise ParameterSalah("jarak harus 0–50.000 meter.")
    return jarak_m


def dalam_jarak(user: AnyUser, lapisan: Lapisan, dekat: Lapisan, *, jarak_m: float) -> str:
    """Features of `lapisan` within `jarak_m` metres of any feature of `dekat`, with the distance to the nearest."""
    a_sql, a_params = fitur_sql(user, lapisan)
    b_sql, b_params = fitur_sql(user, dekat)
    sql = f"""
        WITH a AS ({a_sql}), b AS ({b_sql})
        SELECT json_build_object('type', 'Feature', 'id', a.id, 'geometry', ST_AsGeoJSON(a.geom, 7)::json,
            'properties', json_build_object('id', a.id, 'nama', a.nama, 'kategori', a.kategori,
                'jarak_m', round(min(ST_Distance(a.geom::geography, b.geom::geography))::numeric, 1))) AS feature
        FROM a JOIN b ON ST_DWithin(a.geom::geography, b.geom::geography, %s)
        GROUP BY a.id, a.geom, a.kategori, a.nama
    """
    return _fc(sql, [*a_params, *b_params, _jarak(jarak_m)])


def terdekat(user: AnyUser, lapisan: Lapisan, ke: Lapisan, *, kategori: str | None = None) -> str:
    """For each feature of `lapisan`, the nearest feature of `ke` (optionally of one category) and its distance."""
    a_sql, a_params = fitur_sql(user, lapisan)
    b_sql, b_params = fitur_sql(user, ke)
    filter_b = "WHERE b.kategori = %s" if kategori else ""
    sql = f"""
        WITH a AS ({a_sql}), b AS ({b_sql})
        SELECT json_build_object('type', 'Feature', 'id', a.id,
            'geometry', ST_AsGeoJSON(ST_MakeLine(ST_PointOnSurface(a.geom), ST_ClosestPoint(n.geom, a.geom)), 7)::json,
            'properties', json_build_object('id', a.id, 'nama', a.nama, 'kategori', a.kategori, 'terdekat_id', n.id,
                'terdekat_nama', n.nama, 'terdekat_kategori', n.kategori,
                'jarak_m', round(ST_Distance(a.geom::geography, n.geom::geography)::numeric, 1))
        ) AS feature
        FROM a CROSS JOIN LATERAL (
            SELECT b.id, b.geom, b.kategori, b.nama FROM b {filter_b} ORDER BY a.geom <-> b.geom LIMIT 1
        ) n
    """
    return _fc(sql, [*a_params, *b_params, *([kategori] if kategori else [])])


def tumpang_susun(user: AnyUser, lapisan: Lapisan, dengan: Lapisan) -> str:
    """Overlay: the parts of `lapisan` inside `dengan` (e.g. farmland in a flood zone), with their areas."""
    a_sql, a_params = fitur_sql(user, lapisan)
    b_sql, b_params = fitur_sql(user, dengan)
    sql = f"""
        WITH a AS ({a_sql}), b AS ({b_sql}),
        x AS (SELECT a.id AS a_id, a.nama AS a_nama, a.kategori AS a_kategori, b.id AS b_id, b.nama AS b_nama,
                     b.kategori AS b_kategori,
                     ST_CollectionExtract(ST_Intersection(a.geom, b.geom), 3) AS geom
              FROM a JOIN b ON a.geom && b.geom AND ST_Intersects(a.geom, b.geom))
        SELECT json_build_object('type', 'Feature', 'geometry', ST_AsGeoJSON(x.geom, 7)::json,
            'properties', json_build_object('id', x.a_id, 'nama', x.a_nama, 'kategori', x.a_kategori,
                'dengan_id', x.b_id, 'dengan_nama', x.b_nama, 'dengan_kategori', x.b_kategori,
                'luas_ha', round((ST_Area(x.geom::geography) / 10000)::numeric, 4))
        ) AS feature
        FROM x WHERE NOT ST_IsEmpty(x.geom)
    """
    return _fc(sql, [*a_params, *b_params])


def titik_panas(
    user: AnyUser,
    lapisan: Lapisan,
    *,
    sel_m: float,
    mulai: datetime.date | None = None,
    sampai: datetime.date | None = None,
    kategori: str | None = None,
) -> str:
    """Grid counts (square cells of `sel_m` metres in the UTM zone) of a point layer, e.g. complaints of a period."""
    if not math.isfinite(sel_m) or not 50 <= sel_m <= 10_000:
        raise ParameterSalah("sel harus 50–10.000 meter.")
    fitur, params = fitur_sql(user, lapisan)
    clauses: list[str] = []
    values: list[object] = []
    if lapisan.jenis == "pengaduan":
        fitur = fitur.replace("SELECT t.id,", "SELECT t.dibuat AS waktu, t.id,", 1)
        if mulai:
            clauses.append("f.waktu >= %s::date")
            values.append(mulai)
        if sampai:
            clauses.append("f.waktu < %s::date + 1")
            values.append(sampai)
    if kategori:
        clauses.append("f.kategori = %s")
        values.append(kategori)
    where = ("WHERE " + " AND ".join(clauses)) if clauses else ""
    utm = _utm_area(None)
    sql = f"""
        WITH f AS (SELECT f.id, ST_Transform(ST_PointOnSurface(f.geom), {utm}) AS p FROM ({fitur}) f {where}),
        g AS (SELECT (ST_SquareGrid(%s, ST_SetSRID(ST_Extent(p)::geometry, {utm}))).* FROM f)
        SELECT json_build_object('type', 'Feature', 'geometry', ST_AsGeoJSON(ST_Transform(g.geom, 4326), 7)::json,
            'properties', json_build_object('jumlah', count(f.id), 'sel_m', %s)) AS feature
        FROM g JOIN f ON ST_Intersects(f.p, g.geom)
        GROUP BY g.geom
    """
    return _fc(sql, [*params, *values, sel_m, sel_m])


def celah_layanan(
    user: AnyUser, lapisan: Lapisan, *, jarak_m: float, kecamatan: str, kategori: str | None = None
) -> str:
    """Parts of a kecamatan farther than `jarak_m` from every feature of `lapisan` (e.g. a health post), in ha."""
    fitur, params = fitur_sql(user, lapisan)
    utm = _utm_area(kecamatan)
    filter_f = "WHERE f.kategori = %s" if kategori else ""
    sql = f"""
        WITH k AS (SELECT ST_Transform(batas, {utm}) AS g FROM {TABEL_KECAMATAN} WHERE kode = %s),
        f AS (SELECT ST_Union(ST_Buffer(ST_Transform(f.geom, {utm}), %s)) AS g FROM ({fitur}) f {filter_f}),
        c AS (SELECT CASE WHEN f.g IS NULL THEN k.g ELSE ST_Difference(k.g, f.g) END AS g FROM k, f)
        SELECT json_build_object('type', 'Feature', 'geometry', ST_AsGeoJSON(ST_Transform(c.g, 4326), 7)::json,
            'properties', json_build_object('jarak_m', %s, 'luas_ha', round((ST_Area(c.g) / 10000)::numeric, 2))
        ) AS feature
        FROM c WHERE NOT ST_IsEmpty(c.g)
    """
    return _fc(sql, [kecamatan, _jarak(jarak_m), *params, *([kategori] if kategori else []), jarak_m])
