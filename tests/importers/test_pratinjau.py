"""The preview runs exactly what the save runs: same counts, same notices, the same refusal of a file saved
before (said on the preview, with when and by whom); every source column the import drops is named."""

from pathlib import Path

import geopandas as gpd
import pytest
import shapely
from django.core.files.uploadedfile import SimpleUploadedFile

from assets.models import LahanPertanian
from importers.models import ImportRun
from importers.pipeline import Permintaan, run_import


@pytest.fixture(autouse=True)
def _unggahan(settings, tmp_path):
    settings.IMPORT_UPLOAD_DIR = tmp_path / "impor"
    settings.IMPOR_LATAR = False


def persil(tmp_path: Path, name: str, *, komoditas=("padi", "kopi", "jagung", "cabai"), luar: int = 0) -> Path:
    """Four parcels in desa A (lon 107.80–107.85) with an unmapped NAMA_BLOK column and one bad irrigation
    value; `luar` more parcels in desa B, which an import into desa A refuses."""
    rows, geoms = [], []
    for i, kom in enumerate(komoditas):
        rows.append(
            {"ID_PERSIL": f"P-{i}", "nama": f"Persil {i}", "KOMODITI": kom, "NAMA_BLOK": f"Blok {i}", "PENGAIRAN": "x"}
        )
        geoms.append(shapely.box(107.81 + i * 0.002, -7.26, 107.8115 + i * 0.002, -7.2585))
    for j in range(luar):
        rows.append({"ID_PERSIL": f"L-{j}", "nama": "Luar", "KOMODITI": "padi", "NAMA_BLOK": "", "PENGAIRAN": ""})
        geoms.append(shapely.box(107.86 + j * 0.002, -7.26, 107.8615 + j * 0.002, -7.2585))
    path = tmp_path / name
    gpd.GeoDataFrame(rows, geometry=geoms, crs=4326).to_file(path, engine="pyogrio")
    return path


def ringkas(run: ImportRun) -> tuple:
    return run.dibuat, run.diperbarui, run.tidak_berubah, run.ditolak, run.masalah


def pratinjau_lalu_simpan(client, path: Path, desa, **opsi) -> tuple[ImportRun, ImportRun]:
    """Upload → preview → 'Simpan' on the upload screen; returns both runs."""
    sebelum = set(ImportRun.objects.values_list("pk", flat=True))
    upload = SimpleUploadedFile(path.name, path.read_bytes())
    response = client.post("/impor/", {"berkas": upload, "target": "lahan", "desa": desa.pk, **opsi})
    assert response.status_code == 302, response.content.decode()
    preview = ImportRun.objects.exclude(pk__in=sebelum).get()
    assert preview.status == "pratinjau", preview.pesan
    client.post(f"/impor/{preview.pk}/simpan/")
    saved = ImportRun.objects.exclude(pk__in=sebelum).exclude(pk=preview.pk).get()
    return preview, saved


@pytest.mark.django_db
@pytest.mark.parametrize("skenario", ["baru", "sama_dengan_impor_ulang", "diperbarui", "ada_yang_ditolak"])
def test_preview_counts_and_notices_equal_the_saved_run(client, pengguna, wilayah, tmp_path, skenario):
    client.force_login(pengguna.operator_a)
    v1 = persil(tmp_path, "persil.geojson")
    target, opsi, expected = v1, {}, (4, 0, 0, 0)
    if skenario != "baru":
        first = run_import(
            Permintaan(berkas=v1, nama_berkas=v1.name, target="lahan", desa=wilayah.desa_a, by=pengguna.operator_a)
        )
        assert first.status == "selesai", first.pesan
    if skenario == "sama_dengan_impor_ulang":
        opsi, expected = {"paksa": "on"}, (0, 0, 4, 0)
    elif skenario == "diperbarui":
        target, expected = (
            persil(tmp_path, "persil_v2.geojson", komoditas=("padi", "kentang", "kopi", "kopi")),
            (
                0,
                3,
                1,
                0,
            ),
        )
    elif skenario == "ada_yang_ditolak":
        target, expected = persil(tmp_path, "persil_luar.geojson", luar=2), (0, 0, 4, 2)
    preview, saved = pratinjau_lalu_simpan(client, target, wilayah.desa_a, **opsi)
    assert saved.status == "selesai", saved.pesan
    assert ringkas(preview) == ringkas(saved)
    assert ringkas(saved)[:4] == expected
    assert LahanPertanian.objects.count() == 4
    pesan = [m["pesan"] for m in saved.masalah]
    assert "Kolom NAMA_BLOK tidak dipetakan dan tidak akan disimpan." in pesan
    if skenario == "sama_dengan_impor_ulang":
        assert any("sudah pernah diimpor pada" in p and "Diimpor ulang" in p for p in pesan)
    if skenario == "ada_yang_ditolak":
        assert [m["fitur"] for m in saved.masalah if m["tingkat"] == "baris"] == [5, 6]


