"""Layers: registry, GeoJSON and vector tiles built by PostGIS, with scope applied everywhere."""

import json
import math

import mapbox_vector_tile
import pytest

from assets.models import AsetDesa
from layers.models import Lapisan

TILE = "application/vnd.mapbox-vector-tile"


def tile_of(lon: float, lat: float, z: int) -> tuple[int, int, int]:
    n = 2**z
    x = int((lon + 180) / 360 * n)
    y = int((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n)
    return z, x, y


def features(client, slug, **params):
    response = client.get(f"/lapisan/{slug}.geojson", params)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/geo+json"
    return json.loads(response.content)["features"]


def decode(response, layer):
    assert response.status_code == 200 and response["Content-Type"] == TILE
    return mapbox_vector_tile.decode(response.content).get(layer, {"features": []})["features"]


@pytest.mark.django_db
def test_default_layers_exist_for_every_domain_model(client):
    slugs = {layer["slug"] for layer in client.get("/lapisan/").json()["lapisan"]}
    assert slugs == {
        "batas-desa",
        "lahan-pertanian",
        "proyek-pembangunan",
        "aset-desa",
        "potensi-desa",
        "pengaduan-warga",
    }
    assert Lapisan.objects.get(slug="lahan-pertanian").min_zoom == 14


@pytest.mark.django_db
def test_geojson_applies_scope_filters_and_hides_internal_attributes(
    client, pengguna, wilayah, aset_a, aset_b, lahan_a, potensi_menunggu
):
    AsetDesa.objects.filter(pk=aset_b.pk).update(publik=False)
    assert [f["id"] for f in features(client, "aset-desa")] == [aset_a.pk]
    assert features(client, "potensi-desa") == []  # waiting for moderation
    parcel = features(client, "lahan-pertanian")[0]
    assert "penggarap" not in parcel["properties"] and parcel["properties"]["komoditas"] == "padi_sawah"
    client.force_login(pengguna.operator_b)
    assert {f["id"] for f in features(client, "aset-desa")} == {aset_a.pk, aset_b.pk}
    assert features(client, "lahan-pertanian")[0]["properties"]["penggarap"] is None  # not B's parcel
    client.force_login(pengguna.operator_a)
    assert features(client, "lahan-pertanian")[0]["properties"]["penggarap"] == "Pak Ujang"
    assert len(features(client, "potensi-desa")) == 1
    assert [f["id"] for f in features(client, "aset-desa", bbox="107.86,-7.26,107.88,-7.24")] == []  # A's only


@pytest.mark.django_db
def test_geojson_filters_paging_and_properties(client, wilayah, aset_a, aset_b):
    assert [f["id"] for f in features(client, "aset-desa", bbox="107.81,-7.26,107.83,-7.24")] == [aset_a.pk]
    assert [f["id"] for f in features(client, "aset-desa", desa="32.05.07.2002")] == [aset_b.pk]
    assert len(features(client, "aset-desa", kecamatan="32.05.07")) == 2
    assert features(client, "aset-desa", kategori="tanah") == []
    assert len(features(client, "aset-desa", **{"f.kondisi": "baik"})) == 2
    page = features(client, "aset-desa", limit=1, offset=1)
    assert [f["id"] for f in page] == [max(aset_a.pk, aset_b.pk)]
    only = features(client, "aset-desa", properties="nama,kondisi")[0]["properties"]
    assert set(only) == {"nama", "kondisi"}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "params",
    [
        {"bbox": "1,2,3"},
        {"bbox": "200,0,201,1"},
        {"bbox": "5,5,1,1"},
        {"bbox": "nan,0,1,1"},
        {"bbox": "a,b,c,d"},
        {"limit": "0"},
        {"limit": "5001"},
        {"limit": "-1"},
        {"offset": "x"},
        {"desa": "1; DROP TABLE x"},
        {"kecamatan": "32.05"},
        {"f.penggarap": "x"},
        {"f.nama'--": "x"},
        {"properties": "nama,password"},
    ],
)
def test_bad_parameters_are_400(client, wilayah, params):
    response = client.get("/lapisan/aset-desa.geojson", params)
    assert response.status_code == 400 and response.content


