"""Reading an upload through the sandbox (importers.sandbox): the parent gets a description, then clean
chunks (attributes + EWKB of plain geometries) or a raster's metadata. Every failure of the child becomes
one Indonesian ImporError; nothing of the file is parsed in this process."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
from django.conf import settings

from importers.readers import ImporError, Masalah
from importers.readers.kerja import KOLOM_GEOM, KOLOM_N
from importers.sandbox.client import Batas, PesanPengguna, SandboxGagal, jalankan

logger = logging.getLogger(__name__)
MODUL = "importers.readers.kerja"


def batas() -> Batas:
    """The sandbox limits from settings."""
    return Batas(
        memori_mb=settings.IMPOR_BATAS_MEMORI_MB,
        cpu_detik=settings.IMPOR_BATAS_CPU_DETIK,
        waktu_detik=settings.IMPOR_BATAS_WAKTU_DETIK,
    )


def pesan_gagal(exc: SandboxGagal, b: Batas) -> str:
    """What the operator reads when the reader child did not finish."""
    if exc.alasan == "memori":
        return f"Pembacaan berkas melampaui batas memori ({b.memori_mb} MB); berkas ditolak."
    if exc.alasan in {"cpu", "waktu"}:
        return "Pembacaan berkas melampaui batas waktu; berkas ditolak. Bagi berkas menjadi beberapa bagian."
    if exc.alasan == "pesan_besar":
        return "Satu bagian berkas terlalu besar untuk diproses (fitur atau atribut raksasa); berkas ditolak."
    if exc.alasan == "crash":
        return "Berkas membuat pembaca berhenti mendadak (rusak atau berbahaya); berkas ditolak."
    return "Berkas tidak dapat dibaca karena kesalahan pembaca; berkas ditolak."


@dataclass
class Potongan:
    """One chunk of clean features: attributes and geometries indexed by feature number (1-based)."""

    atribut: pd.DataFrame
    geom: pd.DataFrame  # column 'geom': EWKB hex, None where rejected
    ditolak: dict[int, Masalah] = field(default_factory=dict)
    catatan: list[Masalah] = field(default_factory=list)


@dataclass
class SumberInfo:
    """The description of an upload the sandbox opened."""

    format: str
    layers: list[str]
    layer: str | None
    encoding: str
    encoding_asal: str
    epsg: int | None
    crs_teks: str
    kolom: list[str]
    jumlah: int
    jenis_geometri: str


class Bacaan:
    """An open reading: `sumber`, `raster` (for a GeoTIFF), then `potongan()` once."""

    def __init__(self, pesan: Iterator[Any], b: Batas) -> None:
        self._pesan, self._batas = pesan, b
        self.raster: dict[str, Any] | None = None
        first = self._berikut()
        if first is None or "sumber" not in first.data:
            raise ImporError("Berkas tidak dapat dibaca karena kesalahan pembaca; berkas ditolak.")
        self.sumber = SumberInfo(**first.data["sumber"])
        if self.sumber.format == "geotiff":
            nxt = self._berikut()
            self.raster = nxt.data.get("raster") if nxt is not None else None

    def _berikut(self) -> Any:
        try:
            return next(self._pesan, None)
        except PesanPengguna as exc:
            raise ImporError(str(exc)) from None
        except SandboxGagal as exc:
            logger.warning("Pembaca impor gagal: %s %s", exc.alasan, exc.detail)
            raise ImporError(pesan_gagal(exc, self._batas)) from None

    def potongan(self) -> Iterator[Potongan]:
        while True:
            masalah = self._berikut()
            if masalah is None:
                return
            data = self._berikut()
            if data is None:
                raise ImporError("Berkas tidak dapat dibaca karena kesalahan pembaca; berkas ditolak.")
            table = pa.ipc.open_stream(data.data).read_all()
            frame = table.to_pandas()
            frame.index = pd.Index(frame.pop(KOLOM_N).astype("int64"))
            geom = frame.pop(KOLOM_GEOM).to_frame("geom")
            yield Potongan(
                atribut=frame,
                geom=geom,
                ditolak={int(m["fitur"]): Masalah(**m) for m in masalah.data["ditolak"]},
                catatan=[Masalah(**m) for m in masalah.data["catatan"]],
            )

    def tutup(self) -> None:
        close = getattr(self._pesan, "close", None)
        if close is not None:
            close()


def buka(
    berkas: Path,
    workdir: Path,
    *,
    nama: str,
    jenis: tuple[str, ...],
    layer: str | None = None,
    encoding: str | None = None,
    epsg: int | None = None,
    maks_fitur: int | None = None,
    pesan_maks: str = "",
    cog: bool = False,
    citra: bool = False,
) -> Bacaan:
    """Open `berkas` (a server-made path inside `workdir`) in the sandbox."""
    b = batas()
    permintaan = {
        "berkas": str(berkas),
        "workdir": str(workdir),
        "nama": nama,
        "layer": layer,
        "encoding": encoding,
        "epsg": epsg,
        "jenis": list(jenis),
        "maks_fitur": maks_fitur,
        "pesan_maks": pesan_maks,
        "cog": cog,  # a GeoTIFF to register is rewritten as a COG in the sandbox (importers.readers.raster)
        "citra": citra,  # imagery for a basemap: 8-bit checked, stored as JPEG
    }
    pesan = jalankan(MODUL, "baca", permintaan, b, pengguna=settings.IMPOR_PENGGUNA, folder=workdir)
    return Bacaan(pesan, b)
