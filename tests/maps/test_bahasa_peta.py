"""What the map tells people: labels instead of database keys, legends from the data, boundaries by view."""

from __future__ import annotations

import json

import pytest
from django.contrib.gis.geos import MultiPolygon, Point
from django.utils import translation

from layers.models import Lapisan
from layers.selectors import daftar_lapisan
from reports.models import KategoriPengaduan
from tests.factories import DesaFactory, lahan_kopi
from tests.maps.test_portal import konfigurasi

pytestmark = pytest.mark.django_db


def lapisan(user, slug):
    return next(lap for lap in daftar_lapisan(user) if lap["slug"] == slug)


def test_layer_registry_carries_labels_units_and_colours(wilayah, pengguna):
    from django.contrib.auth.models import AnonymousUser

    KategoriPengaduan.objects.update_or_create(kode="banjir", defaults={"nama_id": "Banjir dan genangan"})
    lahan = lapisan(AnonymousUser(), "lahan-pertanian")["atribut"]
    assert lahan["nilai"]["komoditas"]["padi_sawah"] == "Padi sawah"
    assert lahan["kolom"]["luas_ha"] == "luas" and lahan["format"]["luas_ha"] == {"jenis": "angka", "satuan": "ha"}
    # Every commodity has a colour (declared rules kept), not only the 4 with a rule.
    assert len(lahan["warna"]) == 16 and lahan["warna"]["kopi"] == "#7c2d12"
    assert len(set(lahan["warna"].values())) == 16
    aset = lapisan(AnonymousUser(), "aset-desa")["atribut"]
    assert aset["format"]["nilai_perolehan"] == {"jenis": "rupiah"}
    assert aset["nilai"]["golongan"]["gedung_bangunan"] == "Gedung dan bangunan"
    aduan = lapisan(AnonymousUser(), "pengaduan-warga")["atribut"]
    assert aduan["format"]["dibuat"] == {"jenis": "waktu"} and aduan["kolom"]["kategori_id"] == "kategori"
    assert aduan["nilai"]["kategori_id"]["banjir"] == "Banjir dan genangan"
    # Internal attributes (land tenure, tiller) are not even named to those who may not see them.
    assert "penguasaan" not in lahan["kolom"] and "penguasaan" not in lahan["nilai"]
    staf = lapisan(pengguna.operator_a, "lahan-pertanian")["atribut"]
    assert staf["nilai"]["penguasaan"]["milik"] == "Milik sendiri" and "penggarap" not in staf["format"]
    with translation.override("en"):
        assert lapisan(AnonymousUser(), "proyek-pembangunan")["atribut"]["kolom"]["tahun_anggaran"] == "budget year"


def test_legend_lists_the_classes_present_with_counts_in_scope(client, wilayah, pengguna, lahan_a):
    lahan_kopi(wilayah.desa_a, (107.80, -7.30, 107.801, -7.299))
    lahan_kopi(wilayah.desa_a, (107.802, -7.30, 107.803, -7.299))
    lahan_kopi(wilayah.desa_a, (107.804, -7.30, 107.805, -7.299), komoditas="jagung", publik=False)
    data = client.get("/lapisan/lahan-pertanian/legenda.json").json()
    assert data["judul"] == "komoditas"
    assert [(k["label"], k["jumlah"]) for k in data["kelas"]] == [("Kopi", 2), ("Padi sawah", 1)]
    client.force_login(pengguna.operator_a)  # the operator also sees the unpublished parcel
    kelas = {k["nilai"]: k for k in client.get("/lapisan/lahan-pertanian/legenda.json").json()["kelas"]}
    warna = lapisan(pengguna.operator_a, "lahan-pertanian")["atribut"]["warna"]
    assert kelas["jagung"]["jumlah"] == 1 and kelas["jagung"]["warna"] == warna["jagung"]  # same colour as the map
    # Filters narrow the legend like the map; bad ones get a message, never a 500.
    assert client.get("/lapisan/lahan-pertanian/legenda.json", {"desa": wilayah.desa_b.kode}).json()["kelas"] == []
    salah = client.get("/lapisan/lahan-pertanian/legenda.json", {"status": "x"})
    assert salah.status_code == 400 and "tidak tersedia" in salah.content.decode()


def test_internal_attribute_never_classifies_a_public_legend(client, wilayah, lahan_a):
    lap = Lapisan.objects.get(slug="lahan-pertanian")
    lap.gaya = {**lap.gaya, "by": "penguasaan", "rules": {"milik": "#000000"}}
    lap.save()
    body = client.get("/lapisan/lahan-pertanian/legenda.json").content.decode()
    assert "milik" not in body and "Milik" not in body
    assert json.loads(body)["kelas"][0]["jumlah"] == 1


def test_portal_embeds_no_boundaries_and_names_twin_desa(client, wilayah):
    DesaFactory(
        kecamatan=wilayah.kecamatan_lain,
        kode="32.05.08.2009",
        nama="Desa A",
        batas=MultiPolygon(Point(107.97, -7.25, srid=4326).buffer(0.01)),
    )
    response = client.get("/peta/")
    html = response.content.decode()
    assert "MultiPolygon" not in html and "portal-batas" not in html
    conf = konfigurasi(response)
    assert conf["batas"] == "/lapisan/batas-desa.geojson"
    assert conf["cakupan"] == pytest.approx([107.80, -7.30, 107.98, -7.20], abs=1e-3)
    labels = [label for _kode, label in conf["desa"]]
    assert "Desa A (Kec. Samarang Uji)" in labels and "Desa A (Kec. Pasirwangi Uji)" in labels and "Desa B" in labels
    form = client.get("/pengaduan/baru/")  # anonymous: sent to sign in; the form itself is checked in e2e
    assert form.status_code == 302


def test_boundaries_by_view_are_simplified_for_the_zoom(client, wilayah):
    rinci = MultiPolygon(Point(107.83, -7.25, srid=4326).buffer(0.02, quadsegs=500))
    DesaFactory(kecamatan=wilayah.kecamatan, kode="32.05.07.2003", nama="Desa Bulat", batas=rinci)
    q = {"bbox": "107.7,-7.4,108.0,-7.1", "properties": "kode,nama", "limit": "5000"}
    penuh = client.get("/lapisan/batas-desa.geojson", q).content
    kasar = client.get("/lapisan/batas-desa.geojson", {**q, "zoom": "11"}).content
    assert len(kasar) < len(penuh) / 5
    assert json.loads(kasar)["numberReturned"] == json.loads(penuh)["numberReturned"] == 4
    salah = client.get("/lapisan/batas-desa.geojson", {**q, "zoom": "99"})
    assert salah.status_code == 400 and "zoom" in salah.content.decode()


def test_analysis_tools_and_print_titles_use_names(client, pengguna):
    client.force_login(pengguna.perencana)
    html = client.get("/analisis/").content.decode()
    assert "Luas dan jumlah per wilayah" in html and "Celah layanan" in html
