"""What the living desa and kecamatan pages show, contributed by the domain apps without the kernel importing them.

Each app declares in `<app>/halaman.py`, with the decorators below: page sections (a template and its
context), activity items (what changed lately) and ranking measures (how each desa is doing). The kernel's
views ask this module; the order of sections is their `urutan`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.utils.module_loading import autodiscover_modules

if TYPE_CHECKING:
    from sig.akun.models import AnyUser


@dataclass(frozen=True)
class Bagian:
    urutan: int
    template: str
    context: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Aktivitas:
    waktu: datetime
    jenis: str  # what happened, in words: "Kabar baru", "Pengaduan selesai"
    judul: str
    url: str
    desa: str


@dataclass(frozen=True)
class Ukuran:
    """One ranking measure: a value per desa id, and whether more is better."""

    label: str
    nilai: dict[int, float]
    makin_besar_makin_baik: bool = True
    format: str = "{:.0f}"


Wilayah = Any  # a Desa or a Kecamatan
BAGIAN_DESA: list[Callable[[Any, AnyUser], Bagian | None]] = []
BAGIAN_KECAMATAN: list[Callable[[Any, AnyUser], Bagian | None]] = []
AKTIVITAS: list[Callable[[list[int], datetime], list[Aktivitas]]] = []
UKURAN: list[Callable[[list[int], datetime], Ukuran]] = []
_loaded = False


def _daftar(registry: list[Any]) -> Callable[[Any], Any]:
    def register(func: Any) -> Any:
        if func not in registry:
            registry.append(func)
        return func

    return register


bagian_desa = _daftar(BAGIAN_DESA)
bagian_kecamatan = _daftar(BAGIAN_KECAMATAN)
aktivitas = _daftar(AKTIVITAS)
ukuran = _daftar(UKURAN)


def _muat() -> None:
    global _loaded
    if not _loaded:
        autodiscover_modules("halaman")
        _loaded = True


def bagian(registry: list[Callable[[Any, AnyUser], Bagian | None]], wilayah: Wilayah, user: AnyUser) -> list[Bagian]:
    """The sections of a desa or kecamatan page, in order."""
    _muat()
    found = [b for b in (make(wilayah, user) for make in registry) if b is not None]
    return sorted(found, key=lambda b: b.urutan)


def aktivitas_terbaru(desa_ids: list[int], sejak: datetime, batas: int = 15) -> list[Aktivitas]:
    """What changed in these desa since `sejak`, newest first; a few of each kind, so one busy kind (a bulk
    import of potensi) does not hide the rest."""
    _muat()
    per_source = max(3, batas // max(1, len(AKTIVITAS)))
    items = [
        item
        for source in AKTIVITAS
        for item in sorted(source(desa_ids, sejak), key=lambda a: a.waktu, reverse=True)[:per_source]
    ]
    return sorted(items, key=lambda a: a.waktu, reverse=True)[:batas]


@dataclass
class Peringkat:
    desa: Any
    nilai: list[str]
    skor: int


def peringkat(desa: list[Any], sejak: datetime) -> tuple[list[str], list[Peringkat]]:
    """The friendly competition: each measure scaled 0–1 across the desa (best = 1), the score is their mean
    in percent; returns the measure labels and the desa, best first (ties by name)."""
    _muat()
    ids = [d.pk for d in desa]
    measures = [make(ids, sejak) for make in UKURAN]
    rows = []
    for d in desa:
        parts, shown = [], []
        for m in measures:
            value = m.nilai.get(d.pk)
            shown.append("–" if value is None else m.format.format(value))
            known = [v for v in m.nilai.values() if v is not None]
            if not known:
                continue
            if value is None:  # nothing to measure (e.g. no reports): neither praised nor blamed
                parts.append(0.5)
                continue
            low, high = min(known), max(known)
            scaled = 1.0 if high == low else (value - low) / (high - low)
            parts.append(scaled if m.makin_besar_makin_baik else 1.0 - scaled)
        skor = round(100 * sum(parts) / len(parts)) if parts else 0
        rows.append(Peringkat(desa=d, nilai=shown, skor=skor))
    rows.sort(key=lambda r: (-r.skor, r.desa.nama))
    return [m.label for m in measures], rows
