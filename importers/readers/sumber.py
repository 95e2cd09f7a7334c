"""What an uploaded file is: sniffed by content (top-level files and archive members alike), checked for what
its format may contain, unpacked safely, opened only by the GDAL driver its content calls for. Runs inside
the import sandbox (no Django); GDAL receives server-made local paths only."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyogrio
import shapely

from importers.readers import ImporError, periksa
from importers.readers.arsip import ekstrak, periksa_zip
from importers.readers.encoding import encoding_shapefile
from sig.crs import CrsError, resolve_epsg

DRIVERS = {"shapefile": {"ESRI Shapefile"}, "geopackage": {"GPKG"}, "geojson": {"GeoJSON"}, "kml": {"LIBKML", "KML"}}
SUFFIX = {"shapefile": ".shp", "geopackage": ".gpkg", "geojson": ".geojson", "kml": ".kml"}
NAMA_FORMAT = {"shapefile": "shapefile", "geopackage": "GeoPackage", "geojson": "GeoJSON", "kml": "KML"}
SHP_MAGIC = b"\x00\x00\x27\x0a"
TIFF_MAGIC = (b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+")
# dBASE III/IV/FoxPro version bytes a shapefile's .dbf starts with.
DBF_VERSIONS = {0x02, 0x03, 0x04, 0x05, 0x30, 0x31, 0x43, 0x63, 0x83, 0x8B, 0x8E, 0xCB, 0xF5, 0xFB}
LAT = re.compile(r"^(lat|latitude|lintang|y_?4326)$", re.IGNORECASE)
LON = re.compile(r"^(lon|lng|long|longitude|bujur|x_?4326)$", re.IGNORECASE)
WKT = re.compile(r"^(wkt|geom|geometry|geometri)$", re.IGNORECASE)
MAX_TABLE_ROWS = 500_000
MAX_XLSX_XML = 64 * 1024 * 1024  # uncompressed bytes of one sheet or the shared strings
CHUNK = 25_000
FORMAT_DITERIMA = "Gunakan shapefile (.zip), GeoPackage, GeoJSON, KML/KMZ, CSV/XLSX atau GeoTIFF."


@dataclass
class BerkasSumber:
    format: str
    path: Path | None = None  # the file GDAL reads (vector formats and GeoTIFF)
    layers: list[str] = field(default_factory=list)
    layer: str | None = None
    encoding: str = "utf-8"
    encoding_asal: str = ""
    epsg: int | None = None
    crs_teks: str = ""
    kolom: list[str] = field(default_factory=list)
    jumlah: int = 0
    jenis_geometri: str = ""
    tabel: pd.DataFrame | None = None  # CSV/XLSX attributes, parsed in Python
    geometri_tabel: np.ndarray | None = None

    def meta(self) -> dict[str, Any]:
        return {
            "format": self.format,
            "layers": self.layers,
            "layer": self.layer,
            "encoding": self.encoding,
            "encoding_asal": self.encoding_asal,
            "epsg": self.epsg,
            "crs_teks": self.crs_teks,
            "kolom": self.kolom,
            "jumlah": self.jumlah,
            "jenis_geometri": self.jenis_geometri,
        }

    def baca(self, chunk: int = CHUNK) -> Iterator[tuple[pa.Table, np.ndarray, int]]:
        """(attributes, geometries, number of the first feature) per chunk: bounded memory, read in order."""
        if self.tabel is not None:
            assert self.geometri_tabel is not None
            for start in range(0, len(self.tabel), chunk):
                part = self.tabel.iloc[start : start + chunk]
                geoms = self.geometri_tabel[start : start + chunk]
                yield pa.Table.from_pandas(part, preserve_index=False), geoms, start + 1
            return
        assert self.path is not None
        options = {"encoding": self.encoding} if self.format == "shapefile" else {}
        start = 1
        try:
            with pyogrio.open_arrow(self.path, layer=self.layer, batch_size=chunk, use_pyarrow=True, **options) as (
                _meta,
                reader,
            ):
                for batch in reader:
                    table = pa.Table.from_batches([batch])
                    name = _kolom_geometri(table.schema)
                    geoms = shapely.from_wkb(table.column(name).to_numpy(zero_copy_only=False), on_invalid="ignore")
                    yield table.drop_columns([name]), geoms, start
                    start += table.num_rows
        except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError, OSError, ValueError) as exc:
            raise ImporError(f"Berkas tidak dapat dibaca mulai fitur #{start}; berkas rusak atau terpotong.") from exc


def _kolom_geometri(schema: pa.Schema) -> str:
    for f in schema:
        if (f.metadata or {}).get(b"ARROW:extension:name") == b"geoarrow.wkb":
            return f.name
    return schema.names[-1]


def _kepala(path: Path) -> bytes:
    with path.open("rb") as handle:
        return handle.read(4096)


def jenis_isi(head: bytes) -> str | None:
    """What the first bytes say a file is; ImporError for GDAL virtual documents in any disguise."""
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    lower = text[:4096].lower()
    if b"gdal_streamed_alg" in lower or b"<vrtdataset" in lower or b"<ogrvrtdatasource" in lower:
        raise ImporError("Berkas VRT/pipeline GDAL tidak diterima (dapat membaca berkas lain di server).")
    if head.startswith(b"PK\x03\x04"):
        return "zip"
    if head.startswith(b"SQLite format 3\x00"):
        return "geopackage"
    if head[:4] in TIFF_MAGIC:
        return "geotiff"
    if head.startswith(SHP_MAGIC):
        return "shp"
    if text.startswith((b"{", b"[")):
        return "json"
    if lower.startswith(b"<"):
        return "kml" if b"<kml" in lower else "xml"
    return None


def sniff(head: bytes, nama: str) -> str:
    """The kind of a top-level upload from its first bytes (the name only tells zip from kmz, and CSV)."""
    kind = jenis_isi(head)
    lower = nama.lower()
    if kind == "zip":
        return "kmz" if lower.endswith(".kmz") else "zip"
    if kind in {"geopackage", "geotiff", "kml"}:
        return kind
    if kind == "json":
        return "geojson"
    if kind == "xml":
        raise ImporError("Berkas XML/HTML ini bukan KML yang dikenali.")
    if kind == "shp" or lower.endswith((".shp", ".dbf", ".shx")):
        raise ImporError("Unggah shapefile sebagai .zip berisi .shp, .shx, .dbf dan .prj.")
    if lower.endswith((".csv", ".txt")) and b"\x00" not in head:
        return "csv"
    if lower.endswith((".tif", ".tiff")):
        raise ImporError("Berkas bukan GeoTIFF yang sah (isi tidak cocok dengan ekstensi .tif).")
    raise ImporError(f"Format berkas tidak dikenali. {FORMAT_DITERIMA}")


def _crs(sumber: BerkasSumber, epsg: int | None, teks: str | None) -> None:
    sumber.crs_teks = (teks or "")[:2000]
    if epsg is not None:
        try:
            sumber.epsg = resolve_epsg(epsg)
        except CrsError as exc:
            raise ImporError(str(exc)) from exc
        return
    if teks:
        try:
            sumber.epsg = resolve_epsg(teks)
        except CrsError as exc:
            raise ImporError(f"{exc} Pilih CRS berkas ini secara manual.") from exc


def _periksa_format(path: Path, fmt: str) -> str | None:
    """The content checks of a format; returns a GeoJSON's declared CRS name."""
    if fmt == "geojson":
        return periksa.periksa_geojson(path)
    if fmt == "kml":
        periksa.periksa_kml(path)
    elif fmt == "geopackage":
        periksa.periksa_gpkg(path)
    elif fmt == "shapefile":
        prj = path.with_suffix(".prj")
        if prj.exists():
            periksa.periksa_prj(prj)
    return None