@pytest.mark.django_db
def test_unknown_and_private_layers_are_404_everywhere(client, pengguna, wilayah):
    Lapisan.objects.create(slug="rahasia", judul_id="Rahasia", jenis="aset", visibilitas="internal", min_zoom=0)
    z, x, y = tile_of(107.82, -7.25, 14)
    for url in (
        "/lapisan/tidak-ada.geojson",
        "/lapisan/rahasia.geojson",
        f"/tiles/rahasia/{z}/{x}/{y}.pbf",
        f"/tiles/tidak-ada/{z}/{x}/{y}.pbf",
    ):
        assert client.get(url).status_code == 404, url
    assert "rahasia" not in {lap["slug"] for lap in client.get("/lapisan/").json()["lapisan"]}
    client.force_login(pengguna.perencana)
    assert client.get("/lapisan/rahasia.geojson").status_code == 200
    client.force_login(pengguna.warga)
    assert client.get("/lapisan/rahasia.geojson").status_code == 404


@pytest.mark.django_db
def test_vector_tiles_scope_minzoom_and_etag(client, pengguna, wilayah, aset_a, aset_b, lahan_a):
    AsetDesa.objects.filter(pk=aset_b.pk).update(publik=False)
    Lapisan.objects.filter(slug="aset-desa").update(min_zoom=11)
    z, x, y = tile_of(107.82, -7.25, 11)  # lon 107.75–107.93: both desa
    response = client.get(f"/tiles/aset-desa/{z}/{x}/{y}.pbf")
    got = decode(response, "aset-desa")
    assert [f["id"] for f in got] == [aset_a.pk] and got[0]["properties"]["nama"] == "Balai Desa A"
    assert response["Cache-Control"].startswith("public")
    again = client.get(f"/tiles/aset-desa/{z}/{x}/{y}.pbf", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
    assert client.get(f"/tiles/lahan-pertanian/{z}/{x}/{y}.pbf").content == b""  # below its min zoom 14
    lz, lx, ly = tile_of(107.815, -7.255, 15)
    parcels = decode(client.get(f"/tiles/lahan-pertanian/{lz}/{lx}/{ly}.pbf"), "lahan-pertanian")
    assert len(parcels) == 1 and "penggarap" not in parcels[0]["properties"]
    client.force_login(pengguna.operator_b)
    both = decode(client.get(f"/tiles/aset-desa/{z}/{x}/{y}.pbf"), "aset-desa")
    assert {f["id"] for f in both} == {aset_a.pk, aset_b.pk}
    portal = mapbox_vector_tile.decode(client.get(f"/tiles/portal/{z}/{x}/{y}.pbf").content)
    assert "batas-desa" in portal and "aset-desa" not in portal  # the portal draws points from GeoJSON


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/tiles/aset-desa/23/0/0.pbf",
        "/tiles/aset-desa/3/8/0.pbf",
        "/tiles/aset-desa/3/0/9.pbf",
        "/tiles/portal/30/1/1.pbf",
    ],
)
def test_tile_coordinates_out_of_range_are_400(client, wilayah, url):
    assert client.get(url).status_code == 400


@pytest.mark.django_db
def test_tile_urls_with_sql_metacharacters_never_reach_sql(client, wilayah):
    for url in ("/tiles/aset-desa/1/0/0;DROP.pbf", "/tiles/aset'--/1/0/0.pbf", "/lapisan/aset%27--.geojson"):
        assert client.get(url).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["geojson", "gpkg", "shp", "kml", "csv"])
def test_layer_downloads_apply_scope_and_filters(client, pengguna, wilayah, aset_a, aset_b, fmt, tmp_path):
    import pyogrio

    AsetDesa.objects.filter(pk=aset_b.pk).update(publik=False)
    response = client.get(f"/lapisan/aset-desa/unduh.{fmt}", {"kecamatan": "32.05.07"})
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    if fmt == "csv":
        text = body.decode("utf-8-sig")
        assert "Balai Desa A" in text and "Balai Desa B" not in text
        return
    path = tmp_path / f"unduh.{'zip' if fmt == 'shp' else fmt}"
    path.write_bytes(body)
    source = f"/vsizip/{path}/aset_desa_titik.shp" if fmt == "shp" else str(path)
    frame = pyogrio.read_dataframe(source)
    assert list(frame["nama"]) == ["Balai Desa A"]


@pytest.mark.django_db
def test_download_bad_requests(client, wilayah):
    assert client.get("/lapisan/aset-desa/unduh.vrt").status_code == 404
    assert client.get("/lapisan/rahasia/unduh.csv").status_code == 404
    assert client.get("/lapisan/aset-desa/unduh.csv", {"bbox": "x"}).status_code == 400


