"""Boundary imports tell the truth before saving: counts per level, names unknown instead of invented, overlaps
with existing desa (hectares), village data that now lies in another desa; the save reports the same."""

import json
from pathlib import Path

import geopandas as gpd
import pytest
import shapely
from allauth.account.models import EmailAddress
from django.core.files.uploadedfile import SimpleUploadedFile
from pyproj import Geod

from assets.models import AsetDesa
from assets.models.aset import Golongan, JenisAset
from importers.models import ImportRun
from reports.models import Pengaduan
from reports.services.lapor import pengaduan_buat
from sig.akun.models import Peran
from sig.wilayah.models import Desa, Kabupaten, Kecamatan
from tests.factories import DesaFactory, KecamatanFactory, UserFactory, kotak

GEOD = Geod(ellps="WGS84")


@pytest.fixture(autouse=True)
def _unggahan(settings, tmp_path):
    settings.IMPORT_UPLOAD_DIR = tmp_path / "impor"
    settings.IMPOR_LATAR = False
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "privat"


@pytest.fixture
def superadmin(db):
    return UserFactory(email="super@contoh.id", peran=Peran.SUPERADMIN, nama="Super Admin")


def unggah(client, path: Path, **opsi) -> ImportRun:
    sebelum = set(ImportRun.objects.values_list("pk", flat=True))
    response = client.post("/impor/", {"berkas": SimpleUploadedFile(path.name, path.read_bytes()), "target": "desa"})
    assert response.status_code == 302, response.content.decode()
    return ImportRun.objects.exclude(pk__in=sebelum).get()


def simpan(client, preview: ImportRun) -> ImportRun:
    client.post(f"/impor/{preview.pk}/simpan/")
    return ImportRun.objects.filter(dry_run=False).order_by("-mulai").first()


def per_tingkat(run: ImportRun) -> dict[str, tuple[int, int, int]]:
    return {t["tingkat"]: (t["baru"], t["diperbarui"], t["tetap"]) for t in run.pratinjau["per_tingkat"]}


def warga_terverifikasi(email="warga@contoh.id"):
    user = UserFactory(email=email)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


@pytest.mark.django_db
def test_kecamatan_then_desa_previews_count_per_level_and_save_the_same(client, superadmin, shared_data):
    client.force_login(superadmin)
    preview = unggah(client, shared_data / "garut_kecamatan.geojson")
    assert preview.status == "pratinjau", preview.pesan
    assert per_tingkat(preview) == {"kabupaten": (1, 0, 0), "kecamatan": (42, 0, 0)}
    assert (preview.dibuat, preview.diperbarui, preview.tidak_berubah) == (42, 0, 0)
    assert len(preview.pratinjau["peta"]["features"]) == 42
    assert Kecamatan.objects.count() == 0 and Kabupaten.objects.count() == 0  # a preview writes nothing
    page = client.get(f"/impor/{preview.pk}/").content.decode()
    assert 'data-tingkat="kecamatan"><td>Kecamatan</td><td>42</td><td>0</td><td>0</td>' in page
    # The kabupaten has only a code in this file: its name is unknown, and the preview says so.
    assert "Kabupaten 32.05: nama belum diketahui" in page
    saved = simpan(client, preview)
    assert saved.status == "selesai", saved.pesan
    assert (saved.dibuat, saved.masalah, saved.pratinjau["per_tingkat"]) == (
        preview.dibuat,
        preview.masalah,
        preview.pratinjau["per_tingkat"],
    )
    assert Kabupaten.objects.get().nama == "" and Kecamatan.objects.get(kode="32.05.07").nama == "Samarang"

    desa = unggah(client, shared_data / "samarang_desa.geojson")
    assert per_tingkat(desa) == {"kecamatan": (0, 0, 1), "desa": (13, 0, 0)}
    assert "kode_kec" in " ".join(m["pesan"] for m in desa.masalah if m["tingkat"] == "kolom")
    assert not Desa.objects.exists()
    saved = simpan(client, desa)
    assert Desa.objects.count() == 13 and saved.masalah == desa.masalah
    # The same file again (re-import ticked): everything unchanged, nothing rewritten.
    again = unggah(client, shared_data / "samarang_desa.geojson")
    assert per_tingkat(again)["desa"] == (0, 0, 13)
    assert any("sudah pernah diimpor" in m["pesan"] for m in again.masalah if m["tingkat"] == "run")


