"""Loading boundary files: real Samarang data, UTM, missing CRS and broken files (all or nothing)."""

import json

import geopandas as gpd
import pytest
import shapely
from django.contrib.gis import gdal
from django.core.management import CommandError, call_command
from pyproj import Geod

from importers.jalankan import muat_batas_berkas
from sig.wilayah.models import Desa, Kabupaten, Kecamatan
from sig.wilayah.services import LoadReport, WilayahError

GEOD = Geod(ellps="WGS84")


def muat_batas_wilayah(*, path, **kw) -> LoadReport:
    """The load_wilayah path (sandboxed reader, territory service); a failed run raises with its message."""
    run = muat_batas_berkas(path, **kw)
    if run.status != "selesai":
        raise WilayahError(run.pesan)
    return LoadReport(
        tingkat=run.pratinjau["tingkat"],
        created=run.pratinjau["baru"],
        updated=run.pratinjau["diperbarui"],
        unchanged=run.pratinjau["tetap"],
        notices=[m["pesan"] for m in run.masalah],
    )


def counts() -> tuple[int, int, int]:
    return Kabupaten.objects.count(), Kecamatan.objects.count(), Desa.objects.count()


def write(tmp_path, name, features, crs="EPSG:4326", driver=None):
    frame = gpd.GeoDataFrame(
        [{"kode": f[0], "nama": f[1]} for f in features],
        geometry=[f[2] for f in features],
        crs=crs,
    )
    path = tmp_path / name
    frame.to_file(path, driver=driver, engine="pyogrio")
    return path


@pytest.mark.django_db
def test_real_samarang_desa_load_with_geography_areas(shared_data):
    report = muat_batas_wilayah(path=shared_data / "samarang_desa.geojson", kabupaten_nama="Garut")
    assert report.tingkat == "desa" and len(report.created) == 13
    source = gpd.read_file(shared_data / "samarang_desa.geojson").set_index("kode")
    assert Desa.objects.count() == 13
    for desa in Desa.objects.all():
        geod_ha = abs(GEOD.geometry_area_perimeter(source.loc[desa.kode].geometry)[0]) / 10000
        assert float(desa.luas_ha) == pytest.approx(geod_ha, rel=0.001), desa.kode
        assert desa.nama == source.loc[desa.kode, "nama"]
    assert Desa.objects.get(kode="32.05.07.2001").nama == "Samarang"
    kecamatan = Kecamatan.objects.get(kode="32.05.07")
    assert kecamatan.kabupaten.nama == "Garut"
    assert any("gabungan batas desanya" in n for n in report.notices)


@pytest.mark.django_db
def test_real_garut_kecamatan_then_desa_and_reload_is_idempotent(shared_data):
    call_command(
        "load_wilayah",
        str(shared_data / "garut_kecamatan.geojson"),
        "--kabupaten-nama",
        "Garut",
        "--provinsi",
        "Jawa Barat",
    )
    assert Kecamatan.objects.count() == 42
    assert Kecamatan.objects.get(kode="32.05.07").nama == "Samarang"
    muat_batas_wilayah(path=shared_data / "samarang_desa.geojson")
    before = list(Desa.objects.order_by("kode").values_list("kode", "luas_ha"))
    report = muat_batas_wilayah(path=shared_data / "samarang_desa.geojson")
    assert len(report.unchanged) == 13 and not report.created and not report.updated  # nothing rewritten
    assert list(Desa.objects.order_by("kode").values_list("kode", "luas_ha")) == before
    assert set(Desa.objects.values_list("kecamatan__nama", flat=True)) == {"Samarang"}


