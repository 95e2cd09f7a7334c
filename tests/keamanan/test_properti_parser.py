"""Property tests (hypothesis) over every query-parameter parser and the endpoints that use them: whatever a
caller sends (dates, bbox and bbox-crs, numbers, nested JSON, geometry text), the answer is a value or a 4xx
with a message — never an exception that would be a 500."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from rest_framework.exceptions import ParseError

from layers import ogc, selectors
from layers.selectors import ParameterSalah
from sig.geo import baca_geometri
from sig.parser import JSONAman

CEPAT = settings(max_examples=300, deadline=None)
HTTP = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

angka_teks = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.integers(min_value=-(10**40), max_value=10**40).map(str),
    st.text(max_size=30),
    st.sampled_from(["", "nan", "inf", "-0", "1e309", "²⁰²⁶", "١٢٣", "0x10", "1_000", " 5 "]),
)
tanggal_teks = st.one_of(
    st.dates().map(str),
    st.datetimes().map(lambda d: d.isoformat()),
    st.text(alphabet="0123456789-:TZ+./ ", max_size=40),
    st.sampled_from(
        ["2026-02-30", "2026-13-01", "0000-01-01", "9999-12-31", "2026-1-1", "../..", "0001-01-01T00:00:00+14:00"]
    ),
)
bbox_teks = st.lists(angka_teks, min_size=0, max_size=6).map(",".join)


@CEPAT
@given(angka_teks)
def test_numbers(text):
    try:
        selectors.angka(text, "x")
    except ParameterSalah as exc:
        assert str(exc)
    try:
        selectors.bulat({"x": text}, "x", 0, 100)
    except ParameterSalah as exc:
        assert str(exc)


@CEPAT
@given(tanggal_teks)
def test_dates(text):
    try:
        selectors.tanggal({"d": text}, "d")
    except ParameterSalah as exc:
        assert "tanggal" in str(exc)
    try:
        ogc._datetime(text)
    except ParameterSalah as exc:
        assert str(exc)


@CEPAT
@given(bbox_teks, st.sampled_from([4326, 3857, 32748, 23830, 32654]))
def test_bboxes(text, srid):
    try:
        selectors.baca_bbox(text)
    except ParameterSalah as exc:
        assert "bbox" in str(exc)
    parts = text.split(",")
    try:
        nums = [selectors.angka(p, "bbox") for p in parts]
        if len(nums) == 4:
            selectors.bbox_wgs84(nums, srid)
    except ParameterSalah as exc:
        assert str(exc)


def _bersarang(depth: int, kind: str) -> str:
    if kind == "wkt":
        return "GEOMETRYCOLLECTION(" * depth + "POINT(107.8 -7.2)" + ")" * depth
    if kind == "json":
        return '{"type":"Point","coordinates":' + "[" * depth + "107.8,-7.2" + "]" * depth + "}"
    return '{"a":' * depth + "1" + "}" * depth


@CEPAT
@given(
    st.one_of(
        st.text(max_size=200),
        st.integers(0, 60000).flatmap(
            lambda d: st.sampled_from(["wkt", "json", "obj"]).map(lambda k: _bersarang(d, k))
        ),
    )
)
def test_geometry_text(text):
    try:
        baca_geometri(text)
    except ValidationError as exc:
        assert exc.messages


@CEPAT
@given(st.one_of(st.binary(max_size=300), st.integers(0, 100000).map(lambda d: _bersarang(d, "obj").encode())))
def test_api_json_bodies(data):
    import io

    try:
        JSONAman().parse(io.BytesIO(data))
    except ParseError as exc:
        assert str(exc.detail)


@pytest.mark.django_db
@HTTP
@given(
    datetime=tanggal_teks,
    bbox=bbox_teks,
    crs=st.sampled_from(
        [
            "",
            "http://www.opengis.net/def/crs/EPSG/0/32748",
            "http://www.opengis.net/def/crs/EPSG/0/3857",
            "http://www.opengis.net/def/crs/EPSG/0/4326",
        ]
    ),
)
@example(datetime="0001-01-01T00:00:00+14:00", bbox="", crs="")
@example(datetime="", bbox="1e300,1e300,1e301,1e301", crs="http://www.opengis.net/def/crs/EPSG/0/32748")
@example(datetime="", bbox="-1e30,-1e30,1e30,1e30", crs="http://www.opengis.net/def/crs/EPSG/0/3857")
def test_ogc_items_never_fail(client, lahan_a, datetime, bbox, crs):
    params = {"datetime": datetime, "bbox": bbox}
    if crs:
        params["bbox-crs"] = crs
    response = client.get("/ogc/collections/lahan-pertanian/items", params)
    assert response.status_code < 500
    if response.status_code >= 400:
        assert json.loads(response.content)["description"]


@pytest.mark.django_db
@HTTP
@given(mulai=tanggal_teks, sampai=tanggal_teks, sel=angka_teks)
@example(mulai="2026-02-30", sampai="", sel="500")
@example(mulai="", sampai="2026-13-45", sel="500")
def test_hotspot_analysis_never_fails(client, pengguna, mulai, sampai, sel):
    client.force_login(pengguna.perencana)
    response = client.get(
        "/analisis/titik-panas.geojson", {"lapisan": "pengaduan-warga", "mulai": mulai, "sampai": sampai, "sel": sel}
    )
    assert response.status_code < 500
    if response.status_code == 400:
        assert response.content.decode().strip()


@pytest.mark.django_db
@HTTP
@given(bbox=bbox_teks, tahun=angka_teks, dpi=angka_teks, skala=angka_teks)
def test_print_parameters_never_fail(client, pengguna, bbox, tahun, dpi, skala):
    from maps.cetak import baca_permintaan

    try:
        baca_permintaan(pengguna.perencana, {"bbox": bbox, "tahun": tahun, "dpi": dpi, "skala": skala}, "png")
    except ParameterSalah as exc:
        assert str(exc)


@pytest.mark.django_db
@HTTP
@given(st.integers(0, 50000).flatmap(lambda d: st.sampled_from(["wkt", "json"]).map(lambda k: _bersarang(d, k))))
@example(_bersarang(30000, "json"))
@example(_bersarang(30000, "wkt"))
def test_geometry_form_fields_and_api_bodies_never_fail(client, pengguna, wilayah, text):
    client.force_login(pengguna.operator_a)
    form = client.post("/potensi/ajukan/", {"nama": "x", "jenis": "kuliner", "geometri": text})
    assert form.status_code < 500
    body = json.dumps({"nama": "x", "desa": wilayah.desa_a.pk, "geometry": text})
    api = client.post("/api/potensi/", body, content_type="application/json")
    assert api.status_code < 500
