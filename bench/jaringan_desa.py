"""The portal's first load on a rural phone link: Chrome's network emulation (150 ms latency, 1.6 Mbit/s down,
360×740) on a kabupaten-sized install (the demo with its parcels, plus ~450 generated desa in ~40 kecamatan).
The default view and a z16 view, each with the online basemap reachable (answered locally with a small PNG;
there is no internet here) and unreachable (its requests fail); each drawn both ways the portal draws: vector
tiles by MapLibre ("vektor": chromium with WebGL in software) and GeoJSON ("geojson": WebGL off, the fallback);
each served with static files as they leave Django's development server ("mentah": uncompressed) and gzipped
as nginx sends them in production ("gzip"). Prints bytes over the wire, time to quiet (no request for 1 s) and
page errors beside the figures measured before issue 17 (1,400 KB / 8.5 s).

    .venv/bin/python bench/jaringan_desa.py [--fitur 100000] [--desa 450] [--kecamatan 40]

The servers are Django's own on loopback: runserver --insecure, and bench/_runserver_gzip.py."""

from __future__ import annotations

import argparse
import io
import math
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import lapisan as dasar

dasar.DB = os.environ.get("BENCH_DB", "sigdesa_bench_jaringan")  # a helper's own scratch database
ROOT = Path(__file__).resolve().parent.parent
SEBELUM = {"kb": 1400, "detik": 8.5}  # issue 17, measured on the kabupaten install before this work
JARINGAN = {"offline": False, "latency": 150, "downloadThroughput": 1.6e6 / 8, "uploadThroughput": 0.75e6 / 8}
# How the portal draws (tests/e2e/conftest.py uses the same flags): WebGL in software, or none.
MODE = {
    "vektor": ["--use-gl=angle", "--use-angle=swiftshader", "--enable-unsafe-swiftshader"],
    "geojson": ["--disable-webgl"],
}


