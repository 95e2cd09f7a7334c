"""OGC API – Features: landing, conformance, collections, items with bbox/limit/offset/datetime/filters/crs,
single items; scope as everywhere; GDAL reads it and downloads identical geometries."""

import json
import shutil
import subprocess

import pytest
from django.db import connection

from assets.models import AsetDesa, PotensiDesa
from layers.models import Lapisan


def get(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, response.content
    return json.loads(response.content), response


@pytest.mark.django_db
def test_landing_conformance_and_collections(client, wilayah, aset_a):
    landing, _ = get(client, "/ogc/")
    assert {link["rel"] for link in landing["links"]} >= {"self", "conformance", "data"}
    conformance, _ = get(client, "/ogc/conformance")
    assert "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core" in conformance["conformsTo"]
    collections, _ = get(client, "/ogc/collections")
    ids = [c["id"] for c in collections["collections"]]
    assert ids == [
        "batas-desa",
        "lahan-pertanian",
        "proyek-pembangunan",
        "aset-desa",
        "potensi-desa",
        "pengaduan-warga",
    ]
    aset = next(c for c in collections["collections"] if c["id"] == "aset-desa")
    assert aset["extent"]["spatial"]["bbox"] == [[107.82, -7.25, 107.82, -7.25]]
    assert "http://www.opengis.net/def/crs/EPSG/0/32748" in aset["crs"]


@pytest.mark.django_db
def test_items_paging_filters_and_scope(client, pengguna, wilayah, aset_a, aset_b, potensi_menunggu):
    AsetDesa.objects.filter(pk=aset_b.pk).update(publik=False)
    data, response = get(client, "/ogc/collections/aset-desa/items")
    assert data["numberMatched"] == 1 and [f["id"] for f in data["features"]] == [aset_a.pk]
    assert response["Content-Crs"] == "<http://www.opengis.net/def/crs/OGC/1.3/CRS84>"
    assert get(client, "/ogc/collections/potensi-desa/items")[0]["numberMatched"] == 0
    assert client.get(f"/ogc/collections/potensi-desa/items/{potensi_menunggu.pk}").status_code == 404
    client.force_login(pengguna.operator_b)
    page, _ = get(client, "/ogc/collections/aset-desa/items", limit=1)
    assert page["numberMatched"] == 2 and page["numberReturned"] == 1
    assert any(link["rel"] == "next" and "offset=1" in link["href"] for link in page["links"])
    assert get(client, "/ogc/collections/aset-desa/items", kondisi="rusak_berat")[0]["numberMatched"] == 0
    assert get(client, "/ogc/collections/aset-desa/items", bbox="107.86,-7.26,107.88,-7.24")[0]["numberMatched"] == 1
    assert get(client, "/ogc/collections/aset-desa/items", datetime="../2000-01-01T00:00:00Z")[0]["numberMatched"] == 0
    assert get(client, "/ogc/collections/aset-desa/items", datetime="2000-01-01T00:00:00Z/..")[0]["numberMatched"] == 2
    assert get(client, "/ogc/collections/aset-desa/items", limit=99999)[0]["numberReturned"] == 2  # clamped


@pytest.mark.django_db
def test_crs_part_2(client, wilayah, aset_a):
    utm, response = get(
        client, f"/ogc/collections/aset-desa/items/{aset_a.pk}", crs="http://www.opengis.net/def/crs/EPSG/0/32748"
    )
    x, y = utm["geometry"]["coordinates"]
    assert 800000 < x < 820000 and 9190000 < y < 9210000
    assert response["Content-Crs"] == "<http://www.opengis.net/def/crs/EPSG/0/32748>"
    latlon, _ = get(
        client, f"/ogc/collections/aset-desa/items/{aset_a.pk}", crs="http://www.opengis.net/def/crs/EPSG/0/4326"
    )
    assert latlon["geometry"]["coordinates"] == [-7.25, 107.82]  # EPSG:4326 is latitude first
    bbox_latlon, _ = get(
        client,
        "/ogc/collections/aset-desa/items",
        bbox="-7.26,107.81,-7.24,107.83",
        **{"bbox-crs": "http://www.opengis.net/def/crs/EPSG/0/4326"},
    )
    assert bbox_latlon["numberMatched"] == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    "params",
    [
        {"crs": "http://www.opengis.net/def/crs/EPSG/0/2154"},
        {"bbox": "1,2"},
        {"limit": "abc"},
        {"offset": "-3"},
        {"datetime": "kemarin"},
        {"penggarap": "x"},
        {"tidak_ada": "1"},
        {"bbox": "0,0,1e400,1"},
    ],
)
def test_bad_parameters_are_400(client, wilayah, params):
    response = client.get("/ogc/collections/aset-desa/items", params)
    assert response.status_code == 400 and response.json()["code"] == "InvalidParameterValue"


@pytest.mark.django_db
def test_private_collections_need_a_login(client, pengguna, wilayah, aset_a):
    Lapisan.objects.filter(slug="aset-desa").update(visibilitas="internal")
    assert "aset-desa" not in [c["id"] for c in get(client, "/ogc/collections")[0]["collections"]]
    assert client.get("/ogc/collections/aset-desa/items").status_code == 404
    assert client.get(f"/ogc/collections/aset-desa/items/{aset_a.pk}").status_code == 404
    client.force_login(pengguna.perencana)
    assert get(client, "/ogc/collections/aset-desa/items")[0]["numberMatched"] == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(shutil.which("ogr2ogr") is None, reason="gdal-bin tidak terpasang")
def test_gdal_reads_the_service_and_downloads_identical_geometries(live_server, wilayah, lahan_a, aset_a, tmp_path):
    info = subprocess.run(
        ["ogrinfo", "-ro", "-so", "-al", f"OAPIF:{live_server.url}/ogc"],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout
    assert "Layer name: lahan-pertanian" in info and "Feature Count: 1" in info
    target = tmp_path / "unduh.gpkg"
    subprocess.run(
        ["ogr2ogr", "-f", "GPKG", str(target), f"OAPIF:{live_server.url}/ogc", "lahan-pertanian"],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    import pyogrio
    import shapely

    frame = pyogrio.read_dataframe(target)
    downloaded = shapely.normalize(frame.geometry.iloc[0])
    with connection.cursor() as cursor:
        cursor.execute("SELECT ST_AsBinary(geometri) FROM assets_lahanpertanian")
        stored = shapely.normalize(shapely.from_wkb(bytes(cursor.fetchone()[0])))
    assert shapely.equals_exact(downloaded, stored, tolerance=0)
    assert frame["komoditas"].iloc[0] == "padi_sawah" and "penggarap" not in frame.columns
    assert PotensiDesa.objects.count() == 0


@pytest.mark.django_db
def test_desktop_gis_reads_private_collections_with_a_token(client, pengguna, wilayah, aset_a):
    from rest_framework.authtoken.models import Token

    Lapisan.objects.filter(slug="aset-desa").update(visibilitas="internal")
    token = Token.objects.create(user=pengguna.perencana)
    response = client.get("/ogc/collections/aset-desa/items", HTTP_AUTHORIZATION=f"Token {token.key}")
    assert response.status_code == 200 and json.loads(response.content)["numberMatched"] == 1
    assert client.get("/lapisan/aset-desa.geojson", HTTP_AUTHORIZATION=f"Token {token.key}").status_code == 200
    bad = client.get("/ogc/collections/aset-desa/items", HTTP_AUTHORIZATION="Token salah")
    assert bad.status_code == 401 and bad.json()["description"] == "Token tidak sah."
    assert client.get("/ogc/collections/aset-desa/items").status_code == 404
