"""Benchmark: a national boundary load and boundary tiles at every zoom, on generated boundaries.

(a) `sig manage load_wilayah` of ~83k generated desa (GeoPackage, ~200 vertices each, kecamatan/kabupaten/
    provinsi names per feature) into an empty scratch database, vs `ogr2ogr -f PostgreSQL` of the same file
    (COPY, no checks, no hierarchy) as the reference;
(b) the boundary layer's tiles (generalised per zoom band) vs raw `ST_AsMVT` of the unsimplified desa polygons
    of the same tile: bytes and cold render time per zoom, national (z4–z6), province (z7–z8) and kabupaten (z9–z11)
    levels; then the GeoJSON endpoint's answer to an unbounded national request.

    .venv/bin/python bench/nasional.py [--desa 83200] [--ulang 5]
"""

from __future__ import annotations

import argparse
import math
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
DB = "sigdesa_bench_nasional"


def params() -> dict:
    """The cluster of DATABASE_URL (else the embedded one); the bench database lives next to the app's."""
    from urllib.parse import unquote, urlparse

    if os.environ.get("DATABASE_URL"):
        u = urlparse(os.environ["DATABASE_URL"])
        return {"host": unquote(u.hostname or ""), "port": u.port or 5432, "user": u.username}
    from sig.embedded_db import django_database_settings

    db = django_database_settings()
    return {"host": db["HOST"], "port": db["PORT"] or 5432, "user": db["USER"]}


def url(p: dict) -> str:
    from urllib.parse import quote

    return f"postgis://{p['user']}@{quote(str(p['host']), safe='')}:{p['port']}/{DB}"


def env_for(p: dict) -> dict:
    return {**os.environ, "DATABASE_URL": url(p), "DJANGO_SETTINGS_MODULE": "sig.settings.dev", "DEBUG": "0"}


def database_baru(p: dict) -> None:
    with psycopg.connect(dbname="postgres", autocommit=True, **p) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {DB}")
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env_for(p), check=True)


def muat_ours(berkas: Path, p: dict) -> tuple[float, float, float]:
    """(seconds of the command, peak RSS MB of the command's process, of its largest sandbox child); the
    per-step timings the load logs are printed."""
    code = (
        "import sys, time\n"
        "sys.path.insert(0, 'bench')\n"
        "from _rss import PuncakRss\n"
        "from django.core.management import call_command\n"
        "with PuncakRss() as rss:\n"
        "    t = time.perf_counter()\n"
        f"    call_command('load_wilayah', {str(berkas)!r})\n"
        "    seconds = time.perf_counter() - t\n"
        "print('HASIL', seconds, rss.sendiri_mb, rss.anak_mb, file=sys.stderr)\n"
    )
    out = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code], cwd=ROOT, env=env_for(p), capture_output=True, text=True
    )
    if out.returncode != 0:
        raise SystemExit(out.stdout[-2000:] + out.stderr[-4000:])
    for line in out.stderr.splitlines():
        if "Muat batas: " in line:
            print("  step " + line.split("Muat batas: ", 1)[1])
    line = next(x for x in out.stderr.splitlines() if x.startswith("HASIL"))
    print("  " + out.stdout.strip().splitlines()[-1][:200])
    _, seconds, rss, anak = line.split()
    return float(seconds), float(rss), float(anak)


def muat_ogr(berkas: Path, p: dict) -> float:
    pg = f"PG:host={p['host']} port={p['port']} dbname={DB} user={p['user']}"
    start = time.perf_counter()
    subprocess.run(
        [
            *("ogr2ogr", "-f", "PostgreSQL", pg, str(berkas), "-nln", "ogr_desa", "-overwrite"),
            *("-lco", "GEOMETRY_NAME=geom", "-nlt", "PROMOTE_TO_MULTI", "--config", "PG_USE_COPY", "YES"),
        ],
        check=True,
    )
    return time.perf_counter() - start


