"""Benchmark: our importer vs `ogr2ogr -f PostgreSQL` (COPY) on the same generated shapefile.

100k polygons in UTM 48S with a cp1252 attribute table (no .cpg) and 1% bow-tie rings, imported into
`lahan` of one large desa in a scratch database on the same PostGIS. Prints features/s of both, the ratio,
our peak RSS (the importing process and its sandboxed reader), and compares the end states (rows, validity,
total area). The desa holds up to 1M features (a 40 km grid).

    .venv/bin/python bench/import_vs_ogr2ogr.py [--n 100000]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import geopandas as gpd
import numpy as np
import psycopg
import shapely

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DB = "sigdesa_bench_impor"


def connection_params() -> dict:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sig.settings.dev")
    import django
    from django.conf import settings

    django.setup()
    db = settings.DATABASES["default"]
    return {"host": db["HOST"], "port": db["PORT"] or 5432, "user": db["USER"], "password": db["PASSWORD"] or None}


def make_shapefile(folder: Path, n: int) -> Path:
    side = int(np.ceil(np.sqrt(n)))
    cell = 35.0  # metres
    x0, y0 = 806000.0, 9196000.0  # UTM 48S, Garut
    i = np.arange(n)
    xs, ys = x0 + (i % side) * (cell + 5), y0 + (i // side) * (cell + 5)
    geoms = shapely.box(xs, ys, xs + cell, ys + cell)
    bad = i[::100]  # 1% bow-ties
    geoms[bad] = [
        shapely.Polygon([(x, y), (x + cell, y + cell), (x + cell, y), (x, y + cell), (x, y)])
        for x, y in zip(xs[bad], ys[bad], strict=True)
    ]
    names = np.array(["Pa Énté", "Bu Ëuis", "Kel. Tani Mekar Ñ", "Dadang"])[i % 4]
    frame = gpd.GeoDataFrame(
        {
            "ID_PERSIL": [f"P{k:06d}" for k in i],
            "KOMODITI": np.where(i % 3, "Padi", "Kopi Arabika"),
            "PENGAIRAN": np.where(i % 2, "Teknis", "Tadah hujan"),
            "PROD": ["6,5"] * n,
            "PEMILIK": names,
        },
        geometry=geoms,
        crs=32748,
    )
    shp = folder / "PERSIL.shp"
    frame.to_file(shp, engine="pyogrio", encoding="cp1252")
    for cpg in folder.glob("*.cpg"):
        cpg.unlink()
    archive = folder / "persil.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for f in folder.glob("PERSIL.*"):
            zf.write(f, f.name)
    return archive


def setup_database(params: dict) -> None:
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {DB}")
    env = {**os.environ, "DATABASE_URL": url(params), "DJANGO_SETTINGS_MODULE": "sig.settings.dev"}
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    code = """
from sig.wilayah.models import Kabupaten, Kecamatan, Desa
from django.contrib.gis.geos import Polygon, MultiPolygon
box = MultiPolygon(Polygon.from_bbox((107.70, -7.35, 108.20, -6.85)), srid=4326)
kab = Kabupaten.objects.create(kode='32.05', nama='Garut')
kec = Kecamatan.objects.create(kode='32.05.99', nama='Bench', kabupaten=kab, batas=box)
Desa.objects.create(kode='32.05.99.2001', nama='Bench', kecamatan=kec, batas=box)
"""
    subprocess.run([sys.executable, "manage.py", "shell", "-c", code], cwd=ROOT, env=env, check=True)


def url(params: dict) -> str:
    from urllib.parse import quote

    return f"postgis://{params['user']}@{quote(str(params['host']), safe='')}:{params['port']}/{DB}"


OURS = """
import os, sys, time
sys.path.insert(0, {root!r})
sys.path.insert(0, {bench!r})
import django
django.setup()
from pathlib import Path
from _rss import PuncakRss
from importers.pipeline import Permintaan, run_import
from sig.wilayah.models import Desa
desa = Desa.objects.get(kode="32.05.99.2001")
with PuncakRss() as rss:
    start = time.perf_counter()
    run = run_import(Permintaan(berkas=Path({archive!r}), nama_berkas="persil.zip", target={target!r}, desa=desa,
                                nama_lapisan="Persil survei", paksa=True))
    seconds = time.perf_counter() - start
