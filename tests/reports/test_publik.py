"""What anonymous visitors and other citizens see: never the reporter's identity, never hidden complaints
or their photos — through pages, GeoJSON, tiles, Open311, search and the tracking lookup."""

from __future__ import annotations

import mapbox_vector_tile
import pytest

from reports.models import FotoPengaduan, Pengaduan
from reports.services.lapor import pengaduan_buat
from tests.layers.test_lapisan import tile_of
from tests.reports.conftest import LOKASI, foto


@pytest.fixture
def dengan_foto(warga):
    return pengaduan_buat(
        kategori="jalanrusak",
        judul="Jalan amblas",
        deskripsi="Jalan amblas setengah badan jalan.",
        foto=[foto()],
        by=warga,
        **LOKASI,
    ).pengaduan


def semua_keluaran(client, p):
    z, x, y = tile_of(LOKASI["lon"], LOKASI["lat"], 14)
    return {
        "halaman": client.get(p.get_absolute_url()),
        "daftar": client.get("/pengaduan/"),
        "geojson": client.get("/lapisan/pengaduan-warga.geojson"),
        "tile": client.get(f"/tiles/pengaduan-warga/{z}/{x}/{y}.pbf"),
        "open311": client.get("/open311/v2/requests.json"),
        "open311_id": client.get(f"/open311/v2/requests/{p.kode_lacak}.json"),
        "ogc": client.get("/ogc/collections/pengaduan-warga/items"),
        "cari": client.get("/peta/cari/", {"q": p.kode_lacak}),
    }


def test_public_outputs_never_carry_reporter_identity(client, dengan_foto, warga):
    outputs = semua_keluaran(client, dengan_foto)
    for name, response in outputs.items():
        assert response.status_code == 200, name
        body = response.content.decode("utf-8", "replace")
        for secret in (warga.email, warga.nama, warga.telepon, "Siti"):
            assert secret not in body, (name, secret)
    assert dengan_foto.kode_lacak in outputs["geojson"].content.decode()
    layer = mapbox_vector_tile.decode(outputs["tile"].content)["pengaduan-warga"]
    assert layer["features"][0]["properties"]["kode_lacak"] == dengan_foto.kode_lacak
    f = FotoPengaduan.objects.get()
    assert client.get(f"/pengaduan/{dengan_foto.kode_lacak}/foto/{f.pk}/kecil.jpg").status_code == 200


def test_hidden_complaint_and_its_photos_are_404_everywhere(client, dengan_foto, pengguna):
    Pengaduan.objects.filter(pk=dengan_foto.pk).update(tersembunyi=True)
    f = FotoPengaduan.objects.get()
    outputs = semua_keluaran(client, dengan_foto)
    assert outputs["halaman"].status_code == 404 and outputs["open311_id"].status_code == 404
    for name in ("geojson", "open311", "daftar", "ogc", "cari"):
        assert dengan_foto.kode_lacak not in outputs[name].content.decode(), name
    assert not mapbox_vector_tile.decode(outputs["tile"].content)
    for ukuran in ("asli", "kecil"):
        assert client.get(f"/pengaduan/{dengan_foto.kode_lacak}/foto/{f.pk}/{ukuran}.jpg").status_code == 404
    assert client.get("/pengaduan/lacak/", {"kode": dengan_foto.kode_lacak}).status_code == 404
    # Another citizen sees nothing either; the desa operator does.
    client.force_login(pengguna.operator_b)
    assert client.get(dengan_foto.get_absolute_url()).status_code == 404
    client.force_login(pengguna.operator_a)
    assert client.get(dengan_foto.get_absolute_url()).status_code == 200
    assert client.get(f"/pengaduan/{dengan_foto.kode_lacak}/foto/{f.pk}/asli.jpg").status_code == 200


def test_name_shown_to_signed_in_citizens_unless_anonymous(client, aduan, pengguna):
    client.force_login(pengguna.admin_kecamatan_lain)
    assert "Siti" in client.get(aduan.get_absolute_url()).content.decode()
    Pengaduan.objects.filter(pk=aduan.pk).update(anonim=True)
    assert "Siti" not in client.get(aduan.get_absolute_url()).content.decode()
    client.force_login(pengguna.operator_a)
    page = client.get(f"/kelola/pengaduan/{aduan.kode_lacak}/").content.decode()
    assert "Siti Pelapor" in page and "081234567890" in page  # the handler needs the contact


def test_tracking_code_lookup(client, aduan):
    assert client.get("/pengaduan/lacak/", {"kode": aduan.kode_lacak.lower()}).status_code == 302
    bad = client.get("/pengaduan/lacak/", {"kode": "<script>"})
    assert bad.status_code == 400 and "ADU-XXXX-XXXX" in bad.content.decode() and "<script>" not in bad.content.decode()
    assert client.get("/pengaduan/lacak/", {"kode": "ADU-2222-2222"}).status_code == 404


def test_map_filters_by_status_and_year(client, aduan):
    base = "/lapisan/pengaduan-warga.geojson"
    assert client.get(base, {"status": "baru"}).json()["numberReturned"] == 1
    assert client.get(base, {"status": "selesai"}).json()["numberReturned"] == 0
    assert client.get(base, {"tahun": aduan.dibuat.year}).json()["numberReturned"] == 1
    assert client.get(base, {"tahun": 1999}).json()["numberReturned"] == 0
    assert client.get(base, {"tahun": "abc"}).status_code == 400
    assert client.get("/lapisan/lahan-pertanian.geojson", {"status": "x"}).status_code == 400
