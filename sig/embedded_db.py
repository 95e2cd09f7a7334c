"""The project-local PostGIS cluster: data under .data/, reachable only through a unix socket.

PostgreSQL refuses to run as root, so when started by root the cluster belongs to the unprivileged
`postgres` user and every server command runs through `runuser`.
"""

from __future__ import annotations

import hashlib
import json
import os
import pwd
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("SIG_DATA_DIR", PROJECT_DIR / ".data"))
STATE_FILE = DATA_DIR / "cluster.json"
DB_NAME = "sigdesa"
DB_USER = "sigdesa"
PORT = 5432  # socket only (listen_addresses = ''), so it never clashes with another cluster
SERVICE_USER = "postgres"
SOCKET_MAX = 100  # sun_path holds 107 bytes; the socket name adds 15


class EmbeddedDbError(RuntimeError):
    """The embedded cluster cannot be used; the message says what to do."""


@dataclass(frozen=True)
class Layout:
    pgdata: Path
    socket_dir: Path
    log_file: Path

    def as_json(self) -> str:
        return json.dumps({k: str(v) for k, v in self.__dict__.items()}, indent=2)


def _as_root() -> bool:
    return os.geteuid() == 0


def _short_dir(tag: str) -> Path:
    digest = hashlib.sha1(str(DATA_DIR).encode()).hexdigest()[:10]  # noqa: S324 (a name, not security)
    return Path(tempfile.gettempdir()) / f"sigdesa-{tag}-{digest}"


def _service_user_can_reach(path: Path) -> bool:
    """True when the postgres user can traverse every parent of path."""
    probe = path
    while not probe.exists():
        probe = probe.parent
    result = subprocess.run(  # noqa: S603
        ["runuser", "-u", SERVICE_USER, "--", "test", "-x", str(probe)],  # noqa: S607
        capture_output=True,
        check=False,
    )
    return result.returncode == 0


def planned_layout() -> Layout:
    """Where a new cluster goes: .data/ unless postgres cannot reach it or the socket path is too long."""
    base = DATA_DIR
    if _as_root() and not _service_user_can_reach(DATA_DIR):
        base = _short_dir("data")
    socket_dir = base / "run"
    if len(str(socket_dir)) > SOCKET_MAX - 15:
        socket_dir = _short_dir("run")
    return Layout(pgdata=base / "pg", socket_dir=socket_dir, log_file=base / "postgresql.log")


def current_layout() -> Layout:
    """The layout recorded by `sig db init`, or the one a new cluster would get."""
    try:
        raw = json.loads(STATE_FILE.read_text())
        return Layout(Path(raw["pgdata"]), Path(raw["socket_dir"]), Path(raw["log_file"]))
    except (OSError, ValueError, KeyError):
        return Layout(pgdata=DATA_DIR / "pg", socket_dir=DATA_DIR / "run", log_file=DATA_DIR / "postgresql.log")


def django_database_settings() -> dict:
    """Connection settings for Django; cheap, touches no process."""
    layout = current_layout()
    return {"NAME": DB_NAME, "USER": DB_USER, "PASSWORD": "", "HOST": str(layout.socket_dir), "PORT": str(PORT)}


def pg_bindir() -> Path:
    """The newest installed PostgreSQL server binaries (Debian keeps them out of PATH)."""
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin/postgres"), reverse=True)
    if candidates:
        return candidates[0].parent
    found = shutil.which("pg_ctl")
    if found:
        return Path(found).resolve().parent
    raise EmbeddedDbError(
        "Server PostgreSQL tidak ditemukan. Pasang dengan: "
        "apt-get install postgresql-15 postgresql-15-postgis-3 (atau jalankan ./sigdesa setup sebagai root)."
    )


def _server_cmd(args: list[str]) -> list[str]:
    if _as_root():
        return ["runuser", "-u", SERVICE_USER, "--", *args]
    return args


def _run(args: list[str], *, check: bool = True) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(_server_cmd(args), capture_output=True, text=True, check=False)  # noqa: S603
    if check and result.returncode != 0:
        raise EmbeddedDbError(f"Perintah gagal: {' '.join(args)}\n{result.stdout}{result.stderr}".strip())
    return result


def _own(path: Path) -> None:
    path.mkdir(parents=True, exist_ok=True)
    if _as_root():
        entry = pwd.getpwnam(SERVICE_USER)
        os.chown(path, entry.pw_uid, entry.pw_gid)
    path.chmod(0o700)


def is_initialised(layout: Layout | None = None) -> bool:
    layout = layout or current_layout()
    return (layout.pgdata / "PG_VERSION").exists()