@pytest.mark.django_db
def test_a_file_saved_before_is_a_blocker_on_the_preview_not_a_surprise_on_save(client, pengguna, wilayah, tmp_path):
    pengguna.operator_a.nama = "Ujang Operator"
    pengguna.operator_a.save()
    path = persil(tmp_path, "persil.geojson")
    first = run_import(
        Permintaan(berkas=path, nama_berkas=path.name, target="lahan", desa=wilayah.desa_a, by=pengguna.operator_a)
    )
    client.force_login(pengguna.operator_a)
    preview, failed = pratinjau_lalu_simpan(client, path, wilayah.desa_a)
    # The preview still shows what a re-import would do, and says first that saving will be refused, why,
    # when the earlier run was and who made it.
    assert (preview.dibuat, preview.diperbarui, preview.tidak_berubah) == (0, 0, 4)
    blocker = [m["pesan"] for m in preview.masalah if m["tingkat"] == "run"]
    assert len(blocker) == 1 and "sudah pernah diimpor pada" in blocker[0] and "oleh Ujang Operator" in blocker[0]
    assert f"{first.mulai.astimezone().strftime('%d-%m-%Y')}" in blocker[0]
    page = client.get(f"/impor/{preview.pk}/").content.decode()
    assert "Menyimpan berkas ini akan ditolak" in page and blocker[0].replace("'", "&#x27;") in page
    assert 'name="paksa"' in page
    # Saving without ticking 'impor ulang' gives exactly the reason the preview gave; nothing is written twice.
    assert failed.status == "gagal" and failed.pesan == blocker[0]
    assert [m["pesan"] for m in failed.masalah if m["tingkat"] == "run"] == blocker
    assert LahanPertanian.objects.count() == 4 and LahanPertanian.history.count() == 4
    # Ticking it on the preview saves what the preview promised.
    client.post(f"/impor/{preview.pk}/simpan/", {"paksa": "1"})
    forced = ImportRun.objects.filter(dry_run=False).order_by("-mulai").first()
    assert forced.status == "selesai" and (forced.dibuat, forced.diperbarui, forced.tidak_berubah) == (0, 0, 4)


@pytest.mark.django_db
def test_unmapped_columns_are_listed_on_the_preview_and_the_saved_report(client, pengguna, wilayah, tmp_path):
    client.force_login(pengguna.operator_a)
    preview, saved = pratinjau_lalu_simpan(client, persil(tmp_path, "persil.geojson"), wilayah.desa_a)
    for run in (preview, saved):
        page = client.get(f"/impor/{run.pk}/").content.decode()
        assert "Kolom NAMA_BLOK tidak dipetakan dan tidak akan disimpan." in page
        assert "Kolom PENGAIRAN tidak dipetakan" not in page  # mapped to irigasi
    assert set(saved.pemetaan.values()) == {"ID_PERSIL", "nama", "KOMODITI", "PENGAIRAN"}


@pytest.mark.django_db
def test_a_survey_layer_says_it_keeps_every_column(client, pengguna, wilayah, tmp_path):
    client.force_login(pengguna.operator_a)
    path = persil(tmp_path, "survei.geojson")
    upload = SimpleUploadedFile(path.name, path.read_bytes())
    client.post("/impor/", {"berkas": upload, "target": "survei", "desa": wilayah.desa_a.pk, "nama_lapisan": "Blok"})
    preview = ImportRun.objects.get()
    page = client.get(f"/impor/{preview.pk}/").content.decode()
    assert "Lapisan survei menyimpan semua 5 kolom berkas sebagai atribut: ID_PERSIL, nama, KOMODITI, NAMA_BLOK" in page
    assert "tidak dipetakan" not in page
