"""The bulk write path: COPY into a temporary staging table, checks in SQL, one upsert, history rows in SQL.
Never a save() per feature."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol, cast

import pandas as pd
from django.db import connection
from django.db.models import Field, Model

from importers.readers import MAKS_MASALAH, Masalah, Tolakan
from sig.impor import Importer
from sig.wilayah.models import Desa

TABEL_DESA = Desa._meta.db_table

SQL_TYPE = {"teks": "text", "pilihan": "text", "desimal": "numeric", "bulat": "bigint", "bool": "boolean"}
STAGING = "impor_staging"

if TYPE_CHECKING:
    from importers.models import ImportRun


@dataclass
class Hitungan:
    dibuat: int = 0
    diperbarui: int = 0
    tidak_berubah: int = 0
    dihapus: int = 0


class Penulis(Protocol):
    """What the pipeline asks of a writer, inside one transaction: `mulai`, then `chunk` per chunk of valid
    geometries with what `siapkan` made of it (its rejects by row), then `selesai` (checks across the file, the
    rest of the write; counts and late rejects)."""

    tabel: str  # the staging table holding the run's features (the preview map reads it)
    catatan: list[Masalah]  # notices about the last chunk

    def mulai(self) -> None: ...

    def siapkan(self, frame: pd.DataFrame) -> Any:
        """Work on a chunk's attributes that needs no database (runs in the reading thread, ahead)."""

    def chunk(self, frame: pd.DataFrame, geom_rows: pd.DataFrame, siap: Any) -> dict[int, Masalah]: ...

    def selesai(self, run: ImportRun) -> tuple[Hitungan, Tolakan]: ...


def q(name: str) -> str:
    return connection.ops.quote_name(name)


class Staging:
    def __init__(self, importer: Importer) -> None:
        self.importer = importer
        self.columns = [k.nama for k in importer.kolom]
        self.baris = 0  # rows staged
        self.dianalisis = 0  # rows staged when the table's statistics were taken
        columns = ", ".join(f"{q(k.nama)} {SQL_TYPE[k.jenis]}" for k in importer.kolom)
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {STAGING}")
            cursor.execute(
                f"CREATE TEMP TABLE {STAGING} (n integer PRIMARY KEY, geom geometry, {columns}) ON COMMIT DROP"
            )
            if importer.kunci:  # each chunk looks up its keys among the rows staged before it
                cursor.execute(f"CREATE INDEX ON {STAGING} ({q(importer.kunci)})")

    def copy(self, rows: pd.DataFrame) -> None:
        """COPY clean rows (index = feature number, 'geom' = EWKB hex) into the staging table, row by row through
        psycopg (escaping in C; pandas' CSV writer was the slower half of a chunk)."""
        names = ["n", "geom", *self.columns]
        data = rows[["geom", *self.columns]].copy()
        for kolom in self.importer.kolom:
            if kolom.jenis == "bulat":  # 2.0 would not fit a bigint column
                data[kolom.nama] = pd.to_numeric(data[kolom.nama]).astype("Int64")
        data = data.astype(object).where(data.notna(), None)
        columns = [rows.index.tolist(), *(data[c].tolist() for c in data.columns)]
        raw = connection.connection  # psycopg 3
        with (
            raw.cursor() as cursor,
            cursor.copy(f"COPY {STAGING} ({', '.join(q(n) for n in names)}) FROM STDIN") as copy,
        ):
            for row in zip(*columns, strict=True):
                copy.write_row(row)
        self.baris += len(rows)
        if self.baris > 2 * self.dianalisis:  # a few times per import: the table doubles in between
            self._analisis()

    def _analisis(self) -> None:
        """ANALYZE the staging table (temporary: no lock anyone else waits for), so the chunk's key lookups are
        planned for the rows it holds. Without statistics, with a fresh target table believed empty, the planner
        probed the whole chunk range once per existing row (30 s for the second chunk of 25,000)."""
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {STAGING}")
        self.dianalisis = self.baris


Antara = tuple[int, int]  # the feature numbers of one chunk, first and last


