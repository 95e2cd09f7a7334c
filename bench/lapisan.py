"""Benchmarks of map serving on the 100k-parcel demo (scratch database on the embedded PostGIS).

(a) tile view throughput over HTTP (gunicorn, 4 workers, load from wrk) vs the same ST_AsMVT SQL through pgbench,
    both at the same concurrency, on the same list of z14–z16 tiles;
(b) the GeoJSON endpoint vs executing its single SQL FeatureCollection directly;
(c) the largest tile (bytes) at each zoom.

    .venv/bin/python bench/lapisan.py [--fitur 100000] [--klien 4] [--detik 10]
"""

from __future__ import annotations

import argparse
import math
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DB = "sigdesa_bench_lapisan"


def params() -> dict:
    """The embedded cluster's connection (the bench database lives next to the app's)."""
    from sig.embedded_db import django_database_settings

    db = django_database_settings()
    return {"host": db["HOST"], "port": db["PORT"] or 5432, "user": db["USER"]}


def django_on_bench_db(p: dict) -> None:
    os.environ["DATABASE_URL"] = url(p)
    os.environ["DJANGO_SETTINGS_MODULE"] = "sig.settings.dev"
    import django

    django.setup()


def url(p: dict) -> str:
    from urllib.parse import quote

    return f"postgis://{p['user']}@{quote(str(p['host']), safe='')}:{p['port']}/{DB}"


def siapkan(p: dict, fitur: int) -> dict:
    with psycopg.connect(dbname="postgres", autocommit=True, **p) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {DB}")
    env = {**os.environ, "DATABASE_URL": url(p), "DJANGO_SETTINGS_MODULE": "sig.settings.dev", "DEBUG": "0"}
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "manage.py", "demo", "--fitur", str(fitur)],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    print(f"demo with {fitur:,} parcels generated in {time.perf_counter() - start:.0f} s")
    with psycopg.connect(dbname=DB, autocommit=True, **p) as conn:
        conn.execute("VACUUM ANALYZE")
    return env


def tiles_at(extent: tuple[float, float, float, float], z: int) -> list[tuple[int, int, int]]:
    def xy(lon: float, lat: float) -> tuple[int, int]:
        n = 2**z
        return int((lon + 180) / 360 * n), int((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n)

    x0, y0 = xy(extent[0], extent[3])
    x1, y1 = xy(extent[2], extent[1])
    return [(z, x, y) for x in range(x0, x1 + 1) for y in range(y0, y1 + 1)]


def extent(p: dict) -> tuple[float, float, float, float]:
    with psycopg.connect(dbname=DB, **p) as conn:
        return conn.execute(
            "SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e) FROM "
            "(SELECT ST_Extent(geometri) e FROM assets_lahanpertanian) s"
        ).fetchone()


def serve(env: dict, port: int) -> subprocess.Popen:
    env = {**env, "DJANGO_SETTINGS_MODULE": "sig.settings.dev", "ALLOWED_HOSTS": "127.0.0.1", "CONN_MAX_AGE": "600"}
    process = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "sig.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "4",
            "--env",
            "DJANGO_SETTINGS_MODULE=sig.settings.dev",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return tunggu_siap(process, port, "gunicorn")


def tunggu_siap(process: subprocess.Popen, port: int, nama: str, detik: float = 30) -> subprocess.Popen:
    """Wait until the server on `port` answers its health check."""
    for _ in range(int(detik / 0.2)):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/kesehatan/", timeout=1)
            return process
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{nama} did not start")


def load(urls: list[str], clients: int, seconds: float) -> tuple[float, list[float]]:
    latencies: list[float] = []
    lock = threading.Lock()
    stop = time.perf_counter() + seconds

    def worker(offset: int) -> None:
        i = offset
        while time.perf_counter() < stop:
            start = time.perf_counter()
            with urllib.request.urlopen(urls[i % len(urls)], timeout=30) as response:  # noqa: S310 (loopback)
                response.read()
            with lock:
                latencies.append(time.perf_counter() - start)
            i += clients

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(clients)]
    begin = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return len(latencies) / (time.perf_counter() - begin), latencies


