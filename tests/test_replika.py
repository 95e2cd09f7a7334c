"""Reads on a REAL streaming replica (sig.replika): a hot standby of the cluster that holds the test database,
made by pg_basebackup -R (sig.embedded_replika, the code behind `sig db replica create`). The replica is of the
whole cluster, so the test database pytest-django created on the primary streams to it like any other; the aliases
are registered for this module only and carry TEST MIRROR semantics (never created, never flushed). Replication lag
is made deterministic by pausing WAL replay on the standby (pg_wal_replay_pause)."""

from __future__ import annotations

import copy
import json
import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.conf import settings
from django.db import close_old_connections, connections, transaction
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext

from assets.models import AsetDesa
from reports.models import Pengaduan
from sig import embedded_db, embedded_replika, replika
from tests.assets.test_akses import form_aset
from tests.layers.test_lapisan import decode, tile_of
from tests.reports.conftest import warga  # noqa: F401 (fixture)

HIDUP, MATI = "replika_1", "replika_2"
TULIS = ("INSERT", "UPDATE", "DELETE", "TRUNCATE", "CREATE", "ALTER", "DROP")


@pytest.fixture(scope="session")
def _server_replika(django_db_setup) -> Iterator[embedded_replika.Layout]:
    """A hot standby of the primary's cluster, for the whole session (created once, a few seconds)."""
    try:
        basebackup = embedded_db.pg_bindir() / "pg_basebackup"
    except embedded_db.EmbeddedDbError:
        basebackup = Path("/tidak-ada")
    if not basebackup.exists():
        pytest.skip("pg_basebackup tidak terpasang (paket postgresql-15)")
    utama = connections["default"].settings_dict
    primer = embedded_replika.Primer(host=utama["HOST"], port=int(utama["PORT"] or 5432), user=utama["USER"])
    base = Path(tempfile.mkdtemp(prefix="sigdesa-replika-"))  # /tmp: the postgres user reaches it
    try:
        layout = embedded_replika.buat(primer, base)
        embedded_replika.mulai(layout)
        yield layout
    finally:
        embedded_replika.hentikan(embedded_replika.layout_di(base))
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture(scope="module", autouse=True)
def _alias_replika(_server_replika) -> Iterator[None]:
    """replika_1: the live standby; replika_2: an address where nothing answers. Module-scoped so the aliases
    exist before the test database helper validates `databases`, and vanish for every other module."""
    utama = connections["default"].settings_dict
    for alias, host in ((HIDUP, str(_server_replika.socket_dir)), (MATI, str(_server_replika.socket_dir) + "-mati")):
        config = copy.deepcopy(utama)
        config.update(HOST=host, TEST={**utama["TEST"], "MIRROR": "default"})
        config["OPTIONS"]["connect_timeout"] = 2
        connections.settings[alias] = config
        settings.DATABASES[alias] = config  # the same dict as connections.settings in Django 5.2
    try:
        yield
    finally:
        for alias in (HIDUP, MATI):
            connections[alias].close()
            del connections[alias]
            connections.settings.pop(alias, None)
            settings.DATABASES.pop(alias, None)


pytestmark = pytest.mark.django_db(transaction=True, databases="__all__")


@pytest.fixture(autouse=True)
def _hanya_replika_hidup(monkeypatch):
    """Most tests route to the live replica only; the fallback tests add the dead one. Health state is per test."""
    monkeypatch.setattr(replika, "daftar_replika", lambda: [HIDUP])
    replika._kesehatan.clear()
    yield
    replika._kesehatan.clear()


def tunggu_replika(batas: float = 20.0) -> None:
    """Wait until the standby replayed everything the primary has written so far."""
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_lsn()")
        lsn = cursor.fetchone()[0]
    akhir = time.monotonic() + batas
    while True:
        with connections[HIDUP].cursor() as cursor:
            cursor.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [lsn])
            if cursor.fetchone()[0]:
                return
        assert time.monotonic() < akhir, "replika tidak menyusul dalam batas waktu"
        time.sleep(0.05)


