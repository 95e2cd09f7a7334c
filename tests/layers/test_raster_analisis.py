"""Raster analyses: exact zonal statistics of a synthetic DEM, slope/aspect of a plane, suitability classes."""

from __future__ import annotations

import numpy as np
import pytest
import rasterio
from django.contrib.gis.geos import GEOSGeometry, MultiPolygon, Polygon
from pyproj import Transformer
from rasterio.transform import from_origin

from assets.models import LahanPertanian
from layers.models import Lapisan
from layers.raster_analisis import kesesuaian_lahan, nilai_kesesuaian, statistik_zonal, turunan_dem, zona_dari_lapisan
from survei.models import LapisanRaster

KE_UTM = Transformer.from_crs(4326, 32748, always_xy=True)
KE_WGS = Transformer.from_crs(32748, 4326, always_xy=True)
X0, Y0 = (round(v, -2) for v in KE_UTM.transform(107.81, -7.24))  # top-left corner, inside desa A


def daftar_raster(path, jenis, data, pixel=10.0) -> LapisanRaster:
    rows, cols = data.shape
    with rasterio.open(
        path,
        "w",
        driver="GTiff",
        width=cols,
        height=rows,
        count=1,
        dtype="float32",
        crs="EPSG:32748",
        transform=from_origin(X0, Y0, pixel, pixel),
        nodata=-9999,
    ) as dst:
        dst.write(data.astype("float32"), 1)
    w, s = KE_WGS.transform(X0, Y0 - rows * pixel)
    e, n = KE_WGS.transform(X0 + cols * pixel, Y0)
    return LapisanRaster.objects.create(
        nama=path.stem,
        jenis=jenis,
        berkas=str(path),
        epsg=32748,
        lebar=cols,
        tinggi=rows,
        nodata=-9999,
        cakupan=Polygon.from_bbox((w, s, e, n)),
    )


def persil(desa, x0, y0, x1, y1, **extra) -> LahanPertanian:
    """A parcel given by UTM metres relative to the raster's top-left corner (y downwards)."""
    ring = [KE_WGS.transform(X0 + x, Y0 - y) for x, y in ((x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0))]
    geom = MultiPolygon(GEOSGeometry(Polygon(ring).wkt, srid=4326))
    return LahanPertanian.objects.create(
        desa=desa,
        nama=f"P{x0}-{y0}",
        penggunaan="sawah",
        geometri=geom,
        **{"komoditas": "padi_sawah", "irigasi": "teknis", **extra},
    )


@pytest.fixture
def dem(tmp_path, db):
    data = np.full((100, 100), 500.0)
    data[:, 50:] = 1000.0  # west half 500 m, east half 1000 m
    return daftar_raster(tmp_path / "dem.tif", LapisanRaster.Jenis.DEM, data)


@pytest.mark.django_db
def test_zonal_statistics_are_exact(wilayah, pengguna, dem):
    west = persil(wilayah.desa_a, 100, 100, 300, 300)  # whole pixels in the west half
    east = persil(wilayah.desa_a, 600, 100, 800, 300)
    both = persil(wilayah.desa_a, 400, 400, 600, 600)  # half in each
    zona = zona_dari_lapisan(pengguna.perencana, Lapisan.objects.get(slug="lahan-pertanian"))
    stats = statistik_zonal(dem, zona).set_index("fitur_id")
    assert stats.loc[west.pk, "mean"] == pytest.approx(500, abs=1e-3) and stats.loc[west.pk, "max"] == 500
    assert stats.loc[east.pk, "min"] == 1000 and stats.loc[east.pk, "mean"] == pytest.approx(1000, abs=1e-3)
    assert stats.loc[both.pk, "mean"] == pytest.approx(750, abs=0.5)  # coverage-weighted
    assert (stats.loc[both.pk, "min"], stats.loc[both.pk, "max"]) == (500, 1000)


