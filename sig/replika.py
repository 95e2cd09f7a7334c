"""Reads on PostgreSQL streaming replicas (DATABASE_REPLICA_URLS → aliases replika_1..N).

One decision per request, taken by ReplikaMiddleware and kept in a context variable: a GET/HEAD of a visitor, or
of anyone on a read-only path (tiles, GeoJSON, OGC API, Open311), may read from a replica; everything else, every
read inside a transaction, every read after a write of the same request, and every read of a client that wrote in
the last SIGDESA_REPLICA_PIN_SECONDS (signed cookie) goes to the primary. Writes and migrations: primary only.
Outside a request (commands, procrastinate jobs) everything stays on the primary.

Raw SQL follows the same rule through koneksi_baca(); the ORM through RuterReplika (DATABASE_ROUTERS).
"""

from __future__ import annotations

import itertools
import logging
import time
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.db.backends.base.base import BaseDatabaseWrapper

log = logging.getLogger(__name__)

AWALAN = "replika_"  # alias prefix of every replica in DATABASES
COOKIE = "sigdesa_baca_utama"
SALT = "sig.replika.pin"
# Paths that only read, for anyone (signed-in users too): the data services desktop GIS and the maps call.
JALUR_BACA = ("/tiles/", "/lapisan/", "/ogc", "/open311/")
METODE_BACA = ("GET", "HEAD")
PERIKSA_JEDA_DETIK = 5.0  # how often a process re-measures a replica's lag
SQL_JEDA = (
    "SELECT pg_is_in_recovery(), CASE WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0 "
    "ELSE extract(epoch FROM now() - pg_last_xact_replay_timestamp()) END"
)


@dataclass
class _Permintaan:
    """What the running request may do: read from a replica (until it writes), and which replica it uses."""

    replika: bool = False
    tunggu_pengguna: bool = False  # decided in process_view, once request.user is known
    alias: str | None = None
    menulis: bool = False


@dataclass
class _Kesehatan:
    """Per process: a replica skipped until `mati_sampai`, its lag as last measured and when."""

    mati_sampai: float = 0.0
    jeda: float | None = None
    diukur: float = field(default=-1e9)


_permintaan: ContextVar[_Permintaan | None] = ContextVar("sig_replika", default=None)
_kesehatan: dict[str, _Kesehatan] = {}
_giliran = itertools.count()


def daftar_replika() -> list[str]:
    """The replica aliases configured in DATABASES."""
    return [alias for alias in settings.DATABASES if alias.startswith(AWALAN)]


def ukur_jeda(alias: str) -> float | None:
    """Seconds the replica is behind (0 when it has replayed all it received); None when it is no replica."""
    with connections[alias].cursor() as cursor:
        cursor.execute(SQL_JEDA)
        dalam_pemulihan, jeda = cursor.fetchone()
    return float(jeda) if dalam_pemulihan else None


def _sehat(alias: str) -> bool:
    """A replica answers and is not further behind than SIGDESA_REPLICA_MAX_LAG_SECONDS; a failure skips it for
    SIGDESA_REPLICA_RETRY_SECONDS (per process), so an unreachable replica costs one connect timeout."""
    sekarang = time.monotonic()
    k = _kesehatan.setdefault(alias, _Kesehatan())
    if k.mati_sampai > sekarang:
        return False
    try:
        connections[alias].close_if_health_check_failed()  # a persistent connection to a replica that went away
        connections[alias].ensure_connection()
        if sekarang - k.diukur >= PERIKSA_JEDA_DETIK:
            k.jeda, k.diukur = ukur_jeda(alias), sekarang
    except DatabaseError as exc:
        log.warning("replika %s tidak dapat dipakai: %s", alias, (str(exc).strip().splitlines() or [""])[0])
        k.mati_sampai = sekarang + settings.SIGDESA_REPLICA_RETRY_SECONDS
        connections[alias].close()
        return False
    # not a standby, or too far behind: skipped until measured again after PERIKSA_JEDA_DETIK
    return k.jeda is not None and k.jeda <= settings.SIGDESA_REPLICA_MAX_LAG_SECONDS