def _vektor(path: Path, fmt: str, *, layer: str | None, encoding: str | None, epsg: int | None) -> BerkasSumber:
    """Open a checked file with the one driver its content calls for, and describe it."""
    declared = _periksa_format(path, fmt)
    nama = NAMA_FORMAT[fmt]
    sumber = BerkasSumber(format=fmt, path=path)
    try:
        layers = [str(name) for name, _ in pyogrio.list_layers(path)]
    except (pyogrio.errors.DataSourceError, OSError) as exc:
        raise ImporError(f"Berkas {nama} tidak dapat dibuka: strukturnya rusak atau bukan {nama}.") from exc
    if not layers:
        raise ImporError("Berkas tidak berisi lapisan data.")
    sumber.layers = layers
    if layer is None and len(layers) > 1 and fmt == "geopackage":
        raise ImporError(f"GeoPackage berisi beberapa lapisan; pilih salah satu: {', '.join(layers)}.")
    if layer is not None and layer not in layers:
        raise ImporError(f"Lapisan '{layer}' tidak ada. Lapisan yang tersedia: {', '.join(layers)}.")
    sumber.layer = layer or layers[0]
    if fmt == "shapefile":
        sumber.encoding, sumber.encoding_asal = encoding_shapefile(path, encoding)
    else:
        sumber.encoding, sumber.encoding_asal = "utf-8", "format"
    try:
        info = pyogrio.read_info(
            path, layer=sumber.layer, **({"encoding": sumber.encoding} if fmt == "shapefile" else {})
        )
    except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError, OSError) as exc:
        raise ImporError(f"Berkas {nama} tidak dapat dibaca: strukturnya rusak.") from exc
    if info.get("driver") not in DRIVERS[fmt]:
        raise ImporError(f"Berkas ditolak: isinya bukan {nama} walau tampak seperti {nama}.")
    sumber.kolom = [str(c) for c in info["fields"]]
    sumber.jumlah = int(info["features"] or 0)
    sumber.jenis_geometri = str(info.get("geometry_type") or "")
    crs = info.get("crs")
    if fmt == "geojson":  # GDAL falls back to WGS 84 for a CRS name it refuses to resolve; we judge the name
        crs = declared or crs
    if fmt in {"geojson", "kml"} and crs in (None, "EPSG:4326", "OGC:CRS84"):
        crs = "EPSG:4326"  # both formats are WGS 84 by specification
    _crs(sumber, epsg, crs)
    return sumber


