"""The sandbox's limits hold whatever the child does, and GDAL is confined in every process."""

from __future__ import annotations

import json
import os
import threading
import time

import pyogrio
import pytest
import rasterio

from importers.sandbox.client import Batas, SandboxGagal, jalankan
from sig import gdal_aman
from tests.importers.test_kurungan import Pendengar

UJI = "tests.importers.sandbox_uji"


def jalankan_semua(fungsi: str, batas: Batas | None = None, **permintaan) -> list:
    return list(jalankan(UJI, fungsi, permintaan, batas or Batas(waktu_detik=30)))


@pytest.mark.parametrize(
    ("fungsi", "batas", "alasan"),
    [
        ("crash", Batas(), "crash"),
        ("memori", Batas(memori_mb=1024), "memori"),
        ("putar", Batas(cpu_detik=2, waktu_detik=30), "cpu"),
        ("tidur", Batas(waktu_detik=2), "waktu"),
        ("besar", Batas(pesan_mb=1), "pesan_besar"),
    ],
)
def test_a_misbehaving_child_fails_only_its_own_run(fungsi, batas, alasan):
    start = time.monotonic()
    with pytest.raises(SandboxGagal) as info:
        jalankan_semua(fungsi, batas, mb=4)
    assert info.value.alasan == alasan
    assert time.monotonic() - start < 20
    # the zygote and this process carry on: the next run works
    assert jalankan_semua("jaringan", port=1)[0].data["tersambung"] is False


def test_the_child_has_no_network_no_secrets_and_no_root():
    listener = Pendengar()
    os.environ["SECRET_KEY"] = "jangan-sampai-bocor"
    try:
        answer = jalankan_semua("jaringan", port=int(listener.url.rsplit(":", 1)[1]))[0].data
    finally:
        del os.environ["SECRET_KEY"]
    assert answer["tersambung"] is False and listener.koneksi == 0
    assert answer["rahasia"] == []
    if os.getuid() == 0 and answer["uid"] == 0:
        pytest.skip("nobody cannot read this interpreter: the child keeps root (network and limits still apply)")
    assert answer["uid"] != 0 or os.getuid() != 0


def test_only_allowed_gdal_drivers_are_registered_in_every_copy():
    copies = gdal_aman.kurung()
    assert len(copies) >= 2  # pyogrio's and rasterio's (and the system's, for GeoDjango)
    for path, names in copies.items():
        assert set(names) <= set(gdal_aman.DRIVER_IZIN), path
        assert not {"VRT", "OGR_VRT", "GDALG", "WMS", "WFS", "CSV", "SQLite", "PostgreSQL"} & set(names), path
    assert set(pyogrio.list_drivers()) <= set(gdal_aman.DRIVER_IZIN)
    seen: list[set[str]] = []

    def new_thread() -> None:  # rasterio registers every driver again for each new thread
        with rasterio.Env() as env:
            seen.append(set(env.drivers()))

    thread = threading.Thread(target=new_thread)
    thread.start()
    thread.join()
    assert seen and seen[0] <= set(gdal_aman.DRIVER_IZIN)


def test_gdal_in_this_process_reaches_no_network(tmp_path):
    listener = Pendengar()
    path = tmp_path / "tautan.geojson"
    crs = {"type": "link", "properties": {"href": f"{listener.url}/crs", "type": "ogcwkt"}}
    feature = {"type": "Feature", "properties": {}, "geometry": {"type": "Point", "coordinates": [107.8, -7.2]}}
    path.write_text(json.dumps({"type": "FeatureCollection", "crs": crs, "features": [feature]}))
    pyogrio.read_info(path)
    with pytest.raises(pyogrio.errors.DataSourceError):
        pyogrio.read_info(f"/vsicurl/{listener.url}/data.geojson")
    with pytest.raises(rasterio.errors.RasterioIOError):
        rasterio.open(f"/vsicurl/{listener.url}/dem.tif", driver="GTiff")
    time.sleep(0.2)
    assert listener.koneksi == 0


def test_gdal_configuration_is_set_in_every_copy_but_not_inherited_by_programs():
    import subprocess

    copies = gdal_aman.kurung()
    for path in copies:
        for key, value in gdal_aman.KONFIGURASI.items():
            assert gdal_aman.konfigurasi(path, key) == value, (path, key)
    assert "GDAL_HTTP_PROXY" not in os.environ
    env = subprocess.run(["env"], capture_output=True, text=True, check=True).stdout
    assert "GDAL_HTTP_PROXY" not in env