def _pilih() -> str:
    """The next healthy replica in turn (round-robin), or the primary when none is."""
    semua = daftar_replika()
    if not semua:
        return DEFAULT_DB_ALIAS
    mulai = next(_giliran)
    for i in range(len(semua)):
        alias = semua[(mulai + i) % len(semua)]
        if _sehat(alias):
            return alias
    return DEFAULT_DB_ALIAS


def alias_baca() -> str:
    """The database the current read may use."""
    p = _permintaan.get()
    if p is None or not p.replika or connections[DEFAULT_DB_ALIAS].in_atomic_block:
        return DEFAULT_DB_ALIAS
    if p.alias is None:
        p.alias = _pilih()  # one replica per request: its reads see one consistent state
    return p.alias


def koneksi_baca() -> BaseDatabaseWrapper:
    """The connection raw read-only SQL uses (selectors): a replica when the request may read from one."""
    return connections[alias_baca()]


def catat_tulis() -> None:
    """A write happened: the rest of this request, and the client's next seconds, read from the primary."""
    p = _permintaan.get()
    if p is not None:
        p.replika = False
        p.menulis = True


class RuterReplika:
    """DATABASE_ROUTERS: reads by alias_baca(), writes and migrations on the primary only."""

    def db_for_read(self, model: Any, **hints: Any) -> str:
        return alias_baca()

    def db_for_write(self, model: Any, **hints: Any) -> str:
        catat_tulis()
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        return True  # every alias holds the same data

    def allow_migrate(self, db: str, app_label: str, model_name: str | None = None, **hints: Any) -> bool:
        return db == DEFAULT_DB_ALIAS


def _dipin(request: Any) -> bool:
    """The client wrote a moment ago (signed cookie younger than SIGDESA_REPLICA_PIN_SECONDS)."""
    batas = settings.SIGDESA_REPLICA_PIN_SECONDS
    return request.get_signed_cookie(COOKIE, default=None, salt=SALT, max_age=batas) is not None


class ReplikaMiddleware:
    """Decides for each request whether its reads may go to a replica; pins a client that wrote to the primary.
    Placed before the session middleware, so the session and the user are read where the request reads."""

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: Any) -> Any:
        p = _Permintaan()
        ada_replika = bool(daftar_replika())
        if ada_replika and request.method in METODE_BACA and not _dipin(request):
            p.replika = request.path.startswith(JALUR_BACA)
            p.tunggu_pengguna = not p.replika
        token = _permintaan.set(p)
        try:
            response = self.get_response(request)
        finally:
            _permintaan.reset(token)
        if ada_replika and (p.menulis or request.method not in METODE_BACA):
            response.set_signed_cookie(
                COOKIE,
                "1",
                salt=SALT,
                max_age=settings.SIGDESA_REPLICA_PIN_SECONDS,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response

    def process_view(self, request: Any, view_func: Any, view_args: Any, view_kwargs: Any) -> None:
        p = _permintaan.get()
        if p is not None and p.tunggu_pengguna:
            p.tunggu_pengguna = False
            user = getattr(request, "user", None)  # read from the primary: p.replika is still False
            p.replika = not p.menulis and (user is None or not user.is_authenticated)


def keadaan_replika() -> list[dict[str, Any]]:
    """For /kesehatan/: each replica answers or not, and how many seconds it is behind."""
    hasil: list[dict[str, Any]] = []
    for alias in daftar_replika():
        try:
            jeda = ukur_jeda(alias)
        except DatabaseError as exc:
            pesan = str(exc).strip().splitlines()[0] if str(exc).strip() else exc.__class__.__name__
            hasil.append({"alias": alias, "status": "gagal", "galat": pesan})
            connections[alias].close()
            continue
        if jeda is None:
            hasil.append({"alias": alias, "status": "gagal", "galat": "bukan replika (tidak dalam pemulihan)"})
        else:
            hasil.append({"alias": alias, "status": "ok", "jeda_detik": round(jeda, 3)})
    return hasil
