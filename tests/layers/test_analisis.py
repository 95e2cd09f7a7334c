"""Planner analyses: areas against geography, proximity, overlay, hotspots, coverage gaps — and scope."""

from __future__ import annotations

import json

import pytest
from django.contrib.gis.geos import GEOSGeometry, MultiPolygon, Point
from django.db import connection

from assets.models import AsetDesa, LahanPertanian
from layers.models import Lapisan
from reports.models import Pengaduan
from tests.factories import lahan_kopi

URL = "/analisis/{}.geojson"


def hektar_persegi(lon: float, lat: float) -> MultiPolygon:
    """A 100 m × 100 m square (1 ha) centred on (lon, lat), built in a local equal-area projection."""
    laea = f"+proj=laea +lat_0={lat} +lon_0={lon} +datum=WGS84 +units=m"
    with connection.cursor() as cursor:
        cursor.execute("SELECT ST_AsText(ST_Transform(ST_MakeEnvelope(-50, -50, 50, 50), %s, 4326))", [laea])
        wkt = cursor.fetchone()[0]
    return MultiPolygon(GEOSGeometry(wkt, srid=4326))


def fitur(response) -> list[dict]:
    assert response.status_code == 200, response.content[:300]
    return json.loads(response.content)["features"]


@pytest.fixture
def lahan_ha(wilayah):
    return LahanPertanian.objects.create(
        desa=wilayah.desa_a,
        nama="Persil 1 ha",
        penggunaan="sawah",
        komoditas="padi_sawah",
        irigasi="teknis",
        geometri=hektar_persegi(107.82, -7.25),
    )


@pytest.mark.django_db
def test_area_of_a_one_hectare_square_by_desa(client, pengguna, lahan_ha):
    client.force_login(pengguna.perencana)
    rows = [f["properties"] for f in fitur(client.get(URL.format("agregasi"), {"lapisan": "lahan-pertanian"}))]
    assert len(rows) == 1 and rows[0]["kode"] == "32.05.07.2001" and rows[0]["jumlah"] == 1
    assert rows[0]["luas_ha"] == pytest.approx(1.0, rel=1e-3)


@pytest.mark.django_db
def test_real_samarang_villages_area_matches_geography(client, db, shared_data):
    """The 13 real villages as the boundary layer: aggregated area per village equals ST_Area(geography)."""
    import geopandas as gpd

    from sig.wilayah.models import Desa, Kabupaten, Kecamatan

    frame = gpd.read_file(shared_data / "samarang_desa.geojson")
    kab, _ = Kabupaten.objects.get_or_create(kode="32.05", defaults={"nama": "Garut"})
    hull = GEOSGeometry(frame.geometry.union_all().convex_hull.wkt, srid=4326)
    kec = Kecamatan.objects.create(kode="32.05.09", nama="Samarang", kabupaten=kab, batas=MultiPolygon(hull))
    for i, geometry in enumerate(frame.geometry):
        geom = GEOSGeometry(geometry.wkt, srid=4326)
        batas = geom if geom.geom_type == "MultiPolygon" else MultiPolygon(geom)
        Desa.objects.create(kode=f"32.05.09.{2001 + i}", nama=f"Desa {i}", kecamatan=kec, batas=batas)
    from tests.factories import UserFactory

    client.force_login(UserFactory(peran="perencana"))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, kode, ST_Area(batas::geography) / 10000 FROM wilayah_desa WHERE kode LIKE '32.05.09.%%'"
        )
        villages = cursor.fetchall()
    assert len(villages) == 13
    for pk, kode, ha in villages:
        # One layer per village (neighbours' boundaries overlap by slivers; the village's own part is the measure).
        Lapisan.objects.create(slug=f"batas-{pk}", judul_id=kode, jenis="wilayah", desa_id=pk)
        rows = fitur(client.get(URL.format("agregasi"), {"lapisan": f"batas-{pk}"}))
        own = next(f["properties"] for f in rows if f["properties"]["kode"] == kode)
        assert own["luas_ha"] == pytest.approx(ha, rel=1e-3) and own["jumlah"] == 1


