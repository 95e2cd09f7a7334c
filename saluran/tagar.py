"""Hashtags to categories: the category code is the hashtag (#banjir); a few everyday spellings are aliases."""

from __future__ import annotations

import re

from reports.models import KategoriPengaduan

TAGAR = re.compile(r"#([\w-]{2,40})")
# Everyday tags people use → category code (only used when that category exists and is active).
ALIAS = {
    "jalan": "jalanrusak",
    "jalanberlubang": "jalanrusak",
    "genangan": "banjir",
    "lampu": "penerangan",
    "lampujalan": "penerangan",
    "pju": "penerangan",
    "air": "airbersih",
    "pdam": "airbersih",
    "tanahlongsor": "longsor",
    "jembatanrusak": "jembatan",
}


def _baku(tag: str) -> str:
    return tag.lower().replace("_", "").replace("-", "")


def tagar_dalam(teks: str) -> list[str]:
    return TAGAR.findall(teks or "")


def kategori_dari_tagar(tags: list[str]) -> KategoriPengaduan | None:
    """The first tag that names an active category (directly or by alias)."""
    aktif = {k.kode: k for k in KategoriPengaduan.objects.filter(aktif=True)}
    for tag in tags:
        kode = _baku(tag)
        kode = kode if kode in aktif else ALIAS.get(kode, "")
        if kode in aktif:
            return aktif[kode]
    return None


def daftar_tagar() -> str:
    return ", ".join(f"#{k}" for k in KategoriPengaduan.objects.filter(aktif=True).values_list("kode", flat=True))