@pytest.mark.django_db
def test_openapi_schema_and_docs_are_public_and_offline(client):
    schema = client.get("/api/skema/", HTTP_ACCEPT="application/json")
    assert schema.status_code == 200 and "/api/aset/" in schema.json()["paths"]
    docs = client.get("/api/dokumentasi/")
    body = docs.content.decode()
    assert docs.status_code == 200 and "swagger-ui" in body and "cdn" not in body.lower()
    script_src = docs["Content-Security-Policy"].split("script-src")[1].split(";")[0]
    assert "unsafe-inline" not in script_src


@pytest.mark.django_db
def test_cached_public_tiles_follow_every_write(client, wilayah, aset_a):
    Lapisan.objects.filter(slug="aset-desa").update(min_zoom=11)
    z, x, y = tile_of(107.82, -7.25, 11)
    url = f"/tiles/aset-desa/{z}/{x}/{y}.pbf"
    first = client.get(url)
    assert [f["properties"]["nama"] for f in decode(first, "aset-desa")] == ["Balai Desa A"]
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    AsetDesa.objects.filter(pk=aset_a.pk).update(nama="Balai Desa A (baru)")  # a bulk write, no signal
    second = client.get(url)
    assert second["ETag"] != first["ETag"]
    assert [f["properties"]["nama"] for f in decode(second, "aset-desa")] == ["Balai Desa A (baru)"]
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200


@pytest.mark.django_db
def test_a_layer_edit_reaches_the_next_tile_request(client, wilayah, aset_a):
    # tile requests keep the layer per process (layers.selectors.lapisan_dengan_versi): an edit, even one that
    # sends no signal, must count at once
    Lapisan.objects.filter(slug="aset-desa").update(min_zoom=11)
    z, x, y = tile_of(107.82, -7.25, 11)
    url = f"/tiles/aset-desa/{z}/{x}/{y}.pbf"
    assert [f["id"] for f in decode(client.get(url), "aset-desa")] == [aset_a.pk]
    Lapisan.objects.filter(slug="aset-desa").update(min_zoom=12)
    assert client.get(url).content == b""
    Lapisan.objects.filter(slug="aset-desa").update(min_zoom=11, visibilitas="internal")
    assert client.get(url).status_code == 404
    Lapisan.objects.filter(slug="aset-desa").update(visibilitas="publik")
    assert [f["id"] for f in decode(client.get(url), "aset-desa")] == [aset_a.pk]
    Lapisan.objects.filter(slug="aset-desa").delete()
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_layer_admin_is_scoped(client, pengguna, wilayah):
    from django.urls import reverse

    own = Lapisan.objects.create(slug="survei-a", judul_id="Survei A", jenis="aset", desa=wilayah.desa_a)
    client.force_login(pengguna.operator_a)
    assert client.get(reverse("admin:layers_lapisan_change", args=[own.pk])).status_code == 200
    global_layer = Lapisan.objects.get(slug="aset-desa")
    response = client.post(reverse("admin:layers_lapisan_change", args=[global_layer.pk]), {"judul_id": "x"})
    assert response.status_code == 403
    assert Lapisan.objects.get(slug="aset-desa").judul_id == "Aset desa"


@pytest.mark.django_db
def test_imported_survey_layers_are_served(client, pengguna, wilayah):
    from pathlib import Path

    from importers.pipeline import Permintaan, run_import
    from survei.models import LapisanSurvei

    data = Path(__file__).resolve().parent.parent / "data"
    run_import(
        Permintaan(
            berkas=data / "lahan_titik.xlsx",
            nama_berkas="kebun.xlsx",
            target="survei",
            desa=wilayah.desa_a,
            nama_lapisan="Kebun warga",
        )
    )
    survei = LapisanSurvei.objects.get()
    Lapisan.objects.create(slug="kebun-warga", judul_id="Kebun warga", jenis="survei", survei=survei, min_zoom=10)
    assert features(client, "kebun-warga") == []  # survey layers are private until published
    client.force_login(pengguna.operator_a)
    got = features(client, "kebun-warga")
    assert sorted(f["properties"]["nama"] for f in got) == ["Kebun Kopi Pa Énté", "Sawah Bu Ëuis"]
    client.logout()
    LapisanSurvei.objects.filter(pk=survei.pk).update(publik=True)
    z, x, y = tile_of(107.82, -7.25, 14)
    tile = decode(client.get(f"/tiles/kebun-warga/{z}/{x}/{y}.pbf"), "kebun-warga")
    assert [f["properties"]["komoditi"] for f in tile] == ["Kopi"]
    items = client.get("/ogc/collections/kebun-warga/items").json()
    assert items["numberMatched"] == 2 and items["features"][0]["properties"]["kode"] in {"X-1", "X-2"}