@pytest.mark.django_db
def test_proximity_nearest_overlay_hotspots_and_gaps(client, pengguna, wilayah, lahan_ha):
    balai = AsetDesa.objects.create(
        desa=wilayah.desa_a,
        nama="Posyandu",
        golongan="gedung_bangunan",
        jenis="balai_desa",
        geometri=Point(107.8205, -7.2495, srid=4326),
    )
    for i, (x, y) in enumerate([(107.8206, -7.2496), (107.8207, -7.2497), (107.84, -7.22)]):
        Pengaduan.objects.create(
            desa=wilayah.desa_a,
            kategori_id="sampah",
            judul=f"S{i}",
            deskripsi="Sampah menumpuk.",
            lokasi=Point(x, y, srid=4326),
            kode_lacak=f"ADU-222{i + 2}-2222",
        )
    client.force_login(pengguna.perencana)
    near = fitur(
        client.get(URL.format("dalam-jarak"), {"lapisan": "pengaduan-warga", "dekat": "aset-desa", "jarak": 500})
    )
    assert len(near) == 2 and all(f["properties"]["jarak_m"] < 50 for f in near)
    nearest = fitur(client.get(URL.format("terdekat"), {"lapisan": "pengaduan-warga", "ke": "aset-desa"}))
    assert len(nearest) == 3 and {f["properties"]["terdekat_id"] for f in nearest} == {balai.pk}
    far = max(f["properties"]["jarak_m"] for f in nearest)
    assert 3000 < far < 4000  # (107.84, -7.22) is about 3.9 km away
    Lapisan.objects.create(
        slug="zona-banjir", judul_id="Zona banjir", jenis="lahan", saringan={"komoditas": "padi_sawah"}
    )
    overlay = fitur(client.get(URL.format("tumpang-susun"), {"lapisan": "lahan-pertanian", "dengan": "zona-banjir"}))
    assert overlay and overlay[0]["properties"]["luas_ha"] == pytest.approx(1.0, rel=1e-3)
    hot = fitur(client.get(URL.format("titik-panas"), {"lapisan": "pengaduan-warga", "sel": 500}))
    with connection.cursor() as cursor:  # the cells the points fall in, on the UTM grid of 500 m
        cursor.execute(
            "SELECT count(*) FROM reports_pengaduan, LATERAL ST_Transform(lokasi, 32748) p "
            "GROUP BY floor(ST_X(p) / 500), floor(ST_Y(p) / 500) ORDER BY 1"
        )
        expected = [row[0] for row in cursor.fetchall()]
    assert sorted(f["properties"]["jumlah"] for f in hot) == expected and sum(expected) == 3
    gaps = fitur(client.get(URL.format("celah"), {"lapisan": "aset-desa", "jarak": 1000, "kecamatan": "32.05.07"}))
    total = sum(f["properties"]["luas_ha"] for f in gaps)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT ST_Area(ST_Transform(batas, 32748)) / 10000 FROM wilayah_kecamatan WHERE kode = '32.05.07'"
        )
        kec_ha = cursor.fetchone()[0]
    assert kec_ha - total == pytest.approx(314.0, rel=0.01)  # a 1 km circle is 314 ha
    # Results name things: the complaint and the nearest asset, not only their ids.
    assert {(f["properties"]["nama"][:2], f["properties"]["terdekat_nama"]) for f in nearest} == {
        ("S0", "Posyandu"),
        ("S1", "Posyandu"),
        ("S2", "Posyandu"),
    }
    # A category the layer does not have is refused with the choices, never a silent "whole kecamatan".
    q = {"lapisan": "aset-desa", "jarak": 1000, "kecamatan": "32.05.07"}
    salah = client.get(URL.format("celah"), {**q, "kategori": "posyandu"})
    assert salah.status_code == 400
    assert "Kategori 'posyandu' tidak ada pada lapisan Aset desa" in salah.content.decode()
    assert "Gedung dan bangunan" in salah.content.decode()
    dengan_label = fitur(client.get(URL.format("celah"), {**q, "kategori": "gedung dan bangunan"}))
    assert sum(f["properties"]["luas_ha"] for f in dengan_label) == pytest.approx(total)
    # Aggregations come with the desa outline, so the map draws them.
    per_desa = fitur(client.get(URL.format("agregasi"), {"lapisan": "lahan-pertanian"}))
    assert per_desa and all(f["geometry"]["type"] in {"Polygon", "MultiPolygon"} for f in per_desa)


