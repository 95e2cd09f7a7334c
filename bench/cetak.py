"""Printed map benchmark on the 100k-parcel demo (scratch database): an A4 landscape map of the whole kecamatan
with farmland, assets and projects, as PDF and PNG —

    ours: /peta/cetak.pdf|png over HTTP (gunicorn), i.e. scoped reads, simplification in PostGIS, compound paths,
          legend with counts, scale bar, north arrow;
    reference: the plain GeoPandas way on the same machine — read_postgis of the same public features in the
          same UTM zone, GeoDataFrame.plot(column=..., categorical=True, legend=True) and savefig.

    .venv/bin/python bench/cetak.py [--fitur 100000]
"""

from __future__ import annotations

import argparse
import io
import sys
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import lapisan as dasar

dasar.DB = "sigdesa_bench_cetak"
warnings.filterwarnings("ignore", message="pandas only supports SQLAlchemy")  # the reference reads via psycopg
LAPISAN = "lahan-pertanian,aset-desa,proyek-pembangunan"


def referensi(fmt: str, epsg: int) -> int:
    import geopandas as gpd
    from django.db import connection
    from matplotlib.figure import Figure

    fig = Figure(figsize=(297 / 25.4, 210 / 25.4))
    ax = fig.add_axes((0.04, 0.08, 0.7, 0.82))
    connection.ensure_connection()
    engine = connection.connection  # the Django connection's psycopg connection
    for sql, column in (
        (
            f"SELECT ST_Transform(geometri, {epsg}) AS geom, komoditas FROM assets_lahanpertanian WHERE publik",
            "komoditas",
        ),
        (f"SELECT ST_Transform(geometri, {epsg}) AS geom, golongan FROM assets_asetdesa WHERE publik", "golongan"),
        (f"SELECT ST_Transform(geometri, {epsg}) AS geom, status FROM assets_proyekpembangunan WHERE publik", "status"),
    ):
        frame = gpd.read_postgis(sql, engine, geom_col="geom", crs=epsg)
        frame.plot(ax=ax, column=column, categorical=True, legend=True, alpha=0.6, linewidth=0.3)
    gpd.read_postgis(
        f"SELECT ST_Transform(batas, {epsg}) AS geom FROM wilayah_desa", engine, geom_col="geom"
    ).boundary.plot(ax=ax, color="#166534", linewidth=0.7)
    ax.set_title("Peta SIG Desa")
    out = io.BytesIO()
    fig.savefig(out, format=fmt, dpi=200 if fmt == "pdf" else 150)
    return len(out.getvalue())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--fitur", type=int, default=100_000)
    args = parser.parse_args()
    p = dasar.params()
    env = dasar.siapkan(p, args.fitur)
    dasar.django_on_bench_db(p)

    from layers.analisis import zona_utm

    box = dasar.extent(p)
    epsg = zona_utm((box[0] + box[2]) / 2, (box[1] + box[3]) / 2)
    port = dasar.free_port()
    server = dasar.serve(env, port)
    try:
        print(f"\nA4 landscape map of the kecamatan, layers {LAPISAN} ({args.fitur:,} parcels)")
        for fmt in ("pdf", "png"):
            path = f"/peta/cetak.{fmt}?lapisan={LAPISAN}"
            data = dasar.fetch(port, path)  # warms the font cache of the workers as well
            ours = dasar.timed(lambda path=path: dasar.fetch(port, path), 5)
            size = referensi(fmt, epsg)
            ref = dasar.timed(lambda fmt=fmt: referensi(fmt, epsg), 3)
            print(
                f"  {fmt.upper()}: ours over HTTP p50 {ours:.2f} s ({len(data) / 1e6:.1f} MB)   "
                f"GeoPandas plot + savefig p50 {ref:.2f} s ({size / 1e6:.1f} MB)   ours / reference: {ours / ref:.2f}x"
            )
    finally:
        dasar.bereskan(server, p)


if __name__ == "__main__":
    from _laporan import catat

    with catat("cetak"):
        main()
