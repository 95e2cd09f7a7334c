"""Live feed benchmark: what a poll of /peta/terkini.json costs when nothing changed (304 after one version
read) against the full answer (the newest 20 public complaints of a kecamatan, with a hashtag filter), on a
scratch database with N public complaints. In-process (Django test client, DEBUG off): view + middleware cost,
no network.

    .venv/bin/python bench/terkini.py [--aduan 20000] [--ulang 300]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import psycopg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # this checkout's apps, not an installed copy
DB = "sigdesa_bench_terkini"
HOST = os.environ.get("SIG_BENCH_PGHOST", str(ROOT / ".data" / "run"))


def siapkan(aduan: int) -> None:
    with psycopg.connect(dbname="postgres", user="sigdesa", host=HOST, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {DB}")
    os.environ.update(
        DATABASE_URL=f"postgis://sigdesa@{quote(HOST, safe='')}:5432/{DB}",
        DJANGO_SETTINGS_MODULE="sig.settings.dev",
        DEBUG="0",
        ALLOWED_HOSTS="testserver",
    )
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, check=True)
    import django

    django.setup()
    from django.contrib.gis.geos import MultiPolygon, Point, Polygon

    from reports.models import KategoriPengaduan, Pengaduan, kode_lacak_baru
    from sig.wilayah.models import Desa, Kabupaten, Kecamatan

    kotak = MultiPolygon(Polygon(((107.8, -7.3), (107.9, -7.3), (107.9, -7.2), (107.8, -7.2), (107.8, -7.3))))
    kab = Kabupaten.objects.create(kode="32.05", nama="Garut", provinsi="Jawa Barat")
    kec = Kecamatan.objects.create(kabupaten=kab, kode="32.05.07", nama="Samarang", batas=kotak)
    desa = [
        Desa.objects.create(kecamatan=kec, kode=f"32.05.07.{2001 + i}", nama=f"Desa {i}", batas=kotak)
        for i in range(13)
    ]
    kategori = list(KategoriPengaduan.objects.values_list("kode", flat=True))
    rng = random.Random(7)  # noqa: S311 (test data)
    rows = [
        Pengaduan(
            kode_lacak=kode_lacak_baru(),
            desa=rng.choice(desa),
            kategori_id=rng.choice(kategori),
            judul=f"Laporan {i}",
            deskripsi="Uraian laporan uji.",
            lokasi=Point(107.8 + rng.random() / 10, -7.3 + rng.random() / 10, srid=4326),
            tersembunyi=rng.random() < 0.05,
        )
        for i in range(aduan)
    ]
    Pengaduan.objects.bulk_create(rows, batch_size=5000)
    with django.db.connection.cursor() as cursor:
        cursor.execute("ANALYZE reports_pengaduan")


def ukur(client, ulang: int, sebelum=None, **headers: str) -> tuple[float, int]:
    waktu, status = [], 0
    for _ in range(ulang):
        if sebelum:
            sebelum()
        start = time.perf_counter()
        r = client.get("/peta/terkini.json", {"kecamatan": "32.05.07", "tagar": "banjir"}, **headers)
        waktu.append((time.perf_counter() - start) * 1000)
        status = r.status_code
    return statistics.median(waktu), status


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--aduan", type=int, default=20000)
    ap.add_argument("--ulang", type=int, default=300)
    args = ap.parse_args()
    siapkan(args.aduan)
    from django.test import Client

    client = Client()
    etag = client.get("/peta/terkini.json", {"kecamatan": "32.05.07", "tagar": "banjir"})["ETag"]
    from django.core.cache import cache

    penuh, s_penuh = ukur(client, args.ulang, sebelum=lambda: cache.delete(f"terkini:{etag}"))
    bersama, s_bersama = ukur(client, args.ulang)
    kosong, s_kosong = ukur(client, args.ulang, HTTP_IF_NONE_MATCH=etag)
    assert (s_penuh, s_bersama, s_kosong) == (200, 200, 304), (s_penuh, s_bersama, s_kosong)
    print(f"{args.aduan} public complaints, kecamatan + #banjir, {args.ulang} polls each (median)")
    print(f"  reference: answer built (query + JSON):        {penuh:.2f} ms")
    print(f"  after a change, answer shared from the cache:  {bersama:.2f} ms  ({bersama / penuh:.2f})")
    print(f"  unchanged, 304 after the version read (ours):  {kosong:.2f} ms")
    print(f"  ours / reference: {kosong / penuh:.2f}")
    with psycopg.connect(dbname="postgres", user="sigdesa", host=HOST, autocommit=True) as conn:
        from django.db import connections

        connections.close_all()
        conn.execute(f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)")


if __name__ == "__main__":
    from _laporan import catat

    with catat("terkini"):
        main()