@pytest.mark.django_db
def test_utm_shapefile_lands_in_the_right_place(tmp_path, shared_data):
    source = gpd.read_file(shared_data / "samarang_desa.geojson")
    utm = source.to_crs(32748)
    path = tmp_path / "desa_utm.shp"
    utm.to_file(path, engine="pyogrio")
    muat_batas_wilayah(path=path)
    for desa in Desa.objects.all():
        original = source.set_index("kode").loc[desa.kode].geometry
        stored = shapely.from_wkb(bytes(desa.batas.wkb))
        assert stored.centroid.distance(original.centroid) < 1e-6  # ~0.1 m
        assert stored.symmetric_difference(original).area / original.area < 1e-6


@pytest.mark.django_db
def test_shapefile_without_prj_needs_a_chosen_crs(tmp_path):
    square = shapely.box(806000, 9196000, 808000, 9198000)  # UTM 48S metres, near Garut
    path = write(tmp_path, "tanpa_prj.shp", [("32.05.07.2001", "Samarang", square)], crs=None)
    assert not path.with_suffix(".prj").exists()
    with pytest.raises(WilayahError, match=r"CRS.*tidak diketahui"):
        muat_batas_wilayah(path=path)
    assert counts() == (0, 0, 0)
    muat_batas_wilayah(path=path, srid=32748)
    assert Desa.objects.get().batas.centroid.x == pytest.approx(107.77, abs=0.05)


@pytest.mark.django_db
def test_utm_metres_labelled_as_degrees_are_caught(tmp_path):
    square = shapely.box(806000, 9196000, 808000, 9198000)
    path = write(tmp_path, "salah_crs.shp", [("32.05.07.2001", "Samarang", square)], crs=None)
    with pytest.raises(WilayahError, match="berupa meter"):
        muat_batas_wilayah(path=path, srid=4326)
    assert counts() == (0, 0, 0)


@pytest.mark.django_db
def test_swapped_lat_lon_is_caught(tmp_path):
    path = write(tmp_path, "terbalik.geojson", [("32.05.07.2001", "Samarang", shapely.box(-7.3, 107.8, -7.2, 107.9))])
    with pytest.raises(WilayahError, match="tertukar"):
        muat_batas_wilayah(path=path)


@pytest.mark.django_db
def test_crs_outside_the_allow_list_is_refused(tmp_path):
    path = write(tmp_path, "lcc.shp", [("32.05.07.2001", "X", shapely.box(0, 0, 10, 10))], crs="EPSG:3035")
    with pytest.raises(WilayahError, match="EPSG:3035 tidak didukung"):
        muat_batas_wilayah(path=path)
    assert counts() == (0, 0, 0)


@pytest.mark.django_db
def test_bowtie_is_repaired_with_a_notice(tmp_path):
    bowtie = shapely.Polygon([(107.80, -7.30), (107.82, -7.28), (107.82, -7.30), (107.80, -7.28), (107.80, -7.30)])
    path = write(tmp_path, "kupu.geojson", [("32.05.07.2001", "Kupu", bowtie)])
    report = muat_batas_wilayah(path=path)
    assert any("Fitur #1" in n and "diperbaiki" in n for n in report.notices)
    desa = Desa.objects.get()
    assert desa.batas.valid and desa.batas.geom_type == "MultiPolygon" and len(desa.batas) == 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("features", "message"),
    [
        (
            [
                ("32.05.07.2001", "A", shapely.box(107.8, -7.3, 107.81, -7.29)),
                ("32.05.07.2001", "B", shapely.box(107.81, -7.3, 107.82, -7.29)),
            ],
            "Kode ganda",
        ),
        (
            [
                ("32.05.07.2001", "A", shapely.box(107.8, -7.3, 107.81, -7.29)),
                ("32-05-07-2002", "B", shapely.box(107.81, -7.3, 107.82, -7.29)),
            ],
            "Fitur #2: kode '32-05-07-2002'",
        ),
        ([("32.05.07.2001", "A", shapely.Point(107.8, -7.3))], "titik tidak diterima; tujuan ini menerima poligon"),
        ([("32.05.07.2001", "", shapely.box(107.8, -7.3, 107.81, -7.29))], "nama kosong"),
    ],
)
def test_broken_files_write_nothing(tmp_path, features, message):
    path = write(tmp_path, "rusak.geojson", features)
    with pytest.raises(WilayahError, match=message):
        muat_batas_wilayah(path=path)
    assert counts() == (0, 0, 0)


