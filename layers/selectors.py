"""Features of a layer as a GeoJSON FeatureCollection or a Mapbox vector tile, built entirely by PostGIS."""

from __future__ import annotations

import copy
import datetime
import math
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext as _

from layers import label
from layers.models import Lapisan
from layers.sumber import SUMBER, Sumber, boleh_lihat_lapisan, kondisi_scope
from sig.akun import scope
from sig.replika import koneksi_baca
from sig.wilayah.models import Desa, Kecamatan

if TYPE_CHECKING:
    from sig.akun.models import AnyUser

TABEL_DESA = Desa._meta.db_table
TABEL_KECAMATAN = Kecamatan._meta.db_table
TABEL_VERSI = "layers_versidata"  # the data-version table, made by migration 0003 (no model)

MAKS_LIMIT = 5000
LIMIT_BAWAAN = 1000
KODE_WILAYAH = {"desa": re.compile(r"^\d{2}\.\d{2}\.\d{2}\.\d{4}$"), "kecamatan": re.compile(r"^\d{2}\.\d{2}\.\d{2}$")}


def _sql_versi(jenis: str) -> str:
    """The data version of the kind `jenis` (SQL: a parameter or a column), as one scalar subquery."""
    return f"(SELECT coalesce(sum(v.versi), 0) FROM {TABEL_VERSI} v WHERE v.jenis = {jenis})"


def versi_data(jenis: str) -> int:
    """The data version of a kind of feature (bumped by statement triggers on every write): one cheap read that
    keys the tile cache and answers the live feed's If-None-Match."""
    with koneksi_baca().cursor() as cursor:
        cursor.execute(f"SELECT {_sql_versi('%s')}", [jenis])
        return int(cursor.fetchone()[0])


def dengan_versi(daftar: QuerySet[Lapisan]) -> QuerySet[Lapisan]:
    """The layers with the data version of their kind (`versi_data`, as `versi_data()` reads it), in the same
    query: a tile keyed by it costs one round trip less."""
    return daftar.annotate(versi_data=RawSQL(_sql_versi(f"{Lapisan._meta.db_table}.jenis"), ()))  # noqa: S611


_LAPISAN: dict[str, tuple[str, Lapisan]] = {}  # slug → (hash of its row, the layer), per process


def lapisan_dengan_versi(slug: str) -> Lapisan | None:
    """The layer `slug` with `versi_data` (as `dengan_versi`) for a tile request, in one small query: the row's
    hash and the data version. The layer itself is kept per process and read again only when its row changed
    (building it through the ORM cost more than a small tile's SQL). A copy is returned; None if no such layer."""
    db = koneksi_baca()
    with db.cursor() as cursor:
        cursor.execute(
            f"SELECT md5(l::text), {_sql_versi('l.jenis')} FROM {Lapisan._meta.db_table} l WHERE l.slug = %s", [slug]
        )
        row = cursor.fetchone()
    if row is None:
        return None
    tanda, versi = row
    simpan = _LAPISAN.get(slug)
    if simpan is None or simpan[0] != tanda:
        baru = Lapisan.objects.using(db.alias).filter(slug=slug).first()
        if baru is None:
            return None
        simpan = _LAPISAN[slug] = (tanda, baru)  # read after the hash: never older than it
    lapisan = copy.copy(simpan[1])
    lapisan.versi_data = int(versi)  # type: ignore[attr-defined]
    return lapisan


def daftar_lapisan(user: AnyUser) -> list[dict[str, Any]]:
    """The layers `user` may see, in map order, with style, zooms, endpoints and the filters they accept."""
    layers = [lap for lap in Lapisan.objects.filter(aktif=True) if boleh_lihat_lapisan(user, lap)]
    return [
        {
            "slug": lap.slug,
            "judul": lap.judul,
            "jenis": lap.jenis,
            "gaya": lap.gaya,
            "min_zoom": lap.min_zoom,
            "max_zoom": lap.max_zoom,
            "urutan": lap.urutan,
            "atribusi": lap.atribusi,
            "geojson": f"/lapisan/{lap.slug}.geojson" if lap.jenis in SUMBER else None,
            "legenda": f"/lapisan/{lap.slug}/legenda.json" if lap.jenis in SUMBER else None,
            "tiles": f"/tiles/{lap.slug}/{{z}}/{{x}}/{{y}}." + ("png" if lap.jenis == "raster" else "pbf"),
            "saring": {
                "status": bool(lap.jenis in SUMBER and SUMBER[lap.jenis].status),
                "tahun": bool(lap.jenis in SUMBER and SUMBER[lap.jenis].tahun),
            },
            "atribut": _atribut(lap, user),
            "bentuk": list(SUMBER[lap.jenis].bentuk) if lap.jenis in SUMBER else [],
        }
        for lap in layers
        if lap.jenis in SUMBER or (lap.jenis == "raster" and lap.raster_id)
    ]


