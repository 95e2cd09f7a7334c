"""What an uploaded file is: sniffed by content, unpacked safely, opened only with the GDAL driver its
declared kind allows. GDAL receives server-made local paths only."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio
import shapely
from defusedxml import ElementTree as SafeET
from defusedxml.common import DefusedXmlException

from importers.readers import ImporError
from importers.readers.arsip import ekstrak, periksa_zip
from importers.readers.encoding import encoding_shapefile
from sig.geo import CrsError, resolve_epsg

VECTOR_SUFFIX = {".shp": "shapefile", ".gpkg": "geopackage", ".geojson": "geojson", ".json": "geojson", ".kml": "kml"}
DRIVERS = {"shapefile": "ESRI Shapefile", "geopackage": "GPKG", "geojson": "GeoJSON", "kml": "LIBKML"}
LAT = re.compile(r"^(lat|latitude|lintang|y_?4326)$", re.IGNORECASE)
LON = re.compile(r"^(lon|lng|long|longitude|bujur|x_?4326)$", re.IGNORECASE)
WKT = re.compile(r"^(wkt|geom|geometry|geometri)$", re.IGNORECASE)
MAX_TABLE_ROWS = 500_000
CHUNK = 25_000


@dataclass
class Sumber:
    format: str
    path: Path | None = None  # the file GDAL reads (vector formats)
    layers: list[str] = field(default_factory=list)
    layer: str | None = None
    encoding: str = "utf-8"
    encoding_asal: str = ""
    epsg: int | None = None
    crs_teks: str = ""
    kolom: list[str] = field(default_factory=list)
    jumlah: int = 0
    jenis_geometri: str = ""
    tabel: gpd.GeoDataFrame | None = None  # CSV/XLSX, parsed in Python

    def baca(self, chunk: int = CHUNK) -> Iterator[gpd.GeoDataFrame]:
        """The features in chunks (bounded memory), attributes decoded with the chosen encoding."""
        if self.tabel is not None:
            for start in range(0, len(self.tabel), chunk):
                yield self.tabel.iloc[start : start + chunk]
            return
        assert self.path is not None
        options = {"encoding": self.encoding} if self.format == "shapefile" else {}
        for start in range(0, max(self.jumlah, 1), chunk):
            try:
                frame = pyogrio.read_dataframe(
                    self.path, layer=self.layer, skip_features=start, max_features=chunk, use_arrow=True, **options
                )
            except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError, OSError, ValueError) as exc:
                raise ImporError(f"Berkas tidak dapat dibaca pada fitur #{start + 1}: {_pendek(exc)}") from exc
            frame.index = pd.RangeIndex(start + 1, start + 1 + len(frame))  # feature numbers, 1-based
            yield frame
            if len(frame) < chunk:
                return


def _pendek(exc: Exception) -> str:
    return str(exc).splitlines()[0][:200] if str(exc) else exc.__class__.__name__


def sniff(head: bytes, nama: str) -> str:
    """The kind of an upload from its first bytes (the name only tells zip from kmz)."""
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"PK\x03\x04"):
        return "kmz" if nama.lower().endswith(".kmz") else "zip"
    if head.startswith(b"SQLite format 3\x00"):
        return "geopackage"
    if head[:4] in (b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+"):
        return "geotiff"
    if text.startswith((b"{", b"[")):
        return "geojson"
    lower = text[:2048].lower()
    if lower.startswith(b"<"):
        if b"<vrtdataset" in lower or b"<ogrvrtdatasource" in lower:
            raise ImporError("Berkas VRT tidak diterima (dapat menunjuk berkas lain di server).")
        if b"<kml" in lower:
            return "kml"
        raise ImporError("Berkas XML/HTML ini bukan KML yang dikenali.")
    if head.startswith(b"\x00\x00\x27\x0a") or head.startswith(b"\x00\x00'\n"):
        raise ImporError("Unggah shapefile sebagai .zip berisi .shp, .shx, .dbf dan .prj.")
    if nama.lower().endswith((".csv", ".txt")) and b"\x00" not in head:
        return "csv"
    if nama.lower().endswith((".shp", ".dbf", ".shx")):
        raise ImporError("Unggah shapefile sebagai .zip berisi .shp, .shx, .dbf dan .prj.")
    if nama.lower().endswith((".tif", ".tiff")):
        raise ImporError("Berkas bukan GeoTIFF yang sah (isi tidak cocok dengan ekstensi .tif).")
    raise ImporError(
        "Format berkas tidak dikenali. Gunakan shapefile (.zip), GeoPackage, GeoJSON, KML/KMZ, CSV/XLSX atau GeoTIFF."
    )


def _periksa_kml(path: Path) -> None:
    try:
        SafeET.parse(path, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise ImporError("KML ditolak: berisi DTD/entitas (XXE atau billion laughs).") from exc
    except SafeET.ParseError as exc:
        raise ImporError(f"KML rusak: {_pendek(exc)}") from exc


_CRS_GEOJSON = re.compile(rb'"crs"\s*:\s*\{[^{}]*"properties"\s*:\s*\{[^{}]*"name"\s*:\s*"([^"]{0,500})"')


def _crs_geojson_dinyatakan(path: Path) -> str | None:
    """The legacy `crs` name a GeoJSON declares (checked by our allow-list, never handed to GDAL as input)."""
    with path.open("rb") as handle:
        head = handle.read(1024 * 1024)
    match = _CRS_GEOJSON.search(head)
    return match.group(1).decode("utf-8", "replace") if match else None


def _crs(sumber: Sumber, epsg: int | None, teks: str | None) -> None:
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


def _vektor(path: Path, fmt: str, *, layer: str | None, encoding: str | None, epsg: int | None) -> Sumber:
    sumber = Sumber(format=fmt, path=path)
    try:
        layers = [name for name, _ in pyogrio.list_layers(path)]
    except (pyogrio.errors.DataSourceError, OSError) as exc:
        raise ImporError(f"Berkas {fmt} tidak dapat dibuka: {_pendek(exc)}") from exc
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
        raise ImporError(f"Berkas tidak dapat dibaca: {_pendek(exc)}") from exc
    sumber.kolom = [str(c) for c in info["fields"]]
    sumber.jumlah = int(info["features"] or 0)
    sumber.jenis_geometri = str(info.get("geometry_type") or "")
    crs = info.get("crs")
    if fmt == "geojson":  # GDAL falls back to WGS 84 for a CRS name it refuses to resolve; we judge the name
        crs = _crs_geojson_dinyatakan(path) or crs
    if fmt in {"geojson", "kml"} and crs in (None, "EPSG:4326", "OGC:CRS84"):
        crs = "EPSG:4326"  # both formats are WGS 84 by specification
    _crs(sumber, epsg, crs)
    return sumber


def _tabel(raw: bytes, nama: str, fmt: str, epsg: int | None) -> Sumber:
    if fmt == "xlsx":
        frame = pd.read_excel(io.BytesIO(raw), engine="openpyxl", dtype=str, nrows=MAX_TABLE_ROWS + 1)
    else:
        text, _ = _decode(raw)
        try:
            dialect = csv.Sniffer().sniff(text[:20000], delimiters=",;\t|")
            sep = dialect.delimiter
        except csv.Error:
            sep = ","
        frame = pd.read_csv(io.StringIO(text), sep=sep, dtype=str, keep_default_na=False, nrows=MAX_TABLE_ROWS + 1)
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
        geometry = shapely.from_wkt(frame[wkt].to_numpy(), on_invalid="ignore")
        crs_source = epsg
        attributes = frame.drop(columns=[wkt])
    else:
        raise ImporError("Tabel harus punya kolom lintang/bujur (lat, lon) atau kolom WKT (geometri).")
    table = gpd.GeoDataFrame(attributes, geometry=geometry, crs=None)
    table.index = pd.RangeIndex(1, len(table) + 1)
    sumber = Sumber(
        format=fmt,
        tabel=table,
        kolom=list(attributes.columns),
        jumlah=len(table),
        encoding="utf-8" if fmt == "xlsx" else _decode(raw)[1],
        encoding_asal="deteksi otomatis",
    )
    _crs(sumber, crs_source, None)
    return sumber


def _decode(raw: bytes) -> tuple[str, str]:
    try:
        return raw.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace"), "cp1252"


def _xlsx(path: Path) -> bool:
    try:
        import zipfile

        names = set(zipfile.ZipFile(path).namelist())
    except Exception:
        return False
    return "[Content_Types].xml" in names and any(n.startswith("xl/") for n in names)


def buka(
    upload: Path,
    workdir: Path,
    *,
    nama: str,
    layer: str | None = None,
    encoding: str | None = None,
    epsg: int | None = None,
) -> Sumber:
    """Open an upload (already saved under a server-made name) for reading."""
    with upload.open("rb") as handle:
        head = handle.read(4096)
    if not head:
        raise ImporError("Berkas kosong.")
    kind = sniff(head, nama)
    if kind == "geotiff":
        return Sumber(format="geotiff", path=upload)
    if kind == "csv":
        return _tabel(upload.read_bytes(), nama, "csv", epsg)
    if kind == "zip" and _xlsx(upload):
        if not nama.lower().endswith(".xlsx"):
            raise ImporError("Berkas Excel harus berekstensi .xlsx.")
        return _tabel(upload.read_bytes(), nama, "xlsx", epsg)
    if kind in {"zip", "kmz"}:
        members = periksa_zip(upload)
        folder = workdir / "isi"
        files = ekstrak(upload, members, folder)
        return _dari_folder(files, kind, layer=layer, encoding=encoding, epsg=epsg)
    suffix = {"geopackage": ".gpkg", "geojson": ".geojson", "kml": ".kml"}[kind]
    path = upload.with_suffix(suffix)
    upload.rename(path)
    if kind == "kml":
        _periksa_kml(path)
    return _vektor(path, kind, layer=layer, encoding=encoding, epsg=epsg)


def _dari_folder(files: list[Path], kind: str, *, layer: str | None, encoding: str | None, epsg: int | None) -> Sumber:
    if kind == "kmz":
        kmls = [f for f in files if f.suffix.lower() == ".kml"]
        if not kmls:
            raise ImporError("KMZ tidak berisi berkas .kml.")
        main = next((f for f in kmls if f.name.lower() == "doc.kml"), kmls[0])
        _periksa_kml(main)
        return _vektor(main, "kml", layer=layer, encoding=encoding, epsg=epsg)
    shps = [f for f in files if f.suffix.lower() == ".shp"]
    if shps:
        chosen = shps
        if len(shps) > 1:
            if layer is None:
                raise ImporError(
                    "Arsip berisi beberapa shapefile; pilih salah satu: "
                    + ", ".join(sorted(f.stem for f in shps))
                    + "."
                )
            chosen = [f for f in shps if f.stem == layer]
            if not chosen:
                raise ImporError(f"Shapefile '{layer}' tidak ada di arsip.")
        shp = chosen[0]
        siblings = {f.suffix.lower() for f in shp.parent.iterdir() if f.stem.lower() == shp.stem.lower()}
        missing = [s for s in (".shx", ".dbf") if s not in siblings]
        if missing:
            raise ImporError(f"Shapefile tidak lengkap: {', '.join(missing)} tidak ada di arsip.")
        _normalise_case(shp)
        _periksa_panjang_shp(shp.with_suffix(".shp"))
        return _vektor(shp.with_suffix(".shp"), "shapefile", layer=None, encoding=encoding, epsg=epsg)
    for suffix in (".gpkg", ".geojson", ".json", ".kml"):
        found = [f for f in files if f.suffix.lower() == suffix]
        if found:
            if suffix == ".kml":
                _periksa_kml(found[0])
            return _vektor(found[0], VECTOR_SUFFIX[suffix], layer=layer, encoding=encoding, epsg=epsg)
    raise ImporError("Arsip tidak berisi shapefile, GeoPackage, GeoJSON atau KML.")


def _periksa_panjang_shp(shp: Path) -> None:
    """The .shp header states the file length (16-bit words, big-endian); a shorter file was cut off."""
    with shp.open("rb") as handle:
        header = handle.read(100)
    if len(header) < 100 or header[:4] != b"\x00\x00\x27\x0a":
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
