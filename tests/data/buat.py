"""Regenerates the small good and broken files in tests/data (run once; the outputs are committed).

.venv/bin/python tests/data/buat.py
"""

import io
import os
import stat
import zipfile
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import rasterio
import shapely
from rasterio.transform import from_origin

HERE = Path(__file__).resolve().parent
# Desa A of the tests: lon 107.80-107.85, lat -7.30 to -7.20 (tests/conftest.py).
PARSIL = [shapely.box(107.81 + i * 0.002, -7.26, 107.8115 + i * 0.002, -7.2585) for i in range(6)]


def frame(crs=4326):
    names = ["Pa Énté", "Bu Ëuis", "Mang Ujang", "Ceu Ñeneng", "Kang Dédé", "Teh Íis"]
    data = {
        "ID_PERSIL": [f"A-{i:03d}" for i in range(6)],
        "KOMODITI": ["Padi", "Kopi Arabika", "padi sawah", "Cabe", "Kentang", "Jagung"],
        "PENGAIRAN": ["Teknis", "Tadah hujan", "semi teknis", "Teknis", "x", "Teknis"],
        "PROD": ["6,5", "0,8", "6.2", "12", "20", "abc"],
        "PEMILIK": names,
    }
    return gpd.GeoDataFrame(data, geometry=PARSIL, crs=4326).to_crs(crs)


