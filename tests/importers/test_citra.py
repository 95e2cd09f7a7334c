"""Drone/orthophoto imagery uploaded through the importer becomes a COG basemap; bad files are refused with a
clear 400 and leave nothing behind."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import rasterio
from django.core.files.uploadedfile import SimpleUploadedFile
from rasterio.transform import from_origin

from importers.models import ImportRun
from survei.models import CitraUdara


def tulis_citra(path: Path, *, lebar=1200, tinggi=1000, crs: str | None = "EPSG:32748", band=4, dtype="uint8") -> Path:
    """An RGBA 'drone photo' in UTM 48S (10 cm pixels) inside desa A, transparent on its left edge."""
    profil = {"driver": "GTiff", "width": lebar, "height": tinggi, "count": band, "dtype": dtype}
    with rasterio.open(path, "w", **profil, crs=crs, transform=from_origin(806000, 9198000, 0.1, 0.1)) as dst:
        data = np.zeros((band, tinggi, lebar), dtype=dtype)
        data[0] = (np.arange(lebar) % 200).astype(dtype)
        if band >= 3:
            data[1], data[2] = 120, 60
        if band == 4:
            data[3] = 255
            data[3, :, :100] = 0
        dst.write(data)
    return path


@pytest.fixture(autouse=True)
def _folder(settings, tmp_path):
    settings.IMPORT_UPLOAD_DIR = tmp_path / "impor"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "privat"
    settings.IMPOR_LATAR = False


def unggah(client, path: Path, nama: str | None = None, **data):
    upload = SimpleUploadedFile(nama or path.name, path.read_bytes())
    return client.post("/impor/", {"berkas": upload, "target": "citra", **data})


def tersimpan(settings) -> list[Path]:
    folder = Path(settings.PRIVATE_MEDIA_ROOT) / "citra"
    return sorted(folder.iterdir()) if folder.exists() else []


@pytest.mark.django_db
def test_uploaded_utm_geotiff_becomes_a_cog_basemap_with_overviews(client, pengguna, wilayah, settings, tmp_path):
    client.force_login(pengguna.operator_a)
    path = tulis_citra(tmp_path / "drone.tif")
    response = unggah(client, path, desa=wilayah.desa_a.pk, nama_lapisan="Foto udara Desa A 2026")
    assert response.status_code == 302
    preview = ImportRun.objects.get()
    assert preview.status == "pratinjau" and not CitraUdara.objects.exists() and tersimpan(settings) == []
    client.post(f"/impor/{preview.pk}/simpan/")
    run = ImportRun.objects.exclude(pk=preview.pk).get()
    assert run.status == "selesai", run.pesan
    citra = CitraUdara.objects.get()
    assert (citra.nama, citra.desa, citra.publik, citra.epsg) == (
        "Foto udara Desa A 2026",
        wilayah.desa_a,
        False,
        32748,
    )
    assert (citra.lebar, citra.tinggi, citra.maks_zoom) == (1200, 1000, 21) and citra.min_zoom <= 16
    assert tersimpan(settings) == [Path(citra.berkas)]
    with rasterio.open(citra.berkas, driver="GTiff") as cog:
        assert cog.profile["tiled"] and cog.profile["compress"] == "jpeg" and cog.overviews(1) == [2, 4]
        assert cog.crs.to_epsg() == 3857  # stored in the tiles' grid: a tile is read without reprojection
        assert cog.count == 3 and rasterio.enums.MaskFlags.per_dataset in cog.mask_flag_enums[0]  # alpha → mask
        assert cog.dataset_mask()[500, 50] == 0 and cog.dataset_mask()[500, 600] == 255
    west, south, east, north = citra.cakupan.extent
    assert 107.770 < west < east < 107.773 and -7.249 < south < north < -7.247


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("buat", "nama", "pesan"),
    [
        (lambda p: p.write_bytes(b"%PDF-1.4 bukan tiff" * 100) and p, "foto.tif", "bukan GeoTIFF yang sah"),
        (lambda p: tulis_citra(p, crs=None), "tanpa_crs.tif", "tanpa CRS"),
        (lambda p: tulis_citra(p, band=2), "dua_band.tif", "8-bit"),
        (lambda p: tulis_citra(p, band=1, dtype="float32"), "dem.tif", "8-bit"),
    ],
)
def test_bad_imagery_is_refused_with_a_reason_and_nothing_kept(
    client, pengguna, wilayah, settings, tmp_path, buat, nama, pesan
):
    client.force_login(pengguna.operator_a)
    path = tmp_path / nama
    buat(path)
    response = unggah(client, path, desa=wilayah.desa_a.pk)
    assert response.status_code == 400
    assert pesan in response.content.decode()
    assert not CitraUdara.objects.exists() and tersimpan(settings) == []


@pytest.mark.django_db
def test_imagery_of_huge_dimensions_is_refused_before_any_pixel_is_read(client, pengguna, wilayah, settings, tmp_path):
    path = tmp_path / "raksasa.tif"
    with rasterio.open(
        path, "w", driver="GTiff", width=200_000, height=200_000, count=3, dtype="uint8", crs="EPSG:32748",
        transform=from_origin(806000, 9198000, 0.01, 0.01), tiled=True, sparse_ok=True,
    ):  # fmt: skip
        pass  # a few KB on disk, 120 GB of pixels
    assert path.stat().st_size < 10_000_000
    client.force_login(pengguna.operator_a)
    response = unggah(client, path, desa=wilayah.desa_a.pk)
    assert response.status_code == 400 and "terlalu besar" in response.content.decode()
    assert not CitraUdara.objects.exists() and tersimpan(settings) == []


@pytest.mark.django_db
def test_who_may_register_imagery(client, pengguna, wilayah, tmp_path):
    path = tulis_citra(tmp_path / "drone.tif", lebar=300, tinggi=300)
    client.force_login(pengguna.operator_b)  # desa A is not in operator B's choices
    response = unggah(client, path, desa=wilayah.desa_a.pk)
    assert response.status_code == 400 and not ImportRun.objects.exists()
    response = unggah(client, path)  # private imagery needs a desa
    assert response.status_code == 400 and "harus milik satu desa" in response.content.decode()
    response = unggah(client, path, publik="on")  # imagery of the whole install: not for an operator
    assert response.status_code == 400 and "admin kecamatan" in response.content.decode()
    client.force_login(pengguna.warga)
    assert unggah(client, path, desa=wilayah.desa_a.pk).status_code == 403
    client.force_login(pengguna.admin_kecamatan)
    assert unggah(client, path, publik="on").status_code == 302
    assert not CitraUdara.objects.exists()  # a preview records nothing
