"""Benchmark: our importer vs `ogr2ogr -f PostgreSQL` (COPY) on the same generated shapefile.

100k polygons in UTM 48S with a cp1252 attribute table (no .cpg) and 1% bow-tie rings, imported into
`lahan` of one large desa in a scratch database on the same PostGIS. Prints features/s of both, the ratio,
our peak RSS, and compares the end states (rows, validity, total area).

    .venv/bin/python bench/import_vs_ogr2ogr.py [--n 100000]
"""

from __future__ import annotations

import argparse
import os
import resource
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
box = MultiPolygon(Polygon.from_bbox((107.70, -7.35, 107.95, -7.10)), srid=4326)
kab = Kabupaten.objects.create(kode='32.05', nama='Garut')
kec = Kecamatan.objects.create(kode='32.05.99', nama='Bench', kabupaten=kab, batas=box)
Desa.objects.create(kode='32.05.99.2001', nama='Bench', kecamatan=kec, batas=box)
"""
    subprocess.run([sys.executable, "manage.py", "shell", "-c", code], cwd=ROOT, env=env, check=True)


def url(params: dict) -> str:
    from urllib.parse import quote

    return f"postgis://{params['user']}@{quote(str(params['host']), safe='')}:{params['port']}/{DB}"


def run_ours(archive: Path, params: dict) -> tuple[float, float]:
    env = {**os.environ, "DATABASE_URL": url(params), "DJANGO_SETTINGS_MODULE": "sig.settings.dev", "DEBUG": "0"}
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "manage.py", "import_layer", str(archive), "--tujuan", "lahan", "--desa", "32.05.99.2001"],
        cwd=ROOT,
        env=env,
        check=True,
        stderr=subprocess.DEVNULL,
    )
    elapsed = time.perf_counter() - start
    rss_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return elapsed, rss_mb


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
        ours = conn.execute(
            "SELECT count(*), bool_and(ST_IsValid(geometri)), sum(ST_Area(geometri::geography)) "
            "FROM assets_lahanpertanian"
        ).fetchone()
        ogr = conn.execute(
            "SELECT count(*), bool_and(ST_IsValid(geom)), sum(ST_Area(geom::geography)) FROM ogr_persil"
        ).fetchone()
        names = conn.execute("SELECT count(*) FROM assets_lahanpertanian WHERE penggarap LIKE '%É%'").fetchone()[0]
    print(f"end state  ours: rows={ours[0]} all_valid={ours[1]} area_ha={ours[2] / 1e4:,.1f}  names_with_É={names}")
    print(f"end state  ogr2ogr: rows={ogr[0]} all_valid={ogr[1]} area_ha={ogr[2] / 1e4:,.1f}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=100_000)
    args = parser.parse_args()
    params = connection_params()
    folder = Path(tempfile.mkdtemp(prefix="bench-impor-"))
    try:
        archive = make_shapefile(folder, args.n)
        setup_database(params)
        ogr_seconds = run_ogr2ogr(archive, params)
        ours_seconds, rss = run_ours(archive, params)
        compare(params)
        ours_rate, ogr_rate = args.n / ours_seconds, args.n / ogr_seconds
        print(
            f"ours      : {ours_seconds:6.2f} s  {ours_rate:9,.0f} features/s  (peak RSS {rss:,.0f} MB, "
            "validation, repair, desa check, upsert and history included)"
        )
        print(f"ogr2ogr   : {ogr_seconds:6.2f} s  {ogr_rate:9,.0f} features/s")
        print(f"ours / reference (features/s): {ours_rate / ogr_rate:.2f}x")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        with psycopg.connect(dbname="postgres", autocommit=True, **params) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)")


if __name__ == "__main__":
    main()
