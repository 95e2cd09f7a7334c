"""Uploaded files on disk: the zip listing is checked (count, size, ratio, names, links) before anything is
extracted; extraction writes only checked members under server-made names."""

from __future__ import annotations

import re
import stat
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from importers.readers import ImporError

MAX_ENTRIES = 2000
MAX_TOTAL = 2 * 1024**3  # uncompressed bytes
MAX_RATIO = 200  # per member and overall; shapefiles compress well, bombs compress absurdly
JUNK = re.compile(r"(^|/)(__MACOSX/|\._|\.DS_Store$|Thumbs\.db$)", re.IGNORECASE)
SAFE_PART = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass(frozen=True)
class Anggota:
    info: zipfile.ZipInfo
    nama: str  # the cleaned relative name used on disk


def _clean_name(raw: str) -> str:
    """A safe relative path; ImporError for absolute paths, drive letters and '..'."""
    name = raw.replace("\\", "/")
    path = PurePosixPath(name)
    if name.startswith("/") or re.match(r"^[A-Za-z]:", name) or ".." in path.parts or "\x00" in name:
        raise ImporError(f"Arsip ditolak: nama berkas berbahaya '{raw[:80]}' (zip slip).")
    parts = [SAFE_PART.sub("_", p) for p in path.parts if p not in ("", ".")]
    if not parts:
        raise ImporError("Arsip ditolak: anggota tanpa nama.")
    return "/".join(parts)


def periksa_zip(path: Path) -> list[Anggota]:
    """Check a zip's listing; returns the members worth extracting (junk like __MACOSX skipped)."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise ImporError("Berkas ZIP rusak atau bukan ZIP.") from exc
    with archive:
        infos = archive.infolist()
    if len(infos) > MAX_ENTRIES:
        raise ImporError(f"Arsip berisi {len(infos)} berkas; batasnya {MAX_ENTRIES}.")
    total = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos) or 1
    if total > MAX_TOTAL:
        raise ImporError(f"Isi arsip terlalu besar ({total // 1024**2} MB setelah diekstrak).")
    if total > 10 * 1024**2 and total / packed > MAX_RATIO:
        raise ImporError("Arsip ditolak: rasio kompresi tidak wajar (zip bomb).")
    members = []
    seen: set[str] = set()
    for info in infos:
        mode = info.external_attr >> 16
        if stat.S_ISLNK(mode):
            raise ImporError(f"Arsip ditolak: berisi tautan simbolik '{info.filename[:80]}'.")
        name = _clean_name(info.filename)
        if info.is_dir() or JUNK.search(info.filename):
            continue
        if info.flag_bits & 0x1:
            raise ImporError("Arsip terenkripsi (berkata sandi) tidak didukung.")
        if info.file_size > 1024**2 and info.file_size / max(info.compress_size, 1) > MAX_RATIO:
            raise ImporError(f"Arsip ditolak: '{name}' mengembang tidak wajar (zip bomb).")
        if name.lower() in seen:
            raise ImporError(f"Arsip berisi nama ganda '{name}'.")
        seen.add(name.lower())
        members.append(Anggota(info=info, nama=name))
    if not members:
        raise ImporError("Arsip kosong.")
    return members


def ekstrak(path: Path, members: list[Anggota], dest: Path) -> list[Path]:
    """Extract checked members; sizes are enforced while copying (headers can lie)."""
    out = []
    with zipfile.ZipFile(path) as archive:
        for member in members:
            target = (dest / member.nama).resolve()
            if not target.is_relative_to(dest.resolve()):
                raise ImporError("Arsip ditolak: jalur di luar folder kerja.")
            target.parent.mkdir(parents=True, exist_ok=True)
            limit = member.info.file_size
            written = 0
            with archive.open(member.info) as source, target.open("wb") as sink:
                while chunk := source.read(1024 * 1024):
                    written += len(chunk)
                    if written > limit:
                        raise ImporError(f"Arsip ditolak: '{member.nama}' lebih besar dari yang dinyatakan.")
                    sink.write(chunk)
            out.append(target)
    return out