def _tabel(raw: bytes, fmt: str, epsg: int | None) -> BerkasSumber:
    if fmt == "xlsx":
        try:
            frame = pd.read_excel(io.BytesIO(raw), engine="openpyxl", dtype=str, nrows=MAX_TABLE_ROWS + 1)
        except (ValueError, KeyError, OSError, zipfile.BadZipFile) as exc:
            raise ImporError("Berkas Excel rusak atau tidak dapat dibaca.") from exc
        frame = frame.fillna("")
        encoding = "utf-8"
    else:
        text, encoding = _decode(raw)
        try:
            dialect = csv.Sniffer().sniff(text[:20000], delimiters=",;\t|")
            sep = dialect.delimiter
        except csv.Error:
            sep = ","
        try:
            frame = pd.read_csv(io.StringIO(text), sep=sep, dtype=str, keep_default_na=False, nrows=MAX_TABLE_ROWS + 1)
        except (pd.errors.ParserError, ValueError) as exc:
            raise ImporError("Berkas CSV tidak dapat dibaca: jumlah kolom per baris tidak konsisten.") from exc
    if len(frame) > MAX_TABLE_ROWS:
        raise ImporError(f"Tabel berisi lebih dari {MAX_TABLE_ROWS} baris.")
    frame.columns = [str(c).strip() for c in frame.columns]
    lat = next((c for c in frame.columns if LAT.match(c)), None)
    lon = next((c for c in frame.columns if LON.match(c)), None)
    wkt = next((c for c in frame.columns if WKT.match(c)), None)
    if lat and lon:
        xs = pd.to_numeric(frame[lon].str.replace(",", ".", regex=False), errors="coerce")
        ys = pd.to_numeric(frame[lat].str.replace(",", ".", regex=False), errors="coerce")
        geometry = shapely.points(xs.to_numpy(), ys.to_numpy())
        geometry[xs.isna().to_numpy() | ys.isna().to_numpy()] = None
        crs_source: int | None = epsg or 4326  # columns named lat/lon are degrees by their name
        attributes = frame.drop(columns=[lat, lon])
    elif wkt:
        cells = frame[wkt].to_numpy()
        periksa.periksa_wkt(cells)
        geometry = shapely.from_wkt(cells, on_invalid="ignore")
        crs_source = epsg
        attributes = frame.drop(columns=[wkt])
    else:
        raise ImporError("Tabel harus punya kolom lintang/bujur (lat, lon) atau kolom WKT (geometri).")
    sumber = BerkasSumber(
        format=fmt,
        tabel=attributes.reset_index(drop=True),
        geometri_tabel=np.asarray(geometry, dtype=object),
        kolom=list(attributes.columns),
        jumlah=len(attributes),
        encoding=encoding,
        encoding_asal="deteksi otomatis",
    )
    _crs(sumber, crs_source, None)
    return sumber


