"""A catalogue of hostile upload files, generated (never checked in): GDAL virtual and pipeline documents
under every accepted name, URL references wherever a format allows one, memory and recursion bombs, and
boundary files outside the uploader's territory.

`buat(folder, url, rahasia)` writes them into `folder`; `url` is a loopback listener that must see no
connection, `rahasia` a server file whose content must never appear anywhere."""

from __future__ import annotations

import io
import json
import sqlite3
import zipfile
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import rasterio
import shapely
from rasterio.transform import from_origin


@dataclass(frozen=True)
class Jahat:
    nama: str  # the uploaded file name
    target: str
    pesan: str  # regex of the specific refusal
    oleh: str = "operator_a"  # who uploads (a key of the `pengguna` fixture)


TITIK = {"type": "Feature", "properties": {"nama": "x"}, "geometry": {"type": "Point", "coordinates": [107.82, -7.25]}}
KML_NS = 'xmlns="http://www.opengis.net/kml/2.2"'


def _vrt(rahasia: Path) -> str:
    return (
        f'<OGRVRTDataSource><OGRVRTLayer name="x"><SrcDataSource>CSV:{rahasia}</SrcDataSource>'
        '<SrcSQL dialect="SQLite">SELECT * FROM x</SrcSQL></OGRVRTLayer></OGRVRTDataSource>'
    )


def _gdalg(perintah: str) -> str:
    return json.dumps({"type": "gdal_streamed_alg", "command_line": perintah})


def _zip(path: Path, members: dict[str, bytes | str]) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data.encode() if isinstance(data, str) else data)


def _kml(body: str) -> str:
    return f'<?xml version="1.0" encoding="UTF-8"?><kml {KML_NS}><Document>{body}</Document></kml>'


def _gpkg(path: Path, sql: list[str], *, writable_schema: bool = False) -> None:
    frame = gpd.GeoDataFrame({"nama": ["x"]}, geometry=[shapely.Point(107.82, -7.25)], crs=4326)
    frame.to_file(path, driver="GPKG", engine="pyogrio", layer="titik")
    conn = sqlite3.connect(path)
    if writable_schema:
        conn.execute("PRAGMA writable_schema=ON")
    for statement in sql:
        conn.execute(statement)
    conn.commit()
    conn.close()


def _shapefile_zip(path: Path, prj: str) -> None:
    frame = gpd.GeoDataFrame({"nama": ["x"]}, geometry=[shapely.box(107.81, -7.26, 107.82, -7.25)], crs=4326)
    folder = path.parent / f"_{path.stem}"
    folder.mkdir()
    frame.to_file(folder / "persil.shp", engine="pyogrio")
    (folder / "persil.prj").write_text(prj)
    _zip(path, {f.name: f.read_bytes() for f in folder.iterdir()})


def _tiff_sparse(path: Path, width: int, height: int, count: int, dtype: str) -> None:
    """A GeoTIFF that declares a huge single-strip raster (DEFLATE) without writing its pixels."""
    with rasterio.open(
        path,
        "w",
        driver="GTiff",
        width=width,
        height=height,
        count=count,
        dtype=dtype,
        crs="EPSG:32748",
        transform=from_origin(806000, 9198000, 0.05, 0.05),
        compress="deflate",
        blockysize=height,
        sparse_ok=True,
    ):
        pass


def _xlsx_bom(path: Path) -> None:
    big = "<sst><si><t>" + "A" * (100 * 1024 * 1024) + "</t></si></sst>"
    _zip(
        path,
        {
            "[Content_Types].xml": '<?xml version="1.0"?><Types/>',
            "xl/workbook.xml": "<workbook/>",
            "xl/sharedStrings.xml": big,
        },
    )


def _batas(path: Path, kode: str, nama: str, box: tuple[float, float, float, float]) -> None:
    frame = gpd.GeoDataFrame({"kode": [kode], "nama": [nama]}, geometry=[shapely.box(*box)], crs=4326)
    frame.to_file(path, driver="GeoJSON", engine="pyogrio")