def kabupaten(p: dict, desa: int, kecamatan: int) -> None:
    """~`desa` desa in `kecamatan` kecamatan beside the demo, as a grid of slightly irregular boxes."""
    dasar.django_on_bench_db(p)
    from django.contrib.gis.geos import MultiPolygon, Polygon

    from sig.wilayah.models import Desa, Kecamatan

    kab = Kecamatan.objects.first().kabupaten
    bebas = iter(
        sorted({f"{kab.kode}.{n:02d}" for n in range(10, 100)} - set(Kecamatan.objects.values_list("kode", flat=True)))
    )
    per = math.ceil(desa / kecamatan)
    side = math.ceil(math.sqrt(per))
    step = 0.02  # about 2.2 km
    dibuat = 0
    for k in range(kecamatan):
        x0 = 107.55 + (k % 8) * side * step
        y0 = -7.45 - (k // 8) * side * step
        kec = Kecamatan.objects.create(
            kabupaten=kab,
            kode=next(bebas),
            nama=f"Kecamatan Uji {k + 1}",
            batas=MultiPolygon(Polygon.from_bbox((x0, y0 - side * step, x0 + side * step, y0)), srid=4326),
        )
        rows = []
        for i in range(min(per, desa - dibuat)):
            cx, cy = x0 + (i % side) * step, y0 - (i // side) * step
            wobble = [((cx + cy) * 997 + j) % 1 * step * 0.1 for j in range(4)]
            ring = [
                (cx, cy),
                (cx + step / 2, cy + wobble[0] - step * 0.05),
                (cx + step, cy),
                (cx + step + wobble[1] - step * 0.05, cy - step / 2),
                (cx + step, cy - step),
                (cx + step / 2, cy - step + wobble[2] - step * 0.05),
                (cx, cy - step),
                (cx + wobble[3] - step * 0.05, cy - step / 2),
                (cx, cy),
            ]
            rows.append(
                Desa(
                    kecamatan=kec,
                    kode=f"{kec.kode}.{2001 + i}",
                    nama=f"Desa Uji {k + 1}-{i + 1}",
                    jenis="desa",
                    batas=MultiPolygon(Polygon(ring), srid=4326),
                )
            )
        Desa.objects.bulk_create(rows)
        dibuat += len(rows)
    print(f"kabupaten: {Desa.objects.count()} desa in {Kecamatan.objects.count()} kecamatan")


def runserver(env: dict, port: int, gzip: bool = False) -> subprocess.Popen:
    perintah = ["manage.py", "runserver", "--insecure", "--noreload", f"127.0.0.1:{port}"]
    if gzip:
        perintah = [str(ROOT / "bench" / "_runserver_gzip.py"), str(port)]
    process = subprocess.Popen(
        [sys.executable, *perintah],
        cwd=ROOT,
        env={**env, "DEBUG": "0", "ALLOWED_HOSTS": "127.0.0.1", "CONN_MAX_AGE": "600"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return dasar.tunggu_siap(process, port, "runserver")


def badan_statis(url: str, gzip: bool) -> int:
    """Bytes of a static file as served (raw or gzipped): Chromium reports no body size for a worker's own script
    (MapLibre's), so that one is counted from the file."""
    import gzip as gz
    from urllib.parse import unquote, urlsplit

    from django.contrib.staticfiles import finders

    path = unquote(urlsplit(url).path)
    found = finders.find(path.removeprefix("/static/")) if path.startswith("/static/") else None
    if not found:
        return 0
    data = Path(str(found)).read_bytes()
    return len(gz.compress(data, 6)) if gzip else len(data)


def ukur(browser, url: str, basemap: bool, gzip: bool) -> dict:
    """One cold load in a fresh context: bytes (encoded, as on the wire, headers included), time to quiet, page
    errors. Requests are counted from the browser context, so MapLibre's worker's tile requests count too (the
    page's network emulation throttles them as well); the service worker is kept out, as it would fetch for the
    page where no session sees it."""
    from PIL import Image

    png = io.BytesIO()
    Image.new("RGB", (256, 256), (200, 220, 200)).save(png, "PNG")
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, locale="id-ID", has_touch=True, service_workers="block"
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    if basemap:
        page.route(
            "https://tile.openstreetmap.org/**", lambda r: r.fulfill(body=png.getvalue(), content_type="image/png")
        )
    else:
        page.route("https://tile.openstreetmap.org/**", lambda r: r.abort())
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", JARINGAN)
    state = {"last": time.perf_counter(), "open": 0, "requests": 0}
    selesai_semua: list = []

    def mulai(_r) -> None:  # type: ignore[no-untyped-def]
        state["open"] += 1
        state["requests"] += 1
        state["last"] = time.perf_counter()

    def selesai(r) -> None:  # type: ignore[no-untyped-def]
        selesai_semua.append(r)
        gagal(r)

    def gagal(_r) -> None:  # type: ignore[no-untyped-def]
        state["open"] = max(0, state["open"] - 1)
        state["last"] = time.perf_counter()

    context.on("request", mulai)
    context.on("requestfinished", selesai)
    context.on("requestfailed", gagal)
    start = time.perf_counter()
    page.goto(url, wait_until="commit")
    while time.perf_counter() - start < 60:
        page.wait_for_timeout(100)
        if state["open"] == 0 and time.perf_counter() - state["last"] >= 1.0:
            break
    total = 0
    for r in selesai_semua:
        u = r.sizes()
        badan = u["responseBodySize"]
        if not badan and r.response() and r.response().status == 200:
            badan = badan_statis(r.url, gzip)
        total += badan + u["responseHeadersSize"]
    hasil = {
        "kb": total / 1024,
        "detik": state["last"] - start,
        "permintaan": state["requests"],
        "galat": len(errors),
        "peta_dasar": page.evaluate(
            "() => (document.getElementById('peta-portal') || {dataset: {}}).dataset.petaDasar"
        ),
        "render": page.evaluate("() => (document.getElementById('peta-portal') || {dataset: {}}).dataset.render"),
    }
    context.close()
    return hasil


def _params() -> dict:
    """The cluster of DATABASE_URL when set (a worktree without its own cluster), else the embedded one."""
    from urllib.parse import unquote, urlsplit

    if not os.environ.get("DATABASE_URL"):
        return dasar.params()
    u = urlsplit(os.environ["DATABASE_URL"])
    return {"host": unquote(u.hostname or ""), "port": u.port or 5432, "user": u.username}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--fitur", type=int, default=100_000)
    parser.add_argument("--desa", type=int, default=450)
    parser.add_argument("--kecamatan", type=int, default=40)
    parser.add_argument("--lanjut", action="store_true", help="keep the bench database a previous run generated")
    args = parser.parse_args()
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    p = _params()
    if args.lanjut:
        env = {**os.environ, "DATABASE_URL": dasar.url(p), "DJANGO_SETTINGS_MODULE": "sig.settings.dev", "DEBUG": "0"}
    else:
        env = dasar.siapkan(p, args.fitur)
    kabupaten(p, args.desa, args.kecamatan)
    port, port_gzip = dasar.free_port(), dasar.free_port()
    server = runserver(env, port)
    server_gzip = runserver(env, port_gzip, gzip=True)
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        from playwright.sync_api import sync_playwright

        from assets.models import LahanPertanian

        pusat = LahanPertanian.objects.order_by("pk").first().geometri.centroid  # z16 over the demo's parcels
        views = {
            "default": "/peta/",
            "z16": f"/peta/#peta=16/{pusat.y:.5f}/{pusat.x:.5f}",
        }
        with sync_playwright() as pw:
            print(
                f"{'mode':<8} {'static':<7} {'view':<8} {'basemap':<12} {'KB':>6} {'quiet s':>8} {'req':>4} {'err':>4}"
                f"  {'drawn':<8} {'shown':<7} | before"
            )
            for mode, flags in MODE.items():
                browser = pw.chromium.launch(executable_path=chromium, headless=True, args=["--no-sandbox", *flags])
                for statis, p_ in (("mentah", port), ("gzip", port_gzip)):
                    gzip = statis == "gzip"
                    ukur(browser, f"http://127.0.0.1:{p_}{views['default']}", True, gzip)  # warm the caches
                    for nama, path in views.items():
                        for basemap in (True, False):
                            r = ukur(browser, f"http://127.0.0.1:{p_}{path}", basemap, gzip)
                            label = "reachable" if basemap else "unreachable"
                            print(
                                f"{mode:<8} {statis:<7} {nama:<8} {label:<12} {r['kb']:6.0f} {r['detik']:8.1f}"
                                f" {r['permintaan']:4d} {r['galat']:4d}  {r['render'] or '-':<8}"
                                f" {r['peta_dasar'] or '-':<7} | {SEBELUM['kb']:,} KB / {SEBELUM['detik']} s"
                                f" (ours/before: {r['kb'] / SEBELUM['kb']:.2f} bytes,"
                                f" {r['detik'] / SEBELUM['detik']:.2f} time)"
                            )
                browser.close()
    finally:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        server_gzip.terminate()
        server_gzip.wait(timeout=30)
        dasar.bereskan(server, p)


if __name__ == "__main__":
    from _laporan import catat

    with catat("jaringan_desa"):
        main()
