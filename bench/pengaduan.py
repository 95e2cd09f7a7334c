"""Complaint submission and portal benchmarks on the 100k-parcel demo (scratch database, gunicorn, DEBUG off).

(a) complaint POST (/pengaduan/baru/, JSON, signed-in verified citizens, unique client ids) vs a trivial /ping
    view on the same server, same middleware and the same concurrency (wrk);
(b) a burst of 200 concurrent submissions plus 50 replays: rows stored must be exactly 200;
(c) the public portal with 100k features: first map render in headless chromium (navigation → layers drawn).

    .venv/bin/python bench/pengaduan.py [--fitur 100000] [--klien 8] [--detik 10]
"""

from __future__ import annotations

import argparse
import secrets
import shutil
import sys
import tempfile
import time
import urllib.parse
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent))
import lapisan as dasar

dasar.DB = "sigdesa_bench_pengaduan"
WARGA = 64
LIMITS = {"PENGADUAN_BATAS_AKUN_PER_JAM": "1000000", "PENGADUAN_BATAS_IP_PER_JAM": "1000000", "NOTIFIKASI_LATAR": "1"}

WRK_POST = """
local users, points = {}, {}
for line in io.lines("%(users)s") do users[#users + 1] = line end
for line in io.lines("%(points)s") do points[#points + 1] = line end
local counter = 0
local thread_id = 0
setup = function(thread) thread:set("tid", thread_id); thread_id = thread_id + 1 end
request = function()
  counter = counter + 1
  local session, csrf = users[(counter %% #users) + 1]:match("(%%S+) (%%S+)")
  local lon, lat = points[(counter %% #points) + 1]:match("(%%S+) (%%S+)")
  local cid = string.format("%%08x-0000-4000-8000-%%012x", %(run)d + tid, counter)
  local body = "kategori=sampah&judul=Sampah+" .. counter .. "&deskripsi=Sampah+menumpuk+di+tepi+jalan+desa."
    .. "&lon=" .. lon .. "&lat=" .. lat .. "&client_id=" .. cid
  return wrk.format("POST", "/pengaduan/baru/", {
    ["Cookie"] = "sessionid=" .. session .. "; csrftoken=" .. csrf, ["X-CSRFToken"] = csrf,
    ["Content-Type"] = "application/x-www-form-urlencoded", ["Accept"] = "application/json"}, body)
end
"""


def warga_dan_titik(p: dict) -> tuple[list[tuple[str, str]], list[tuple[float, float]]]:
    """Verified citizens with live sessions, and points inside the demo desa."""
    dasar.django_on_bench_db(p)
    from allauth.account.models import EmailAddress

    from sig.akun.models import User

    sessions = []
    for i in range(WARGA):
        user = User.objects.create_user(f"bench{i}@contoh.id", "bench-sigdesa-2026", nama=f"Warga {i}")
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        sessions.append((dasar.sesi(user), secrets.token_hex(16)))
    with psycopg.connect(dbname=dasar.DB, **p) as conn:
        rows = conn.execute(
            "SELECT ST_X(g), ST_Y(g) FROM (SELECT (ST_Dump(ST_GeneratePoints(batas, 20, 7))).geom g FROM wilayah_desa) s"
        ).fetchall()
    return sessions, rows