def _decode(raw: bytes) -> tuple[str, str]:
    try:
        return raw.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace"), "cp1252"


def _xlsx(members: list[Any]) -> bool:
    names = {m.info.filename for m in members}
    return "[Content_Types].xml" in names and any(n.startswith("xl/") for n in names)


def buka(
    upload: Path,
    workdir: Path,
    *,
    nama: str,
    layer: str | None = None,
    encoding: str | None = None,
    epsg: int | None = None,
) -> BerkasSumber:
    """Open an upload (already saved under a server-made name) for reading."""
    head = _kepala(upload)
    if not head:
        raise ImporError("Berkas kosong.")
    kind = sniff(head, nama)
    if kind == "geotiff":
        return BerkasSumber(format="geotiff", path=upload)
    if kind == "csv":
        return _tabel(upload.read_bytes(), "csv", epsg)
    if kind in {"zip", "kmz"}:
        members = periksa_zip(upload)  # XLSX is a zip too: the same listing checks first
        if kind == "zip" and _xlsx(members):
            if not nama.lower().endswith(".xlsx"):
                raise ImporError("Berkas Excel harus berekstensi .xlsx.")
            besar = [m for m in members if m.info.file_size > MAX_XLSX_XML]
            if besar:
                raise ImporError(
                    f"Berkas Excel ditolak: bagian '{besar[0].nama[:60]}' terlalu besar setelah diekstrak."
                )
            return _tabel(upload.read_bytes(), "xlsx", epsg)
        files = ekstrak(upload, members, workdir / "isi")
        return _dari_folder(files, kind, layer=layer, encoding=encoding, epsg=epsg)
    path = upload.with_name("data" + SUFFIX[kind])
    upload.rename(path)
    return _vektor(path, kind, layer=layer, encoding=encoding, epsg=epsg)


# SQLite opens these next to a GeoPackage of the same name and replays them: an archive may not carry any
SQLITE_SAMPING = ("-wal", "-shm", "-journal")
SIDECAR = {".dbf", ".shx", ".prj", ".cpg", ".qix", ".sbn", ".sbx", ".xml", ".qmd", ".fix", ".atx", ".aih", ".ain"}


