"""Load test: mixed traffic on the 100k-feature demo kecamatan (13 desa), 16 concurrent clients on loopback.

After an unmeasured 8 s warm-up of the tile caches, four wrk processes run at once, 4 connections each: public
portal tiles (z14–z16), GeoJSON by bbox, citizens' complaint POSTs (JSON, unique client ids) and operator inbox
pages (signed-in sessions). Each prints its throughput, p50/p95/p99 and errors; the error rate is over all requests.

    .venv/bin/python bench/beban.py [--fitur 100000] [--detik 20]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import lapisan as dasar
import pengaduan as aduan

dasar.DB = "sigdesa_bench_beban"

GET_LUA = """
local paths = {}
for line in io.lines("%s") do paths[#paths + 1] = line end
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i %% #paths) + 1], %s)
end
"""


def operator_cookie(p: dict) -> str:
    from sig.akun.models import User

    return dasar.sesi(User.objects.filter(peran="admin_kecamatan").first())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--fitur", type=int, default=100_000)
    parser.add_argument("--detik", type=int, default=20)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("This benchmark needs wrk as load generator: apt-get install wrk")
    p = dasar.params()
    env = {**dasar.siapkan(p, args.fitur), **aduan.LIMITS}
    sessions, points = aduan.warga_dan_titik(p)
    operator = operator_cookie(p)
    box = dasar.extent(p)
    tiles = [f"/tiles/portal/{z}/{x}/{y}.pbf" for z in (14, 15, 16) for z, x, y in dasar.tiles_at(box, z)]
    w, s, e, n = box
    step = (e - w) / 6
    geojson = [
        f"/lapisan/aset-desa.geojson?bbox={w + i * step:.5f},{s:.5f},{w + (i + 1) * step:.5f},{n:.5f}" for i in range(6)
    ] + [f"/lapisan/pengaduan-warga.geojson?bbox={w:.5f},{s:.5f},{e:.5f},{n:.5f}"]
    inbox = ["/kelola/pengaduan/", "/kelola/pengaduan/?status=terbuka", "/kelola/pengaduan/?hal=2"]
    port = dasar.free_port()
    server = dasar.serve(env, port)
    folder = Path(tempfile.mkdtemp())
    try:
        scripts = {}
        for name, paths, headers in (
            ("petak portal", tiles, "nil"),
            ("GeoJSON", geojson, "nil"),
            ("halaman operator", inbox, '{["Cookie"] = "sessionid=' + operator + '"}'),
        ):
            (folder / f"{len(scripts)}.txt").write_text("\n".join(paths))
            scripts[name] = GET_LUA % (folder / f"{len(scripts)}.txt", headers) + dasar.WRK_DONE
        (folder / "users.txt").write_text("\n".join(f"{a} {b}" for a, b in sessions))
        (folder / "points.txt").write_text("\n".join(f"{x:.7f} {y:.7f}" for x, y in points))
        scripts["POST pengaduan"] = (
            aduan.WRK_POST
            % {"users": folder / "users.txt", "points": folder / "points.txt", "run": int(time.time()) % 100000 * 100}
            + dasar.WRK_DONE
        )
        # Warm the per-process tile caches the way a running portal has them (not measured).
        dasar.wrk_lengkap(port, scripts["petak portal"], 8, 8)
        print(f"\nmixed load, 16 connections (4 per kind), {args.detik} s, tile caches warmed for 8 s first")
        with ThreadPoolExecutor(4) as pool:
            futures = {name: pool.submit(dasar.wrk_lengkap, port, lua, 4, args.detik) for name, lua in scripts.items()}
            hasil = {name: f.result() for name, f in futures.items()}
        total = sum(r["N"] for r in hasil.values())
        errors = sum(r["ERR"] for r in hasil.values())
        for name, r in hasil.items():
            print(
                f"  {name:<17}: {r['RPS']:7.1f} req/s  p50 {r['P50']:6.1f} ms  p95 {r['P95']:6.1f} ms  "
                f"p99 {r['P99']:6.1f} ms  errors {int(r['ERR'])}"
            )
        print(
            f"  total: {total:.0f} requests, {sum(r['RPS'] for r in hasil.values()):.1f} req/s, error rate {100 * errors / max(total, 1):.2f}%"
        )
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        dasar.bereskan(server, p)


if __name__ == "__main__":
    from _laporan import catat

    with catat("beban"):
        main()
