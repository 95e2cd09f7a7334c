"""Staging of a boundary file: its features COPYed (binary, EWKB as the reader sent it) into a temporary table
of the loading transaction, and the outlines of the kecamatan the file creates built from their desa on the way.
sig.wilayah.muat checks and writes from there."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

import numpy as np
import pandas as pd
import shapely
from django.conf import settings
from django.db import connection

STAGING = "wilayah_muat"
GABUNGAN = "wilayah_muat_gabungan"  # kecamatan outlines built here from their desa (the trigger knows this name)
KOLOM = ("kode", "nama", "kecamatan", "kabupaten", "provinsi")


def buat_staging() -> None:
    """The staging tables of this transaction (dropped at commit or rollback). Geometries are stored
    uncompressed (pglz gains nothing on coordinates and cost a third of the COPY)."""
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {STAGING}, {GABUNGAN}")
        cursor.execute(
            f"CREATE TEMP TABLE {STAGING} (n integer PRIMARY KEY, kode text, nama text, kecamatan text, "
            f"kabupaten text, provinsi text, geom geometry) ON COMMIT DROP"
        )
        cursor.execute(f"CREATE INDEX ON {STAGING} (kode)")
        cursor.execute(
            f"CREATE TEMP TABLE {GABUNGAN} (kode text PRIMARY KEY, geom geometry, kecamatan_id bigint) ON COMMIT DROP"
        )
        cursor.execute(f"CREATE INDEX ON {GABUNGAN} (kecamatan_id)")
        for table in (STAGING, GABUNGAN):
            cursor.execute(f"ALTER TABLE {table} ALTER geom SET STORAGE EXTERNAL")


def _salin_biner(sql: str, types: list[str], rows: Iterable[Sequence[Any]]) -> None:
    """Binary COPY (geometry as EWKB bytes: PostGIS reads them as they are, no hex text either way)."""
    with connection.connection.cursor() as cursor, cursor.copy(f"{sql} FROM STDIN (FORMAT BINARY)") as copy:
        copy.set_types(types)
        for row in rows:
            copy.write_row(row)


def salin(rows: pd.DataFrame, wkb: Sequence[bytes | None]) -> None:
    """COPY rows (index = feature number; text columns of KOLOM, missing ones NULL) with their EWKB."""
    columns = [rows[name].tolist() if name in rows else [None] * len(rows) for name in KOLOM]
    _salin_biner(
        f"COPY {STAGING} (n, {', '.join(KOLOM)}, geom)",
        ["int4", *["text"] * len(KOLOM), "bytea"],
        zip(rows.index.tolist(), *columns, wkb, strict=True),
    )


class Penampung:
    """Stages a file chunk by chunk and, for desa of kecamatan that do not exist yet, builds each kecamatan's
    outline on the way: the desa of a kecamatan form a coverage (shared edges), whose union only drops the
    shared edges (GEOS coverage union, linear time; overlay union took ~1 ms per desa). A group whose result
    is not valid (overlapping desa) is left to ST_Union in SQL. The unions of a chunk run in a thread (GEOS
    releases the GIL) while the next chunk is received and copied. Memory: one outline per kecamatan (~170 MB
    for the ~7,000 kecamatan of Indonesia) and two chunks."""

    def __init__(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT kode FROM wilayah_kecamatan")
            self.ada = {r[0] for r in cursor.fetchall()}
        self.garis: dict[str, Any] = {}  # written by the union thread only, read once it is done
        self.gagal: set[str] = set()
        self._pekerja = ThreadPoolExecutor(max_workers=1, thread_name_prefix="garis-kecamatan")
        self._tugas: Future[None] | None = None

    def tambah(self, rows: pd.DataFrame, wkb: Sequence[bytes | None]) -> None:
        """Stage rows (see salin) and their EWKB; grow the outlines of the kecamatan still to create."""
        kode = rows["kode"].astype(str)
        induk = kode.str.slice(0, 8)
        baru = ((kode.str.len() == 13) & ~induk.isin(self.ada)).to_numpy()
        if baru.any():
            self._tunggu()  # one chunk at a time in the thread, in file order
            self._tugas = self._pekerja.submit(
                self._satukan, induk[baru].to_numpy(), np.asarray(wkb, dtype=object)[baru]
            )
        salin(rows, wkb)

    def _satukan(self, induk: np.ndarray, wkb: np.ndarray) -> None:
        geoms = shapely.from_wkb(wkb)
        for kec, idx in pd.Series(range(len(geoms)), index=induk).groupby(level=0):
            if kec in self.gagal:
                continue
            parts = list(geoms[idx.to_numpy()])
            if kec in self.garis:
                parts.append(self.garis[kec])
            try:
                self.garis[kec] = shapely.coverage_union_all(parts)
            except shapely.errors.GEOSException:  # not a clean coverage (real data often is not): SQL unions it
                self.gagal.add(kec)
                self.garis.pop(kec, None)

    def _tunggu(self) -> None:
        """Wait for the unions of the previous chunk (an error there is raised here)."""
        tugas, self._tugas = self._tugas, None
        if tugas is not None:
            tugas.result()

    def tutup(self) -> None:
        """Stop the union thread (after its current chunk); also when the load stopped early."""
        self._pekerja.shutdown(wait=True, cancel_futures=True)

    def gabung(self) -> None:
        """COPY the valid outlines into GABUNGAN (srid kept in the EWKB), a few hundred at a time."""
        self._tunggu()
        self.tutup()
        kode = list(self.garis)
        for start in range(0, len(kode), 500):
            part = kode[start : start + 500]
            geoms = np.array([self.garis.pop(k) for k in part], dtype=object)
            valid = shapely.is_valid(geoms) & (shapely.get_type_id(geoms) != 7)
            wkb = shapely.to_wkb(shapely.set_srid(geoms[valid], settings.STORAGE_SRID), include_srid=True)
            rows = zip(np.array(part)[valid].tolist(), wkb, strict=True)
            _salin_biner(f"COPY {GABUNGAN} (kode, geom)", ["text", "bytea"], rows)
        with connection.cursor() as cursor:  # row counts for the planner of the statements that follow
            cursor.execute(f"ANALYZE {STAGING}, {GABUNGAN}")
