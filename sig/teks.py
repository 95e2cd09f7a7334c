"""Text from users, cleaned once: one-line fields (titles, names, e-mail subjects) never carry line breaks or
control characters; multi-line fields keep their line breaks only."""

from __future__ import annotations

import json
import re

_KONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")
_SPASI = re.compile(r"\s+")


def satu_baris(teks: str | None) -> str:
    """Control characters and runs of whitespace (CR/LF included) become one space; trimmed."""
    return _SPASI.sub(" ", _KONTROL.sub(" ", teks or "")).strip()


def banyak_baris(teks: str | None) -> str:
    """Control characters removed, CRLF/CR made LF; tabs and line breaks kept; trimmed."""
    text = (teks or "").replace("\r\n", "\n").replace("\r", "\n")
    return _KONTROL.sub("", text).strip()


def tanpa_nul(nilai: object) -> object:
    """NUL characters removed from text, also inside lists and dicts (PostgreSQL text and jsonb refuse them)."""
    if isinstance(nilai, dict | list) and not _mungkin_nul(nilai):
        return nilai  # the usual case, checked in C (a national import report holds ~250k values)
    return _buang_nul(nilai)


def _buang_nul(nilai: object) -> object:
    if isinstance(nilai, str):
        return nilai.replace("\x00", "")
    if isinstance(nilai, dict):
        return {_buang_nul(k): _buang_nul(v) for k, v in nilai.items()}
    if isinstance(nilai, list | tuple):
        return [_buang_nul(v) for v in nilai]
    return nilai


def _mungkin_nul(nilai: dict | list) -> bool:
    """False when no text inside holds a NUL (JSON writes it as \\u0000); True when it may, or the value is
    not plain JSON."""
    try:
        return "\\u0000" in json.dumps(nilai)
    except (TypeError, ValueError):
        return True


# Nesting that parsers can take without deep recursion: GEOS (WKT) and json recurse per level, and a few tens
# of thousands of levels crash or exhaust the stack. Real geometries nest 4 (WKT) or 8 (GeoJSON) levels deep.
MAKS_KEDALAMAN_WKT = 8
MAKS_KEDALAMAN_JSON = 64


def kedalaman(teks: str | bytes, buka: bytes = b"([{", tutup: bytes = b")]}") -> int:
    """The deepest nesting of brackets in a text (brackets inside strings count too: a safe over-estimate)."""
    import numpy as np

    data = teks.encode("utf-8", "replace") if isinstance(teks, str) else teks
    arr = np.frombuffer(data, dtype=np.uint8)
    if not arr.size:
        return 0
    steps = np.isin(arr, list(buka)).astype(np.int64) - np.isin(arr, list(tutup)).astype(np.int64)
    return int(np.cumsum(steps).max())


# GEOS' reasons why a geometry is invalid (shapely.is_valid_reason), in people's words; the coordinates stay.
ALASAN_GEOMETRI = {
    "Ring Self-intersection": "cincin berpotongan dengan dirinya sendiri",
    "Self-intersection": "sisi berpotongan dengan dirinya sendiri",
    "Too few points": "titik terlalu sedikit",
    "Hole lies outside shell": "lubang berada di luar poligon",
    "Holes are nested": "lubang bersarang di dalam lubang",
    "Interior is disconnected": "bagian dalam terputus",
    "Nested shells": "poligon bersarang di dalam poligon lain",
    "Duplicate Rings": "cincin ganda",
    "Invalid Coordinate": "koordinat tidak sah",
    "Ring is not closed": "cincin tidak tertutup",
}


# Geometry kinds in people's words (messages of the forms and the importer).
NAMA_JENIS = {"Point": "titik", "LineString": "garis", "Polygon": "poligon"}


def alasan_geometri(reason: str) -> str:
    """GEOS' English reason (e.g. 'Self-intersection[107.85 -7.24]') in Bahasa Indonesia."""
    for english, indonesia in ALASAN_GEOMETRI.items():
        if reason.startswith(english):
            where = reason[len(english) :].strip()
            return f"{indonesia} di {where}" if where else indonesia
    return "bentuk tidak sah"
