"""The importer on real files: good ones land correctly, broken ones write nothing and say why."""

import tempfile
from pathlib import Path

import geopandas as gpd
import pytest
import rasterio
import shapely
from django.core.exceptions import PermissionDenied

from assets.models import AsetDesa, LahanPertanian, PotensiDesa
from importers.models import ImportRun
from importers.pipeline import Permintaan, run_import
from importers.survei import lapisan_pulihkan_versi
from survei.models import FiturSurvei, LapisanRaster, LapisanSurvei

DATA = Path(__file__).resolve().parent.parent / "data"


def sisa_temp() -> set[str]:
    return {p.name for p in Path(tempfile.gettempdir()).glob("sigdesa-impor-*")}


def impor(nama, *, desa, by=None, target="lahan", **kw) -> ImportRun:
    return run_import(Permintaan(berkas=DATA / nama, nama_berkas=nama, target=target, desa=desa, by=by, **kw))


def pesan(run: ImportRun) -> str:
    return " | ".join(m["pesan"] for m in run.masalah) + " | " + run.pesan


@pytest.mark.django_db
def test_utm_cp1252_shapefile_in_nested_zip_lands_correctly(wilayah, pengguna):
    before = sisa_temp()
    run = impor("persil_utm_cp1252.zip", desa=wilayah.desa_a, by=pengguna.operator_a)
    assert run.status == "selesai", pesan(run)
    assert (run.epsg, run.encoding, run.format) == (32748, "cp1252", "shapefile")
    assert run.dibuat == 6 and run.ditolak == 0
    assert run.pemetaan["kode_persil"] == "ID_PERSIL" and run.pemetaan["komoditas"] == "KOMODITI"
    lahan = {x.kode_persil: x for x in LahanPertanian.objects.all()}
    assert lahan["A-000"].penggarap == "Pa Énté" and lahan["A-003"].penggarap == "Ceu Ñeneng"
    assert [lahan[k].komoditas for k in sorted(lahan)] == [
        "padi_sawah",
        "kopi",
        "padi_sawah",
        "cabai",
        "kentang",
        "jagung",
    ]
    assert lahan["A-002"].irigasi == "setengah_teknis" and lahan["A-004"].irigasi == "tadah_hujan"  # 'x' -> default
    assert str(lahan["A-000"].produktivitas_ton_ha) == "6.50" and lahan["A-005"].produktivitas_ton_ha == 0
    notes = [m for m in run.masalah if m["tingkat"] == "nilai"]
    assert {(m["fitur"], m["kolom"], m["nilai"]) for m in notes} >= {(5, "PENGAIRAN", "x"), (6, "PROD", "abc")}
    for i, (kode, parcel) in enumerate(sorted(lahan.items())):
        stored = shapely.from_wkb(bytes(parcel.geometri.wkb))
        drawn = shapely.box(107.81 + i * 0.002, -7.26, 107.8115 + i * 0.002, -7.2585)  # see tests/data/buat.py
        assert stored.centroid.distance(drawn.centroid) < 1e-7 and kode == f"A-{i:03d}"
        assert parcel.geometri.geom_type == "MultiPolygon" and wilayah.desa_a.batas.contains(parcel.geometri)
    assert LahanPertanian.history.filter(history_type="+", history_user=pengguna.operator_a).count() == 6
    assert sisa_temp() == before


@pytest.mark.django_db
def test_reimport_is_recognised_and_unchanged_rows_counted(wilayah):
    impor("persil_utm_cp1252.zip", desa=wilayah.desa_a)
    again = impor("persil_utm_cp1252.zip", desa=wilayah.desa_a)
    assert again.status == "gagal" and "sudah pernah diimpor" in again.pesan
    forced = impor("persil_utm_cp1252.zip", desa=wilayah.desa_a, paksa=True)
    assert (forced.dibuat, forced.diperbarui, forced.tidak_berubah) == (0, 0, 6)
    assert LahanPertanian.objects.count() == 6


@pytest.mark.django_db
def test_dry_run_counts_but_writes_nothing(wilayah):
    run = impor("persil_utm_cp1252.zip", desa=wilayah.desa_a, dry_run=True)
    assert run.status == "pratinjau" and run.dibuat == 6
    assert len(run.pratinjau["peta"]["features"]) == 6 and "Pa Énté" in run.pratinjau["contoh_teks"]
    assert not LahanPertanian.objects.exists() and not LahanPertanian.history.exists()