def lapisan_batas_desa(user: AnyUser) -> Lapisan | None:
    """The desa boundary layer maps draw underneath (None if an admin turned it off)."""
    for lap in Lapisan.objects.filter(aktif=True, jenis="wilayah").order_by("urutan"):
        if boleh_lihat_lapisan(user, lap):
            return lap
    return None


def url_batas_desa(user: AnyUser) -> str | None:
    """The GeoJSON endpoint of the desa boundary layer maps draw underneath."""
    lap = lapisan_batas_desa(user)
    return f"/lapisan/{lap.slug}.geojson" if lap else None


def _atribut(lap: Lapisan, user: AnyUser | None = None) -> dict[str, Any]:
    """Labels of the layer's attributes; internal ones only for a `user` who may see them in some desa."""
    gaya = lap.gaya or {}
    if lap.jenis not in SUMBER:
        return {}
    sumber = SUMBER[lap.jenis]

    def terlihat(akun: AnyUser, nama: str) -> bool:
        reach = scope.jangkauan_atribut(akun, sumber.model, nama)
        return reach is scope.ALL or bool(reach)

    internal = tuple(n for n in sumber.internal if user is not None and terlihat(user, n))
    return label.atribut(sumber, gaya.get("by"), gaya.get("rules"), internal)


class ParameterSalah(ValueError):
    """A request parameter that cannot be used; the message is for the caller (400)."""


@dataclass
class Saringan:
    bbox: tuple[float, float, float, float] | None = None
    desa: str | None = None
    kecamatan: str | None = None
    kategori: str | None = None
    atribut: dict[str, str] = field(default_factory=dict)
    limit: int = LIMIT_BAWAAN
    offset: int = 0
    properties: list[str] | None = None
    status: str | None = None
    tahun: int | None = None
    zoom: int | None = None  # the map's zoom: geometries simplified to half a screen pixel there
    hanya_titik: bool = False  # ?geometri=titik: points only (the portal draws lines and polygons from tiles)


def angka(text: str, nama: str) -> float:
    """A finite number from a request parameter, or ParameterSalah naming it."""
    try:
        value = float(text)
    except ValueError as exc:
        raise ParameterSalah(f"{nama} harus berupa angka.") from exc
    if not math.isfinite(value):
        raise ParameterSalah(f"{nama} harus berupa angka terhingga.")
    return value


def bulat(params: Any, nama: str, low: int, high: int) -> int | None:
    """A whole number low..high from a request parameter (absent: None), or ParameterSalah naming it. Checked with
    str.isdecimal(): superscript digits pass str.isdigit() but not int()."""
    text = params.get(nama)
    if text in (None, ""):
        return None
    if not str(text).isdecimal() or not low <= int(text) <= high:
        raise ParameterSalah(
            _("%(nama)s harus bilangan bulat %(low)s–%(high)s.") % {"nama": nama, "low": low, "high": high}
        )
    return int(text)


def tanggal(params: Any, nama: str) -> datetime.date | None:
    """A calendar date YYYY-MM-DD from a request parameter (absent: None), or ParameterSalah naming it."""
    text = params.get(nama) or None
    if text is None:
        return None
    try:
        if len(text) != 10:
            raise ValueError(text)
        return datetime.date.fromisoformat(text)
    except ValueError as exc:
        raise ParameterSalah(
            _("%(nama)s harus tanggal yang ada, TTTT-BB-HH (mis. 2026-01-31).") % {"nama": nama}
        ) from exc


