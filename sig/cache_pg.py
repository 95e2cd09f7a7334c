"""A Django cache in PostgreSQL that every process shares (gunicorn workers, the worker, `sig run`): public
tiles and abuse counters need no extra server. An UNLOGGED table (a crash empties it, which a cache may);
whole numbers live in their own column, so `incr` is one atomic UPDATE and a limit holds across processes."""

from __future__ import annotations

import pickle
import random
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from django.db import connections

TABEL = "sig_cache"
DDL = f"""
CREATE UNLOGGED TABLE IF NOT EXISTS {TABEL} (
    kunci text PRIMARY KEY,
    nilai bytea,
    angka bigint,
    kedaluwarsa timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS {TABEL}_kedaluwarsa ON {TABEL} (kedaluwarsa);
"""
_HIDUP = "kedaluwarsa > now()"
PELUANG_BERSIH = 0.001  # one write in a thousand also deletes expired entries


class PostgresCache(BaseCache):
    def __init__(self, location: str, params: dict[str, Any]) -> None:
        super().__init__(params)
        self.alias = location or "default"

    def _cursor(self) -> Any:
        return connections[self.alias].cursor()

    def _kedaluwarsa(self, timeout: Any) -> tuple[str, list[float]]:
        """SQL for the expiry time and its parameters; timeout None: never."""
        if timeout is DEFAULT_TIMEOUT:
            timeout = self.default_timeout
        if timeout is None:
            return "'infinity'::timestamptz", []
        return "now() + make_interval(secs => %s)", [max(float(timeout), 0.0)]

    @staticmethod
    def _kolom(value: Any) -> tuple[bytes | None, int | None]:
        if isinstance(value, int) and not isinstance(value, bool) and -(2**63) <= value < 2**63:
            return None, value
        return pickle.dumps(value, pickle.HIGHEST_PROTOCOL), None

    def _tulis(self, key: str, value: Any, timeout: Any, *, hanya_baru: bool) -> bool:
        nilai, angka = self._kolom(value)
        kapan, params = self._kedaluwarsa(timeout)
        syarat = f" WHERE {TABEL}.kedaluwarsa <= now()" if hanya_baru else ""
        with self._cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {TABEL} (kunci, nilai, angka, kedaluwarsa) VALUES (%s, %s, %s, {kapan}) "
                f"ON CONFLICT (kunci) DO UPDATE SET nilai = EXCLUDED.nilai, angka = EXCLUDED.angka, "
                f"kedaluwarsa = EXCLUDED.kedaluwarsa{syarat} RETURNING 1",
                [key, nilai, angka, *params],
            )
            written = cursor.fetchone() is not None
            if random.random() < PELUANG_BERSIH:  # noqa: S311 - not security
                cursor.execute(f"DELETE FROM {TABEL} WHERE kedaluwarsa <= now()")
        return written

    def get(self, key: str, default: Any = None, version: int | None = None) -> Any:
        key = self.make_and_validate_key(key, version=version)
        with self._cursor() as cursor:
            cursor.execute(f"SELECT nilai, angka FROM {TABEL} WHERE kunci = %s AND {_HIDUP}", [key])
            row = cursor.fetchone()
        if row is None:
            return default
        return row[1] if row[0] is None else pickle.loads(bytes(row[0]))  # noqa: S301 - written by us only

    def set(self, key: str, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> None:
        self._tulis(self.make_and_validate_key(key, version=version), value, timeout, hanya_baru=False)

    def add(self, key: str, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> bool:
        return self._tulis(self.make_and_validate_key(key, version=version), value, timeout, hanya_baru=True)

    def touch(self, key: str, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> bool:
        key = self.make_and_validate_key(key, version=version)
        kapan, params = self._kedaluwarsa(timeout)
        with self._cursor() as cursor:
            cursor.execute(f"UPDATE {TABEL} SET kedaluwarsa = {kapan} WHERE kunci = %s AND {_HIDUP}", [*params, key])
            return cursor.rowcount > 0

    def incr(self, key: str, delta: int = 1, version: int | None = None) -> int:
        key = self.make_and_validate_key(key, version=version)
        with self._cursor() as cursor:
            cursor.execute(
                f"UPDATE {TABEL} SET angka = angka + %s WHERE kunci = %s AND {_HIDUP} AND angka IS NOT NULL "
                "RETURNING angka",
                [delta, key],
            )
            row = cursor.fetchone()
        if row is None:
            raise ValueError(f"Key '{key}' not found")
        return int(row[0])

    def delete(self, key: str, version: int | None = None) -> bool:
        key = self.make_and_validate_key(key, version=version)
        with self._cursor() as cursor:
            cursor.execute(f"DELETE FROM {TABEL} WHERE kunci = %s", [key])
            return cursor.rowcount > 0

    def has_key(self, key: str, version: int | None = None) -> bool:
        key = self.make_and_validate_key(key, version=version)
        with self._cursor() as cursor:
            cursor.execute(f"SELECT 1 FROM {TABEL} WHERE kunci = %s AND {_HIDUP}", [key])
            return cursor.fetchone() is not None

    def clear(self) -> None:
        """Only this cache's keys (its KEY_PREFIX); other caches share the table."""
        with self._cursor() as cursor:
            cursor.execute(f"DELETE FROM {TABEL} WHERE kunci LIKE %s", [self.make_key("%")])
