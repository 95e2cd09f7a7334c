"""`sig backup` / `sig restore`: pg_dump (custom format) + media archive + a manifest with row counts and
checksums per table, verified again after a restore into an empty database."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import tarfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psycopg

from sig import embedded_db

SKIP_TABLES = {"spatial_ref_sys", "sig_cache"}  # PostGIS's own rows; the cache is rebuilt by itself


class CadanganError(RuntimeError):
    """A backup or restore cannot go on; the message says why."""


def _params(db: dict[str, Any]) -> dict[str, Any]:
    return {
        "host": db.get("HOST") or None,
        "port": db.get("PORT") or 5432,
        "user": db.get("USER") or None,
        "password": db.get("PASSWORD") or None,
        "dbname": db["NAME"],
    }


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found:
        return found
    try:
        return str(embedded_db.pg_bindir() / name)
    except embedded_db.EmbeddedDbError as exc:
        raise CadanganError(f"{name} tidak ditemukan; pasang postgresql-client.") from exc


def _env(params: dict[str, Any]) -> dict[str, str]:
    import os

    env = dict(os.environ)
    if params.get("password"):
        env["PGPASSWORD"] = str(params["password"])
    return env


def _args(params: dict[str, Any]) -> list[str]:
    args = ["-d", str(params["dbname"]), "-p", str(params["port"])]
    if params.get("host"):
        args += ["-h", str(params["host"])]
    if params.get("user"):
        args += ["-U", str(params["user"])]
    return args


def ringkasan_tabel(params: dict[str, Any], conn: psycopg.Connection | None = None) -> dict[str, dict[str, Any]]:
    """Row count and an order-independent checksum of every table in the public schema (inside `conn`'s
    transaction when given: the backup reads them from the snapshot pg_dump dumps)."""
    if conn is None:
        with psycopg.connect(**{k: v for k, v in params.items() if v is not None}) as own:
            return ringkasan_tabel(params, own)
    result: dict[str, dict[str, Any]] = {}
    tables = [
        r[0]
        for r in conn.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
        ).fetchall()
    ]
    for table in tables:
        if table in SKIP_TABLES:
            continue
        row = conn.execute(
            f"SELECT count(*), md5(coalesce(string_agg(md5(t::text), '' ORDER BY md5(t::text)), '')) "  # noqa: S608
            f'FROM public."{table}" t'
        ).fetchone()
        assert row is not None
        rows, digest = row
        result[table] = {"baris": int(rows), "checksum": digest}
    return result


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1024 * 1024):
            digest.update(chunk)
    return digest.hexdigest()


def _arsip(target: Path, root: Path | None) -> None:
    with tarfile.open(target, "w:gz") as archive:
        if root is not None and root.is_dir():
            archive.add(root, arcname=".")


def backup(db: dict[str, Any], media_root: Path, tujuan: Path, privat_root: Path | None = None) -> Path:
    """Write db.dump, media.tar.gz (and privat.tar.gz: complaint photos) and manifest.json under `tujuan`.
    The dump and the manifest's checksums come from one exported snapshot, so writes during the backup
    never make a restore report a mismatch."""
    params = _params(db)
    folder = tujuan / f"sigdesa-{datetime.now(UTC):%Y%m%dT%H%M%S%fZ}"
    folder.mkdir(parents=True)
    dump = folder / "db.dump"
    try:
        with psycopg.connect(**{k: v for k, v in params.items() if v is not None}) as conn:
            conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            row = conn.execute("SELECT pg_export_snapshot()").fetchone()
            assert row is not None
            snapshot = row[0]
            result = subprocess.run(
                [
                    _tool("pg_dump"), "-Fc", "--no-owner", f"--snapshot={snapshot}",
                    "--exclude-table-data=sig_cache", "-f", str(dump), *_args(params),
                ],
                capture_output=True, text=True, env=_env(params), check=False,
            )  # fmt: skip
            if result.returncode != 0:
                raise CadanganError(f"pg_dump gagal: {result.stderr.strip()[:500]}")
            tabel = ringkasan_tabel(params, conn)
            conn.rollback()
    except (CadanganError, psycopg.Error) as exc:
        shutil.rmtree(folder, ignore_errors=True)
        raise CadanganError(str(exc)) from exc
    media = folder / "media.tar.gz"
    _arsip(media, media_root)
    archives = [dump, media]
    if privat_root is not None:
        archives.append(folder / "privat.tar.gz")
        _arsip(archives[-1], privat_root)
    manifest = {
        "dibuat": datetime.now(UTC).isoformat(),
        "basis_data": params["dbname"],
        "tabel": tabel,
        "berkas": {p.name: _sha256(p) for p in archives},
    }
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False))
    return folder


def _ekstrak(archive: tarfile.TarFile, root: Path) -> None:
    """Extract only plain files and folders inside `root` (the "data" filter; Python before 3.11.4, e.g.
    Debian 12's 3.11.2, lacks it, so the same rule is applied here first)."""
    for member in archive.getmembers():
        target = (root / member.name).resolve()
        if not (member.isfile() or member.isdir()) or not target.is_relative_to(root.resolve()):
            raise CadanganError(f"Arsip cadangan ditolak: anggota tidak aman '{member.name[:80]}'.")
    if hasattr(tarfile, "data_filter"):
        archive.extractall(root, filter="data")
    else:  # members checked above
        archive.extractall(root)  # noqa: S202


def rotasi(tujuan: Path, *, harian: int = 7, mingguan: int = 4) -> list[Path]:
    """Keep the newest backup of each of the last `harian` days and of the last `mingguan` ISO weeks; delete
    the rest (only complete backups count: a folder without manifest.json is an interrupted one). Returns
    the deleted folders."""
    lengkap = sorted(
        (f for f in tujuan.glob("sigdesa-*") if (f / "manifest.json").is_file()), key=lambda f: f.name, reverse=True
    )
    simpan: set[Path] = set()
    hari: list[str] = []
    minggu: list[tuple[int, int]] = []
    for folder in lengkap:
        waktu = datetime.strptime(folder.name[8:16], "%Y%m%d")
        if waktu.date().isoformat() not in hari and len(hari) < harian:
            hari.append(waktu.date().isoformat())
            simpan.add(folder)
        pekan = waktu.isocalendar()[:2]
        if pekan not in minggu and len(minggu) < mingguan:
            minggu.append(pekan)
            simpan.add(folder)
    hapus = [f for f in lengkap if f not in simpan]
    for folder in hapus:
        shutil.rmtree(folder)
    return hapus


def restore(folder: Path, db: dict[str, Any], media_root: Path, privat_root: Path | None = None) -> dict[str, Any]:
    """Restore a backup into an empty database and verify counts and checksums against its manifest."""
    manifest = json.loads((folder / "manifest.json").read_text())
    for name, expected in manifest["berkas"].items():
        if _sha256(folder / name) != expected:
            raise CadanganError(f"Berkas cadangan {name} rusak (checksum tidak cocok).")
    params = _params(db)
    with psycopg.connect(**{k: v for k, v in params.items() if v is not None}) as conn:
        counted = conn.execute(
            "SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'spatial_ref_sys'"
        ).fetchone()
        used = counted[0] if counted else 0
        if used:
            raise CadanganError(
                f"Basis data {params['dbname']} tidak kosong ({used} tabel); pulihkan ke basis data baru."
            )
        conn.execute("CREATE EXTENSION IF NOT EXISTS postgis")
        conn.commit()
    # Extensions are created above, not by the dump (an existing one would stop the restore).
    listing = subprocess.run(
        [_tool("pg_restore"), "-l", str(folder / "db.dump")],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    toc = folder / "restore.list"
    toc.write_text("\n".join(line for line in listing.splitlines() if " EXTENSION " not in line))
    result = subprocess.run(
        [
            _tool("pg_restore"),
            "--no-owner",
            "--exit-on-error",
            "-L",
            str(toc),
            *_args(params),
            str(folder / "db.dump"),
        ],
        capture_output=True,
        text=True,
        env=_env(params),
        check=False,
    )
    toc.unlink(missing_ok=True)
    if result.returncode != 0:
        raise CadanganError(f"pg_restore gagal: {result.stderr.strip()[:500]}")
    for name, root in (("media.tar.gz", media_root), ("privat.tar.gz", privat_root)):
        if root is None or name not in manifest["berkas"]:
            continue
        with tarfile.open(folder / name) as archive:
            root.mkdir(parents=True, exist_ok=True)
            _ekstrak(archive, root)
    got = ringkasan_tabel(params)
    diff = {
        t: (manifest["tabel"].get(t), got.get(t))
        for t in set(got) | set(manifest["tabel"])
        if manifest["tabel"].get(t) != got.get(t)
    }
    if diff:
        raise CadanganError(f"Hasil pemulihan berbeda dari manifest pada {len(diff)} tabel: {sorted(diff)[:10]}")
    return {"tabel": len(got), "baris": sum(v["baris"] for v in got.values())}
