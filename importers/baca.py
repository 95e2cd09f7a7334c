"""Reading an upload through the sandbox (importers.sandbox): the parent gets a description, then clean
chunks (attributes + EWKB of plain geometries) or a raster's metadata. Every failure of the child becomes
one Indonesian ImporError; nothing of the file is parsed in this process."""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
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
PRAFETCH = 2  # chunks read ahead (each ~25,000 features)


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
    wkb: pd.Series  # EWKB bytes as the sandbox sent them, None where rejected (a binary COPY takes them as is)
    ditolak: dict[int, Masalah] = field(default_factory=dict)
    catatan: list[Masalah] = field(default_factory=list)
    siap: Any = None  # what the writer prepared from the accepted rows (Penulis.siapkan), in the reading thread

    def diterima(self) -> Any:
        """Mask of the features the sandbox accepted."""
        return ~self.wkb.index.isin(list(self.ditolak))

    @cached_property
    def geom(self) -> pd.DataFrame:
        """Column 'geom': the EWKB as hex text, for a text COPY."""
        hexes = [None if b is None else b.hex() for b in self.wkb]
        return pd.DataFrame({"geom": hexes}, index=self.wkb.index, dtype=object)


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
        self._pembaca: threading.Thread | None = None
        self._berhenti = threading.Event()
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

    def potongan(self, siapkan: Callable[[pd.DataFrame], Any] | None = None) -> Iterator[Potongan]:
        """The chunks in order. A thread reads and decodes the next chunk(s) while the caller writes the current
        one, so the sandbox child (another process, the other core) keeps reading and preparing geometries
        instead of waiting on the pipe; at most PRAFETCH chunks wait in memory. `siapkan` runs in that thread
        on each chunk's accepted attributes (the writer's own preparation, while the database writes)."""
        antrean: queue.Queue[Potongan | BaseException | None] = queue.Queue(maxsize=PRAFETCH)
        berhenti = threading.Event()

        def taruh(item: Potongan | BaseException | None) -> bool:
            while not berhenti.is_set():
                try:
                    antrean.put(item, timeout=0.2)
                    return True
                except queue.Full:
                    continue
            return False

        def baca() -> None:
            try:
                for pot in self._urut():
                    pot.geom  # noqa: B018 (the hex text, computed here rather than in the writing thread)
                    if siapkan is not None:
                        pot.siap = siapkan(pot.atribut[pot.diterima()])
                    if not taruh(pot):
                        return
                taruh(None)
            except BaseException as exc:  # handed to the caller's thread, raised there
                taruh(exc)

        self._pembaca = threading.Thread(target=baca, name="impor-prafetch", daemon=True)
        self._berhenti = berhenti
        self._pembaca.start()
        try:
            while True:
                item = antrean.get()
                if item is None:
                    return
                if isinstance(item, BaseException):
                    raise item
                yield item
        finally:
            berhenti.set()

    def _urut(self) -> Iterator[Potongan]:
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
            yield Potongan(
                atribut=frame,
                wkb=frame.pop(KOLOM_GEOM),
                ditolak={int(m["fitur"]): Masalah(**m) for m in masalah.data["ditolak"]},
                catatan=[Masalah(**m) for m in masalah.data["catatan"]],
            )

    def tutup(self) -> None:
        if self._pembaca is not None:  # the reader thread leaves after its current message
            self._berhenti.set()
            self._pembaca.join(timeout=self._batas.waktu_detik)
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
    chunk: int | None = None,
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
        "chunk": chunk,  # features per chunk (default importers.readers.sumber.CHUNK)
        "cog": cog,  # a GeoTIFF to register is rewritten as a COG in the sandbox (importers.readers.raster)
        "citra": citra,  # imagery for a basemap: 8-bit checked, stored as JPEG
    }
    pesan = jalankan(MODUL, "baca", permintaan, b, pengguna=settings.IMPOR_PENGGUNA, folder=workdir)
    return Bacaan(pesan, b)