@pytest.mark.django_db
def test_empty_geometry_is_reported_with_its_feature_number(tmp_path):
    path = tmp_path / "kosong.geojson"
    path.write_text(
        json.dumps(
            {
                "type": "FeatureCollection",
                "features": [
                    {
                        "type": "Feature",
                        "properties": {"kode": "32.05.07.2001", "nama": "A"},
                        "geometry": {
                            "type": "Polygon",
                            "coordinates": [[[107.8, -7.3], [107.81, -7.3], [107.81, -7.29], [107.8, -7.3]]],
                        },
                    },
                    {"type": "Feature", "properties": {"kode": "32.05.07.2002", "nama": "B"}, "geometry": None},
                ],
            }
        )
    )
    with pytest.raises(WilayahError, match="Fitur #2: Geometri kosong"):
        muat_batas_wilayah(path=path)
    assert counts() == (0, 0, 0)


@pytest.mark.django_db
def test_a_database_rule_failure_rolls_back_the_whole_file(tmp_path, wilayah):
    # The second desa lies far outside its (existing) kecamatan: nothing of the file may stay.
    path = write(
        tmp_path,
        "sebagian.geojson",
        [
            ("32.05.07.2005", "Baik", shapely.box(107.81, -7.29, 107.82, -7.28)),
            ("32.05.07.2006", "Nyasar", shapely.box(108.5, -7.29, 108.6, -7.28)),
        ],
    )
    before = counts()
    with pytest.raises(WilayahError, match=r"di luar kecamatan 32\.05\.07"):
        muat_batas_wilayah(path=path)
    assert counts() == before
    assert not Desa.objects.filter(kode="32.05.07.2005").exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "message"),
    [("peta.vrt", "VRT"), ("peta.txt", "VRT"), ("peta.geojson", "VRT"), ("tidak-ada.geojson", "tidak ada")],
)
def test_unsupported_or_missing_files_are_refused(tmp_path, name, message):
    path = tmp_path / name
    if name != "tidak-ada.geojson":
        path.write_text(
            "<OGRVRTDataSource><OGRVRTLayer name='x'><SrcDataSource>/etc/passwd</SrcDataSource>"
            "</OGRVRTLayer></OGRVRTDataSource>"
        )
    with pytest.raises(WilayahError, match=message):
        muat_batas_wilayah(path=path)


@pytest.mark.django_db
def test_garbage_geojson_is_a_clear_error(tmp_path):
    path = tmp_path / "rusak.geojson"
    path.write_text('{"type": "FeatureCollection", "features": [')
    with pytest.raises(WilayahError, match="tidak dapat dib"):
        muat_batas_wilayah(path=path)


@pytest.mark.django_db
def test_command_reports_failure_without_saving(tmp_path):
    path = write(tmp_path, "x.geojson", [("32.05.07.2001", "A", shapely.Point(107.8, -7.3))])
    with pytest.raises(CommandError, match="Tidak ada data yang disimpan"):
        call_command("load_wilayah", str(path))


@pytest.mark.django_db
def test_user_crs_text_never_reaches_gdal_spatial_reference(tmp_path, monkeypatch, shared_data):
    """The rule behind silencing gis.W001: CRS text from files goes through pyproj only."""

    def forbidden(*args, **kwargs):
        raise AssertionError("SpatialReference received user CRS text")

    monkeypatch.setattr(gdal.SpatialReference, "__init__", forbidden)
    source = gpd.read_file(shared_data / "samarang_desa.geojson").to_crs(23878)  # DGN95 / UTM 48S
    path = tmp_path / "dgn95.shp"
    source.to_file(path, engine="pyogrio")
    report = muat_batas_wilayah(path=path)
    assert len(report.created) == 13
