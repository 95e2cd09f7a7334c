"""A local streaming replica of a PostgreSQL cluster: `sig db replica create|start|stop|status` (of the embedded
cluster, in .data/replica) and the real replica the test suite routes reads to (tests/test_replika.py).

pg_basebackup -R copies the running primary and writes standby.signal + primary_conninfo; the copy gets its own
socket folder (same port number: the socket path differs, TCP stays off) and runs as the primary's user.
"""

from __future__ import annotations

import json
import os
import pwd
import re
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from sig import embedded_db
from sig.embedded_db import PORT, EmbeddedDbError, Layout, _own, _run, pg_bindir

STATE_FILE = embedded_db.DATA_DIR / "replica.json"
HBA_REPLIKASI = "local   replication     all                                     trust"


@dataclass(frozen=True)
class Primer:
    """Where pg_basebackup and the standby reach the primary: a socket folder (or host), port and role."""

    host: str
    port: int
    user: str

    def conninfo(self) -> str:
        return f"host={self.host} port={self.port} user={self.user} application_name=sigdesa_replika"


def layout_di(base: Path) -> Layout:
    """A replica under `base`; a short socket folder when base is deep (sun_path holds 107 bytes)."""
    socket_dir = base / "run"
    if len(str(socket_dir)) > embedded_db.SOCKET_MAX - 15:
        socket_dir = embedded_db._short_dir("replika-run")
    return Layout(pgdata=base / "pg", socket_dir=socket_dir, log_file=base / "postgresql.log")


def _layout_tersimpan() -> Layout:
    try:
        raw = json.loads(STATE_FILE.read_text())
        return Layout(Path(raw["pgdata"]), Path(raw["socket_dir"]), Path(raw["log_file"]))
    except (OSError, ValueError, KeyError):
        return layout_di(embedded_db.current_layout().pgdata.parent / "replica")


def _psql(primer: Primer, sql: str) -> str:
    args = [str(pg_bindir() / "psql"), "-h", primer.host, "-p", str(primer.port), "-U", primer.user]
    return _run([*args, "-d", "postgres", "-v", "ON_ERROR_STOP=1", "-tAc", sql]).stdout.strip()


def periksa_primer(primer: Primer) -> None:
    """The primary can feed a standby: wal_level replica (or logical) and free WAL senders."""
    wal_level = _psql(primer, "SHOW wal_level")
    if wal_level not in ("replica", "logical"):
        raise EmbeddedDbError(
            f"wal_level primer = {wal_level}; setel wal_level = replica di postgresql.conf lalu mulai ulang primer."
        )
    if int(_psql(primer, "SHOW max_wal_senders") or 0) < 1:
        raise EmbeddedDbError("max_wal_senders primer = 0; setel max_wal_senders = 10 lalu mulai ulang primer.")


def pastikan_hba_replikasi(pgdata: Path) -> bool:
    """The embedded primary accepts replication over its socket (initdb --auth=trust writes the line; older or
    edited clusters may lack it). Returns True when the line was added (the primary then needs a reload)."""
    hba = pgdata / "pg_hba.conf"
    teks = hba.read_text(encoding="utf-8")
    if re.search(r"^\s*local\s+replication\s", teks, re.MULTILINE):
        return False
    with hba.open("a", encoding="utf-8") as handle:
        handle.write(f"\n# SIG Desa: local streaming replica (sig db replica create)\n{HBA_REPLIKASI}\n")
    return True


def buat(primer: Primer, base: Path) -> Layout:
    """pg_basebackup of the running primary into base/pg, configured as a hot standby; not started."""
    layout = layout_di(base)
    if embedded_db.is_initialised(layout):
        return layout
    periksa_primer(primer)
    base.mkdir(parents=True, exist_ok=True)
    _own(base)
    _own(layout.socket_dir)
    if layout.pgdata.exists():  # a copy that failed half-way
        shutil.rmtree(layout.pgdata)
    args = [str(pg_bindir() / "pg_basebackup"), "-h", primer.host, "-p", str(primer.port), "-U", primer.user]
    _run([*args, "-D", str(layout.pgdata), "-R", "-X", "stream", "-c", "fast", "--no-password"])
    config = "\n".join(
        [
            "# SIG Desa streaming replica (later lines win over the primary's copied settings)",
            "listen_addresses = ''",
            f"port = {PORT}",
            f"unix_socket_directories = '{layout.socket_dir}'",
            "hot_standby = on",
            "hot_standby_feedback = on",  # long public reads are not cancelled by the primary's vacuum
            "shared_buffers = 128MB",
            "",
        ]
    )
    with (layout.pgdata / "postgresql.conf").open("a", encoding="utf-8") as handle:
        handle.write(config)
    # -R wrote primary_conninfo into postgresql.auto.conf, which wins over postgresql.conf: keep ours there too
    auto = layout.pgdata / "postgresql.auto.conf"
    lines = [line for line in auto.read_text(encoding="utf-8").splitlines() if not line.startswith("primary_conninfo")]
    auto.write_text("\n".join([*lines, f"primary_conninfo = '{primer.conninfo()}'", ""]), encoding="utf-8")
    layout.log_file.touch(exist_ok=True)
    _own_file(layout.log_file)
    _own_file(auto)
    return layout


