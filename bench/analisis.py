"""Planner analysis benchmarks on the 100k-parcel demo (scratch database):

(a) zonal statistics of every parcel over a synthetic DEM: ours (parcels read through the scope + exactextract)
    vs exactextract alone on the same raster and polygons;
(b) "area by category per desa" over HTTP (gunicorn) vs executing its single SQL statement directly.

    .venv/bin/python bench/analisis.py [--fitur 100000]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import lapisan as dasar

dasar.DB = "sigdesa_bench_analisis"


def dem(box: tuple[float, float, float, float], path: Path) -> None:
    import rasterio
    from rasterio.transform import from_origin

    from sig.demo import elevasi

    w, s, e, n = box
    step = 0.0001  # ~11 m
    cols, rows = int((e - w) / step) + 1, int((n - s) / step) + 1
    lon = w + (np.arange(cols) + 0.5) * step
    lat = n - (np.arange(rows) + 0.5) * step
    grid = np.array([[elevasi(x, y) for x in lon[::10]] for y in lat[::10]], dtype="float32")
    data = np.kron(grid, np.ones((10, 10), dtype="float32"))[:rows, :cols]
    with rasterio.open(
        path,
        "w",
        driver="GTiff",
        width=cols,
        height=rows,
        count=1,
        dtype="float32",
        crs="EPSG:4326",
        transform=from_origin(w, n, step, step),
        nodata=-9999,
    ) as dst:
        dst.write(data, 1)
    print(f"DEM {cols} × {rows} pixels")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--fitur", type=int, default=100_000)
    parser.add_argument("--tanpa-zonal", action="store_true", help="only (b)")
    args = parser.parse_args()
    p = dasar.params()
    env = dasar.siapkan(p, args.fitur)
    box = dasar.extent(p)
    dasar.django_on_bench_db(p)
    from django.contrib.gis.geos import Polygon
    from django.db import connection
    from exactextract import exact_extract

    from layers.analisis import agregasi_sql
    from layers.models import Lapisan
    from layers.raster_analisis import statistik_zonal, zona_dari_lapisan
    from sig.akun.models import User
    from survei.models import LapisanRaster

    folder = Path(tempfile.mkdtemp())
    path = folder / "dem.tif"
    dem(box, path)
    raster = LapisanRaster.objects.create(
        nama="DEM bench", jenis="dem", berkas=str(path), epsg=4326, lebar=1, tinggi=1, cakupan=Polygon.from_bbox(box)
    )
    admin = User.objects.get(email="admin@demo.sigdesa.id")
    lahan = Lapisan.objects.get(slug="lahan-pertanian")
    zona = zona_dari_lapisan(admin, lahan)
    frame = zona[["fitur_id", "geometry"]].copy()
    if not args.tanpa_zonal:
        print(f"\n(a) zonal statistics (mean, min, max, majority, count) of {len(zona):,} parcels")
        ops = ["mean", "min", "max", "majority", "count"]
        ours = dasar.timed(lambda: statistik_zonal(raster, zona_dari_lapisan(admin, lahan)), 3)
        ref = dasar.timed(lambda: exact_extract(str(path), frame, ops, include_cols=["fitur_id"], output="pandas"), 3)
        print(
            f"  exactextract alone: {ref:.2f} s   ours (scoped read from PostGIS + exactextract): {ours:.2f} s   "
            f"throughput ours / reference: {ref / ours:.2f}x"
        )
    sql, params = agregasi_sql(admin, lahan)
    wrapped = f"SELECT json_agg(r.feature)::text FROM ({sql}) r"

    def raw() -> None:
        with connection.cursor() as cursor:
            cursor.execute(wrapped, params)
            cursor.fetchone()

    port = dasar.free_port()
    server = dasar.serve(env, port)
    try:
        import urllib.request

        session = dasar.sesi(admin)

        def http() -> None:
            request = urllib.request.Request(
                f"http://127.0.0.1:{port}/analisis/agregasi.geojson?lapisan=lahan-pertanian",
                headers={"Cookie": f"sessionid={session}"},
            )
            with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 (loopback)
                response.read()

        print(f"\n(b) area by category per desa, {len(zona):,} parcels")
        ours_ms, raw_ms = dasar.timed(http, 10) * 1000, dasar.timed(raw, 10) * 1000
        print(
            f"  ours over HTTP: p50 {ours_ms:.0f} ms   its SQL alone: p50 {raw_ms:.0f} ms   ours / reference: {ours_ms / raw_ms:.2f}x"
        )
    finally:
        dasar.bereskan(server, p)


if __name__ == "__main__":
    from _laporan import catat

    with catat("analisis"):
        main()