def _reject(sql: str, params: list[Any], message: str, kolom: str = "") -> Tolakan:
    """Run a DELETE … RETURNING n on the staging table; the count and the first feature numbers come back."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH d AS ({sql}) SELECT count(*), coalesce((array_agg(n ORDER BY n))[1:%s], '{{}}') FROM d",
            [*params, MAKS_MASALAH],
        )
        jumlah, nomor = cursor.fetchone()
    hasil = Tolakan()
    hasil.tambah(((int(n), Masalah("baris", message, int(n), kolom)) for n in nomor), jumlah=jumlah)
    return hasil


def tolak_di_luar_desa(desa_id: int, nama_desa: str, tabel: str = STAGING, antara: Antara | None = None) -> Tolakan:
    """Features outside the chosen desa (1 m tolerance; lines need only touch it), of the chunk `antara` or all."""
    desa = f"(SELECT ST_Buffer(batas::geography, 1)::geometry FROM {TABEL_DESA} WHERE id = %s)"
    return _reject(
        # A scalar subquery is computed once; as a joined subquery the planner inlined the buffer into the
        # filter and buffered the desa again for every row (13x slower at 100k). The desa comes first so PostGIS
        # prepares it once.
        f"""DELETE FROM {tabel} s
            WHERE s.n BETWEEN %s AND %s
              AND NOT CASE WHEN GeometryType(s.geom) LIKE '%%LINESTRING' THEN ST_Intersects({desa}, s.geom)
                           ELSE ST_Covers({desa}, s.geom) END
            RETURNING s.n""",
        [*(antara or (0, 2**31 - 1)), desa_id, desa_id],
        f"Fitur berada di luar batas Desa {nama_desa}.",
        "geometri",
    )


def tolak_kunci_ganda(kunci: str, antara: Antara) -> Tolakan:
    """Rows of the chunk `antara` whose key an earlier row of the file has (the first one is kept)."""
    return _reject(
        f"""DELETE FROM {STAGING} s
            WHERE s.n BETWEEN %s AND %s AND s.{q(kunci)} <> ''
              AND EXISTS (SELECT 1 FROM {STAGING} t WHERE t.{q(kunci)} = s.{q(kunci)} AND t.n < s.n)
            RETURNING s.n""",
        list(antara),
        "Kunci ganda di berkas; baris pertama yang dipakai.",
        kunci,
    )


def _defaults(model: type[Model], taken: set[str]) -> dict[str, Any]:
    """Columns the import does not fill, with the model's default (NOT NULL columns need a value)."""
    values = {}
    for f in model._meta.concrete_fields:
        if f.primary_key or f.column in taken or f.generated or f.name in taken:
            continue
        value = f.get_default()  # '' for text fields without a default, as Django would store
        if value is None and f.null:
            continue
        values[f.column] = json.dumps(value) if f.get_internal_type() == "JSONField" else value
    return values


def _kolom(model: type[Model], name: str) -> str:
    """The database column of a concrete field."""
    return str(cast(Field, model._meta.get_field(name)).column)


def upsert(importer: Importer, *, desa_id: int, user_id: int | None, alasan: str, antara: Antara) -> Hitungan:
    """Insert the new features of the staged chunk `antara`, update changed ones (by key), count unchanged; history
    rows for every change."""
    model = importer.model
    table = model._meta.db_table
    cols = [_kolom(model, k.nama) for k in importer.kolom]
    fixed: dict[str, Any] = {"desa_id": desa_id, **{_kolom(model, k): v for k, v in importer.tetap.items()}}
    if "dibuat_oleh_id" in {f.column for f in model._meta.concrete_fields}:
        fixed["dibuat_oleh_id"] = user_id
    if "diajukan_oleh_id" in {f.column for f in model._meta.concrete_fields}:
        fixed["diajukan_oleh_id"] = user_id
    defaults = _defaults(model, {*cols, *fixed, "geometri", "dibuat", "diubah"})
    fixed.update(defaults)
    geom = "ST_Multi(s.geom)" if importer.multi else "s.geom"
    insert_cols = [*fixed, *cols, "geometri", "dibuat", "diubah"]
    select = [*(["%s"] * len(fixed)), *(f"s.{q(c)}" for c in cols), geom, "now()", "now()"]
    params = list(fixed.values())
    key = _kolom(model, importer.kunci) if importer.kunci else None
    chunk = "s.n BETWEEN %s AND %s"
    insert = (
        f"INSERT INTO {table} ({', '.join(q(c) for c in insert_cols)}) SELECT {', '.join(select)} FROM {STAGING} s "
        f"WHERE {chunk}"
    )
    if key:
        # Two plain statements beat ON CONFLICT's speculative insertion: update the changed rows that
        # match a key, then insert the rows whose key is new (or empty).
        changed = [c for c in cols if c != key]
        pairs = ", ".join(f"{q(c)} = s.{q(c)}" for c in changed)
        update = (
            f"UPDATE {table} t SET {pairs}, geometri = {geom}, diubah = now() FROM {STAGING} s "
            f"WHERE {chunk} AND t.desa_id = %s AND t.{q(key)} = s.{q(key)} AND t.{q(key)} <> '' AND ("
            + ", ".join(f"t.{q(c)}" for c in changed)
            + ", t.geometri) IS DISTINCT FROM ("
            + ", ".join(f"s.{q(c)}" for c in changed)
            + f", {geom}) RETURNING t.*"
        )
        insert += (
            f" AND (s.{q(key)} = '' OR NOT EXISTS (SELECT 1 FROM {table} t WHERE t.desa_id = %s "
            f"AND t.{q(key)} = s.{q(key)} AND t.{q(key)} <> ''))"
        )
    insert += " ORDER BY s.n RETURNING *"
    hitungan = Hitungan()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {STAGING} s WHERE {chunk}", list(antara))
        staged = int(cursor.fetchone()[0])
        if key:
            hitungan.diperbarui = _tulis_dengan_riwayat(cursor, model, update, [*antara, desa_id], "~", user_id, alasan)
        insert_params = [*params, *antara, *([desa_id] if key else [])]
        hitungan.dibuat = _tulis_dengan_riwayat(cursor, model, insert, insert_params, "+", user_id, alasan)
    hitungan.tidak_berubah = staged - hitungan.dibuat - hitungan.diperbarui  # matched a key, nothing changed
    return hitungan