@pytest.mark.django_db
def test_missing_prj_needs_a_chosen_crs(wilayah):
    run = impor("tanpa_prj.zip", desa=wilayah.desa_a)
    assert run.status == "gagal" and "CRS" in run.pesan and "tidak diketahui" in run.pesan
    assert impor("tanpa_prj.zip", desa=wilayah.desa_a, epsg=32748).dibuat == 6


@pytest.mark.django_db
def test_features_outside_the_desa_are_rejected_with_their_numbers(wilayah):
    run = impor("persil_utm_cp1252.zip", desa=wilayah.desa_b)
    assert run.ditolak == 6 and run.dibuat == 0
    assert run.masalah[0]["fitur"] == 1 and "di luar batas Desa Desa B" in run.masalah[0]["pesan"]
    strict = impor("persil_utm_cp1252.zip", desa=wilayah.desa_b, ketat=True, paksa=True)
    assert strict.status == "gagal" and "Mode ketat" in strict.pesan


@pytest.mark.django_db
def test_strict_mode_writes_nothing_when_one_row_is_bad(wilayah):
    run = impor("nol.csv", desa=wilayah.desa_a, target="aset", ketat=True)
    assert run.status == "gagal" and not AsetDesa.objects.exists()
    lenient = impor("nol.csv", desa=wilayah.desa_a, target="aset", paksa=True)
    assert lenient.dibuat == 2 and lenient.ditolak == 1
    assert any(m["fitur"] == 2 and "(0,0)" in m["pesan"] for m in lenient.masalah)
    assert set(AsetDesa.objects.values_list("golongan", flat=True)) == {"gedung_bangunan"}