TILE_SQL = """
WITH b AS MATERIALIZED (SELECT e.env, ST_Transform(e.env, 4326) AS kotak
                        FROM (SELECT ST_TileEnvelope(z, x, y) AS env FROM bench_tiles WHERE i = :i) e)
SELECT ST_AsMVT(m, 'lahan-pertanian', 4096, 'geom', 'id') FROM (
  SELECT t.id, ST_AsMVTGeom(ST_Transform(t.geometri, 3857), b.env, 4096, 64, true) AS geom,
         t.komoditas, t.irigasi, t.kelas_kesesuaian
  FROM assets_lahanpertanian t, b WHERE t.geometri && b.kotak AND ((t.publik) OR t.desa_id = ANY('{}'))
) m WHERE m.geom IS NOT NULL;
"""


WRK_LUA = """
local paths = {}
for line in io.lines("%s") do paths[#paths + 1] = line end
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i %% #paths) + 1])
end
"""

# wrk's summary line, appended to every script after its %-formatting.
WRK_DONE = """
done = function(summary, latency, requests)
  io.write(string.format("RPS %.1f P50 %.2f P95 %.2f ERR %d P99 %.2f N %d\\n", summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.timeout,
    latency:percentile(99) / 1000, summary.requests))
end
"""


def wrk(port: int, paths: list[str], clients: int, seconds: int) -> tuple[float, float, float, int]:
    """(requests/s, p50 ms, p95 ms, errors) from wrk, a C load generator, at `clients` connections."""
    folder = Path(tempfile.mkdtemp())
    (folder / "paths.txt").write_text("\n".join(paths))
    try:
        return wrk_script(port, WRK_LUA % (folder / "paths.txt") + WRK_DONE, clients, seconds)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def wrk_script(port: int, lua: str, clients: int, seconds: int) -> tuple[float, float, float, int]:
    """Run wrk (2 threads) with a Lua script whose done() prints the RPS/P50/P95/ERR line."""
    r = wrk_lengkap(port, lua, clients, seconds, threads=2)
    return r["RPS"], r["P50"], r["P95"], int(r["ERR"])