@pytest.mark.django_db
def test_kecamatan_made_from_desa_codes_has_no_invented_name(client, superadmin, shared_data):
    client.force_login(superadmin)
    preview = unggah(client, shared_data / "samarang_desa.geojson")
    assert per_tingkat(preview) == {"kabupaten": (1, 0, 0), "kecamatan": (1, 0, 0), "desa": (13, 0, 0)}
    page = client.get(f"/impor/{preview.pk}/").content.decode()
    assert "Kecamatan 32.05.07: nama belum diketahui" in page
    simpan(client, preview)
    kecamatan = Kecamatan.objects.get(kode="32.05.07")
    assert kecamatan.nama == "" and str(kecamatan) == "32.05.07 (nama belum diketahui)"
    page = client.get(kecamatan.get_absolute_url()).content.decode()
    assert "Kecamatan Kecamatan" not in page and "32.05.07 (nama belum diketahui)" in page
    desa_page = client.get(Desa.objects.get(kode="32.05.07.2001").get_absolute_url()).content.decode()
    assert "Kecamatan 32.05.07 (nama belum diketahui)" in desa_page and "Kecamatan Kecamatan" not in desa_page
    # The kecamatan file brings the official name.
    unggah_simpan = simpan(client, unggah(client, shared_data / "garut_kecamatan.geojson"))
    assert unggah_simpan.status == "selesai", unggah_simpan.pesan
    assert Kecamatan.objects.get(kode="32.05.07").nama == "Samarang"


@pytest.mark.django_db
def test_a_demo_desa_under_real_ones_is_caught_and_complaints_follow_the_real_boundary(client, superadmin, shared_data):
    source = gpd.read_file(shared_data / "samarang_desa.geojson").set_index("kode")
    samarang = source.loc["32.05.07.2001"].geometry
    hall = samarang.representative_point()  # "the village hall"
    demo_shape = shapely.box(hall.x - 0.01, hall.y - 0.01, hall.x + 0.01, hall.y + 0.01)
    # A demo desa whose code sorts before the real one: the old rule (lowest code) chose it.
    demo_kec = KecamatanFactory(kode="32.05.05", nama="Demo", batas=kotak(*demo_shape.buffer(0.001).bounds))
    demo = DesaFactory(kecamatan=demo_kec, kode="32.05.05.2001", nama="Demo Sukamaju", batas=kotak(*demo_shape.bounds))
    warga = warga_terverifikasi()
    old = pengaduan_buat(
        kategori="jalanrusak",
        judul="Jalan rusak",
        deskripsi="Lubang besar di jalan desa.",
        lon=hall.x,
        lat=hall.y,
        by=warga,
    ).pengaduan
    aset = AsetDesa.objects.create(
        desa=demo,
        nama="Balai Desa Demo",
        golongan=Golongan.GEDUNG_BANGUNAN,
        jenis=JenisAset.BALAI_DESA,
        geometri=shapely.to_wkt(hall),
    )
    assert old.desa == demo

    client.force_login(superadmin)
    preview = unggah(client, shared_data / "samarang_desa.geojson")
    assert Desa.objects.count() == 1 and preview.status == "pratinjau"
    overlaps = {t["kode"]: t for t in preview.pratinjau["tumpang"] if t["kode_lain"] == demo.kode}
    expected_ha = abs(GEOD.geometry_area_perimeter(samarang.intersection(demo_shape))[0]) / 10000
    assert overlaps["32.05.07.2001"]["luas_ha"] == pytest.approx(expected_ha, rel=0.01)
    assert expected_ha > 50
    moved = {k["data"]: k for k in preview.pratinjau["pindah"]}
    assert moved["pengaduan"]["jumlah"] == 1 and moved["aset desa"]["jumlah"] == 1
    assert moved["pengaduan"]["contoh"][0]["dari"] == "Demo Sukamaju"
    assert moved["pengaduan"]["contoh"][0]["ke"] == "Samarang"
    page = client.get(f"/impor/{preview.pk}/").content.decode()
    assert "tumpang tindih" in page and "Demo Sukamaju (32.05.05.2001)" in page
    assert f"{expected_ha:.2f}".replace(".", ",") in page or f"{expected_ha:.2f}" in page
    assert old.kode_lacak in page and "Balai Desa Demo: Demo Sukamaju → Samarang" in page
    features = {f["properties"]["kode"]: f["properties"]["status"] for f in preview.pratinjau["peta"]["features"]}
    assert features[demo.kode] == "tumpang" and features["32.05.07.2001"] == "baru"
    assert json.dumps(preview.pratinjau)  # stored as JSON

    saved = simpan(client, preview)
    assert saved.status == "selesai", saved.pesan
    assert saved.masalah == preview.masalah and saved.pratinjau["pindah"] == preview.pratinjau["pindah"]
    # Existing data keeps its desa (listed, not moved behind anyone's back)…
    old.refresh_from_db()
    aset.refresh_from_db()
    assert old.desa == demo and aset.desa == demo
    # …and a new complaint at the village hall goes to the boundary in force: the real desa.
    new = pengaduan_buat(
        kategori="jalanrusak",
        judul="Lampu mati",
        deskripsi="Lampu jalan mati sejak kemarin.",
        lon=hall.x,
        lat=hall.y,
        by=warga,
    ).pengaduan
    assert new.desa.kode == "32.05.07.2001"
    assert Pengaduan.objects.count() == 2