@pytest.mark.django_db
def test_analyses_only_see_what_the_user_may_see(client, pengguna, wilayah, lahan_ha):
    lahan_kopi(wilayah.desa_b, (107.86, -7.26, 107.87, -7.25), nama="Rahasia B", penggunaan="sawah", publik=False)
    Lapisan.objects.create(slug="internal", judul_id="Internal", jenis="lahan", visibilitas="internal")
    assert client.get(URL.format("agregasi"), {"lapisan": "lahan-pertanian"}).status_code == 302  # sign in first
    client.force_login(pengguna.warga)
    rows = fitur(client.get(URL.format("agregasi"), {"lapisan": "lahan-pertanian"}))
    assert {r["properties"]["kode"] for r in rows} == {"32.05.07.2001"}  # desa B's private parcel is not counted
    assert client.get(URL.format("agregasi"), {"lapisan": "internal"}).status_code == 404
    client.force_login(pengguna.operator_a)
    assert {
        r["properties"]["kode"] for r in fitur(client.get(URL.format("agregasi"), {"lapisan": "lahan-pertanian"}))
    } == {"32.05.07.2001"}
    client.force_login(pengguna.operator_b)
    assert {
        r["properties"]["kode"] for r in fitur(client.get(URL.format("agregasi"), {"lapisan": "lahan-pertanian"}))
    } == {"32.05.07.2001", "32.05.07.2002"}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("alat", "params", "pesan"),
    [
        ("agregasi", {}, "wajib"),
        ("agregasi", {"lapisan": "lahan-pertanian", "per": "provinsi"}, "desa atau dusun"),
        ("dalam-jarak", {"lapisan": "aset-desa", "dekat": "aset-desa", "jarak": "nan"}, "terhingga"),
        ("dalam-jarak", {"lapisan": "aset-desa", "dekat": "aset-desa", "jarak": "999999"}, "50.000"),
        ("titik-panas", {"lapisan": "pengaduan-warga", "sel": "1"}, "50"),
        ("titik-panas", {"lapisan": "pengaduan-warga", "mulai": "kemarin"}, "2026-01-31"),
        ("celah", {"lapisan": "aset-desa"}, "kecamatan"),
        ("celah", {"lapisan": "aset-desa", "kecamatan": "1' OR 1=1"}, "32.05.07"),
        ("sihir", {}, "tidak dikenal"),
    ],
)
def test_bad_parameters_are_400(client, pengguna, wilayah, alat, params, pesan):
    client.force_login(pengguna.perencana)
    response = client.get(URL.format(alat), params)
    assert response.status_code == 400 and pesan in response.content.decode()


@pytest.mark.django_db
def test_saved_analysis_reruns_under_the_viewers_scope(client, pengguna, wilayah, lahan_ha):
    from layers.models import AnalisisTersimpan

    assert client.get("/analisis/").status_code == 302
    client.force_login(pengguna.perencana)
    page = client.get("/analisis/")
    assert page.status_code == 200 and '"lahan-pertanian"' in page.content.decode()
    assert client.post("/analisis/simpan/", {"alat": "sihir", "nama": "x"}).status_code == 400
    response = client.post(
        "/analisis/simpan/",
        {"alat": "agregasi", "nama": "Lahan per desa", "lapisan": "lahan-pertanian", "evil": "<script>"},
    )
    saved = AnalisisTersimpan.objects.get()
    assert response["Location"] == f"/analisis/tersimpan/{saved.pk}/"
    assert saved.parameter == {"lapisan": "lahan-pertanian"} and saved.dibuat_oleh == pengguna.perencana
    client.force_login(pengguna.operator_b)  # a shared link: opened by someone else, run with their own scope
    shared = client.get(f"/analisis/tersimpan/{saved.pk}/").content.decode()
    assert "Lahan per desa" in shared and '"preset": {"alat": "agregasi", "lapisan": "lahan-pertanian"}' in shared