def wrk_post(port: int, sessions, points, clients: int, seconds: int) -> tuple[float, float, float, int]:
    folder = Path(tempfile.mkdtemp())
    (folder / "users.txt").write_text("\n".join(f"{s} {c}" for s, c in sessions))
    (folder / "points.txt").write_text("\n".join(f"{x:.7f} {y:.7f}" for x, y in points))
    run = int(time.time()) % 100000 * 100
    lua = WRK_POST % {"users": folder / "users.txt", "points": folder / "points.txt", "run": run} + dasar.WRK_DONE
    try:
        return dasar.wrk_script(port, lua, clients, seconds)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def ledakan(port: int, p: dict, sessions, points) -> None:
    time.sleep(3)  # requests wrk left in flight finish first
    with psycopg.connect(dbname=dasar.DB, **p) as conn:
        before = conn.execute("SELECT count(*) FROM reports_pengaduan").fetchone()[0]
    jobs = [(sessions[i % len(sessions)], str(uuid.uuid4()), points[i % len(points)]) for i in range(200)]

    def kirim(job) -> int:
        (session, csrf), cid, (x, y) = job
        body = urllib.parse.urlencode(
            {
                "kategori": "banjir",
                "judul": "Banjir",
                "deskripsi": "Air meluap ke jalan.",
                "lon": x,
                "lat": y,
                "client_id": cid,
            }
        ).encode()
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/pengaduan/baru/",
            data=body,
            headers={
                "Cookie": f"sessionid={session}; csrftoken={csrf}",
                "X-CSRFToken": csrf,
                "Accept": "application/json",
            },
        )
        with urllib.request.urlopen(request, timeout=120) as response:  # noqa: S310 (loopback)
            return response.status

    start = time.perf_counter()
    with ThreadPoolExecutor(200) as pool:
        statuses = list(pool.map(kirim, jobs + jobs[::4]))
    took = time.perf_counter() - start
    with psycopg.connect(dbname=dasar.DB, **p) as conn:
        after = conn.execute("SELECT count(*) FROM reports_pengaduan").fetchone()[0]
    print(
        f"  200 concurrent submissions + 50 replays in {took:.1f} s: 201×{statuses.count(201)}, 200×{statuses.count(200)}; "
        f"rows stored {after - before} (expected 200)"
    )


def _statis(route) -> None:
    """Static files straight from disk, as nginx serves them in production (gunicorn does not)."""
    from django.contrib.staticfiles import finders

    rel = urllib.parse.urlparse(route.request.url).path.removeprefix("/static/")
    found = finders.find(rel)
    if found:
        route.fulfill(path=found, headers={"Cache-Control": "public, max-age=86400"})
    else:
        route.fulfill(status=404)


def portal_render(port: int) -> None:
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, headless=True, args=["--no-sandbox", "--disable-gpu"])
        samples = []
        for _ in range(5):
            context = browser.new_context(viewport={"width": 1280, "height": 800})
            page = context.new_page()
            page.route("https://tile.openstreetmap.org/**", lambda route: route.abort())
            page.route(f"http://127.0.0.1:{port}/static/**", _statis)
            start = time.perf_counter()
            page.goto(f"http://127.0.0.1:{port}/peta/")
            page.wait_for_selector("#peta-portal[data-siap='1']")
            ready = time.perf_counter() - start
            while int(page.get_attribute("#peta-portal", "data-dimuat") or 0) < 3:
                time.sleep(0.01)
            samples.append((ready, time.perf_counter() - start))
            context.close()
        browser.close()
    samples.sort(key=lambda s: s[1])
    ready, drawn = samples[len(samples) // 2]
    print(
        f"  /peta/ (median of 5 cold contexts): map ready {ready * 1000:.0f} ms, first layers drawn {drawn * 1000:.0f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--fitur", type=int, default=100_000)
    parser.add_argument("--klien", type=int, default=8)
    parser.add_argument("--detik", type=int, default=10)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("This benchmark needs wrk as load generator: apt-get install wrk")
    p = dasar.params()
    env = {**dasar.siapkan(p, args.fitur), **LIMITS}
    sessions, points = warga_dan_titik(p)
    port = dasar.free_port()
    server = dasar.serve(env, port)
    try:
        print(f"\n(a) complaint POST vs /ping, {args.klien} connections, {args.detik} s each (wrk)")
        ping = dasar.wrk(port, ["/ping"], args.klien, args.detik)
        post = wrk_post(port, sessions, points, args.klien, args.detik)
        print(
            f"  /ping                 : {ping[0]:7.1f} req/s  p50 {ping[1]:5.1f} ms  p95 {ping[2]:5.1f} ms  errors {ping[3]}"
        )
        print(
            f"  POST /pengaduan/baru/ : {post[0]:7.1f} req/s  p50 {post[1]:5.1f} ms  p95 {post[2]:5.1f} ms  errors {post[3]}"
        )
        print(f"  ours / reference      : {post[0] / ping[0]:.2f}x")
        print("\n(b) burst")
        ledakan(port, p, sessions, points)
        print("\n(c) portal first render with the 100k-feature demo")
        portal_render(port)
    finally:
        dasar.bereskan(server, p)


if __name__ == "__main__":
    from _laporan import catat

    with catat("pengaduan"):
        main()