def wrk_lengkap(port: int, lua: str, clients: int, seconds: int, threads: int = 1) -> dict[str, float]:
    """Like wrk_script, with p99 and the request count (runs in parallel with other wrk processes)."""
    folder = Path(tempfile.mkdtemp())
    script = folder / "bench.lua"
    script.write_text(lua)
    out = subprocess.run(
        [
            "wrk",
            "-t",
            str(threads),
            "-c",
            str(clients),
            "-d",
            f"{seconds}s",
            "-s",
            str(script),
            f"http://127.0.0.1:{port}",
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    shutil.rmtree(folder, ignore_errors=True)
    parts = next(x for x in out.splitlines() if x.startswith("RPS")).split()
    values = dict(zip(parts[::2], parts[1::2], strict=True))
    return {k: float(v) for k, v in values.items()}


def pgbench(p: dict, tiles: list[tuple[int, int, int]], clients: int, seconds: int) -> tuple[float, float]:
    with psycopg.connect(dbname=DB, autocommit=True, **p) as conn:
        conn.execute("DROP TABLE IF EXISTS bench_tiles")
        conn.execute("CREATE TABLE bench_tiles (i int PRIMARY KEY, z int, x int, y int)")
        with conn.cursor().copy("COPY bench_tiles FROM STDIN") as copy:
            for i, (z, x, y) in enumerate(tiles):
                copy.write_row((i, z, x, y))
    folder = Path(tempfile.mkdtemp())
    script = folder / "tile.sql"
    script.write_text(f"\\set i random(0, {len(tiles) - 1})\n" + TILE_SQL)
    pgbench_bin = next(Path("/usr/lib/postgresql").glob("*/bin/pgbench"))
    cmd = [
        str(pgbench_bin),
        "-h",
        str(p["host"]),
        "-p",
        str(p["port"]),
        "-U",
        p["user"],
        "-n",
        "-f",
        str(script),
        "-c",
        str(clients),
        "-j",
        str(min(clients, 2)),
        "-T",
        str(seconds),
        "-r",
        DB,
    ]
    if os.geteuid() == 0:
        cmd = ["runuser", "-u", "postgres", "--", *cmd]
        folder.chmod(0o755)
        script.chmod(0o644)
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    shutil.rmtree(folder, ignore_errors=True)
    tps = float(next(line for line in out.splitlines() if line.startswith("tps")).split()[2])
    latency = float(next(line for line in out.splitlines() if "latency average" in line).split()[3])
    return tps, latency


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--fitur", type=int, default=100_000)
    parser.add_argument("--klien", type=int, default=4)
    parser.add_argument("--detik", type=int, default=10)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("This benchmark needs wrk as load generator: apt-get install wrk")
    p = params()
    env = siapkan(p, args.fitur)
    box = extent(p)
    port = free_port()
    server = serve(env, port)
    try:
        print("\n(c) largest lahan-pertanian / portal tile per zoom")
        for z in range(10, 18):
            sizes, portal = [], []
            for tz, tx, ty in tiles_at(box, z)[:64]:
                sizes.append(len(fetch(port, f"/tiles/lahan-pertanian/{tz}/{tx}/{ty}.pbf")))
                portal.append(len(fetch(port, f"/tiles/portal/{tz}/{tx}/{ty}.pbf")))
            print(
                f"  z{z:<2} tiles {len(sizes):3d}  max lahan {max(sizes) / 1024:7.1f} KB  max portal "
                f"{max(portal) / 1024:7.1f} KB"
            )
        tiles = [t for z in (14, 15, 16) for t in tiles_at(box, z)]
        urls = [f"http://127.0.0.1:{port}/tiles/lahan-pertanian/{z}/{x}/{y}.pbf" for z, x, y in tiles]
        z14 = [f"http://127.0.0.1:{port}/tiles/lahan-pertanian/{z}/{x}/{y}.pbf" for z, x, y in tiles_at(box, 14)]
        _, warm = load(z14, 1, 3)
        print(f"\n  z14 tile p50 (1 client): {statistics.median(warm) * 1000:.1f} ms")
        print(f"\n(a) tile throughput at {args.klien} concurrent clients, {len(tiles)} tiles z14–z16")
        paths = [u.split(str(port), 1)[1] for u in urls]
        tps, sql_latency = pgbench(p, tiles, args.klien, args.detik)
        print(f"  raw ST_AsMVT SQL (pgbench)                 : {tps:7.1f} tiles/s  mean {sql_latency:6.1f} ms")
        for label, cached in (("warm tile cache", True), ("cache off (every tile rendered)", False)):
            if not cached:
                server.terminate()
                server.wait(timeout=30)
                server = serve({**env, "SIG_CACHE": "mati"}, port)
            rps, p50, p95, errors = wrk(port, paths, args.klien, args.detik)
            print(
                f"  ours, {label:<33}: {rps:7.1f} tiles/s  p50 {p50:6.1f} ms  p95 {p95:6.1f} ms  errors {errors}"
                f"  ours / reference {rps / tps:.2f}x"
            )
        print("\n(b) GeoJSON endpoint vs its SQL FeatureCollection (5000 parcels, bbox of the kecamatan)")
        bbox = ",".join(f"{v:.6f}" for v in box)
        geo_url = f"/lapisan/lahan-pertanian.geojson?limit=5000&bbox={bbox}"
        endpoint = timed(lambda: fetch(port, geo_url), 15)
        django_on_bench_db(p)
        sql = timed(lambda: geojson_sql(box), 15)
        print(
            f"  ours: p50 {endpoint * 1000:.1f} ms   SQL alone: p50 {sql * 1000:.1f} ms   "
            f"ours / reference: {endpoint / sql:.2f}x"
        )
    finally:
        bereskan(server, p)


def geojson_sql(box: tuple[float, float, float, float]) -> None:
    """The reference: the selector's single SQL statement, executed without HTTP or a view."""
    from django.contrib.auth.models import AnonymousUser

    from layers import selectors
    from layers.models import Lapisan

    lapisan = Lapisan.objects.get(slug="lahan-pertanian")
    selectors.geojson(AnonymousUser(), lapisan, selectors.Saringan(bbox=box, limit=5000))


def timed(func, repeat: int) -> float:
    func()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def fetch(port: int, path: str) -> bytes:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=60) as response:
        return response.read()


def sesi(user) -> str:
    """A signed-in session key for `user` (benchmarks send it as the sessionid cookie)."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return store.session_key


def bereskan(server: subprocess.Popen, p: dict) -> None:
    """Stop the benchmark server, close Django's connection (if any) and drop the scratch database."""
    server.terminate()
    server.wait(timeout=30)
    if "django" in sys.modules and "DJANGO_SETTINGS_MODULE" in os.environ:
        from django.db import connections

        connections.close_all()
    with psycopg.connect(dbname="postgres", autocommit=True, **p) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


if __name__ == "__main__":
    from _laporan import catat

    with catat("lapisan"):
        main()
