"""The `sig` command line: embedded PostGIS, demo data, and running the app.

sig db start|stop|status     the project-local PostGIS cluster
sig db replica create|start|stop|status   a local streaming replica of it (reads: DATABASE_REPLICA_URLS)
sig run [--port 8000]        start the database, migrate, load the demo once, serve
sig serve [--port 8000]      serve only (refuses when PostGIS cannot be reached)
sig demo [options]           generate the demo kecamatan (see `sig demo --help`)
sig backup [--ke DIR]        pg_dump + media archive + manifest (one snapshot; default BACKUP_DIR)
sig restore DIR              restore a backup into the configured (empty) database and verify it
sig manage <command> ...     any Django management command
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from sig import embedded_db

# The apps live beside `sig` in the checkout; an editable install only knows the packages of its day.
if str(embedded_db.PROJECT_DIR) not in sys.path:
    sys.path.insert(0, str(embedded_db.PROJECT_DIR))


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sig.settings.dev")
    import django

    django.setup()


def _manage(*args: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sig.settings.dev")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["sig manage", *args])


def _uses_embedded() -> bool:
    return not os.environ.get("DATABASE_URL")


def cmd_replica(action: str) -> int:
    from sig import embedded_replika

    if not _uses_embedded():
        print("DATABASE_URL diatur: buat replika dari PostGIS eksternal dengan pg_basebackup -R.", file=sys.stderr)
        return 0
    try:
        print(embedded_replika.perintah(action))
    except embedded_db.EmbeddedDbError as exc:
        print(f"sig db replica {action}: {exc}", file=sys.stderr)
        return 2
    return 0


def cmd_db(action: str, replica_action: str | None = None) -> int:
    if action == "replica":
        return cmd_replica(replica_action or "status")
    if not _uses_embedded() and action != "status":
        print("DATABASE_URL diatur: klaster PostGIS bawaan tidak dipakai.", file=sys.stderr)
        return 0
    try:
        if action == "start":
            result = embedded_db.start()
        elif action == "stop":
            result = embedded_db.stop()
        else:
            result = embedded_db.status()
    except embedded_db.EmbeddedDbError as exc:
        print(f"sig db {action}: {exc}", file=sys.stderr)
        return 2
    if not _uses_embedded():
        print("DATABASE_URL diatur: aplikasi memakai PostGIS eksternal, bukan klaster bawaan.")
    print(result.describe())
    return 0 if action != "status" or result.running else 3


def require_database(*, require_postgis: bool = True) -> bool:
    """Print a clear message and return False when PostGIS cannot be reached."""
    _setup_django()
    from sig.health import database_problem

    problem = database_problem(require_postgis=require_postgis)
    if problem:
        print(f"SIG Desa tidak dapat berjalan: {problem}", file=sys.stderr)
        return False
    return True


def cmd_serve(port: int) -> int:
    if not require_database():
        return 2
    _manage("runserver", f"127.0.0.1:{port}", "--noreload")
    return 0


def cmd_run(port: int, load_demo: bool) -> int:
    if _uses_embedded() and cmd_db("start") != 0:
        return 2
    if not require_database(require_postgis=False):
        return 2
    _manage("migrate", "--noinput")
    if load_demo:
        _manage("demo", "--once")
    print(f"\nSIG Desa berjalan di http://127.0.0.1:{port}/  (Ctrl+C untuk berhenti)\n", flush=True)
    return cmd_serve(port)


def cmd_backup(tujuan: str | None) -> int:
    _setup_django()
    from django.conf import settings

    tujuan = tujuan or str(settings.BACKUP_DIR)
    from sig.cadangan import CadanganError, backup

    try:
        folder = backup(
            settings.DATABASES["default"],
            Path(settings.MEDIA_ROOT),
            Path(tujuan),
            privat_root=Path(settings.PRIVATE_MEDIA_ROOT),
        )
    except CadanganError as exc:
        print(f"sig backup: {exc}", file=sys.stderr)
        return 2
    print(f"Cadangan tersimpan di {folder}")
    return 0


def cmd_restore(folder: str) -> int:
    _setup_django()
    from django.conf import settings

    from sig.cadangan import CadanganError, restore

    try:
        hasil = restore(
            Path(folder),
            settings.DATABASES["default"],
            Path(settings.MEDIA_ROOT),
            privat_root=Path(settings.PRIVATE_MEDIA_ROOT),
        )
    except (CadanganError, OSError, ValueError) as exc:
        print(f"sig restore: {exc}", file=sys.stderr)
        return 2
    print(f"Dipulihkan dan diverifikasi: {hasil['tabel']} tabel, {hasil['baris']} baris cocok dengan manifest.")
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["manage"]:
        _manage(*argv[1:])
        return 0
    if argv[:1] == ["demo"]:
        _manage("demo", *argv[1:])
        return 0
    parser = argparse.ArgumentParser(
        prog="sig", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="command", required=True)
    db = sub.add_parser("db", help="klaster PostGIS bawaan")
    db.add_argument("action", choices=["start", "stop", "status", "replica"])
    db.add_argument("replica_action", nargs="?", choices=["create", "start", "stop", "status"], help="untuk replica")
    for name in ("run", "serve"):
        p = sub.add_parser(name)
        p.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        if name == "run":
            p.add_argument("--no-demo", action="store_true", help="jangan memuat data demo")
    sub.add_parser("demo", help="buat data demo (opsi: sig demo --help)")
    backup_parser = sub.add_parser("backup", help="cadangkan basis data dan media")
    backup_parser.add_argument("--ke", default=None, help="folder tujuan (bawaan: BACKUP_DIR)")
    restore_parser = sub.add_parser("restore", help="pulihkan cadangan ke basis data kosong")
    restore_parser.add_argument("folder")
    sub.add_parser("manage", help="perintah manajemen Django")
    args = parser.parse_args(argv)
    if args.command == "db":
        return cmd_db(args.action, args.replica_action)
    if args.command == "serve":
        return cmd_serve(args.port)
    if args.command == "backup":
        return cmd_backup(args.ke)
    if args.command == "restore":
        return cmd_restore(args.folder)
    return cmd_run(args.port, load_demo=not args.no_demo)


if __name__ == "__main__":
    sys.exit(main())