print(seconds, rss.sendiri_mb, rss.anak_mb, run.status, run.dibuat)
"""


def run_ours(archive: Path, params: dict, target: str) -> tuple[float, float, float, float]:
    """(pipeline seconds, whole process seconds incl. interpreter and Django start, peak RSS MB of the importing
    process, of its largest sandbox child)."""
    env = {**os.environ, "DATABASE_URL": url(params), "DJANGO_SETTINGS_MODULE": "sig.settings.dev", "DEBUG": "0"}
    start = time.perf_counter()
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            OURS.format(root=str(ROOT), bench=str(ROOT / "bench"), archive=str(archive), target=target),
        ],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    wall = time.perf_counter() - start
    pipeline, rss, rss_anak, status, created = float(out[0]), float(out[1]), float(out[2]), out[3], out[4]
    assert status == "selesai", status
    print(f"ours ({target}): status {status}, {created} created")
    return pipeline, wall, rss, rss_anak


def run_ogr2ogr(archive: Path, params: dict) -> float:
    pg = f"PG:host={params['host']} port={params['port']} dbname={DB} user={params['user']}"
    start = time.perf_counter()
    subprocess.run(
        [
            "ogr2ogr",
            "-f",
            "PostgreSQL",
            pg,
            f"/vsizip/{archive}",
            "-nln",
            "ogr_persil",
            "-overwrite",
            "-lco",
            "GEOMETRY_NAME=geom",
            "-t_srs",
            "EPSG:4326",
            "-nlt",
            "PROMOTE_TO_MULTI",
            "-makevalid",
            "-oo",
            "ENCODING=CP1252",
            "--config",
            "PG_USE_COPY",
            "YES",
        ],
        check=True,
    )
    return time.perf_counter() - start


def compare(params: dict) -> None:
    with psycopg.connect(dbname=DB, **params) as conn:
        rows = {
            "ours → lahan (domain model)": conn.execute(
                "SELECT count(*), bool_and(ST_IsValid(geometri)), sum(ST_Area(geometri::geography)), "
                "count(*) FILTER (WHERE penggarap LIKE '%É%') FROM assets_lahanpertanian"
            ).fetchone(),
            "ours → survei (generic layer)": conn.execute(
                "SELECT count(*), bool_and(ST_IsValid(geometri)), sum(ST_Area(geometri::geography)), "
                "count(*) FILTER (WHERE atribut->>'PEMILIK' LIKE '%É%') FROM importers_fitursurvei"
            ).fetchone(),
            "ogr2ogr": conn.execute(
                "SELECT count(*), bool_and(ST_IsValid(geom)), sum(ST_Area(geom::geography)), "
                "count(*) FILTER (WHERE pemilik LIKE '%É%') FROM ogr_persil"
            ).fetchone(),
        }
    for name, (count, valid, area, accented) in rows.items():
        print(f"end state  {name:<32} rows={count} all_valid={valid} area_ha={area / 1e4:,.1f} names_with_É={accented}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=100_000)
    args = parser.parse_args()
    params = connection_params()
    folder = Path(tempfile.mkdtemp(prefix="bench-impor-"))
    try:
        archive = make_shapefile(folder, args.n)
        setup_database(params)
        beban = os.getloadavg()[0]
        ogr_seconds = run_ogr2ogr(archive, params)
        ogr_rate = args.n / ogr_seconds
        results = {target: run_ours(archive, params, target) for target in ("survei", "lahan")}
        compare(params)
        print(f"ogr2ogr        : {ogr_seconds:6.2f} s  {ogr_rate:9,.0f} features/s")
        for target, (seconds, wall, rss, rss_anak) in results.items():
            rate = args.n / seconds
            print(
                f"ours → {target:<7} : {seconds:6.2f} s  {rate:9,.0f} features/s  ours / reference = "
                f"{rate / ogr_rate:.2f}x  (whole process incl. Python start {wall:.2f} s: "
                f"{args.n / wall / ogr_rate:.2f}x; peak RSS {rss:,.0f} MB, sandbox reader {rss_anak:,.0f} MB)"
            )
        print(f"load average (1 min) before / after: {beban:.1f} / {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        print(
            "(run_import includes CRS transform, encoding detection, validation and repair, desa check, "
            "upsert; lahan adds typed columns, constraints, one spheroid area per row (trigger), its indexes (one spatial) and history rows)"
        )
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        with psycopg.connect(dbname="postgres", autocommit=True, **params) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)")


if __name__ == "__main__":
    from _laporan import catat

    with catat("import_vs_ogr2ogr"):
        main()
