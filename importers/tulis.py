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
    geometries (its rejects by row), then `selesai` (checks across the file, the write; counts and late rejects)."""

    tabel: str  # the staging table holding the run's features (the preview map reads it)
    catatan: list[Masalah]  # notices about the last chunk

    def mulai(self) -> None: ...

    def chunk(self, frame: pd.DataFrame, geom_rows: pd.DataFrame) -> dict[int, Masalah]: ...

    def selesai(self, run: ImportRun) -> tuple[Hitungan, Tolakan]: ...


def q(name: str) -> str:
    return connection.ops.quote_name(name)


class Staging:
    def __init__(self, importer: Importer) -> None:
        self.importer = importer
        self.columns = [k.nama for k in importer.kolom]
        columns = ", ".join(f"{q(k.nama)} {SQL_TYPE[k.jenis]}" for k in importer.kolom)
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {STAGING}")
            cursor.execute(
                f"CREATE TEMP TABLE {STAGING} (n integer PRIMARY KEY, geom geometry, {columns}) ON COMMIT DROP"
            )

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


def tolak_di_luar_desa(desa_id: int, nama_desa: str, tabel: str = STAGING) -> Tolakan:
    """Features outside the chosen desa (1 m tolerance; lines need only touch it)."""
    return _reject(
        f"""DELETE FROM {tabel} s
            USING (SELECT ST_Buffer(batas::geography, 1)::geometry AS g FROM {TABEL_DESA} WHERE id = %s) b
            WHERE NOT CASE WHEN GeometryType(s.geom) LIKE '%%LINESTRING' THEN ST_Intersects(b.g, s.geom)
                           ELSE ST_Covers(b.g, s.geom) END  -- the desa first: PostGIS prepares it once
            RETURNING s.n""",
        [desa_id],
        f"Fitur berada di luar batas Desa {nama_desa}.",
        "geometri",
    )


def tolak_kunci_ganda(kunci: str) -> Tolakan:
    return _reject(
        f"""DELETE FROM {STAGING} s USING {STAGING} t
            WHERE s.{q(kunci)} <> '' AND s.{q(kunci)} = t.{q(kunci)} AND s.n > t.n RETURNING s.n""",
        [],
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


def upsert(importer: Importer, *, desa_id: int, user_id: int | None, alasan: str, ganti: bool = False) -> Hitungan:
    """Insert new features, update changed ones (by key), count unchanged; history rows for every change."""
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
    insert = f"INSERT INTO {table} ({', '.join(q(c) for c in insert_cols)}) SELECT {', '.join(select)} FROM {STAGING} s"
    if key:
        # Two plain statements beat ON CONFLICT's speculative insertion: update the changed rows that
        # match a key, then insert the rows whose key is new (or empty).
        changed = [c for c in cols if c != key]
        pairs = ", ".join(f"{q(c)} = s.{q(c)}" for c in changed)
        update = (
            f"UPDATE {table} t SET {pairs}, geometri = {geom}, diubah = now() FROM {STAGING} s "
            f"WHERE t.desa_id = %s AND t.{q(key)} = s.{q(key)} AND s.{q(key)} <> '' AND ("
            + ", ".join(f"t.{q(c)}" for c in changed)
            + ", t.geometri) IS DISTINCT FROM ("
            + ", ".join(f"s.{q(c)}" for c in changed)
            + f", {geom}) RETURNING t.*"
        )
        matched = (
            f"SELECT count(*) FROM {STAGING} s JOIN {table} t ON t.desa_id = %s AND t.{q(key)} = s.{q(key)} "
            f"WHERE s.{q(key)} <> ''"
        )
        insert += (
            f" WHERE s.{q(key)} = '' OR NOT EXISTS (SELECT 1 FROM {table} t WHERE t.desa_id = %s "
            f"AND t.{q(key)} = s.{q(key)})"
        )
    insert += " ORDER BY s.n RETURNING *"
    hitungan = Hitungan()
    with connection.cursor() as cursor:
        deleted_ids: list[int] = []
        if ganti:
            deleted_ids = _hapus_yang_tidak_ada(cursor, table, desa_id, key, user_id, alasan, model)
        existing = 0
        if key:
            cursor.execute(matched, [desa_id])
            existing = int(cursor.fetchone()[0])
            if existing:
                hitungan.diperbarui = _tulis_dengan_riwayat(cursor, model, update, [desa_id], "~", user_id, alasan)
        insert_params = params + ([desa_id] if key else [])
        hitungan.dibuat = _tulis_dengan_riwayat(cursor, model, insert, insert_params, "+", user_id, alasan)
        hitungan.tidak_berubah = existing - hitungan.diperbarui
        hitungan.dihapus = len(deleted_ids)
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


def _hapus_yang_tidak_ada(
    cursor: Any, table: str, desa_id: int, key: str | None, user_id: int | None, alasan: str, model: type[Model]
) -> list[int]:
    """Replace mode: features of the desa missing from the file are deleted (restorable from history)."""
    if key:
        cursor.execute(
            f"SELECT id FROM {table} t WHERE desa_id = %s AND NOT EXISTS "
            f"(SELECT 1 FROM {STAGING} s WHERE s.{q(key)} = t.{q(key)} AND s.{q(key)} <> '')",
            [desa_id],
        )
    else:
        cursor.execute(f"SELECT id FROM {table} WHERE desa_id = %s", [desa_id])
    ids = [r[0] for r in cursor.fetchall()]
    _riwayat(cursor, model, ids, "-", user_id, alasan)
    cursor.execute(f"DELETE FROM {table} WHERE id = ANY(%s)", [ids])
    return ids


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