def _dari_folder(
    files: list[Path], kind: str, *, layer: str | None, encoding: str | None, epsg: int | None
) -> BerkasSumber:
    """Choose the dataset of an archive by content; GDAL never opens a member by its name alone."""
    data: dict[str, list[Path]] = {"shapefile": [], "geopackage": [], "geojson": [], "kml": []}
    for f in sorted(files):
        if f.name.lower().endswith(SQLITE_SAMPING):
            raise ImporError(f"Arsip ditolak: berisi jurnal SQLite ({f.name[:80]}); simpan GeoPackage tanpa jurnal.")
        isi = jenis_isi(_kepala(f))  # refuses VRT/pipeline documents in any member
        suffix = f.suffix.lower()
        if isi == "shp":
            if suffix == ".shp":
                data["shapefile"].append(f)
            elif suffix != ".shx":
                raise ImporError(f"Arsip ditolak: '{f.name}' berisi data shapefile dengan nama yang tidak sesuai.")
        elif isi == "geopackage":
            data["geopackage"].append(f)
        elif isi == "json" and suffix not in SIDECAR:
            data["geojson"].append(f)
        elif isi == "kml":
            data["kml"].append(f)
    if kind == "kmz":
        if not data["kml"]:
            raise ImporError("KMZ tidak berisi dokumen KML.")
        main = next((f for f in data["kml"] if f.name.lower() == "doc.kml"), data["kml"][0])
        return _vektor(_nama_server(main, "kml"), "kml", layer=layer, encoding=encoding, epsg=epsg)
    if data["shapefile"]:
        return _shapefile(data["shapefile"], layer=layer, encoding=encoding, epsg=epsg)
    for fmt in ("geopackage", "geojson", "kml"):
        if data[fmt]:
            return _vektor(_nama_server(data[fmt][0], fmt), fmt, layer=layer, encoding=encoding, epsg=epsg)
    raise ImporError("Arsip tidak berisi shapefile, GeoPackage, GeoJSON atau KML.")


def _nama_server(path: Path, fmt: str) -> Path:
    """The member under a name whose suffix matches its content."""
    target = path.with_name(f"data{SUFFIX[fmt]}")
    path.rename(target)
    return target


def _shapefile(shps: list[Path], *, layer: str | None, encoding: str | None, epsg: int | None) -> BerkasSumber:
    chosen = shps
    if len(shps) > 1:
        if layer is None:
            raise ImporError(
                "Arsip berisi beberapa shapefile; pilih salah satu: " + ", ".join(sorted(f.stem for f in shps)) + "."
            )
        chosen = [f for f in shps if f.stem == layer]
        if not chosen:
            raise ImporError(f"Shapefile '{layer}' tidak ada di arsip.")
    shp = chosen[0]
    siblings = {f.suffix.lower(): f for f in shp.parent.iterdir() if f.stem.lower() == shp.stem.lower()}
    missing = [s for s in (".shx", ".dbf") if s not in siblings]
    if missing:
        raise ImporError(f"Shapefile tidak lengkap: {', '.join(missing)} tidak ada di arsip.")
    dbf_head = _kepala(siblings[".dbf"])[:1]
    if not dbf_head or dbf_head[0] not in DBF_VERSIONS:
        raise ImporError("Berkas .dbf shapefile rusak (bukan tabel dBASE).")
    _normalise_case(shp)
    _periksa_panjang_shp(shp.with_suffix(".shp"))
    return _vektor(shp.with_suffix(".shp"), "shapefile", layer=None, encoding=encoding, epsg=epsg)


def _periksa_panjang_shp(shp: Path) -> None:
    """The .shp header states the file length (16-bit words, big-endian); a shorter file was cut off."""
    with shp.open("rb") as handle:
        header = handle.read(100)
    if len(header) < 100 or header[:4] != SHP_MAGIC:
        raise ImporError("Berkas .shp rusak (kepala berkas tidak sah).")
    declared = int.from_bytes(header[24:28], "big") * 2
    if shp.stat().st_size < declared:
        raise ImporError(
            f"Berkas .shp terpotong ({shp.stat().st_size} dari {declared} bita); unggah ulang berkas lengkap."
        )


def _normalise_case(shp: Path) -> None:
    """GDAL finds .SHX/.DBF/.PRJ next to a .SHP only in matching case: rename the set to lower-case suffixes."""
    for sibling in list(shp.parent.iterdir()):
        if (sibling.stem.lower() == shp.stem.lower() and sibling.suffix != sibling.suffix.lower()) or (
            sibling.stem != shp.stem and sibling.stem.lower() == shp.stem.lower()
        ):
            sibling.rename(sibling.with_name(shp.stem + sibling.suffix.lower()))
