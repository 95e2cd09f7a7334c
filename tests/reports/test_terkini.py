"""The live 'laporan terkini' feed: public complaints with public fields only, a 304 that costs one version
read, a new ETag after any write, the hashtag filter, bad parameters refused, and the page per kecamatan."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reports.models import Pengaduan
from reports.services.alur import pengaduan_sunting
from reports.services.lapor import pengaduan_buat
from tests.reports.conftest import LOKASI

FEED = "/peta/terkini.json"
KUNCI = {"kode", "judul", "tagar", "kategori", "desa", "status", "status_label", "waktu", "dibuat", "dukungan",
         "lon", "lat", "url"}  # fmt: skip


def buat(warga, judul, kategori="banjir", **kw):
    return pengaduan_buat(
        kategori=kategori, judul=judul, deskripsi="Uraian yang cukup panjang.", by=warga, **LOKASI, **kw
    ).pengaduan


def test_feed_has_public_fields_only_never_the_reporter(warga, wilayah, client):
    p = buat(warga, "Selokan meluap", anonim=False)
    data = client.get(FEED, {"kecamatan": wilayah.kecamatan.kode}).json()
    assert [x["kode"] for x in data["pengaduan"]] == [p.kode_lacak]
    item = data["pengaduan"][0]
    assert set(item) == KUNCI
    assert item["tagar"] == "#banjir" and item["desa"] == "Desa A" and item["url"] == p.get_absolute_url()
    body = client.get(FEED).content.decode()
    for rahasia in (warga.email, warga.nama, warga.telepon, "Siti", "ip_hash", "pelapor"):
        assert rahasia not in body


def test_unpublished_complaints_never_in_the_feed(warga, wilayah, pengguna, client):
    terbit = buat(warga, "Terbit")
    pribadi = buat(warga, "Hubungi saya di 081234567890")  # held for redaction (perlu_sunting)
    sembunyi = buat(warga, "Disembunyikan")
    pengaduan_sunting(
        pengaduan=sembunyi, judul="Disembunyikan", deskripsi="Uraian.", tersembunyi=True,
        by=pengguna.operator_a, versi=sembunyi.versi,
    )  # fmt: skip
    assert Pengaduan.objects.get(pk=pribadi.pk).perlu_sunting
    for user in (None, pengguna.operator_a, pengguna.superadmin):  # the same public feed for everyone
        if user:
            client.force_login(user)
        kode = [x["kode"] for x in client.get(FEED).json()["pengaduan"]]
        assert kode == [terbit.kode_lacak]
    assert "081234567890" not in client.get(FEED).content.decode()


def test_unchanged_feed_answers_304_after_one_version_read(warga, wilayah, client):
    buat(warga, "Pertama")
    r = client.get(FEED, {"kecamatan": wilayah.kecamatan.kode, "tagar": "banjir"})
    etag = r["ETag"]
    assert r.status_code == 200 and etag and r["Cache-Control"] == "no-cache"
    with CaptureQueriesContext(connection) as q:
        r = client.get(FEED, {"kecamatan": wilayah.kecamatan.kode, "tagar": "banjir"}, HTTP_IF_NONE_MATCH=etag)
    assert r.status_code == 304 and r.content == b"" and r["ETag"] == etag
    assert len(q.captured_queries) == 1 and "layers_versidata" in q.captured_queries[0]["sql"]
    weak = client.get(FEED, {"kecamatan": wilayah.kecamatan.kode, "tagar": "banjir"}, HTTP_IF_NONE_MATCH=f"W/{etag}")
    assert weak.status_code == 304  # compression proxies send it back weak


def test_a_new_report_changes_the_etag(warga, wilayah, client):
    buat(warga, "Pertama")
    etag = client.get(FEED)["ETag"]
    baru = buat(warga, "Kedua")
    r = client.get(FEED, HTTP_IF_NONE_MATCH=etag)
    assert r.status_code == 200 and r["ETag"] != etag and r.json()["pengaduan"][0]["kode"] == baru.kode_lacak


def test_etag_differs_per_filter(warga, wilayah, client):
    buat(warga, "Pertama")
    semua = client.get(FEED)["ETag"]
    banjir = client.get(FEED, {"tagar": "banjir"})["ETag"]
    assert semua != banjir
    assert client.get(FEED, {"tagar": "sampah"}, HTTP_IF_NONE_MATCH=banjir).status_code == 200


def test_hashtag_filter(warga, wilayah, client):
    banjir = buat(warga, "Banjir", kategori="banjir")
    sampah = buat(warga, "Sampah", kategori="sampah")
    for tagar in ("banjir", "#banjir", "BANJIR", " #banjir "):
        kode = [x["kode"] for x in client.get(FEED, {"tagar": tagar}).json()["pengaduan"]]
        assert kode == [banjir.kode_lacak], tagar
    assert [x["kode"] for x in client.get(FEED, {"tagar": "sampah"}).json()["pengaduan"]] == [sampah.kode_lacak]


def test_kecamatan_filter(warga, wilayah, client):
    buat(warga, "Di desa A")
    assert client.get(FEED, {"kecamatan": wilayah.kecamatan_lain.kode}).json() == {"pengaduan": []}


@pytest.mark.parametrize(
    ("params", "status", "pesan"),
    [
        ({"tagar": "<script>"}, 400, "Tagar hanya berisi"),
        ({"tagar": "a" * 31}, 400, "Tagar hanya berisi"),
        ({"tagar": "tidakada"}, 400, "tidak dikenal"),
        ({"tagar": "banjir' OR 1=1--"}, 400, "Tagar hanya berisi"),
        ({"kecamatan": "32.05"}, 400, "Kode kecamatan"),
        ({"kecamatan": "32.05.07.2001"}, 400, "Kode kecamatan"),
        ({"kecamatan": "99.99.99"}, 404, "Kecamatan tidak ditemukan"),
    ],
)
def test_bad_parameters_refused_in_indonesian(wilayah, client, params, status, pesan):
    r = client.get(FEED, params)
    assert r.status_code == status and pesan in r.json()["galat"]


def test_feed_refuses_writes(client, wilayah):
    assert client.post(FEED).status_code == 405


def test_kecamatan_page_lists_recent_reports_and_tags_without_inline_script(warga, wilayah, client):
    p = buat(warga, "<b>Banjir</b> di gang")
    html = client.get(f"/laporan-terkini/kecamatan/{wilayah.kecamatan.kode}/").content.decode()
    assert f'data-kode="{p.kode_lacak}"' in html and "&lt;b&gt;Banjir&lt;/b&gt;" in html
    assert 'href="?tagar=banjir"' in html and "maps/terkini.js" in html
    inline = [s for s in re.findall(r"<script(?P<a>[^>]*)>", html) if "src=" not in s and "application/json" not in s]
    assert inline == []
    assert warga.email not in html


def test_kecamatan_page_filtered_by_tag(warga, wilayah, client):
    buat(warga, "Banjir")
    sampah = buat(warga, "Sampah", kategori="sampah")
    html = client.get(f"/laporan-terkini/kecamatan/{wilayah.kecamatan.kode}/?tagar=sampah").content.decode()
    daftar = html.split('class="daftar-pengaduan terkini-daftar"')[1].split("</ol>")[0]
    assert sampah.kode_lacak in daftar and "Banjir" not in daftar
    assert 'data-tagar="sampah"' in html


def test_kecamatan_page_bad_input(wilayah, client):
    assert client.get("/laporan-terkini/kecamatan/99.99.99/").status_code == 404
    r = client.get(f"/laporan-terkini/kecamatan/{wilayah.kecamatan.kode}/?tagar=%3Cx%3E")
    assert r.status_code == 400 and "Tagar hanya berisi" in r.content.decode()


def test_portal_has_the_live_panel(wilayah, client):
    html = client.get(f"/peta/kecamatan/{wilayah.kecamatan.kode}/").content.decode()
    assert "data-terkini" in html and f'data-kecamatan="{wilayah.kecamatan.kode}"' in html
    assert f"/laporan-terkini/kecamatan/{wilayah.kecamatan.kode}/" in html
