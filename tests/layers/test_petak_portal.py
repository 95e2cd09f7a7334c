"""The portal's vector path: one tile of every layer's lines and polygons, trimmed to what the style and the
filters read; one feature's details by id through the scope; GeoJSON of the points only."""

import json

import mapbox_vector_tile
import pytest
from django.contrib.gis.geos import LineString

from assets.models import AsetDesa, LahanPertanian, ProyekPembangunan
from assets.models.aset import Golongan, JenisAset
from layers.models import Lapisan
from tests.layers.test_lapisan import tile_of

pytestmark = pytest.mark.django_db


def portal(client, z, x, y):
    response = client.get(f"/tiles/portal/{z}/{x}/{y}.pbf")
    assert response.status_code == 200
    return mapbox_vector_tile.decode(response.content)


@pytest.fixture
def jalan(wilayah):
    """A road asset (a line) beside the point assets: the same layer holds both shapes."""
    return AsetDesa.objects.create(
        desa=wilayah.desa_a,
        nama="Jalan Desa <b>A</b>",
        golongan=Golongan.JALAN_IRIGASI_JARINGAN,
        jenis=JenisAset.JALAN_DESA,
        tahun_perolehan=2021,
        geometri=LineString((107.811, -7.255), (107.819, -7.255), srid=4326),
    )


def test_portal_tile_holds_lines_and_polygons_with_id_class_desa_and_year_only(
    client, wilayah, aset_a, jalan, lahan_a, proyek_a
):
    Lapisan.objects.filter(slug="aset-desa").update(min_zoom=14)
    garis = LineString((107.812, -7.256), (107.818, -7.254), srid=4326)
    ProyekPembangunan.objects.filter(pk=proyek_a.pk).update(publik=True, geometri=garis)
    z, x, y = tile_of(107.815, -7.255, 15)
    tile = portal(client, z, x, y)
    parcels = tile["lahan-pertanian"]["features"]
    assert [f["id"] for f in parcels] == [lahan_a.pk]
    assert parcels[0]["properties"] == {"kelas": "padi_sawah", "desa": wilayah.desa_a.kode}
    aset = tile["aset-desa"]["features"]
    assert [f["id"] for f in aset] == [jalan.pk]  # the point asset (aset_a) is drawn from GeoJSON, not the tile
    assert aset[0]["properties"] == {"kelas": "jalan_irigasi_jaringan", "desa": wilayah.desa_a.kode, "tahun": 2021}
    proyek = tile["proyek-pembangunan"]["features"][0]["properties"]
    assert proyek["tahun"] == 2026 and set(proyek) == {"kelas", "desa", "tahun"}
    assert "pengaduan-warga" not in tile  # points only: never in the portal tile
    assert "Pak Ujang" not in json.dumps(tile) and "Sawah Blok 1" not in json.dumps(tile)


def test_portal_tile_keeps_unpublished_rows_for_their_desa_staff_only(client, pengguna, wilayah, lahan_a):
    LahanPertanian.objects.filter(pk=lahan_a.pk).update(publik=False)
    z, x, y = tile_of(107.815, -7.255, 15)
    assert "lahan-pertanian" not in portal(client, z, x, y)
    client.force_login(pengguna.operator_b)
    assert "lahan-pertanian" not in portal(client, z, x, y)
    client.force_login(pengguna.operator_a)
    assert [f["id"] for f in portal(client, z, x, y)["lahan-pertanian"]["features"]] == [lahan_a.pk]


def test_portal_tile_answers_304_until_the_data_changes(client, wilayah, lahan_a):
    z, x, y = tile_of(107.815, -7.255, 15)
    first = client.get(f"/tiles/portal/{z}/{x}/{y}.pbf")
    assert first["Cache-Control"].startswith("public")
    assert client.get(f"/tiles/portal/{z}/{x}/{y}.pbf", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    LahanPertanian.objects.filter(pk=lahan_a.pk).update(komoditas="kopi")
    again = client.get(f"/tiles/portal/{z}/{x}/{y}.pbf", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200
    parcel = mapbox_vector_tile.decode(again.content)["lahan-pertanian"]["features"][0]
    assert parcel["properties"]["kelas"] == "kopi"


def test_one_feature_by_id_goes_through_the_scope_and_hides_internal_attributes(client, pengguna, wilayah, lahan_a):
    url = f"/lapisan/lahan-pertanian/{lahan_a.pk}.json"
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/geo+json"
    body = response.json()
    assert body["id"] == lahan_a.pk and body["geometry"] is None
    assert body["properties"]["nama"] == "Sawah Blok 1" and body["properties"]["komoditas"] == "padi_sawah"
    assert "penggarap" not in body["properties"] and "Pak Ujang" not in response.content.decode()
    LahanPertanian.objects.filter(pk=lahan_a.pk).update(publik=False)
    assert client.get(url).status_code == 404
    client.force_login(pengguna.operator_b)
    assert client.get(url).status_code == 404
    client.force_login(pengguna.operator_a)
    assert client.get(url).json()["properties"]["penggarap"] == "Pak Ujang"
    for wrong in (f"/lapisan/aset-desa/{lahan_a.pk + 10**6}.json", f"/lapisan/lahan-pertanian/{2**70}.json"):
        assert client.get(wrong).status_code == 404


def test_points_only_geojson_leaves_lines_to_the_tiles(client, wilayah, aset_a, jalan):
    both = client.get("/lapisan/aset-desa.geojson").json()["features"]
    assert {f["id"] for f in both} == {aset_a.pk, jalan.pk}
    points = client.get("/lapisan/aset-desa.geojson", {"geometri": "titik"}).json()["features"]
    assert [f["id"] for f in points] == [aset_a.pk]
    refused = client.get("/lapisan/aset-desa.geojson", {"geometri": "garis"})
    assert refused.status_code == 400 and "titik" in refused.content.decode()


def test_the_registry_says_which_shapes_a_layer_holds(client, wilayah):
    bentuk = {lap["slug"]: lap["bentuk"] for lap in client.get("/lapisan/").json()["lapisan"]}
    assert bentuk["pengaduan-warga"] == ["titik"] and bentuk["lahan-pertanian"] == ["poligon"]
    assert set(bentuk["aset-desa"]) == {"titik", "garis", "poligon"}
    assert ProyekPembangunan._meta.get_field("geometri").geom_type == "GEOMETRY"