def buat(folder: Path, url: str, rahasia: Path) -> list[Jahat]:
    """Write every hostile file into `folder` and return what each must be refused with."""
    cases: list[Jahat] = []
    vrt = _vrt(rahasia)

    def tulis(nama: str, isi: str | bytes, target: str, pesan: str, oleh: str = "operator_a") -> None:
        data = isi.encode() if isinstance(isi, str) else isi
        (folder / nama).write_bytes(data)
        cases.append(Jahat(nama, target, pesan, oleh))

    def ada(nama: str, target: str, pesan: str, oleh: str = "operator_a") -> None:
        cases.append(Jahat(nama, target, pesan, oleh))

    # --- virtual-format and pipeline documents, top level, under every accepted name ---
    for nama in ("vrt.geojson", "vrt.json", "vrt.kml", "vrt.gpkg", "vrt.csv", "vrt.tif"):
        tulis(nama, vrt, "raster" if nama.endswith(".tif") else "lahan", "VRT")
    tulis("pipa.geojson", _gdalg(f"gdal vector pipeline ! read {rahasia} ! write out.geojson"), "lahan", "VRT/pipeline")
    tulis(
        "pipa_ssrf.geojson",
        _gdalg(f"gdal vector pipeline ! read /vsicurl/{url}/data.geojson ! write out.geojson"),
        "lahan",
        "VRT/pipeline",
    )
    tulis("pipa_spasi.json", "\n\n  " + _gdalg(f"gdal raster pipeline ! read {rahasia}"), "aset", "VRT/pipeline")
    # --- the same inside archives, under names that GDAL would open ---
    for nama, member in (
        ("zip_vrt_geojson.zip", "peta.geojson"),
        ("zip_vrt_gpkg.zip", "x.gpkg"),
        ("zip_vrt_shp.zip", "persil.shp"),
        ("zip_vrt_kml.zip", "peta.kml"),
    ):
        _zip(folder / nama, {member: vrt, "baca.txt": "data desa"})
        ada(nama, "lahan", "VRT")
    _zip(folder / "kmz_vrt.kmz", {"doc.kml": vrt})
    ada("kmz_vrt.kmz", "potensi", "VRT")
    _zip(folder / "zip_pipa.zip", {"data.geojson": _gdalg(f"gdal vector pipeline ! read {rahasia}")})
    ada("zip_pipa.zip", "lahan", "VRT/pipeline")
    # --- URL references wherever a format allows one ---
    link = {"type": "link", "properties": {"href": f"{url}/crs.wkt", "type": "ogcwkt"}}
    tulis(
        "crs_link.geojson",
        json.dumps({"type": "FeatureCollection", "crs": link, "features": [TITIK]}),
        "aset",
        "tautan",
    )
    name_url = {"type": "name", "properties": {"name": f"{url}/crs"}}
    tulis(
        "crs_nama_url.geojson",
        json.dumps({"type": "FeatureCollection", "crs": name_url, "features": [TITIK]}),
        "aset",
        "rujukan berkas, jaringan",
    )
    file_crs = {"type": "link", "properties": {"href": f"file://{rahasia}"}}
    tulis(
        "crs_file.geojson",
        json.dumps({"type": "FeatureCollection", "crs": file_crs, "features": [TITIK]}),
        "aset",
        "tautan",
    )
    geom_crs = {**TITIK, "geometry": {**TITIK["geometry"], "crs": link}}
    tulis("crs_geometri.geojson", json.dumps({"type": "FeatureCollection", "features": [geom_crs]}), "aset", "tautan")
    disguised = json.dumps({"type": "FeatureCollection", "crs": link, "features": [TITIK]}).replace(
        '"crs"', '"c\\u0072s"'
    )
    tulis("crs_samaran.geojson", disguised, "aset", "escape")
    escaped = json.dumps(
        {"type": "FeatureCollection", "features": [{**TITIK, "properties": {"nama": f"/vsicurl/{url}/x"}}]}
    ).replace("/", "\\/")
    tulis("vsicurl_escape.geojson", escaped, "aset", "/vsi")
    tulis(
        "kml_networklink.kml",
        _kml(f"<NetworkLink><Link><href>{url}/peta.kml</href></Link></NetworkLink>"),
        "potensi",
        "NetworkLink",
    )
    tulis(
        "kml_styleurl.kml",
        _kml(
            f"<Placemark><name>x</name><styleUrl>{url}/gaya.kml#s</styleUrl>"
            "<Point><coordinates>107.82,-7.25</coordinates></Point></Placemark>"
        ),
        "potensi",
        "styleUrl",
    )
    tulis(
        "kml_overlay.kml",
        _kml(f"<GroundOverlay><Icon><href>{url}/citra.png</href></Icon></GroundOverlay>"),
        "potensi",
        "GroundOverlay",
    )
    tulis("kml_vrt_src.kml", _kml(f"<Placemark><name>/vsicurl/{url}/x</name></Placemark>"), "potensi", "/vsi")
    _zip(
        folder / "kmz_networklink.kmz",
        {"doc.kml": _kml(f"<NetworkLink><Link><href>{url}/a.kml</href></Link></NetworkLink>")},
    )
    ada("kmz_networklink.kmz", "potensi", "NetworkLink")
    tulis("bukan_kml.kml", f"<html><body><img src='{url}/x.png'></body></html>", "potensi", "bukan KML")
    _shapefile_zip(folder / "prj_url.zip", f'GEOGCS["x",DATUM["{url}"]]')
    ada("prj_url.zip", "lahan", r"\.prj ditolak")
    _shapefile_zip(folder / "prj_init.zip", "+init=epsg:4326 +nadgrids=/etc/passwd")
    ada("prj_init.zip", "lahan", r"\.prj ditolak")
    _gpkg(
        folder / "gpkg_view.gpkg",
        [
            f"CREATE VIEW bocor AS SELECT gdal_get_pixel_value('{rahasia}', 1, 'pixel', 0, 0) AS v",
            "INSERT INTO gpkg_contents (table_name, data_type, identifier) VALUES ('bocor', 'attributes', 'bocor')",
        ],
    )
    ada("gpkg_view.gpkg", "lahan", "VIEW")
    _gpkg(
        folder / "gpkg_trigger.gpkg",
        [
            "CREATE TRIGGER jahat AFTER INSERT ON titik BEGIN SELECT load_extension('/tmp/jahat.so'); END",
        ],
    )
    ada("gpkg_trigger.gpkg", "lahan", "fungsi berkas")
    _gpkg(
        folder / "gpkg_virtual.gpkg",
        [
            "INSERT INTO sqlite_master (type, name, tbl_name, rootpage, sql) VALUES ('table', 'luar', 'luar', 0, "
            f"'CREATE VIRTUAL TABLE luar USING VirtualOGR(''{rahasia}'')')",
        ],
        writable_schema=True,
    )
    ada("gpkg_virtual.gpkg", "lahan", "tabel virtual")
    _gpkg(folder / "_polos.gpkg", [])  # a clean GeoPackage with a write-ahead log SQLite would replay
    wal = b"\x37\x7f\x06\x82" + bytes(28)
    _zip(folder / "gpkg_wal.zip", {"data.gpkg": (folder / "_polos.gpkg").read_bytes(), "data.gpkg-wal": wal})
    (folder / "_polos.gpkg").unlink()
    ada("gpkg_wal.zip", "lahan", "jurnal SQLite")
    # --- memory and recursion bombs ---
    _tiff_sparse(folder / "tiff_raksasa.tif", 20000, 20000, 4, "float64")
    ada("tiff_raksasa.tif", "raster", "Raster terlalu besar")
    _tiff_sparse(folder / "tiff_strip.tif", 6000, 6000, 2, "float64")
    ada("tiff_strip.tif", "raster", "satu blok/strip")
    nested = "GEOMETRYCOLLECTION(" * 30000 + "POINT(107.82 -7.25)" + ")" * 30000
    tulis("wkt_bersarang.csv", f'nama;wkt\nx;"{nested}"\n', "aset", "bersarang terlalu dalam")
    _xlsx_bom(folder / "bom.xlsx")
    ada("bom.xlsx", "aset", "zip bomb|terlalu besar")
    deep = "[" * 100000 + "107.82, -7.25" + "]" * 100000
    tulis(
        "koordinat_dalam.geojson",
        '{"type": "FeatureCollection", "features": [{"type": "Feature", '
        f'"properties": {{}}, "geometry": {{"type": "Point", "coordinates": {deep}}}}}]}}',
        "aset",
        "bersarang",
    )
    gc = '{"type": "GeometryCollection", "geometries": [' * 5000 + '{"type": "Point", "coordinates": [107.8, -7.2]}'
    gc += "]}" * 5000
    tulis("gc_dalam.geojson", f'{{"type": "Feature", "properties": {{}}, "geometry": {gc}}}', "aset", "bersarang")
    folders = "<Folder>" * 20000 + "<Placemark><Point><coordinates>107.82,-7.25</coordinates></Point></Placemark>"
    tulis("kml_dalam.kml", _kml(folders + "</Folder>" * 20000), "potensi", "berhenti mendadak|bersarang|rusak")
    many = io.BytesIO()
    with zipfile.ZipFile(many, "w") as zf:
        for i in range(2500):
            zf.writestr(f"f{i}.txt", "")
    tulis("banyak.zip", many.getvalue(), "lahan", "batasnya 2000")
    # --- boundary files outside the uploader's territory (an admin kecamatan of 32.05.07) ---
    _batas(folder / "batas_desa_lain.geojson", "32.05.08.2001", "Desa Lain", (107.90, -7.30, 107.95, -7.20))
    ada("batas_desa_lain.geojson", "desa", "di luar wilayah kerja", "admin_kecamatan")
    _batas(folder / "batas_desa_baru.geojson", "32.05.07.2009", "Desa Baru", (107.80, -7.25, 107.85, -7.22))
    ada("batas_desa_baru.geojson", "desa", "hanya superadmin", "admin_kecamatan")
    _batas(folder / "batas_kecamatan.geojson", "32.05.07", "Samarang", (107.80, -7.30, 107.90, -7.20))
    ada("batas_kecamatan.geojson", "desa", "Hanya superadmin", "admin_kecamatan")
    _batas(folder / "batas_kabupaten.geojson", "32.05", "Garut", (107.5, -7.6, 108.2, -6.9))
    ada("batas_kabupaten.geojson", "desa", "Hanya superadmin", "admin_kecamatan")
    _batas(folder / "batas_kabupaten_lain.geojson", "32.06", "Tasikmalaya", (108.0, -7.6, 108.5, -7.0))
    ada("batas_kabupaten_lain.geojson", "desa", "Hanya superadmin", "admin_kecamatan")
    assert len({c.nama for c in cases}) == len(cases)
    return cases