def bbox_wgs84(nums: list[float], srid: int) -> tuple[float, float, float, float]:
    """A bounding box given in `srid` (x/y order) as lon/lat, checked to be a real place: corners transformed by
    pyproj before any SQL, so PostGIS never sees coordinates it cannot transform."""
    import pyproj

    minx, miny, maxx, maxy = nums
    if not (minx < maxx and miny < maxy):
        raise ParameterSalah("bbox terbalik: nilai minimum harus lebih kecil dari maksimum.")
    if srid != 4326:
        transformer = pyproj.Transformer.from_crs(srid, 4326, always_xy=True)
        xs, ys = transformer.transform([minx, maxx, minx, maxx], [miny, miny, maxy, maxy], errcheck=False)
        if not all(math.isfinite(v) for v in (*xs, *ys)):
            raise ParameterSalah("bbox di luar jangkauan CRS-nya (koordinat tidak dapat diubah ke lintang/bujur).")
        minx, miny, maxx, maxy = min(xs), min(ys), max(xs), max(ys)
    if not (-180 <= minx < maxx <= 180 and -90 <= miny < maxy <= 90):
        raise ParameterSalah("bbox di luar rentang atau terbalik (bujur -180..180, lintang -90..90).")
    return minx, miny, maxx, maxy


def kode_wilayah(params: Any, nama: str) -> str | None:
    """A desa or kecamatan code from a request parameter (absent: None), or ParameterSalah."""
    value = params.get(nama) or None
    if value and not KODE_WILAYAH[nama].match(value):
        raise ParameterSalah(_("Kode %(nama)s tidak sah (contoh: 32.05.07.2001 / 32.05.07).") % {"nama": nama})
    return value


def baca_bbox(text: str) -> tuple[float, float, float, float]:
    """A WGS 84 bounding box "lon_min,lat_min,lon_max,lat_max", or ParameterSalah."""
    parts = text.split(",")
    if len(parts) != 4:
        raise ParameterSalah("bbox harus berisi 4 angka: bujur_min,lintang_min,bujur_maks,lintang_maks.")
    minx, miny, maxx, maxy = (angka(p, "bbox") for p in parts)
    if not (-180 <= minx < maxx <= 180 and -90 <= miny < maxy <= 90):
        raise ParameterSalah("bbox di luar rentang atau terbalik (bujur -180..180, lintang -90..90).")
    return minx, miny, maxx, maxy


def baca_saringan(params: Any, sumber: Sumber) -> Saringan:
    """Parse and check query parameters (bbox, desa, kecamatan, kategori, f.<attr>, limit, offset, properties)."""
    s = Saringan()
    if params.get("bbox"):
        s.bbox = baca_bbox(params["bbox"])
    s.desa, s.kecamatan = kode_wilayah(params, "desa"), kode_wilayah(params, "kecamatan")
    if params.get("kategori"):
        s.kategori = params["kategori"][:60]
    if params.get("status"):
        if not sumber.status:
            raise ParameterSalah("Saringan status tidak tersedia untuk lapisan ini.")
        s.status = params["status"][:30]
    if params.get("tahun"):
        if not sumber.tahun:
            raise ParameterSalah("Saringan tahun tidak tersedia untuk lapisan ini.")
        if not str(params["tahun"]).isdecimal() or not 1900 <= int(params["tahun"]) <= 2100:
            raise ParameterSalah("tahun harus bilangan 1900–2100.")
        s.tahun = int(params["tahun"])
    for key, value in params.items():
        if key.startswith("f."):
            column = key[2:]
            if column not in sumber.filters:
                raise ParameterSalah(f"Saringan atribut '{column}' tidak tersedia untuk lapisan ini.")
            s.atribut[column] = str(value)[:100]
    for key, low, high in (("limit", 1, MAKS_LIMIT), ("offset", 0, 10**9), ("zoom", 0, 22)):
        value = bulat(params, key, low, high)
        if value is not None:
            setattr(s, key, value)
    if params.get("geometri"):
        if params["geometri"] != "titik":
            raise ParameterSalah(_("geometri hanya dapat bernilai 'titik'."))
        s.hanya_titik = True
    if params.get("properties"):
        wanted = [p.strip() for p in params["properties"].split(",") if p.strip()]
        unknown = [p for p in wanted if p not in sumber.properties + sumber.internal]
        if unknown:
            raise ParameterSalah(f"Atribut tidak dikenal: {', '.join(unknown)}.")
        s.properties = wanted
    return s


