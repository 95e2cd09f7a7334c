"""OGC API – Features, Part 1 (Core, GeoJSON) and Part 2 (CRS by reference) over the layer registry.

QGIS and GDAL (`ogrinfo OAPIF:http://host/ogc`) read it. Public layers are anonymous; others need a
signed-in session. Every collection is the same scoped SQL as the GeoJSON endpoint.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.http import require_GET

from layers import selectors
from layers.models import Lapisan
from layers.sumber import SUMBER, boleh_lihat_lapisan, lapisan_atau_404
from sig.crs import UTM_WGS84
from sig.replika import koneksi_baca

if TYPE_CHECKING:
    from sig.akun.models import AnyUser

CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
EPSG = "http://www.opengis.net/def/crs/EPSG/0/{}"
CRS_LIST = [CRS84, EPSG.format(4326), EPSG.format(3857), *(EPSG.format(c) for c in sorted(UTM_WGS84) if c > 32700)]
CONFORMANCE = [
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
    "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs",
]
GEOJSON = "application/geo+json"
DATETIME = re.compile(r"^(\.\.|[0-9T:\-+.Z]+)?(/(\.\.|[0-9T:\-+.Z]+))?$")


def _base(request: HttpRequest) -> str:
    return request.build_absolute_uri("/ogc").rstrip("/")


def _srid(uri: str | None) -> int | None:
    """EPSG code of an allowed CRS URI; None for CRS84 (the default)."""
    if uri in (None, "", CRS84):
        return None
    if uri not in CRS_LIST:
        raise selectors.ParameterSalah(f"CRS tidak didukung: {uri}. Pilihan: {', '.join(CRS_LIST)}.")
    return int(uri.rsplit("/", 1)[1])


def _json(data: dict[str, Any], content_type: str = "application/json", **headers: str) -> HttpResponse:
    response = HttpResponse(json.dumps(data, ensure_ascii=False), content_type=content_type)
    for key, value in headers.items():
        response[key.replace("_", "-")] = value
    return response


def _error(message: str, status: int = 400) -> JsonResponse:
    return JsonResponse(
        {"code": "InvalidParameterValue" if status == 400 else "NotFound", "description": message}, status=status
    )


@require_GET
def landing(request: HttpRequest) -> HttpResponse:
    base = _base(request)
    return _json(
        {
            "title": "SIG Desa — OGC API Features",
            "description": "Lapisan peta desa dan kecamatan (aset, lahan, proyek, potensi, batas wilayah).",
            "links": [
                {"href": f"{base}/", "rel": "self", "type": "application/json", "title": "halaman ini"},
                {"href": f"{base}/conformance", "rel": "conformance", "type": "application/json"},
                {"href": f"{base}/collections", "rel": "data", "type": "application/json"},
                {
                    "href": request.build_absolute_uri("/api/skema/"),
                    "rel": "service-desc",
                    "type": "application/vnd.oai.openapi+json;version=3.0",
                },
            ],
        }
    )


@require_GET
def conformance(request: HttpRequest) -> HttpResponse:
    return _json({"conformsTo": CONFORMANCE})


def _extent(user: AnyUser, lapisan: Lapisan) -> list[float] | None:
    sumber = SUMBER[lapisan.jenis]
    where, values = selectors._kondisi(user, lapisan, sumber, selectors.Saringan())
    with koneksi_baca().cursor() as cursor:
        cursor.execute(
            f"SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e) FROM "  # noqa: S608 (constants)
            f"(SELECT ST_Extent(t.{sumber.geom}) e FROM {sumber.table} t WHERE {where}) s",
            values,
        )
        row = cursor.fetchone()
    return None if row[0] is None else [round(v, 7) for v in row]


def _collection(request: HttpRequest, lapisan: Lapisan) -> dict[str, Any]:
    base = _base(request)
    bbox = _extent(request.user, lapisan)
    return {
        "id": lapisan.slug,
        "title": lapisan.judul,
        "itemType": "feature",
        "extent": {"spatial": {"bbox": [bbox] if bbox else [[-180, -90, 180, 90]], "crs": CRS84}},
        "crs": CRS_LIST,
        "storageCrs": CRS84,
        "links": [
            {"href": f"{base}/collections/{lapisan.slug}", "rel": "self", "type": "application/json"},
            {"href": f"{base}/collections/{lapisan.slug}/items", "rel": "items", "type": GEOJSON},
        ],
    }


def _visible(request: HttpRequest) -> list[Lapisan]:
    return [
        lap
        for lap in Lapisan.objects.filter(aktif=True)
        if lap.jenis in SUMBER and boleh_lihat_lapisan(request.user, lap)
    ]


@require_GET
def collections(request: HttpRequest) -> HttpResponse:
    base = _base(request)
    return _json(
        {
            "links": [{"href": f"{base}/collections", "rel": "self", "type": "application/json"}],
            "collections": [_collection(request, lap) for lap in _visible(request)],
        }
    )


@require_GET
def collection(request: HttpRequest, slug: str) -> HttpResponse:
    lapisan = lapisan_atau_404(request.user, slug)
    if lapisan.jenis not in SUMBER:
        return _error("Koleksi tidak ditemukan.", 404)
    return _json(_collection(request, lapisan))


def _datetime(value: str | None) -> tuple[str, list[Any]]:
    if not value:
        return "", []
    if not DATETIME.match(value):
        raise selectors.ParameterSalah(
            "datetime harus RFC 3339 (mis. 2026-01-01T00:00:00Z atau ../2026-06-30T00:00:00Z)."
        )

    def parse(text: str) -> datetime:
        try:
            return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(UTC)
        except (ValueError, OverflowError) as exc:  # year 1 at +14:00 overflows when moved to UTC
            raise selectors.ParameterSalah(f"Waktu tidak sah atau di luar rentang: {text[:40]}") from exc

    if "/" not in value:
        return " AND t.diubah = %s", [parse(value)]
    start, end = value.split("/", 1)
    clause, params = "", []
    if start not in ("", ".."):
        clause += " AND t.diubah >= %s"
        params.append(parse(start))
    if end not in ("", ".."):
        clause += " AND t.diubah <= %s"
        params.append(parse(end))
    return clause, params


def _features(request: HttpRequest, lapisan: Lapisan, fid: int | None = None) -> tuple[dict[str, Any], int | None]:
    sumber = SUMBER[lapisan.jenis]
    query = request.GET
    srid = _srid(query.get("crs"))
    bbox_srid = _srid(query.get("bbox-crs"))
    plain: dict[str, str] = {"limit": "100"}
    for key in query:
        if key in {"crs", "bbox-crs", "f", "datetime", "bbox"}:
            continue
        value = query.get(key, "")
        if key == "limit":  # OGC: a limit above the maximum is clamped, not refused
            besar = value.isdecimal() and int(value) > 0
            plain["limit"] = str(min(int(value), selectors.MAKS_LIMIT)) if besar else value
        elif key == "offset":
            plain["offset"] = value
        elif key in sumber.filters:
            plain[f"f.{key}"] = value
        else:
            raise selectors.ParameterSalah(f"Parameter tidak dikenal atau tidak dapat disaring: {key}.")
    saringan = selectors.baca_saringan(plain, sumber)
    where, values = selectors._kondisi(request.user, lapisan, sumber, saringan)
    if query.get("bbox"):
        parts = query["bbox"].split(",")
        if len(parts) != 4:
            raise selectors.ParameterSalah("bbox harus berisi 4 angka.")
        nums = [selectors.angka(v, "bbox") for v in parts]
        if bbox_srid == 4326:  # EPSG:4326 is latitude first
            nums = [nums[1], nums[0], nums[3], nums[2]]
        where += f" AND t.{sumber.geom} && ST_MakeEnvelope(%s, %s, %s, %s, 4326)"
        values += list(selectors.bbox_wgs84(nums, bbox_srid or 4326))
    time_clause, time_values = _datetime(query.get("datetime"))
    where += time_clause
    values += time_values
    if fid is not None:
        where += " AND t.id = %s"
        values.append(fid)
    columns, column_values = selectors._kolom(request.user, sumber, None)
    props = ", ".join(f"'{name}', {expr}" for name, expr in columns)
    properties = f"t.{sumber.json_properties}" if sumber.json_properties else f"json_build_object({props})"
    geom = f"t.{sumber.geom}"
    if srid == 4326:
        geom = f"ST_FlipCoordinates({geom})"
    elif srid:
        geom = f"ST_Transform({geom}, {srid})"
    sql = f"""
        SELECT coalesce(json_agg(json_build_object('type', 'Feature', 'id', t.id,
                 'geometry', ST_AsGeoJSON({geom}, 15)::json, 'properties', {properties})
                 ORDER BY t.id), '[]'::json)::text
        FROM (SELECT * FROM {sumber.table} t WHERE {where} ORDER BY t.id LIMIT %s OFFSET %s) t
    """  # noqa: S608 (identifiers from the SUMBER constants; values are parameters)
    count_sql = f"SELECT count(*) FROM {sumber.table} t WHERE {where}"  # noqa: S608
    with koneksi_baca().cursor() as cursor:
        cursor.execute(sql, [*column_values, *values, saringan.limit if fid is None else 1, saringan.offset])
        features = json.loads(cursor.fetchone()[0])
        matched = None
        if fid is None:
            cursor.execute(count_sql, values)
            matched = int(cursor.fetchone()[0])
    return {"features": features, "limit": saringan.limit, "offset": saringan.offset, "srid": srid}, matched


@require_GET
def items(request: HttpRequest, slug: str) -> HttpResponse:
    lapisan = lapisan_atau_404(request.user, slug)
    if lapisan.jenis not in SUMBER:
        return _error("Koleksi tidak ditemukan.", 404)
    try:
        data, matched = _features(request, lapisan)
    except selectors.ParameterSalah as exc:
        return _error(str(exc))
    base = f"{_base(request)}/collections/{slug}/items"
    features = data["features"]
    links = [{"href": request.build_absolute_uri(), "rel": "self", "type": GEOJSON}]
    params = request.GET.copy()
    if matched is not None and data["offset"] + len(features) < matched:
        params["offset"] = str(data["offset"] + data["limit"])
        params["limit"] = str(data["limit"])
        links.append({"href": f"{base}?{params.urlencode()}", "rel": "next", "type": GEOJSON})
    crs = EPSG.format(data["srid"]) if data["srid"] else CRS84
    return _json(
        {
            "type": "FeatureCollection",
            "features": features,
            "numberMatched": matched,
            "numberReturned": len(features),
            "timeStamp": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "links": links,
        },
        GEOJSON,
        Content_Crs=f"<{crs}>",
    )


@require_GET
def item(request: HttpRequest, slug: str, fid: int) -> HttpResponse:
    lapisan = lapisan_atau_404(request.user, slug)
    if lapisan.jenis not in SUMBER:
        return _error("Koleksi tidak ditemukan.", 404)
    try:
        data, _ = _features(request, lapisan, fid=fid)
    except selectors.ParameterSalah as exc:
        return _error(str(exc))
    if not data["features"]:
        return _error("Fitur tidak ditemukan.", 404)
    feature = data["features"][0]
    base = _base(request)
    feature["links"] = [
        {"href": request.build_absolute_uri(), "rel": "self", "type": GEOJSON},
        {"href": f"{base}/collections/{slug}", "rel": "collection", "type": "application/json"},
    ]
    crs = EPSG.format(data["srid"]) if data["srid"] else CRS84
    return _json(feature, GEOJSON, Content_Crs=f"<{crs}>")