BERKAS_RUSAK = [
    ("terpotong.zip", "lahan", "terpotong"),
    ("tanpa_dbf.zip", "lahan", "tidak lengkap"),
    ("utm_sebagai_derajat.geojson", "lahan", "berupa meter"),
    ("terbalik.csv", "aset", "tertukar"),
    ("vrt_menyamar.tif", "raster", "VRT"),
    ("xxe.kml", "potensi", "XXE"),
    ("billion_laughs.kml", "potensi", "DTD"),
    ("zip_slip.zip", "lahan", "zip slip"),
    ("zip_bomb.zip", "lahan", "zip bomb"),
    ("symlink.zip", "lahan", "tautan simbolik"),
    ("bukan_zip.zip", "lahan", "ZIP rusak"),
    ("acak.gpkg", "lahan", "Format berkas tidak dikenali"),
    ("kosong.geojson", "lahan", "tidak berisi fitur"),
    ("rusak.geojson", "lahan", "tidak dapat"),
    ("dua_lapisan.gpkg", "lahan", "beberapa lapisan"),
    ("dem.tif", "lahan", "GeoTIFF adalah raster"),
    ("persil_utm_cp1252.zip", "desa", "tidak berada di bawah kode kecamatan|kode"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("nama", "target", "expected"), BERKAS_RUSAK)
def test_broken_files_write_nothing_and_say_why(wilayah, nama, target, expected):
    import re

    before = sisa_temp()
    counts = (
        LahanPertanian.objects.count(),
        AsetDesa.objects.count(),
        PotensiDesa.objects.count(),
        LapisanRaster.objects.count(),
    )
    run = impor(nama, desa=wilayah.desa_a, target=target)
    assert run.status == "gagal", pesan(run)
    assert re.search(expected, run.pesan), run.pesan
    assert (
        LahanPertanian.objects.count(),
        AsetDesa.objects.count(),
        PotensiDesa.objects.count(),
        LapisanRaster.objects.count(),
    ) == counts
    assert sisa_temp() == before
    assert not Path("/tmp/sigdesa_slip.shp").exists()


@pytest.mark.django_db
def test_mixed_geometries_keep_the_accepted_kind(wilayah):
    run = impor("campuran.geojson", desa=wilayah.desa_a)
    assert run.dibuat == 1 and run.ditolak == 1
    assert "titik tidak diterima" in run.masalah[0]["pesan"] and run.masalah[0]["fitur"] == 1


@pytest.mark.django_db
def test_bowtie_is_repaired_with_a_notice(wilayah):
    run = impor("kupu_kupu.geojson", desa=wilayah.desa_a)
    assert run.dibuat == 1 and any("diperbaiki" in m["pesan"] for m in run.masalah)
    parcel = LahanPertanian.objects.get()
    assert parcel.geometri.valid and len(parcel.geometri) == 2


@pytest.mark.django_db
def test_z_points_with_mapping_and_value_hooks(wilayah):
    run = impor(
        "titik_z.geojson",
        desa=wilayah.desa_a,
        target="aset",
        pemetaan={"nama": "NAMA", "golongan": "GOL", "jenis": "JENIS", "kondisi": "KONDISI"},
    )
    assert run.status == "selesai", pesan(run)
    aset = AsetDesa.objects.get()
    assert (aset.golongan, aset.jenis, aset.kondisi) == ("jalan_irigasi_jaringan", "sumur", "baik")
    assert not aset.geometri.hasz


@pytest.mark.django_db
def test_mapping_errors_are_clear(wilayah):
    run = impor("titik_z.geojson", desa=wilayah.desa_a, target="aset", pemetaan={"nama": "TIDAK_ADA"})
    assert run.status == "gagal" and "Kolom sumber 'TIDAK_ADA' tidak ada" in run.pesan
    run = impor("titik_z.geojson", desa=wilayah.desa_a, target="aset", pemetaan={"nama": "NAMA"})
    assert "Kolom wajib belum dipetakan: golongan" in run.pesan


@pytest.mark.django_db
def test_kmz_xlsx_and_geotiff(wilayah, settings, tmp_path):
    settings.MEDIA_ROOT = settings.PRIVATE_MEDIA_ROOT = tmp_path
    assert impor("potensi.kmz", desa=wilayah.desa_a, target="potensi").dibuat == 1
    assert PotensiDesa.objects.get().nama == "Curug Citiis"
    survey = impor("lahan_titik.xlsx", desa=wilayah.desa_a, target="survei", nama_lapisan="Kebun warga")
    assert survey.status == "selesai", pesan(survey)
    lapisan = LapisanSurvei.objects.get(nama="Kebun warga")
    assert FiturSurvei.objects.filter(lapisan=lapisan).count() == 2
    assert lapisan.kolom["nama"] == "teks" and "komoditi" in lapisan.kolom
    assert FiturSurvei.objects.filter(atribut__nama="Kebun Kopi Pa Énté").exists()
    raster = impor("dem.tif", desa=None, target="raster", nama_lapisan="DEM uji", jenis_raster="dem")
    assert raster.status == "selesai", pesan(raster)
    layer = LapisanRaster.objects.get()
    assert (layer.epsg, layer.lebar, layer.jenis) == (32748, 40, "dem") and layer.statistik["min"] == 700
    assert Path(layer.berkas).is_file() and Path(layer.berkas).is_relative_to(tmp_path / "raster")
    with rasterio.open(layer.berkas, driver="GTiff") as cog:  # stored as a COG: tiled and compressed
        assert cog.profile["tiled"] and cog.profile["compress"] == "deflate"
        assert cog.read(1)[0, 0] == 700


@pytest.mark.django_db
def test_replacing_a_survey_layer_keeps_the_previous_version(wilayah):
    impor("lahan_titik.xlsx", desa=wilayah.desa_a, target="survei", nama_lapisan="Kebun")
    impor("kupu_kupu.geojson", desa=wilayah.desa_a, target="survei", nama_lapisan="Kebun", ganti=True)
    lapisan = LapisanSurvei.objects.get(nama="Kebun")
    assert lapisan.versi == 2 and lapisan.fitur.filter(versi=2).count() == 1
    lapisan_pulihkan_versi(lapisan, 1)
    lapisan.refresh_from_db()
    assert lapisan.versi == 1 and lapisan.fitur.filter(versi=1).count() == 2


@pytest.mark.django_db
def test_replace_mode_deletes_missing_features_restorably(wilayah):
    impor("persil_utm_cp1252.zip", desa=wilayah.desa_a)
    run = impor("kupu_kupu.geojson", desa=wilayah.desa_a, ganti=True)
    assert run.dibuat == 1 and run.opsi["dihapus"] == 6
    assert LahanPertanian.objects.count() == 1
    assert LahanPertanian.history.filter(history_type="-").count() == 6  # restorable from history


@pytest.mark.django_db
def test_operators_import_only_into_their_desa(wilayah, pengguna):
    run = impor("persil_utm_cp1252.zip", desa=wilayah.desa_a, by=pengguna.operator_b)
    assert run.status == "gagal" and "tidak dapat mengimpor data ke desa ini" in run.pesan
    warga = impor("persil_utm_cp1252.zip", desa=wilayah.desa_a, by=pengguna.warga, paksa=True)
    assert warga.status == "gagal" and not LahanPertanian.objects.exists()
    boundary = impor("persil_utm_cp1252.zip", desa=None, target="desa", by=pengguna.operator_a, paksa=True)
    assert "Hanya admin kecamatan" in boundary.pesan
    assert isinstance(PermissionDenied("x"), Exception)


@pytest.mark.django_db
def test_an_unexpected_failure_mid_write_leaves_previous_data(wilayah, monkeypatch):
    impor("persil_utm_cp1252.zip", desa=wilayah.desa_a)
    before = sorted(LahanPertanian.objects.values_list("kode_persil", "komoditas"))
    from importers import tulis

    def boom(*args, **kwargs):
        raise RuntimeError("pekerja dihentikan")

    monkeypatch.setattr(tulis, "_riwayat", boom)
    with pytest.raises(RuntimeError):
        impor("kupu_kupu.geojson", desa=wilayah.desa_a, ganti=True)
    assert sorted(LahanPertanian.objects.values_list("kode_persil", "komoditas")) == before
    failed = ImportRun.objects.filter(nama_berkas="kupu_kupu.geojson").get()
    assert failed.status == "gagal" and "tidak ada data yang disimpan" in failed.pesan
    monkeypatch.undo()
    retry = impor("kupu_kupu.geojson", desa=wilayah.desa_a, ganti=True)
    assert retry.status == "selesai" and LahanPertanian.objects.count() == 1


@pytest.mark.django_db
def test_real_samarang_boundaries_from_a_utm_cp1252_shapefile(tmp_path, shared_data):
    import zipfile

    source = gpd.read_file(shared_data / "samarang_desa.geojson")
    utm = source.rename(columns={"kode": "KDEPUM", "nama": "WADMKD"}).drop(columns=["kode_kec"]).to_crs(32748)
    utm["KDEPUM"] = utm["KDEPUM"].str.replace(".", "", regex=False)
    utm.loc[0, "WADMKD"] = "Samarang Ñ"  # a non-ASCII name to prove the encoding
    utm.to_file(tmp_path / "DESA.shp", engine="pyogrio", encoding="cp1252")
    (tmp_path / "DESA.cpg").unlink(missing_ok=True)
    archive = tmp_path / "desa.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for f in tmp_path.glob("DESA.*"):
            zf.write(f, f.name)
    run = run_import(Permintaan(berkas=archive, nama_berkas="desa.zip", target="desa", kabupaten_nama="Garut"))
    assert run.status == "selesai", pesan(run)
    from sig.wilayah.models import Desa

    assert Desa.objects.count() == 13 and Desa.objects.get(kode="32.05.07.2001").nama == "Samarang Ñ"
    garut = gpd.read_file(shared_data / "garut_kecamatan.geojson").union_all()
    for desa in Desa.objects.all():
        assert garut.buffer(0.001).contains(shapely.from_wkb(bytes(desa.batas.centroid.wkb)))


@pytest.mark.django_db
def test_runs_abandoned_by_a_killed_worker_are_marked_failed(wilayah):
    from datetime import timedelta

    from django.utils import timezone

    from importers.jalankan import tandai_impor_macet

    old = ImportRun.objects.create(
        target="lahan", nama_berkas="a.zip", status="berjalan", denyut=timezone.now() - timedelta(hours=1)
    )
    alive = ImportRun.objects.create(target="lahan", nama_berkas="b.zip", status="berjalan", denyut=timezone.now())
    assert tandai_impor_macet(30) == 1
    old.refresh_from_db()
    alive.refresh_from_db()
    assert old.status == "gagal" and "pekerja mati" in old.pesan and alive.status == "berjalan"


@pytest.mark.django_db
def test_a_large_raster_is_stored_with_overviews_and_tiles_stay_small(wilayah, settings, tmp_path):
    import numpy as np
    from rasterio.transform import from_origin

    from layers.raster import tile_png

    settings.PRIVATE_MEDIA_ROOT = tmp_path
    path = tmp_path / "ndvi.tif"
    with rasterio.open(
        path, "w", driver="GTiff", width=3000, height=3000, count=1, dtype="float32", crs="EPSG:32748",
        transform=from_origin(806000, 9198000, 1, 1), tiled=True, compress="deflate",
    ) as dst:  # fmt: skip
        dst.write(np.linspace(0, 1, 3000 * 3000, dtype="float32").reshape(3000, 3000), 1)
    run = run_import(Permintaan(berkas=path, nama_berkas="ndvi.tif", target="raster", desa=None, jenis_raster="ndvi"))
    assert run.status == "selesai", pesan(run)
    layer = LapisanRaster.objects.get()
    with rasterio.open(layer.berkas, driver="GTiff") as cog:
        assert cog.overviews(1)[:2] == [2, 4]
    assert tile_png(layer, 6, 51, 33).startswith(b"\x89PNG")  # a zoom-6 view reads an overview


@pytest.mark.django_db
def test_a_coarse_tile_of_a_huge_raster_without_overviews_is_transparent(wilayah, settings, tmp_path):
    import numpy as np
    from PIL import Image
    from rasterio.transform import from_origin

    from layers.raster import tile_png

    path = tmp_path / "polos.tif"
    with rasterio.open(
        path, "w", driver="GTiff", width=5000, height=5000, count=1, dtype="uint8", crs="EPSG:32748",
        transform=from_origin(806000, 9198000, 1, 1), tiled=True, sparse_ok=True,
    ):  # fmt: skip
        pass
    layer = LapisanRaster.objects.create(
        nama="polos", jenis="lainnya", berkas=str(path), epsg=32748, lebar=5000, tinggi=5000, jumlah_band=1,
        cakupan=shapely_box_4326(), statistik={"min": 0, "max": 1},
    )  # fmt: skip
    image = Image.open(__import__("io").BytesIO(tile_png(layer, 5, 25, 16)))
    assert np.asarray(image)[..., 3].max() == 0


def shapely_box_4326():
    from django.contrib.gis.geos import Polygon

    box = Polygon.from_bbox((107.7, -7.4, 107.9, -7.2))
    box.srid = 4326
    return box


@pytest.mark.django_db
def test_thousands_of_rejected_rows_are_counted_but_only_the_first_kept(wilayah, tmp_path):
    path = tmp_path / "jauh.csv"
    rows = "\n".join(f"aset {i};110.{i:05d};-7.5" for i in range(3000))
    path.write_text("nama;lon;lat\n" + rows + "\n")
    run = run_import(Permintaan(berkas=path, nama_berkas="jauh.csv", target="survei", desa=wilayah.desa_a))
    assert run.status == "selesai", pesan(run)
    assert run.ditolak == 3000 and len(run.masalah) == 1000
    assert run.masalah[0]["tingkat"] == "kolom" and "menyimpan semua 1 kolom" in run.masalah[0]["pesan"]
    assert run.masalah[1]["fitur"] == 1 and "di luar batas" in run.masalah[1]["pesan"]


@pytest.mark.django_db
def test_a_run_report_with_hostile_text_still_saves(wilayah):
    run = ImportRun(target="lahan", nama_berkas="x" * 400, layer="lapisan\x00" + "y" * 400)
    run.masalah = [{"pesan": "nilai\x00jahat", "nilai": "\x00"}]
    run.pemetaan = {"nama\x00": "a\x00"}
    run.save()
    run.refresh_from_db()
    assert len(run.nama_berkas) == 255 and len(run.layer) == 255 and "\x00" not in run.layer
    assert run.masalah == [{"pesan": "nilaijahat", "nilai": ""}] and run.pemetaan == {"nama": "a"}


@pytest.mark.django_db
def test_a_cpg_that_claims_utf8_for_cp1252_bytes_is_overruled(wilayah, tmp_path):
    import zipfile

    path = tmp_path / "cpg_bohong.zip"
    with zipfile.ZipFile(DATA / "persil_utm_cp1252.zip") as src, zipfile.ZipFile(path, "w") as dst:
        for info in src.infolist():
            dst.writestr(info, src.read(info))
        dst.writestr("Survei 2024/BPN/PERSIL.CPG", "UTF-8")
    run = run_import(Permintaan(berkas=path, nama_berkas="cpg_bohong.zip", target="lahan", desa=wilayah.desa_a))
    assert run.status == "selesai", pesan(run)
    assert run.encoding == "cp1252" and ".cpg menyebut UTF-8" in run.pratinjau["encoding_asal"]
    assert LahanPertanian.objects.get(kode_persil="A-000").penggarap == "Pa Énté"


@pytest.mark.django_db
def test_a_wrong_chosen_encoding_is_refused_before_anything_is_written(wilayah):
    run = impor("persil_utm_cp1252.zip", desa=wilayah.desa_a, encoding="utf-8")
    assert run.status == "gagal" and "teks yang tidak dapat dibaca" in run.pesan
    assert not LahanPertanian.objects.exists()


@pytest.mark.django_db
def test_survey_values_with_line_breaks_quotes_and_line_separators_stay_intact(wilayah, tmp_path):
    # Survey attributes travel as JSON lines and COPY rows: a value must never split a row or leak into another.
    nasty = [
        "baris\nkedua",
        'kutip "ganda", koma',
        "pemisah\u2028baris\u2029paragraf",
        "tab\tdan \\ garis",
        "akhir\r\nCRLF",
    ]
    frame = gpd.GeoDataFrame(
        {"catatan": nasty, "angka": [1, 2, 3, 4, 5]},
        geometry=[shapely.Point(107.81 + i * 0.005, -7.25) for i in range(5)],
        crs=4326,
    )
    path = tmp_path / "aneh.geojson"
    frame.to_file(path, engine="pyogrio")
    run = run_import(Permintaan(berkas=path, nama_berkas="aneh.geojson", target="survei", desa=wilayah.desa_a))
    assert run.status == "selesai", run.pesan
    stored = [f.atribut for f in FiturSurvei.objects.order_by("id")]
    assert [a["catatan"] for a in stored] == nasty
    assert [a["angka"] for a in stored] == [1, 2, 3, 4, 5]


def _persil_geojson(path: Path, rows: list[tuple[str, str, float]]) -> Path:
    """Square parcels (code, commodity, west longitude) at -7.26 in EPSG:4326."""
    frame = gpd.GeoDataFrame(
        {"ID_PERSIL": [r[0] for r in rows], "KOMODITI": [r[1] for r in rows]},
        geometry=[shapely.box(x, -7.26, x + 0.001, -7.259) for _, _, x in rows],
        crs=4326,
    )
    frame.to_file(path, driver="GeoJSON", engine="pyogrio")
    return path


@pytest.mark.django_db
def test_a_file_written_chunk_by_chunk_keeps_first_keys_desa_checks_and_replace(wilayah, tmp_path, monkeypatch):
    from importers import baca

    buka = baca.buka
    monkeypatch.setattr(baca, "buka", lambda *a, **kw: buka(*a, **{**kw, "chunk": 2}))  # 2 features per chunk
    LahanPertanian.objects.all().delete()
    first = _persil_geojson(tmp_path / "awal.geojson", [("LAMA", "kopi", 107.801), ("", "kopi", 107.802)])
    assert run_import(Permintaan(berkas=first, nama_berkas="awal.geojson", target="lahan", desa=wilayah.desa_a)).dibuat
    rows = [
        ("A", "padi", 107.81),
        ("LAMA", "jagung", 107.801),  # updates the parcel imported before
        ("B", "kopi", 107.82),
        ("A", "jagung", 107.83),  # key seen in an earlier chunk: rejected, the first row is kept
        ("", "padi", 107.84),  # no key: always new
        ("C", "padi", 107.95),  # outside Desa A (chunk 3)
        ("D", "kopi", 107.845),
    ]
    berkas = _persil_geojson(tmp_path / "baru.geojson", rows)
    run = run_import(
        Permintaan(berkas=berkas, nama_berkas="baru.geojson", target="lahan", desa=wilayah.desa_a, ganti=True)
    )
    assert run.status == "selesai", pesan(run)
    assert (run.dibuat, run.diperbarui, run.ditolak, run.opsi["dihapus"]) == (4, 1, 2, 1)
    ditolak = {m["fitur"]: m["pesan"] for m in run.masalah if m["tingkat"] == "baris"}
    assert "Kunci ganda" in ditolak[4] and "di luar batas" in ditolak[6]
    stored = sorted(LahanPertanian.objects.values_list("kode_persil", "komoditas"))
    # the keyless parcel of the first file is gone (replace), the one in this file stays
    assert stored == [("", "padi_sawah"), ("A", "padi_sawah"), ("B", "kopi"), ("D", "kopi"), ("LAMA", "jagung")]
    assert LahanPertanian.history.filter(history_type="-").count() == 1

    strict = run_import(
        Permintaan(berkas=berkas, nama_berkas="baru.geojson", target="lahan", desa=wilayah.desa_a, ketat=True,
                   paksa=True, ganti=True)
    )  # fmt: skip
    assert strict.status == "gagal" and strict.dibuat == 0
    assert sorted(LahanPertanian.objects.values_list("kode_persil", "komoditas")) == stored