def tile_of(lon: float, lat: float, z: int) -> tuple[int, int, int]:
    n = 2**z
    x = int((lon + 180) / 360 * n)
    y = int((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n)
    return z, x, y


RAW = """SELECT ST_AsMVT(m, 'batas-desa', 4096, 'geom', 'id') FROM (
  SELECT t.id, ST_AsMVTGeom(ST_Transform(t.batas, 3857), ST_TileEnvelope(%s, %s, %s), 4096, 64, true) AS geom,
         t.kode, t.nama, t.jenis, t.luas_ha
  FROM wilayah_desa t WHERE ST_Transform(t.batas, 3857) && ST_TileEnvelope(%s, %s, %s)) m WHERE m.geom IS NOT NULL"""


def petak(p: dict, ulang: int) -> list[tuple[int, int, float, float, float, float]]:
    """Per zoom: (z, tiles, largest ours KB, largest raw KB, ours p95 ms, raw p95 ms), cold (caches cleared)."""
    os.environ.update(env_for(p))
    import django

    django.setup()
    from django.contrib.auth.models import AnonymousUser
    from django.db import connection

    from layers import selectors
    from layers.models import Lapisan

    lapisan = Lapisan.objects.get(slug="batas-desa")
    lapisan.min_zoom = 0
    with connection.cursor() as cursor:
        cursor.execute("SELECT ST_X(c), ST_Y(c) FROM (SELECT ST_Centroid(ST_Extent(batas)) AS c FROM wilayah_desa) s")
        lon, lat = cursor.fetchone()
    hasil = []
    anon = AnonymousUser()
    for z in (4, 5, 6, 7, 8, 9, 10, 11):
        tiles = [tile_of(lon + dx * 360 / 2**z, lat, z) for dx in (-1, 0, 1)]
        ours_ms, raw_ms, ours_kb, raw_kb = [], [], 0.0, 0.0
        for _ in range(ulang):
            for zz, x, y in tiles:
                start = time.perf_counter()
                data = selectors.tile(anon, lapisan, zz, x, y)  # rendered every time: no tile cache here
                ours_ms.append((time.perf_counter() - start) * 1000)
                ours_kb = max(ours_kb, len(data) / 1024)
                if z < 9 and _ > 0:
                    continue  # raw national tiles take seconds each: measured once
                with connection.cursor() as cursor:
                    start = time.perf_counter()
                    cursor.execute(RAW, [zz, x, y, zz, x, y])
                    raw = bytes(cursor.fetchone()[0] or b"")
                    raw_ms.append((time.perf_counter() - start) * 1000)
                raw_kb = max(raw_kb, len(raw) / 1024)
        p95 = lambda v: sorted(v)[max(0, math.ceil(0.95 * len(v)) - 1)]  # noqa: E731
        hasil.append((z, len(tiles), ours_kb, raw_kb, p95(ours_ms), p95(raw_ms)))
    return hasil


def geojson_nasional() -> tuple[int, str]:
    from django.test import Client

    client = Client(HTTP_HOST="localhost")
    response = client.get("/lapisan/batas-desa.geojson", {"limit": "5000"})
    return response.status_code, response.content.decode()[:200]


def main() -> None:
    from wilayah_buatan import buat_desa, tulis_gpkg

    parser = argparse.ArgumentParser()
    parser.add_argument("--desa", type=int, default=83_200)
    parser.add_argument("--ulang", type=int, default=5)
    args = parser.parse_args()
    p = params()
    folder = Path(tempfile.mkdtemp(prefix="bench-nasional-"))
    try:
        start = time.perf_counter()
        frame = buat_desa(args.desa)
        berkas = tulis_gpkg(frame, folder)
        n = len(frame)
        vertices = int(frame.geometry.count_coordinates().mean())
        kec, kab, prov = (frame.KDEPUM.str[:k].nunique() for k in (8, 5, 2))
        del frame
        print(
            f"generated {n:,} desa ({vertices} vertices each), {kec:,} kecamatan, {kab:,} kabupaten, {prov} provinsi: "
            f"{berkas.stat().st_size / 1024**2:,.0f} MB GeoPackage in {time.perf_counter() - start:.1f} s"
        )
        database_baru(p)
        ogr = muat_ogr(berkas, p)
        beban = os.getloadavg()[0]
        ours, rss, rss_anak = muat_ours(berkas, p)
        with psycopg.connect(dbname=DB, autocommit=True, **p) as conn:
            counts = conn.execute(
                "SELECT (SELECT count(*) FROM wilayah_desa), (SELECT count(*) FROM wilayah_kecamatan), "
                "(SELECT count(*) FROM wilayah_kabupaten), (SELECT count(DISTINCT provinsi) FROM wilayah_kabupaten), "
                "(SELECT count(*) FROM wilayah_kecamatan WHERE nama = ''), (SELECT count(*) FROM ogr_desa)"
            ).fetchone()
            conn.execute("VACUUM ANALYZE")
        print(
            f"end state: {counts[0]:,} desa, {counts[1]:,} kecamatan ({counts[4]} without a name), {counts[2]:,} "
            f"kabupaten in {counts[3]} provinsi; ogr2ogr table {counts[5]:,} rows"
        )
        print(f"ogr2ogr (reference)  : {ogr:7.1f} s  {n / ogr:8,.0f} desa/s")
        print(
            f"ours load_wilayah    : {ours:7.1f} s  {n / ours:8,.0f} desa/s  ours / reference = {ogr / ours:.2f}x  "
            f"(target < 180 s; peak RSS {rss:,.0f} MB, sandbox reader {rss_anak:,.0f} MB)"
        )
        print(
            f"load average (1 min) before / after our load: {beban:.1f} / {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
        )
        print("\nboundary layer tiles, cold (rendered per request), 3 tiles per zoom around the centre")
        print(" z | largest ours KB | largest raw KB | ours p95 ms | raw p95 ms | ours / raw (time)")
        for z, _count, okb, rkb, oms, rms in petak(p, args.ulang):
            print(f"{z:2d} | {okb:15,.1f} | {rkb:14,.1f} | {oms:11.1f} | {rms:10.1f} | {oms / max(rms, 1e-9):.3f}x")
        status, body = geojson_nasional()
        print(f"\nGET /lapisan/batas-desa.geojson (no bbox, national): {status} {body!r}")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        if not os.environ.get("SIMPAN_DB"):
            with psycopg.connect(dbname="postgres", autocommit=True, **p) as conn:
                conn.execute(f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)")


if __name__ == "__main__":
    from _laporan import catat

    with catat("nasional"):
        main()