@pytest.mark.django_db
def test_slope_and_aspect_of_a_plane(tmp_path, wilayah, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    x = np.arange(100) * 10.0
    plane = np.tile(0.1 * x, (100, 1)) + 300  # rises 10 m per 100 m to the east
    dem = daftar_raster(tmp_path / "bidang.tif", LapisanRaster.Jenis.DEM, plane)
    lereng, aspek = turunan_dem(dem)
    with rasterio.open(lereng.berkas) as src:
        slope = src.read(1)[5:-5, 5:-5]
    with rasterio.open(aspek.berkas) as src:
        facing = src.read(1)[5:-5, 5:-5]
    assert np.allclose(slope, 10.0, atol=1e-3) and np.allclose(facing, 270.0, atol=1e-3)  # faces west (downhill)
    assert lereng.jenis == "lereng" and lereng.statistik["mean"] == pytest.approx(10.0, abs=0.1)


@pytest.mark.parametrize(
    ("komoditas", "lereng", "elevasi", "irigasi", "kelas", "alasan"),
    [
        ("padi_sawah", 2, 500, "teknis", "S1", "semua faktor S1"),
        ("padi_sawah", 6, 500, "teknis", "S2", "lereng 6.0%"),
        ("padi_sawah", 12, 500, "sederhana", "S3", "lereng 12.0%"),
        ("padi_sawah", 2, 500, "tadah_hujan", "S3", "irigasi tadah hujan"),
        ("padi_sawah", 40, 500, "teknis", "N", "lereng 40.0%"),
        ("padi_sawah", 2, 1600, "teknis", "N", "elevasi 1600 m"),
        ("kopi", 5, 1200, "", "S1", "semua faktor S1"),
        ("kopi", 5, 600, "", "S3", "S1 mulai 1000 m"),
        ("kopi", 5, 400, "", "N", "elevasi 400 m"),
    ],
)
def test_suitability_class_and_reasons(komoditas, lereng, elevasi, irigasi, kelas, alasan):
    hasil = nilai_kesesuaian(komoditas=komoditas, lereng=lereng, elevasi=elevasi, irigasi=irigasi)
    assert hasil.kelas == kelas and any(alasan in a for a in hasil.alasan), hasil


@pytest.mark.django_db
def test_suitability_model_writes_classes_and_summarises(tmp_path, wilayah, pengguna, dem, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    flat = np.full((100, 100), 0.0)
    lereng = daftar_raster(tmp_path / "lereng.tif", LapisanRaster.Jenis.LERENG, flat + 2.0)
    low = persil(wilayah.desa_a, 100, 100, 300, 300)
    high = persil(wilayah.desa_a, 600, 100, 800, 300)  # padi sawah at 1000 m: S2 by elevation
    # A citizen may not change parcels: nothing is assessed.
    assert kesesuaian_lahan(user=pengguna.warga, dem=dem, lereng=lereng)["dinilai"] == 0
    hasil = kesesuaian_lahan(user=pengguna.admin_kecamatan, dem=dem, lereng=lereng)
    low.refresh_from_db()
    high.refresh_from_db()
    assert (low.kelas_kesesuaian, high.kelas_kesesuaian) == ("S1", "S2")
    assert high.alasan_kesesuaian == ["elevasi 1000 m → S2 (batas S1 ≤ 700 m)"]
    assert hasil["dinilai"] == 2 and hasil["per_desa"]["Desa A"]["S1"]["jumlah"] == 1
    assert low.history.first().kelas_kesesuaian == "S1"


@pytest.mark.django_db
def test_zonal_and_suitability_endpoints(client, tmp_path, wilayah, pengguna, dem, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    parcel = persil(wilayah.desa_a, 100, 100, 300, 300)
    client.force_login(pengguna.perencana)
    url = "/analisis/zonal.geojson"
    assert client.get(url, {"raster": dem.pk, "lapisan": "lahan-pertanian"}).status_code == 404  # no layer shows it
    Lapisan.objects.create(slug="dem-uji", judul_id="DEM", jenis="raster", raster=dem, visibilitas="internal")
    features = client.get(url, {"raster": dem.pk, "lapisan": "lahan-pertanian"}).json()["features"]
    assert [(f["id"], f["properties"]["mean"]) for f in features] == [(parcel.pk, 500.0)]
    assert client.get(url, {"raster": "x", "lapisan": "lahan-pertanian"}).status_code == 400
    client.force_login(pengguna.warga)  # an internal raster layer is not the citizens'
    assert client.get(url, {"raster": dem.pk, "lapisan": "lahan-pertanian"}).status_code == 404
    client.force_login(pengguna.admin_kecamatan)
    assert client.get("/analisis/kesesuaian/").status_code == 405
    hasil = client.post("/analisis/kesesuaian/", {"dem": dem.pk}).json()
    assert hasil["dinilai"] == 1
    parcel.refresh_from_db()
    assert parcel.kelas_kesesuaian == "S1"
    assert client.post("/analisis/kesesuaian/", {}).status_code == 400