def init() -> Layout:
    """Create the cluster once; a second call only reports the existing one."""
    if STATE_FILE.exists() and is_initialised():
        return current_layout()
    layout = planned_layout()
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    if _as_root():
        try:
            pwd.getpwnam(SERVICE_USER)
        except KeyError as exc:
            raise EmbeddedDbError(
                f"Pengguna sistem '{SERVICE_USER}' tidak ada; pasang paket postgresql terlebih dahulu."
            ) from exc
    layout.pgdata.parent.mkdir(parents=True, exist_ok=True)
    _own(layout.pgdata)
    _own(layout.socket_dir)
    if not is_initialised(layout):
        _run(
            [
                str(pg_bindir() / "initdb"),
                "-D",
                str(layout.pgdata),
                "--auth=trust",
                "--encoding=UTF8",
                "--locale=C.UTF-8",
                "--username=postgres",
            ]
        )
        config = "\n".join(
            [
                "# SIG Desa embedded cluster",
                "listen_addresses = ''",
                f"port = {PORT}",
                f"unix_socket_directories = '{layout.socket_dir}'",
                "unix_socket_permissions = 0700",
                "max_connections = 200",
                "shared_buffers = 256MB",
                "work_mem = 16MB",
                "maintenance_work_mem = 256MB",
                "fsync = on",
                "max_parallel_workers_per_gather = 0",
                # a local streaming replica can follow (sig db replica create; PostgreSQL 15's defaults too)
                "wal_level = replica",
                "max_wal_senders = 10",
                "timezone = 'Asia/Jakarta'",
                "",
            ]
        )
        conf = layout.pgdata / "postgresql.conf"
        with conf.open("a", encoding="utf-8") as handle:
            handle.write(config)
    log = layout.log_file
    log.touch(exist_ok=True)
    if _as_root():
        entry = pwd.getpwnam(SERVICE_USER)
        os.chown(log, entry.pw_uid, entry.pw_gid)
    STATE_FILE.write_text(layout.as_json())
    return layout


@dataclass(frozen=True)
class Status:
    initialised: bool
    running: bool
    pid: int | None
    layout: Layout

    def describe(self) -> str:
        lines = [
            f"data      : {self.layout.pgdata}",
            f"socket    : {self.layout.socket_dir}/.s.PGSQL.{PORT}",
            f"database  : {DB_NAME} (pengguna {DB_USER})",
        ]
        if not self.initialised:
            state = "belum dibuat (jalankan: sig db start)"
        elif self.running:
            state = f"berjalan (pid {self.pid})"
        else:
            state = "berhenti (jalankan: sig db start)"
        return "\n".join([f"status    : {state}", *lines])


def status() -> Status:
    layout = current_layout()
    if not is_initialised(layout):
        return Status(False, False, None, layout)
    pid_file = layout.pgdata / "postmaster.pid"
    pid: int | None = None
    running = False
    if pid_file.exists():
        try:
            pid = int(pid_file.read_text().splitlines()[0])
            os.kill(pid, 0)
            running = True
        except (ValueError, IndexError, ProcessLookupError, PermissionError):
            running = False
    return Status(True, running, pid if running else None, layout)


def _psql(sql: str, database: str = "postgres") -> str:
    layout = current_layout()
    result = _run(
        [
            str(pg_bindir() / "psql"),
            "-h",
            str(layout.socket_dir),
            "-p",
            str(PORT),
            "-U",
            "postgres",
            "-d",
            database,
            "-v",
            "ON_ERROR_STOP=1",
            "-tAc",
            sql,
        ]
    )
    return result.stdout.strip()


def start(wait_seconds: int = 60) -> Status:
    """Initialise if needed, start, and make sure the role, database and PostGIS exist."""
    layout = init()
    current = status()
    if not current.running:
        # A stale pid file from a killed server would make pg_ctl refuse to start.
        stale = layout.pgdata / "postmaster.pid"
        if stale.exists():
            stale.unlink()
        _run(
            [
                str(pg_bindir() / "pg_ctl"),
                "-D",
                str(layout.pgdata),
                "-l",
                str(layout.log_file),
                "-w",
                "-t",
                str(wait_seconds),
                "start",
            ]
        )
    deadline = time.monotonic() + wait_seconds
    while True:
        ready = _run([str(pg_bindir() / "pg_isready"), "-h", str(layout.socket_dir), "-p", str(PORT)], check=False)
        if ready.returncode == 0:
            break
        if time.monotonic() > deadline:
            raise EmbeddedDbError(f"PostGIS tidak siap dalam {wait_seconds} detik; lihat {layout.log_file}.")
        time.sleep(0.3)
    _ensure_database()
    return status()


def _ensure_database() -> None:
    # DB_USER and DB_NAME are constants of this module, never user input.
    if _psql(f"SELECT 1 FROM pg_roles WHERE rolname = '{DB_USER}'") != "1":  # noqa: S608
        _psql(f"CREATE ROLE {DB_USER} LOGIN SUPERUSER")
    if _psql(f"SELECT 1 FROM pg_database WHERE datname = '{DB_NAME}'") != "1":  # noqa: S608
        _psql(f"CREATE DATABASE {DB_NAME} OWNER {DB_USER}")
    try:
        _psql("CREATE EXTENSION IF NOT EXISTS postgis", database=DB_NAME)
    except EmbeddedDbError as exc:
        raise EmbeddedDbError(
            "Ekstensi PostGIS tidak tersedia. Pasang dengan: apt-get install postgresql-15-postgis-3"
        ) from exc


def stop() -> Status:
    current = status()
    if current.running:
        _run([str(pg_bindir() / "pg_ctl"), "-D", str(current.layout.pgdata), "-m", "fast", "-w", "stop"])
    return status()