@pytest.mark.django_db
def test_raster_png_tiles_with_colour_ramp(client, wilayah, settings, tmp_path):
    import io
    from pathlib import Path

    from PIL import Image

    from importers.pipeline import Permintaan, run_import

    settings.MEDIA_ROOT = tmp_path
    data = Path(__file__).resolve().parent.parent / "data"
    run = run_import(Permintaan(berkas=data / "dem.tif", nama_berkas="dem.tif", target="raster", jenis_raster="dem"))
    assert run.status == "selesai", run.pesan
    from survei.models import LapisanRaster

    Lapisan.objects.create(slug="dem", judul_id="DEM", jenis="raster", raster=LapisanRaster.objects.get(), min_zoom=8)
    assert any(lap["tiles"].endswith(".png") for lap in client.get("/lapisan/").json()["lapisan"])
    raster = LapisanRaster.objects.get()
    west, south, east, north = raster.cakupan.extent
    z, x, y = tile_of((west + east) / 2, (south + north) / 2, 15)
    response = client.get(f"/tiles/dem/{z}/{x}/{y}.png")
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    image = Image.open(io.BytesIO(response.content)).convert("RGBA")
    assert image.size == (256, 256)
    alphas = {pixel[3] for pixel in image.getdata()}
    assert 220 in alphas  # painted pixels inside the raster
    far = client.get("/tiles/dem/15/0/0.png")
    assert {p[3] for p in Image.open(io.BytesIO(far.content)).getdata()} == {0}  # fully transparent outside
    assert client.get(f"/tiles/aset-desa/{z}/{x}/{y}.png").status_code == 400
    assert client.get(f"/tiles/dem/{z}/{x}/{y}.pbf").status_code == 400


@pytest.mark.django_db
def test_data_is_compressed_and_html_never(client, wilayah, aset_a, lahan_a):
    import gzip

    plain = client.get("/lapisan/batas-desa.geojson")
    packed = client.get("/lapisan/batas-desa.geojson", HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert packed["Content-Encoding"] == "gzip" and "Accept-Encoding" in packed["Vary"]
    assert json.loads(gzip.decompress(packed.content)) == json.loads(plain.content)
    assert len(packed.content) < len(plain.content) / 2  # three small desa; 12× on real layers (docs/performance.md)
    Lapisan.objects.filter(slug="batas-desa").update(min_zoom=0)
    z, x, y = tile_of(107.82, -7.25, 11)
    tile = client.get(f"/tiles/batas-desa/{z}/{x}/{y}.pbf", HTTP_ACCEPT_ENCODING="gzip")
    assert "Accept-Encoding" in tile["Vary"]  # small tiles stay plain: gzip would make them bigger
    # compressed answers carry a weak tag (W/"…"), which browsers send back: still a 304
    weak = "W/" + tile["ETag"].removeprefix("W/")
    again = client.get(f"/tiles/batas-desa/{z}/{x}/{y}.pbf", HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=weak)
    assert again.status_code == 304
    page = client.get(f"/desa/{wilayah.desa_a.kode}/", HTTP_ACCEPT_ENCODING="gzip")
    assert page.status_code == 200 and "Content-Encoding" not in page  # HTML with tokens: never (BREACH)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "slug", ["aset-desa", "lahan-pertanian", "proyek-pembangunan", "potensi-desa", "batas-desa", "pengaduan-warga"]
)
def test_every_tile_query_can_use_the_plain_spatial_index(wilayah, slug):
    from django.contrib.auth.models import AnonymousUser
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from layers import selectors
    from layers.sumber import SUMBER

    lapisan = Lapisan.objects.filter(slug=slug).first()
    if lapisan is None:
        pytest.skip(f"no layer {slug} in this install")
    z, x, y = tile_of(107.82, -7.25, 16)
    with CaptureQueriesContext(connection) as queries:
        selectors._mvt(AnonymousUser(), lapisan, z, x, y, "t.id AS nomor", [], bidang=False)
    sql = queries.captured_queries[-1]["sql"]
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert f"Seq Scan on {SUMBER[lapisan.jenis].table}" not in plan, plan