def _kondisi(user: AnyUser, lapisan: Lapisan, sumber: Sumber, s: Saringan) -> tuple[str, list[Any]]:
    where, params = kondisi_scope(user, sumber)
    clauses, values = [where], list(params)
    for column, value in (lapisan.saringan or {}).items():
        if column in sumber.properties + sumber.filters + (sumber.kategori,):
            clauses.append(f"t.{column}::text = %s")
            values.append(str(value))
    if lapisan.desa_id:
        clauses.append(f"{sumber.desa} = %s")
        values.append(lapisan.desa_id)
    if sumber.json_properties:  # a survey layer reads its own features only
        clauses.append("t.lapisan_id = %s")
        values.append(lapisan.survei_id)
    if s.bbox:
        clauses.append(f"t.{sumber.geom} && ST_MakeEnvelope(%s, %s, %s, %s, 4326)")
        values += list(s.bbox)
    if s.desa:
        clauses.append(f"{sumber.desa} = (SELECT id FROM {TABEL_DESA} WHERE kode = %s)")
        values.append(s.desa)
    if s.kecamatan:
        clauses.append(
            f"{sumber.desa} IN (SELECT d.id FROM {TABEL_DESA} d JOIN {TABEL_KECAMATAN} k "
            "ON k.id = d.kecamatan_id WHERE k.kode = %s)"
        )
        values.append(s.kecamatan)
    if s.kategori:
        clauses.append(f"t.{sumber.kategori}::text = %s")
        values.append(s.kategori)
    for column, value in s.atribut.items():
        clauses.append(f"t.{column}::text = %s")
        values.append(value)
    if s.status and sumber.status:
        clauses.append(f"t.{sumber.status}::text = %s")
        values.append(s.status)
    if s.tahun and sumber.tahun:
        clauses.append(f"{sumber.tahun} = %s")
        values.append(s.tahun)
    if s.hanya_titik:
        clauses.append(f"ST_Dimension(t.{sumber.geom}) = 0")
    return " AND ".join(clauses), values


def _kolom(user: AnyUser, sumber: Sumber, wanted: list[str] | None) -> tuple[list[tuple[str, str]], list[Any]]:
    """(name, SQL expression) of the attributes to send; an internal one only on rows of the desa where the
    user may see it (scope.jangkauan_atribut)."""
    reach = {name: scope.jangkauan_atribut(user, sumber.model, name) for name in sumber.internal}
    names = wanted or [*sumber.properties, *(n for n in sumber.internal if reach[n] is scope.ALL or reach[n])]
    columns, values = [], []
    for name in names:
        desa = reach.get(name, scope.ALL)
        if desa is not None:  # not ALL
            if not desa:
                continue
            columns.append((name, f"CASE WHEN {sumber.desa} = ANY(%s) THEN t.{name} END"))
            values.append(list(desa))
        else:
            columns.append((name, f"t.{name}"))
    return columns, values


def desimal_zoom(zoom: int | None) -> int:
    """Decimals of a coordinate that still tell half a screen pixel apart at this zoom (7: about 1 cm)."""
    if zoom is None:
        return 7
    return max(1, min(7, math.ceil(math.log10(2 * 256 * 2**zoom / 360))))


def periksa_cakupan(user: AnyUser, lapisan: Lapisan, s: Saringan) -> None:
    """A boundary layer's GeoJSON for more than MAKS_LIMIT boundaries at once (a whole province or the country:
    unbounded, tens of megabytes) is refused with the way to ask instead (ParameterSalah: 400)."""
    sumber = SUMBER[lapisan.jenis]
    if sumber.model is not Desa or s.desa or s.kecamatan:
        return
    where, values = _kondisi(user, lapisan, sumber, s)
    with koneksi_baca().cursor() as cursor:
        cursor.execute(
            f"SELECT count(*) FROM (SELECT 1 FROM {sumber.table} t WHERE {where} LIMIT %s) n", [*values, MAKS_LIMIT + 1]
        )
        jumlah = cursor.fetchone()[0]
    if jumlah > MAKS_LIMIT:
        raise ParameterSalah(
            _(
                "Permintaan ini mencakup lebih dari %(maks)s batas wilayah. Perbesar peta atau persempit bbox, pilih "
                "desa atau kecamatan, atau pakai petak vektor /tiles/%(slug)s/{z}/{x}/{y}.pbf untuk seluruh wilayah."
            )
            % {"maks": f"{MAKS_LIMIT:,}".replace(",", "."), "slug": lapisan.slug}
        )


