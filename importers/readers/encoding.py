"""Attribute encodings of shapefiles: the .cpg first, then detection from the .dbf bytes."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

CPG_ALIASES = {
    "ansi 1252": "cp1252",
    "1252": "cp1252",
    "windows-1252": "cp1252",
    "utf8": "utf-8",
    "utf-8": "utf-8",
    "88591": "latin-1",
    "8859_1": "latin-1",
    "iso-8859-1": "latin-1",
    "ascii": "ascii",
}


# Byte-oriented codecs (base64, zlib, rot13) and wide ones (UTF-16/32: GDAL reads .dbf bytes one by one) are refused
TIDAK_UNTUK_DBF = ("utf-16", "utf-32", "utf-7")


def codec_teks(name: str) -> str | None:
    """The canonical name of a text codec usable for .dbf attributes, else None."""
    try:
        info = codecs.lookup(name.strip())
    except (LookupError, ValueError):
        return None
    if not getattr(info, "_is_text_encoding", True) or info.name.startswith(TIDAK_UNTUK_DBF):
        return None
    return info.name


def baca_cpg(shp: Path) -> str | None:
    """The codec named by a .cpg next to the .shp (any letter case), if it is one Python knows."""
    for candidate in shp.parent.iterdir():
        if candidate.stem.lower() == shp.stem.lower() and candidate.suffix.lower() == ".cpg":
            text = candidate.read_text("ascii", errors="ignore").strip().lower()
            return codec_teks(CPG_ALIASES.get(text, text))
    return None


BLOK_DBF = 1024 * 1024  # the .dbf is read block by block: a 1M-row table is ~400 MB


def tebak_dbf(shp: Path) -> str:
    """UTF-8 when the .dbf records decode as UTF-8, else cp1252 (Windows in Indonesia)."""
    dbf = next(
        (c for c in shp.parent.iterdir() if c.stem.lower() == shp.stem.lower() and c.suffix.lower() == ".dbf"), None
    )
    if dbf is None:
        return "utf-8"
    decoder = codecs.getincrementaldecoder("utf-8")()  # a character split between blocks is decoded whole
    with dbf.open("rb") as handle:
        head = handle.read(10)
        header = int.from_bytes(head[8:10], "little") if len(head) == 10 else 0
        handle.seek(header)
        try:
            while block := handle.read(BLOK_DBF):
                if decoder.getstate()[0] or re.search(rb"[\x80-\xff]", block):  # plain ASCII needs no decoding
                    decoder.decode(block)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return "cp1252"
    return "utf-8"


def encoding_shapefile(shp: Path, pilihan: str | None = None) -> tuple[str, str]:
    """(codec, how it was chosen): the operator's choice, the .cpg, or detection."""
    if pilihan:
        codec = codec_teks(pilihan)
        if codec is None:
            from importers.readers import ImporError

            raise ImporError(f"Encoding '{pilihan[:40]}' tidak dikenal (contoh: utf-8, cp1252).")
        return codec, "pilihan operator"
    cpg = baca_cpg(shp)
    if cpg == "utf-8" and tebak_dbf(shp) != "utf-8":
        return "cp1252", "deteksi otomatis (.cpg menyebut UTF-8, isinya bukan)"
    if cpg:
        return cpg, "berkas .cpg"
    return tebak_dbf(shp), "deteksi otomatis"
