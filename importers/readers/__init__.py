"""Readers: one module per concern (archives, vector sources, encodings, rasters)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field

MAKS_MASALAH = 1000  # issues a run keeps with their reason; all are counted


class ImporError(ValueError):
    """A run-level problem: the import stops, nothing is written. The message is for the operator."""

    untuk_pengguna = True  # the sandbox passes the message on to the parent


@dataclass(frozen=True)
class Masalah:
    """One issue of a run: level 'run' (abort; on a preview: what would stop the save), 'baris' (feature
    skipped), 'nilai' (value replaced), 'kolom' (a source column not kept, or all kept) or 'peringatan' (a
    warning to read before saving: overlaps, data now in another desa, unknown names, a re-import)."""

    tingkat: str
    pesan: str
    fitur: int | None = None
    kolom: str = ""
    nilai: str = ""

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class Tolakan:
    """Rejected features of a run: every one counted, the first MAKS_MASALAH kept with their reason, so a
    file of half a million bad rows costs the server a count, not half a million objects."""

    jumlah: int = 0
    contoh: dict[int, Masalah] = field(default_factory=dict)

    def tambah(self, baru: Mapping[int, Masalah] | Iterable[tuple[int, Masalah]], jumlah: int | None = None) -> None:
        items = baru.items() if isinstance(baru, Mapping) else baru
        tambahan = 0
        for n, masalah in items:
            if n in self.contoh:
                continue
            tambahan += 1
            if len(self.contoh) < MAKS_MASALAH:
                self.contoh[n] = masalah
        self.jumlah += tambahan if jumlah is None else jumlah

    def __len__(self) -> int:
        return self.jumlah

    def urut(self) -> list[Masalah]:
        return sorted(self.contoh.values(), key=lambda m: m.fitur or 0)


@dataclass
class Catatan:
    """Notes of a run (values replaced, columns dropped): the first MAKS_MASALAH kept, all counted."""

    jumlah: int = 0
    isi: list[Masalah] = field(default_factory=list)

    def tambah(self, baru: Iterable[Masalah]) -> None:
        for masalah in baru:
            self.jumlah += 1
            if len(self.isi) < MAKS_MASALAH:
                self.isi.append(masalah)