def geojson(user: AnyUser, lapisan: Lapisan, s: Saringan) -> str:
    sumber = SUMBER[lapisan.jenis]
    where, where_values = _kondisi(user, lapisan, sumber, s)
    columns, prop_values = _kolom(user, sumber, s.properties)
    props = ", ".join(f"'{name}', {expr}" for name, expr in columns)
    properties = f"t.{sumber.json_properties}" if sumber.json_properties else f"json_build_object({props})"
    geom, geom_values = f"t.{sumber.geom}", []
    if s.zoom is not None:  # half a 256-px tile pixel at this zoom, in degrees (geometries are EPSG:4326)
        geom, geom_values = f"ST_SimplifyPreserveTopology(t.{sumber.geom}, %s)", [180.0 / 256 / 2**s.zoom]
    digits = desimal_zoom(s.zoom)
    sql = f"""
        SELECT json_build_object(
            'type', 'FeatureCollection', 'numberReturned', count(*),
            'features', coalesce(json_agg(f.feature ORDER BY f.id), '[]'::json))::text
        FROM (
            SELECT t.id, json_build_object(
                'type', 'Feature', 'id', t.id,
                'geometry', ST_AsGeoJSON({geom}, {digits})::json,
                'properties', {properties}) AS feature
            FROM {sumber.table} t WHERE {where}
            ORDER BY t.id LIMIT %s OFFSET %s
        ) f
    """
    with koneksi_baca().cursor() as cursor:
        cursor.execute(sql, [*geom_values, *prop_values, *where_values, s.limit, s.offset])
        return cursor.fetchone()[0]


def pita_zoom(z: int) -> int | None:
    """The band of generalised boundaries (sig.wilayah migration 0005) that serves zoom `z`, if any."""
    with koneksi_baca().cursor() as cursor:
        cursor.execute("SELECT pita FROM wilayah_pita_zoom WHERE %s BETWEEN z_min AND z_max ORDER BY pita LIMIT 1", [z])
        row = cursor.fetchone()
    return None if row is None else int(row[0])


def _tile_batas_umum(lapisan: Lapisan, pita: int, z: int, x: int, y: int) -> bytes:
    """A boundary tile from the boundaries generalised for this zoom band (kecamatan at national and province
    zooms, simplified desa below): small at every zoom. Territory is public; each feature says its level."""
    # The band as a literal: the planner then uses that band's partial index.
    sql = f"""
        WITH b AS MATERIALIZED (SELECT ST_TileEnvelope(%s, %s, %s) AS env)
        SELECT ST_AsMVT(m, %s, 4096, 'geom', 'id') FROM (
            SELECT u.wilayah_id AS id, ST_AsMVTGeom(u.geom, b.env, 4096, 64, true) AS geom, u.kode, u.nama, u.tingkat
            FROM wilayah_batas_umum u, b WHERE u.pita = {int(pita)} AND u.geom && b.env
        ) m WHERE m.geom IS NOT NULL
    """
    with koneksi_baca().cursor() as cursor:
        cursor.execute(sql, [z, x, y, lapisan.slug])
        return bytes(cursor.fetchone()[0] or b"")


def _batas_umum(lapisan: Lapisan, z: int) -> int | None:
    """The zoom band whose generalised boundaries serve this boundary layer's tile at `z` (None: read the table)."""
    if SUMBER[lapisan.jenis].model is Desa and not lapisan.desa_id and not lapisan.saringan:
        return pita_zoom(z)
    return None


def _mvt(
    user: AnyUser, lapisan: Lapisan, z: int, x: int, y: int, columns: str, values: list[Any], bidang: bool
) -> bytes:
    """ST_AsMVT of the layer's features this user may see in tile z/x/y, with `columns` (SQL, alias t) beside the
    id; `bidang`: lines and polygons only."""
    sumber = SUMBER[lapisan.jenis]
    where, where_values = _kondisi(user, lapisan, sumber, Saringan())
    if bidang:
        where += f" AND ST_Dimension(t.{sumber.geom}) > 0"
    sql = f"""
        WITH b AS MATERIALIZED (SELECT e.env, ST_Transform(e.env, 4326) AS kotak
                                FROM (SELECT ST_TileEnvelope(%s, %s, %s) AS env) e)
        SELECT ST_AsMVT(m, %s, 4096, 'geom', 'id') FROM (
            SELECT t.id, ST_AsMVTGeom(ST_Transform(t.{sumber.geom}, 3857), b.env, 4096, 64, true) AS geom, {columns}
            FROM {sumber.table} t, b
            WHERE t.{sumber.geom} && b.kotak AND {where}
        ) m WHERE m.geom IS NOT NULL
    """
    with koneksi_baca().cursor() as cursor:
        cursor.execute(sql, [z, x, y, lapisan.slug, *values, *where_values])
        return bytes(cursor.fetchone()[0] or b"")


