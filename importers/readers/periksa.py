"""Content checks before GDAL opens a file: what each format may contain. Each refusal names the reason in
Bahasa Indonesia and never quotes the file's content or a server path."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

import numpy as np
from defusedxml import ElementTree as SafeET
from defusedxml.common import DefusedXmlException

from importers.readers import ImporError
from sig.crs import CrsError, resolve_epsg
from sig.teks import MAKS_KEDALAMAN_JSON, MAKS_KEDALAMAN_WKT, kedalaman

BLOK = 1024 * 1024
MAKS_PANJANG_WKT = 20 * 1024 * 1024
KML_NS = {
    "http://www.opengis.net/kml/2.2",
    "http://earth.google.com/kml/2.0",
    "http://earth.google.com/kml/2.1",
    "http://earth.google.com/kml/2.2",
}
# GDAL virtual file systems (/vsicurl/, /vsizip/, /vsis3/ …): never part of a file we accept.
VSI = re.compile(rb"/vsi[a-z0-9_]*/?", re.IGNORECASE)
# JSON escapes of ASCII letters, digits, '/' and ':' only disguise text (serialisers never need them).
ESCAPE_SAMAR = re.compile(rb"\\u00(?:2[fF]|3[0-9aA]|[46][1-9a-fA-F]|[57][0-9aA])")
CRS_GEOJSON = re.compile(rb'"crs"', re.IGNORECASE)  # GDAL compares keys case-insensitively
SQL_LUAR = re.compile(r"load_extension|\bgdal_|\bogr_|\battach\b|readfile|writefile|fts[345]|virtualogr", re.IGNORECASE)


def pindai(path: Path, *, json_escape: bool = False) -> None:
    """Refuse GDAL virtual paths anywhere in the file (and disguising escapes in JSON)."""
    tail = b""
    with path.open("rb") as handle:
        while block := handle.read(BLOK):
            data = tail + block
            if json_escape:
                data = data.replace(b"\\/", b"/")
                if ESCAPE_SAMAR.search(data):
                    raise ImporError(
                        "GeoJSON ditolak: berisi huruf yang disamarkan dengan escape \\u00XX. Simpan ulang berkas "
                        "dari aplikasi SIG Anda."
                    )
            if VSI.search(data):
                raise ImporError("Berkas ditolak: berisi jalur virtual GDAL (/vsi…), yang dapat membaca berkas lain.")
            tail = block[-64:]


def kedalaman_json(path: Path) -> int:
    """The deepest nesting of [ and { in a file, read block by block."""
    depth, deepest = 0, 0
    with path.open("rb") as handle:
        while block := handle.read(BLOK):
            arr = np.frombuffer(block, dtype=np.uint8)
            steps = np.isin(arr, (0x5B, 0x7B)).astype(np.int64) - np.isin(arr, (0x5D, 0x7D)).astype(np.int64)
            if steps.size:
                running = depth + np.cumsum(steps)
                deepest = max(deepest, int(running.max()))
                depth = int(running[-1])
    return deepest


def periksa_geojson(path: Path) -> str | None:
    """A GeoJSON we accept: no virtual paths, nesting ≤ 64, every `crs` a name on our allow-list.

    Returns the declared CRS name (or None). GDAL's GeoJSON driver honours a `crs` on the collection and on
    geometries, including links it would fetch: all are checked here, before GDAL sees the file."""
    pindai(path, json_escape=True)
    if kedalaman_json(path) > MAKS_KEDALAMAN_JSON:
        raise ImporError(f"GeoJSON ditolak: susunan bersarang lebih dari {MAKS_KEDALAMAN_JSON} tingkat.")
    declared: str | None = None
    for member in _anggota_crs(path):
        if not isinstance(member, dict) or member.get("type") != "name":
            raise ImporError("GeoJSON ditolak: `crs` berupa tautan (link) atau bentuk lain; hanya nama CRS diterima.")
        name = (member.get("properties") or {}).get("name") if isinstance(member.get("properties"), dict) else None
        if not isinstance(name, str):
            raise ImporError("GeoJSON ditolak: `crs` tanpa nama.")
        try:
            resolve_epsg(name)
        except CrsError as exc:
            raise ImporError(f"GeoJSON ditolak: {exc}") from exc
        if declared is not None and name != declared:
            raise ImporError("GeoJSON ditolak: berisi lebih dari satu `crs` yang berbeda.")
        declared = name
    return declared


def _anggota_crs(path: Path) -> list[object]:
    """Every value following a `"crs"` key, any letter case (at most 100). The token is found across block
    boundaries (a short tail is kept) and the value is read from its own offset, however much space precedes
    the colon."""
    found: list[object] = []
    seen: set[int] = set()
    tail = b""
    offset = 0
    with path.open("rb") as handle:
        while block := handle.read(BLOK):
            data = tail + block
            for match in CRS_GEOJSON.finditer(data):
                start = offset - len(tail) + match.end()
                if start in seen:
                    continue
                seen.add(start)
                value = _nilai_kunci(path, start)
                if value is not _BUKAN_KUNCI:
                    found.append(value)
                if len(found) > 100:
                    raise ImporError("GeoJSON ditolak: terlalu banyak `crs`.")
            tail = block[-8:]
            offset += len(block)
    return found


_BUKAN_KUNCI = object()


def _nilai_kunci(path: Path, start: int) -> object:
    """The JSON value after `"crs"` at `start` when it is a key (a colon follows), else _BUKAN_KUNCI."""
    with path.open("rb") as handle:
        handle.seek(start)
        skipped = 0
        while True:  # whitespace of any length before the colon
            chunk = handle.read(65536)
            stripped = chunk.lstrip(b" \t\r\n")
            if stripped or not chunk:
                break
            skipped += len(chunk)
            if skipped > 64 * BLOK:
                raise ImporError("GeoJSON ditolak: spasi berlebihan di sekitar `crs`.")
        if not stripped.startswith(b":"):
            return _BUKAN_KUNCI
        text = (stripped[1:] + handle.read(65536)).decode("utf-8", "replace").lstrip()
    try:
        value, _ = json.JSONDecoder().raw_decode(text)
    except json.JSONDecodeError as exc:
        raise ImporError("GeoJSON ditolak: `crs` tidak dapat dibaca.") from exc
    return value


def periksa_kml(path: Path) -> None:
    """KML with the KML namespace, no DTD/entities, no links GDAL or a viewer would follow for data.

    Icons of styles may name a URL: GDAL's KML reader never fetches them and they are not imported."""
    pindai(path)
    root_seen = False
    try:
        events = SafeET.iterparse(
            path, events=("start", "end"), forbid_dtd=True, forbid_entities=True, forbid_external=True
        )
        for event, element in events:
            ns, _, tag = element.tag.rpartition("}")
            if event == "end":
                if tag == "styleUrl" and not (element.text or "").strip().startswith("#"):
                    raise ImporError("KML ditolak: styleUrl menunjuk dokumen luar (hanya #gaya di berkas yang sama).")
                element.clear()
                continue
            if not root_seen:
                root_seen = True
                if tag != "kml" or ns.lstrip("{") not in KML_NS:
                    raise ImporError("Berkas XML ini bukan KML (elemen akar harus <kml> dengan namespace KML).")
            if tag == "NetworkLink":
                raise ImporError("KML ditolak: berisi NetworkLink (data dari alamat luar).")
            if tag in {"Link", "Url", "GroundOverlay", "ScreenOverlay", "PhotoOverlay", "Model"}:
                raise ImporError(f"KML ditolak: berisi {tag} yang menunjuk berkas atau alamat luar.")
    except DefusedXmlException as exc:
        raise ImporError("KML ditolak: berisi DTD/entitas (XXE atau billion laughs).") from exc
    except SafeET.ParseError as exc:
        raise ImporError("KML rusak: XML tidak dapat dibaca.") from exc


def periksa_gpkg(path: Path) -> None:
    """A GeoPackage of plain tables: no views, no virtual tables other than R-tree indexes, no generated
    columns, nothing in its schema calling functions that reach other files. Read as immutable: write-ahead
    log members are refused beforehand (sumber.SQLITE_SAMPING), so GDAL sees exactly what was checked."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)
    except sqlite3.Error as exc:
        raise ImporError("GeoPackage rusak: basis data SQLite tidak dapat dibuka.") from exc
    try:
        rows = conn.execute("SELECT type, name, coalesce(sql, '') FROM sqlite_master").fetchall()
        _periksa_skema(rows)  # before any other query: a virtual table's module would be looked up
        tables = {r[1] for r in rows if r[0] == "table"}
        if "gpkg_contents" not in tables:
            raise ImporError("Berkas SQLite ini bukan GeoPackage (tabel gpkg_contents tidak ada).")
        kinds = {r[0] for r in conn.execute("SELECT DISTINCT data_type FROM gpkg_contents")}
        generated = [
            (table, col[1])
            for table in sorted(tables)
            for col in conn.execute("SELECT * FROM pragma_table_xinfo(?)", [table]).fetchall()
            if col[-1] in (2, 3)  # hidden = 2/3: a generated (computed) column
        ]
    except sqlite3.Error as exc:
        raise ImporError("GeoPackage rusak: isinya tidak dapat dibaca.") from exc
    finally:
        conn.close()
    if generated:
        raise ImporError("GeoPackage ditolak: berisi kolom terhitung (generated column) yang menjalankan kueri.")
    if not kinds <= {"features", "attributes"}:
        raise ImporError("GeoPackage ditolak: hanya lapisan vektor (features) yang diterima.")


def _periksa_skema(rows: list[tuple[str, str, str]]) -> None:
    for kind, _name, sql in rows:
        if kind == "view":
            raise ImporError("GeoPackage ditolak: berisi VIEW (kueri yang dapat membaca sumber lain).")
        if sql.lstrip().upper().startswith("CREATE VIRTUAL TABLE") and not re.search(r"USING\s+rtree\s*\(", sql, re.I):
            raise ImporError("GeoPackage ditolak: berisi tabel virtual selain indeks R-tree.")
        if SQL_LUAR.search(sql):
            raise ImporError("GeoPackage ditolak: skemanya memanggil fungsi berkas/GDAL.")


def periksa_prj(path: Path) -> None:
    """A .prj is a short WKT text: nothing that names a file, a URL or a grid."""
    if path.stat().st_size > 64 * 1024:
        raise ImporError("Berkas .prj terlalu besar (lebih dari 64 KB).")
    text = path.read_bytes().decode("latin-1")
    if re.search(r"/vsi|https?:|ftp:|file:|\+init|nadgrids|geoidgrids|\bPG:", text, re.IGNORECASE):
        raise ImporError("Berkas .prj ditolak: berisi rujukan berkas, alamat jaringan atau grid.")


def periksa_wkt(values: np.ndarray) -> None:
    """Bound every WKT cell before GEOS parses it (deep nesting crashes GEOS by recursion)."""
    for number, value in enumerate(values, start=1):
        if not isinstance(value, str) or not value:
            continue
        if len(value) > MAKS_PANJANG_WKT:
            raise ImporError(f"Baris {number}: teks WKT lebih dari {MAKS_PANJANG_WKT // 1024**2} MB.")
        if value.count("(") > MAKS_KEDALAMAN_WKT and kedalaman(value, b"(", b")") > MAKS_KEDALAMAN_WKT:
            raise ImporError(
                f"Baris {number}: geometri WKT bersarang terlalu dalam (lebih dari "
                f"{MAKS_KEDALAMAN_WKT} tingkat kurung)."
            )