def _tulis_dengan_riwayat(
    cursor: Any, model: type[Model], sql: str, params: list[Any], kind: str, user_id: int | None, alasan: str
) -> int:
    """Run an INSERT/UPDATE … RETURNING * and, in the same statement, write a history row for every row it
    returns (no ids travel through Python: 1M of them took ~100 MB and seconds); the number of rows written."""
    history = getattr(model, "history", None)
    if history is None:
        cursor.execute(f"WITH t AS ({sql}) SELECT count(*) FROM t", params)
        return int(cursor.fetchone()[0])
    hmodel = history.model
    tracked = [f.column for f in hmodel._meta.concrete_fields if not f.name.startswith("history_")]
    cols = ", ".join(q(c) for c in tracked)
    cursor.execute(
        f"""WITH t AS ({sql}), h AS (
              INSERT INTO {hmodel._meta.db_table} ({cols}, history_date, history_change_reason, history_type,
                                                  history_user_id)
              SELECT {cols}, now(), %s, %s, %s FROM t RETURNING 1)
            SELECT count(*) FROM h""",
        [*params, alasan[:100], kind, user_id],
    )
    return int(cursor.fetchone()[0])


def id_terakhir(importer: Importer, desa_id: int) -> int:
    """The newest id of the desa's features before a replacing import writes (what it may delete is older)."""
    table = importer.model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT coalesce(max(id), 0) FROM {table} WHERE desa_id = %s", [desa_id])
        return int(cursor.fetchone()[0])


def hapus_yang_tidak_ada(importer: Importer, *, desa_id: int, sampai_id: int, user_id: int | None, alasan: str) -> int:
    """Replace mode, after the file is written: the desa's features from before the import (id up to `sampai_id`)
    whose key is not in the file are deleted (restorable from history); without a key, all of them. The number
    deleted."""
    model = importer.model
    table = model._meta.db_table
    key = _kolom(model, importer.kunci) if importer.kunci else None
    with connection.cursor() as cursor:
        if key:
            cursor.execute(
                f"SELECT id FROM {table} t WHERE desa_id = %s AND id <= %s AND NOT EXISTS "
                f"(SELECT 1 FROM {STAGING} s WHERE s.{q(key)} = t.{q(key)} AND s.{q(key)} <> '')",
                [desa_id, sampai_id],
            )
        else:
            cursor.execute(f"SELECT id FROM {table} WHERE desa_id = %s AND id <= %s", [desa_id, sampai_id])
        ids = [r[0] for r in cursor.fetchall()]
        _riwayat(cursor, model, ids, "-", user_id, alasan)
        cursor.execute(f"DELETE FROM {table} WHERE id = ANY(%s)", [ids])
    return len(ids)


def _riwayat(cursor: Any, model: type[Model], ids: list[int], kind: str, user_id: int | None, alasan: str) -> None:
    history = getattr(model, "history", None)
    if not ids or history is None:
        return
    hmodel = history.model
    tracked = [f.column for f in hmodel._meta.concrete_fields if not f.name.startswith("history_")]
    cols = ", ".join(q(c) for c in tracked)
    cursor.execute(
        f"INSERT INTO {hmodel._meta.db_table} ({cols}, history_date, history_change_reason, history_type, "
        f"history_user_id) SELECT {cols}, now(), %s, %s, %s FROM {model._meta.db_table} WHERE id = ANY(%s)",
        [alasan[:100], kind, user_id, ids],
    )