def tile(user: AnyUser, lapisan: Lapisan, z: int, x: int, y: int) -> bytes:
    """One Mapbox vector tile layer (named after the layer slug) by ST_AsMVT."""
    sumber = SUMBER[lapisan.jenis]
    pita = _batas_umum(lapisan, z)
    if pita is not None:
        return _tile_batas_umum(lapisan, pita, z, x, y)
    pairs, prop_values = _kolom(user, sumber, list(sumber.tile_properties) if sumber.tile_properties else None)
    columns = ", ".join(f"{expr} AS {name}" for name, expr in pairs)
    if sumber.json_properties:  # ST_AsMVT turns the keys of a jsonb column into properties
        columns = f"t.{sumber.json_properties}"
    return _mvt(user, lapisan, z, x, y, columns, prop_values, bidang=False)


def petak_portal(user: AnyUser, lapisan: Lapisan, z: int, x: int, y: int) -> bytes:
    """The layer's share of the portal tile: its lines and polygons only (the portal draws points as markers from
    GeoJSON), each with the id and what the style and the portal's filters read: `kelas` (the styling attribute),
    `desa` (its code) and `tahun`. A popup fetches the rest by id (`fitur`). The tile is drawn 512 px wide, at map
    zoom z + 1: boundaries come generalised for that zoom."""
    sumber = SUMBER[lapisan.jenis]
    if "garis" not in sumber.bentuk and "poligon" not in sumber.bentuk:
        return b""
    pita = _batas_umum(lapisan, z + 1)
    if pita is not None:
        return _tile_batas_umum(lapisan, pita, z, x, y)
    kelas, values = _ekspresi_kelas(sumber, (lapisan.gaya or {}).get("by"))
    columns = [f"{kelas} AS kelas", f"(SELECT d.kode FROM {TABEL_DESA} d WHERE d.id = {sumber.desa}) AS desa"]
    if sumber.tahun:
        columns.append(f"({sumber.tahun})::int AS tahun")
    return _mvt(user, lapisan, z, x, y, ", ".join(columns), values, bidang="titik" in sumber.bentuk)


def fitur(user: AnyUser, lapisan: Lapisan, fid: int) -> str | None:
    """One feature as GeoJSON without its geometry (a popup's details), through the same scope and attribute rules
    as `geojson`; None when there is no such feature this user may see."""
    sumber = SUMBER[lapisan.jenis]
    where, where_values = _kondisi(user, lapisan, sumber, Saringan())
    columns, prop_values = _kolom(user, sumber, None)
    props = ", ".join(f"'{name}', {expr}" for name, expr in columns)
    properties = f"t.{sumber.json_properties}" if sumber.json_properties else f"json_build_object({props})"
    sql = f"""
        SELECT json_build_object('type', 'Feature', 'id', t.id, 'geometry', NULL, 'properties', {properties})::text
        FROM {sumber.table} t WHERE {where} AND t.id = %s
    """
    with koneksi_baca().cursor() as cursor:
        cursor.execute(sql, [*prop_values, *where_values, fid])
        row = cursor.fetchone()
    return None if row is None else row[0]


def fitur_sql(user: AnyUser, lapisan: Lapisan, s: Saringan | None = None) -> tuple[str, list[Any]]:
    """A SELECT of the layer's features this user may see: id, geom (4326), desa_id, kategori, nama, area m²
    and length m (stored where the model keeps them) — for analyses."""
    sumber = SUMBER[lapisan.jenis]
    where, params = _kondisi(user, lapisan, sumber, s or Saringan())
    luas, panjang = (expr.format(geom=sumber.geom) for expr in (sumber.luas_m2, sumber.panjang_m))
    sql = (
        f"SELECT t.id, t.{sumber.geom} AS geom, {sumber.desa} AS desa_id, t.{sumber.kategori}::text AS kategori, "
        f"({sumber.nama})::text AS nama, ({luas})::float8 AS m2, ({panjang})::float8 AS m "
        f"FROM {sumber.table} t WHERE {where}"
    )
    return sql, params


