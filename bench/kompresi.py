"""Bytes a phone downloads, with and without compression (scratch database on the embedded PostGIS):

(a) the portal's first load: the page, every stylesheet and script it references (as nginx sends them with
    gzip_static: `gzip -9` copies made at build time) and the vector tiles of its first view;
(b) a 5,000-parcel GeoJSON from the layer endpoint (compressed by the app, sig.middleware.KompresiMiddleware).

    .venv/bin/python bench/kompresi.py [--fitur 5000]
"""

from __future__ import annotations

import argparse
import gzip
import re
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import lapisan  # noqa: E402 - the map-serving benchmark's scratch database and server

lapisan.DB = "sigdesa_bench_kompresi"


def ambil(port: int, path: str, gz: bool) -> tuple[int, float, str]:
    """(bytes on the wire, seconds, content encoding) of one GET."""
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}")
    if gz:
        request.add_header("Accept-Encoding", "gzip")
    start = time.perf_counter()
    with urllib.request.urlopen(request, timeout=120) as response:  # noqa: S310 (loopback)
        body = response.read()
        return len(body), time.perf_counter() - start, response.headers.get("Content-Encoding", "")


def aset_statis(html: str) -> list[Path]:
    """Files behind the page's <link href> and <script src> under /static/, found like collectstatic would."""
    from django.contrib.staticfiles import finders

    paths = re.findall(r'(?:href|src)="/static/([^"?#]+)"', html)
    found = [finders.find(p) for p in paths]
    return [Path(f) for f in found if f]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--fitur", type=int, default=5000)
    args = parser.parse_args()
    p = lapisan.params()
    env = lapisan.siapkan(p, args.fitur)
    box = lapisan.extent(p)
    port = lapisan.free_port()
    server = lapisan.serve(env, port)
    try:
        lapisan.django_on_bench_db(p)
        html = lapisan.fetch(port, "/peta/").decode()
        page_plain, _, _ = ambil(port, "/peta/", False)
        page_gz, _, enc = ambil(port, "/peta/", True)
        assert enc == "", "HTML must never be compressed (BREACH)"
        files = aset_statis(html)
        static_plain = sum(f.stat().st_size for f in files)
        static_gz = sum(len(gzip.compress(f.read_bytes(), 9)) for f in files)
        tiles = [t for t in lapisan.tiles_at(box, 13)][:12]
        tile_plain = sum(ambil(port, f"/tiles/portal/{z}/{x}/{y}.pbf", False)[0] for z, x, y in tiles)
        tile_gz = sum(ambil(port, f"/tiles/portal/{z}/{x}/{y}.pbf", True)[0] for z, x, y in tiles)
        plain = page_plain + static_plain + tile_plain
        packed = page_gz + static_gz + tile_gz
        print(f"(a) portal first load: page + {len(files)} assets + {len(tiles)} portal tiles (z13)")
        print(f"    page      {page_plain:>10,} B  gzip {page_gz:>10,} B  (HTML stays uncompressed: BREACH)")
        print(f"    assets    {static_plain:>10,} B  gzip {static_gz:>10,} B")
        print(f"    tiles     {tile_plain:>10,} B  gzip {tile_gz:>10,} B")
        print(f"    total     {plain:>10,} B  gzip {packed:>10,} B  compressed / plain {packed / plain:.3f}")
        bbox = ",".join(f"{v:.6f}" for v in box)
        url = f"/lapisan/lahan-pertanian.geojson?limit=5000&bbox={bbox}"
        for _ in range(2):
            ambil(port, url, True)  # warm up
        plain_b, plain_s, _ = min((ambil(port, url, False) for _ in range(5)), key=lambda r: r[1])
        gz_b, gz_s, enc = min((ambil(port, url, True) for _ in range(5)), key=lambda r: r[1])
        assert enc == "gzip"
        print(f"(b) GeoJSON, {args.fitur:,} parcels in the bbox (limit 5000)")
        print(f"    plain {plain_b:>10,} B in {plain_s * 1000:.0f} ms   gzip {gz_b:>10,} B in {gz_s * 1000:.0f} ms")
        print(f"    compressed / plain {gz_b / plain_b:.3f} ({plain_b / gz_b:.1f}x fewer bytes)")
    finally:
        lapisan.bereskan(server, p)


if __name__ == "__main__":
    from _laporan import catat

    with catat("kompresi"):
        main()