def shapefile_zip(path, *, crs=32748, prj=True, cpg=False, truncate=False, drop=None, junk=True):
    tmp = HERE / "_tmp"
    tmp.mkdir(exist_ok=True)
    frame(crs).to_file(tmp / "PERSIL.shp", engine="pyogrio", encoding="cp1252")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for f in sorted(tmp.iterdir()):
            ext = f.suffix.lower()
            if (ext == ".prj" and not prj) or (ext == ".cpg" and not cpg) or ext == drop:
                continue
            data = f.read_bytes()
            if truncate and ext == ".shp":
                data = data[: len(data) // 2]
            zf.writestr(f"Survei 2024/BPN/{f.stem}{ext.upper()}", data)
        if junk:
            zf.writestr("__MACOSX/Survei 2024/._PERSIL.SHP", b"\x00\x05\x16\x07junk")
    for f in tmp.iterdir():
        f.unlink()
    tmp.rmdir()


def write(name, data):
    (HERE / name).write_bytes(data if isinstance(data, bytes) else data.encode())


def main():
    shapefile_zip(HERE / "persil_utm_cp1252.zip")
    shapefile_zip(HERE / "tanpa_prj.zip", prj=False)
    shapefile_zip(HERE / "terpotong.zip", truncate=True)
    shapefile_zip(HERE / "tanpa_dbf.zip", drop=".dbf")
    bowtie = shapely.Polygon([(107.81, -7.26), (107.812, -7.258), (107.812, -7.26), (107.81, -7.258), (107.81, -7.26)])
    gpd.GeoDataFrame({"ID_PERSIL": ["K-1"], "KOMODITI": ["Padi"]}, geometry=[bowtie], crs=4326).to_file(
        HERE / "kupu_kupu.geojson", engine="pyogrio"
    )
    write(
        "titik_z.geojson",
        '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"NAMA":"Sumur",'
        '"GOL":"D","JENIS":"sumur bor","KONDISI":"Baik"},"geometry":{"type":"Point","coordinates":[107.82,-7.25,812.5]}}]}',
    )
    write(
        "campuran.geojson",
        '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"ID_PERSIL":"M-1",'
        '"KOMODITI":"Padi"},"geometry":{"type":"Point","coordinates":[107.82,-7.25]}},{"type":"Feature","properties":'
        '{"ID_PERSIL":"M-2","KOMODITI":"Padi"},"geometry":{"type":"Polygon","coordinates":[[[107.81,-7.26],[107.812,-7.26],'
        "[107.812,-7.258],[107.81,-7.26]]]}}]}",
    )
    write(
        "utm_sebagai_derajat.geojson",
        '{"type":"FeatureCollection","features":[{"type":"Feature","properties":'
        '{"ID_PERSIL":"U-1","KOMODITI":"Padi"},"geometry":{"type":"Polygon","coordinates":[[[806000,9196000],'
        "[806100,9196000],[806100,9196100],[806000,9196000]]]}}]}",
    )
    write(
        "vsicurl_crs.geojson",
        '{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":'
        '"/vsicurl/http://169.254.169.254/latest/meta-data"}},"features":[{"type":"Feature","properties":'
        '{"ID_PERSIL":"V-1","KOMODITI":"Padi"},"geometry":{"type":"Point","coordinates":[107.82,-7.25]}}]}',
    )
    write("kosong.geojson", '{"type":"FeatureCollection","features":[]}')
    write("rusak.geojson", '{"type":"FeatureCollection","features":[{"type":"Feature",')
    write(
        "terbalik.csv",
        "nama,lat,lon,golongan,jenis\nBalai,107.82,-7.25,gedung,balai desa\nSumur,107.83,-7.24,D,sumur\n",
    )
    write(
        "nol.csv",
        "nama;lintang;bujur;golongan\nBalai;-7,25;107,82;gedung\nKosong;0;0;gedung\nPosyandu;-7,26;107,81;C\n",
    )
    write("formula.csv", 'nama,lat,lon,golongan,keterangan\n=HYPERLINK("http://x"),-7.25,107.82,gedung,@SUM(1)\n')
    write(
        "vrt_menyamar.tif",
        '<VRTDataset rasterXSize="1" rasterYSize="1"><VRTRasterBand dataType="Byte" band="1">'
        "<SimpleSource><SourceFilename>/etc/passwd</SourceFilename></SimpleSource></VRTRasterBand></VRTDataset>",
    )
    write(
        "xxe.kml",
        '<?xml version="1.0"?><!DOCTYPE kml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        '<kml xmlns="http://www.opengis.net/kml/2.2"><Placemark><name>&xxe;</name><Point><coordinates>107.82,-7.25'
        "</coordinates></Point></Placemark></kml>",
    )
    lol = "".join(f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">' for i in range(1, 10))
    write(
        "billion_laughs.kml",
        f'<?xml version="1.0"?><!DOCTYPE kml [<!ENTITY lol0 "lol">{lol}]><kml '
        'xmlns="http://www.opengis.net/kml/2.2"><Placemark><name>&lol9;</name></Placemark></kml>',
    )
    kml = (
        '<?xml version="1.0" encoding="UTF-8"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document>'
        "<Placemark><name>Curug Citiis</name><description>Wisata air terjun</description>"
        "<Point><coordinates>107.82,-7.25,0</coordinates></Point></Placemark></Document></kml>"
    )
    with zipfile.ZipFile(HERE / "potensi.kmz", "w") as zf:
        zf.writestr("doc.kml", kml)
    with zipfile.ZipFile(HERE / "zip_slip.zip", "w") as zf:
        zf.writestr("../../../../tmp/sigdesa_slip.shp", b"x")
    with zipfile.ZipFile(HERE / "zip_bomb.zip", "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("bom.shp", b"\0" * (60 * 1024 * 1024))
    with zipfile.ZipFile(HERE / "symlink.zip", "w") as zf:
        info = zipfile.ZipInfo("PERSIL.shp")
        info.external_attr = (stat.S_IFLNK | 0o777) << 16
        zf.writestr(info, "/etc/passwd")
    write("bukan_zip.zip", b"PK\x03\x04 ini bukan arsip zip yang utuh")
    write("acak.gpkg", os.urandom(2048))
    layers = frame()
    layers.to_file(HERE / "dua_lapisan.gpkg", layer="persil", engine="pyogrio")
    layers.head(2).to_file(HERE / "dua_lapisan.gpkg", layer="sungai", engine="pyogrio", append=False)
    table = pd.DataFrame(
        {
            "nama": ["Kebun Kopi Pa Énté", "Sawah Bu Ëuis"],
            "lat": [-7.25, -7.26],
            "lon": [107.82, 107.83],
            "komoditi": ["Kopi", "Padi"],
            "kode": ["X-1", "X-2"],
        }
    )
    buffer = io.BytesIO()
    table.to_excel(buffer, index=False)
    write("lahan_titik.xlsx", buffer.getvalue())
    dem = (np.arange(40 * 40, dtype="float32").reshape(40, 40) % 97) + 700
    with rasterio.open(
        HERE / "dem.tif",
        "w",
        driver="GTiff",
        width=40,
        height=40,
        count=1,
        dtype="float32",
        crs="EPSG:32748",
        transform=from_origin(806000, 9198000, 30, 30),
        nodata=-9999,
    ) as dst:
        dst.write(dem, 1)


if __name__ == "__main__":
    main()