def _ekspresi_kelas(sumber: Sumber, kolom: str | None) -> tuple[str, list[Any]]:
    """SQL (alias t) of a layer's styling attribute; internal attributes never style a map (their classes and
    counts would show what only some staff may see)."""
    if kolom and sumber.json_properties:
        return f"t.{sumber.json_properties} ->> %s", [kolom]
    if kolom in (*sumber.properties, sumber.kategori):
        return f"t.{kolom}::text", []
    return "NULL::text", []


def label_kelas(lapisan: Lapisan) -> dict[str, str]:
    """Value → label of the layer's styling attribute (empty for free values such as survey attributes)."""
    by = (lapisan.gaya or {}).get("by")
    return _atribut(lapisan).get("nilai", {}).get(by, {}) if by else {}


def legenda(user: AnyUser, lapisan: Lapisan, s: Saringan) -> dict[str, Any]:
    """The classes of the layer's styling attribute present in the data this user may see (with the filters
    `s`), with label, colour and count, largest first; a class without a value is "lainnya"."""
    sumber = SUMBER[lapisan.jenis]
    gaya = lapisan.gaya or {}
    by = gaya.get("by")
    where, params = _kondisi(user, lapisan, sumber, s)
    kelas, kelas_params = _ekspresi_kelas(sumber, by)
    sql = f"SELECT {kelas}, count(*) FROM {sumber.table} t WHERE {where} GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 60"
    with koneksi_baca().cursor() as cursor:
        cursor.execute(sql, [*kelas_params, *params])
        rows = cursor.fetchall()
    info = _atribut(lapisan)
    labels = info.get("nilai", {}).get(by, {}) if by else {}
    rules = gaya.get("rules") or {}
    sendiri = gaya.get("fill") or gaya.get("stroke")  # the layer's own colour, as the portal and the print use it
    out = []
    for v, n in rows:
        if kelas == "NULL::text":
            out.append({"nilai": None, "label": lapisan.judul, "warna": sendiri, "jumlah": n})
            continue
        nama = labels.get(v, v) if v not in (None, "") else _("lainnya")
        warna = label.warna_kelas(v or None, labels, rules) or sendiri
        out.append({"nilai": v, "label": nama, "warna": warna, "jumlah": n})
    return {"by": by, "judul": info.get("kolom", {}).get(by, by) if by else None, "kelas": out}


def kategori_tersedia(user: AnyUser, lapisan: Lapisan) -> dict[str, str]:
    """Value → label of the categories present in the features of the layer this user may see."""
    sql, params = fitur_sql(user, lapisan)
    with koneksi_baca().cursor() as cursor:
        cursor.execute(f"SELECT DISTINCT f.kategori FROM ({sql}) f WHERE f.kategori IS NOT NULL LIMIT 200", params)
        values = [row[0] for row in cursor.fetchall()]
    labels = _atribut(lapisan).get("nilai", {}).get(SUMBER[lapisan.jenis].kategori, {})
    return {v: labels.get(v, v) for v in values}


def fitur_cetak(
    user: AnyUser, lapisan: Lapisan, s: Saringan, srid: int, toleransi_m: float, kolom_warna: str | None
) -> list[tuple[bytes, str | None]]:
    """(WKB in `srid`, value of the styling attribute) of the features the user may see, simplified to the print
    resolution — for printed maps. At most `s.limit` rows."""
    sumber = SUMBER[lapisan.jenis]
    where, params = _kondisi(user, lapisan, sumber, s)
    warna, warna_params = _ekspresi_kelas(sumber, kolom_warna)
    sql = (
        f"SELECT ST_AsBinary(ST_SimplifyPreserveTopology(ST_Transform(t.{sumber.geom}, %s), %s)), {warna} "
        f"FROM {sumber.table} t WHERE {where} ORDER BY t.id LIMIT %s"
    )
    with koneksi_baca().cursor() as cursor:
        cursor.execute(sql, [srid, toleransi_m, *warna_params, *params, s.limit])
        return [(bytes(wkb), value) for wkb, value in cursor.fetchall() if wkb is not None]