def _own_file(path: Path) -> None:
    if embedded_db._as_root():
        entry = pwd.getpwnam(embedded_db.SERVICE_USER)
        os.chown(path, entry.pw_uid, entry.pw_gid)


def berjalan(layout: Layout) -> bool:
    ready = _run([str(pg_bindir() / "pg_isready"), "-h", str(layout.socket_dir), "-p", str(PORT)], check=False)
    return ready.returncode == 0


def mulai(layout: Layout, wait_seconds: int = 120) -> None:
    """Start the standby and wait until it accepts read-only connections."""
    if not embedded_db.is_initialised(layout):
        raise EmbeddedDbError("Replika belum dibuat (jalankan: sig db replica create).")
    if berjalan(layout):
        return
    stale = layout.pgdata / "postmaster.pid"
    if stale.exists():
        stale.unlink()
    _own(layout.socket_dir)
    pg_ctl = [str(pg_bindir() / "pg_ctl"), "-D", str(layout.pgdata), "-l", str(layout.log_file), "-w"]
    _run([*pg_ctl, "-t", str(wait_seconds), "start"])
    deadline = time.monotonic() + wait_seconds
    while not berjalan(layout):
        if time.monotonic() > deadline:
            raise EmbeddedDbError(f"Replika tidak siap dalam {wait_seconds} detik; lihat {layout.log_file}.")
        time.sleep(0.3)


def hentikan(layout: Layout) -> None:
    if (layout.pgdata / "postmaster.pid").exists():
        _run([str(pg_bindir() / "pg_ctl"), "-D", str(layout.pgdata), "-m", "fast", "-w", "stop"], check=False)


def jeda_detik(layout: Layout, user: str = "postgres") -> float | None:
    """Seconds the standby is behind (0 when it replayed everything it received); None when not a standby."""
    from sig.replika import SQL_JEDA

    args = [str(pg_bindir() / "psql"), "-h", str(layout.socket_dir), "-p", str(PORT), "-U", user, "-d", "postgres"]
    keluaran = _run([*args, "-tA", "-F", " ", "-c", SQL_JEDA]).stdout.strip().split()
    return float(keluaran[1]) if keluaran and keluaran[0] == "t" else None


def url_replika(layout: Layout, db_name: str = embedded_db.DB_NAME) -> str:
    """The DATABASE_REPLICA_URLS entry for this replica."""
    from urllib.parse import quote

    return f"postgres://{embedded_db.DB_USER}@{quote(str(layout.socket_dir), safe='')}:{PORT}/{db_name}"


# `sig db replica ...` on the embedded cluster


def _primer_bawaan() -> Primer:
    status = embedded_db.status()
    if not status.running:
        raise EmbeddedDbError("Klaster bawaan belum berjalan (jalankan: sig db start).")
    if pastikan_hba_replikasi(status.layout.pgdata):
        _run([str(pg_bindir() / "pg_ctl"), "-D", str(status.layout.pgdata), "reload"])
    return Primer(host=str(status.layout.socket_dir), port=PORT, user="postgres")


def perintah(aksi: str) -> str:
    """create|start|stop|status of the embedded cluster's replica; returns what to print."""
    if aksi == "create":
        layout = buat(_primer_bawaan(), _layout_tersimpan().pgdata.parent)
        STATE_FILE.write_text(layout.as_json())
        mulai(layout)
    elif aksi == "start":
        layout = _layout_tersimpan()
        mulai(layout)
    elif aksi == "stop":
        layout = _layout_tersimpan()
        hentikan(layout)
    else:
        layout = _layout_tersimpan()
    return deskripsi(layout)


def deskripsi(layout: Layout) -> str:
    if not embedded_db.is_initialised(layout):
        keadaan = "belum dibuat (jalankan: sig db replica create)"
    elif berjalan(layout):
        jeda = jeda_detik(layout)
        keadaan = f"berjalan, tertinggal {jeda:.1f} detik" if jeda is not None else "berjalan, BUKAN replika"
    else:
        keadaan = "berhenti (jalankan: sig db replica start)"
    return "\n".join(
        [
            f"replika   : {keadaan}",
            f"data      : {layout.pgdata}",
            f"socket    : {layout.socket_dir}/.s.PGSQL.{PORT}",
            f"pakai     : DATABASE_REPLICA_URLS={url_replika(layout)}",
        ]
    )