@contextmanager
def replay_dijeda() -> Iterator[None]:
    """Replication lag on demand: the standby keeps receiving WAL but applies none of it."""
    with connections[HIDUP].cursor() as cursor:
        cursor.execute("SELECT pg_wal_replay_pause()")
    try:
        yield
    finally:
        with connections[HIDUP].cursor() as cursor:
            cursor.execute("SELECT pg_wal_replay_resume()")


@contextmanager
def kueri() -> Iterator[tuple[CaptureQueriesContext, CaptureQueriesContext]]:
    """The SQL each database received: (primary, replica)."""
    with CaptureQueriesContext(connections["default"]) as utama, CaptureQueriesContext(connections[HIDUP]) as rep:
        yield utama, rep


def ada(capture: CaptureQueriesContext, teks: str) -> bool:
    return any(teks in q["sql"] for q in capture.captured_queries)


def url_petak(z: int = 14) -> str:
    z, x, y = tile_of(107.82, -7.25, z)
    return f"/tiles/aset-desa/{z}/{x}/{y}.pbf"


def nama_geojson(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [f["properties"]["nama"] for f in json.loads(response.content)["features"]]


def test_public_tiles_geojson_and_ogc_are_read_from_the_replica(client, wilayah, aset_a):
    tunggu_replika()
    with kueri() as (utama, rep):
        tile = client.get(url_petak())
        geo = client.get("/lapisan/aset-desa.geojson")
        ogc = client.get("/ogc/collections/aset-desa/items", HTTP_ACCEPT="application/geo+json")
    assert [f["properties"]["nama"] for f in decode(tile, "aset-desa")] == ["Balai Desa A"]
    assert nama_geojson(geo) == ["Balai Desa A"]
    assert ogc.status_code == 200 and "Balai Desa A" in ogc.content.decode()
    assert ada(rep, "ST_AsMVT") and not ada(utama, "ST_AsMVT")  # raw SQL (koneksi_baca) followed the request
    assert ada(rep, "ST_AsGeoJSON") and not ada(utama, "ST_AsGeoJSON")
    assert "sigdesa_baca_utama" not in tile.cookies  # reading pins nobody


def test_anonymous_pages_read_from_the_replica_signed_in_write_paths_from_the_primary(client, pengguna, aset_a):
    tunggu_replika()
    with kueri() as (utama, rep):
        assert client.get("/peta/").status_code == 200
    assert len(rep.captured_queries) > 0
    client.force_login(pengguna.operator_a)
    with kueri() as (utama, rep):
        assert client.get("/kelola/aset/").status_code == 200  # a signed-in screen that leads to writes
    assert rep.captured_queries == [] and len(utama.captured_queries) > 0
    with kueri() as (utama, rep):
        tile = client.get(url_petak())  # signed in, but a read-only path
    assert tile.status_code == 200 and ada(rep, "ST_AsMVT") and not ada(utama, "ST_AsMVT")


def test_the_writer_reads_its_write_at_once_others_after_the_lag(client, pengguna, wilayah, aset_a):
    tunggu_replika()
    client.force_login(pengguna.operator_a)
    lain = Client()
    assert nama_geojson(lain.get("/lapisan/aset-desa.geojson")) == ["Balai Desa A"]
    with replay_dijeda():
        with kueri() as (utama, rep):
            response = client.post(f"/kelola/aset/{aset_a.pk}/", form_aset(wilayah.desa_a, nama="Balai Desa Baru"))
        assert response.status_code == 302 and "sigdesa_baca_utama" in response.cookies
        assert not any(q["sql"].lstrip().upper().startswith(TULIS) for q in rep.captured_queries)
        assert AsetDesa.objects.get(pk=aset_a.pk).nama == "Balai Desa Baru"
        with kueri() as (utama, rep):
            assert nama_geojson(client.get("/lapisan/aset-desa.geojson")) == ["Balai Desa Baru"]  # pinned
        assert rep.captured_queries == []
        with kueri() as (utama, rep):
            assert nama_geojson(lain.get("/lapisan/aset-desa.geojson")) == ["Balai Desa A"]  # the replica lags
        assert ada(rep, "ST_AsGeoJSON") and not ada(utama, "ST_AsGeoJSON")
    tunggu_replika()
    assert nama_geojson(lain.get("/lapisan/aset-desa.geojson")) == ["Balai Desa Baru"]


def test_a_citizen_sees_the_complaint_just_sent_others_after_the_lag(client, warga, wilayah, settings, tmp_path):  # noqa: F811
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "privat"
    tunggu_replika()
    client.force_login(warga)
    lain = Client()
    data = {"kategori": "jalanrusak", "judul": "Jalan berlubang", "deskripsi": "Lubang besar di depan SD."}
    with replay_dijeda():
        response = client.post("/pengaduan/baru/", {**data, "lon": "107.821", "lat": "-7.251"})
        assert response.status_code == 302, response.content
        kode = Pengaduan.objects.get().kode_lacak
        assert kode in client.get(response["Location"]).content.decode()
        assert lain.get(response["Location"]).status_code == 404  # not on the replica yet: an honest 404
    tunggu_replika()
    assert kode in lain.get(response["Location"]).content.decode()


def test_the_pin_expires_and_a_forged_pin_is_ignored(client, pengguna, wilayah, aset_a, settings):
    settings.SIGDESA_REPLICA_PIN_SECONDS = 1
    tunggu_replika()
    client.force_login(pengguna.operator_a)
    assert client.post(f"/kelola/aset/{aset_a.pk}/", form_aset(wilayah.desa_a, nama="Balai")).status_code == 302
    with kueri() as (utama, rep):
        client.get(url_petak())
    assert ada(utama, "ST_AsMVT") and not ada(rep, "ST_AsMVT")
    time.sleep(1.2)
    tunggu_replika()
    with kueri() as (utama, rep):
        client.get(url_petak())
    assert ada(rep, "ST_AsMVT")
    palsu = Client()
    palsu.cookies["sigdesa_baca_utama"] = "1:palsu:tanda-tangan"
    with kueri() as (utama, rep):
        assert palsu.get(url_petak()).status_code == 200
    assert ada(rep, "ST_AsMVT") and not ada(utama, "ST_AsMVT")


def test_an_unreachable_replica_falls_back_to_the_primary(client, wilayah, aset_a, monkeypatch):
    monkeypatch.setattr(replika, "daftar_replika", lambda: [MATI])
    awal = time.monotonic()
    tile = client.get(url_petak())
    assert [f["properties"]["nama"] for f in decode(tile, "aset-desa")] == ["Balai Desa A"]
    assert nama_geojson(client.get("/lapisan/aset-desa.geojson")) == ["Balai Desa A"]
    assert client.get("/peta/").status_code == 200
    assert time.monotonic() - awal < 10  # skipped after its first failure, not tried on every request
    monkeypatch.setattr(replika, "daftar_replika", lambda: [MATI, HIDUP])
    tunggu_replika()
    for _ in range(4):  # round-robin over both: the dead one is skipped, never a 500
        with kueri() as (_utama, rep):
            assert client.get(url_petak()).status_code == 200
        assert ada(rep, "layers_versidata")  # the tile itself may come from the cache; its data version does not


def test_a_replica_that_goes_away_while_serving_is_skipped(client, wilayah, aset_a, _server_replika):
    tunggu_replika()
    with kueri() as (_utama, rep):
        assert client.get(url_petak()).status_code == 200
    assert ada(rep, "ST_AsMVT")  # a persistent connection to the replica is now open
    embedded_replika.hentikan(_server_replika)
    try:
        for _ in range(3):
            close_old_connections()  # what request_started does for every real request (the test client skips it)
            response = client.get(url_petak())
            assert [f["properties"]["nama"] for f in decode(response, "aset-desa")] == ["Balai Desa A"]
        assert nama_geojson(client.get("/lapisan/aset-desa.geojson")) == ["Balai Desa A"]
        assert json.loads(client.get("/kesehatan/").content)["replika"][0]["status"] == "gagal"
    finally:
        connections[HIDUP].close()
        embedded_replika.mulai(_server_replika)


def test_a_replica_too_far_behind_is_skipped(client, wilayah, aset_a, settings):
    settings.SIGDESA_REPLICA_MAX_LAG_SECONDS = 1.0
    tunggu_replika()
    with replay_dijeda():
        AsetDesa.objects.filter(pk=aset_a.pk).update(nama="Balai Desa A2")
        time.sleep(1.3)
        with kueri() as (utama, rep):
            tile = client.get(url_petak())
    assert [f["properties"]["nama"] for f in decode(tile, "aset-desa")] == ["Balai Desa A2"]
    assert ada(utama, "ST_AsMVT") and not ada(rep, "ST_AsMVT")


def test_health_reports_each_replica_and_its_lag(client, monkeypatch, wilayah):
    monkeypatch.setattr(replika, "daftar_replika", lambda: [HIDUP, MATI])
    tunggu_replika()
    body = json.loads(client.get("/kesehatan/").content)
    assert body["status"] == "ok"
    hidup, mati = body["replika"]
    assert hidup["alias"] == HIDUP and hidup["status"] == "ok" and 0 <= hidup["jeda_detik"] < 30
    assert mati["alias"] == MATI and mati["status"] == "gagal" and mati["galat"]


def test_router_rules_inside_a_request(wilayah, aset_a):
    """Reads of a public GET go to the replica until the request writes; a write (even of an object loaded from
    the replica), a transaction and migrations stay on the primary."""
    tunggu_replika()
    seen: dict[str, str] = {}

    def view(request):
        obj = AsetDesa.objects.get(pk=aset_a.pk)
        seen["baca"] = obj._state.db
        with transaction.atomic():
            seen["dalam_transaksi"] = AsetDesa.objects.get(pk=aset_a.pk)._state.db
        obj.nama = "Ditulis dari objek replika"
        obj.save()
        seen["tulis"] = obj._state.db
        seen["setelah_tulis"] = AsetDesa.objects.get(pk=aset_a.pk)._state.db
        return HttpResponse("ok")

    response = replika.ReplikaMiddleware(view)(RequestFactory().get("/lapisan/x.geojson"))
    assert seen == {"baca": HIDUP, "dalam_transaksi": "default", "tulis": "default", "setelah_tulis": "default"}
    assert "sigdesa_baca_utama" in response.cookies  # a GET that wrote pins its client too
    assert AsetDesa.objects.get(pk=aset_a.pk).nama == "Ditulis dari objek replika"
    ruter = replika.RuterReplika()
    assert ruter.allow_migrate(HIDUP, "assets") is False and ruter.allow_migrate("default", "assets") is True
    assert replika.alias_baca() == "default"  # outside a request: commands and jobs use the primary
    post = replika.ReplikaMiddleware(lambda r: HttpResponse(replika.alias_baca()))(RequestFactory().post("/tiles/"))
    assert post.content == b"default" and "sigdesa_baca_utama" in post.cookies


def test_without_replicas_nothing_changes(client, pengguna, wilayah, aset_a, monkeypatch):
    monkeypatch.setattr(replika, "daftar_replika", lambda: [])
    client.force_login(pengguna.operator_a)
    response = client.post(f"/kelola/aset/{aset_a.pk}/", form_aset(wilayah.desa_a, nama="Balai"))
    assert response.status_code == 302 and "sigdesa_baca_utama" not in response.cookies
    with kueri() as (utama, rep):
        assert Client().get(url_petak()).status_code == 200
    assert ada(utama, "layers_versidata") and rep.captured_queries == []
