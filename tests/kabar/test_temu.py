"""Kabar and agenda are found and shared: sitemap and feeds list only what is published, JSON-LD says
NewsArticle / Event, the share image is a 1200×630 PNG, drafts have none of it."""

from __future__ import annotations

import io
import json
import re
from datetime import timedelta

import pytest
from defusedxml import ElementTree
from django.contrib.gis.geos import Point
from django.utils import timezone
from PIL import Image

from kabar import services

pytestmark = pytest.mark.django_db
SITUS = "https://sigdesa.contoh.id"
XSS = '</script><script>alert(1)</script> "kutip"'


@pytest.fixture
def terbitan(settings, wilayah, pengguna):
    settings.SITE_URL = SITUS
    op = pengguna.operator_a
    common = {"by": op, "desa": wilayah.desa_a, "isi": "Isi.", "jenis": "kabar"}
    kabar = services.kabar_simpan(judul=f"Panen raya {XSS}", terbit=True, **common)
    draf = services.kabar_simpan(judul="Draf rahasia", terbit=False, **common)
    nanti = services.kabar_simpan(
        judul="Terjadwal rahasia", terbit=True, terbit_pada=timezone.now() + timedelta(days=2), **common
    )
    kec = services.kabar_simpan(
        by=pengguna.admin_kecamatan,
        kecamatan=wilayah.kecamatan,
        judul="Lomba desa",
        isi="x",
        jenis="kabar",
        terbit=True,
    )
    mulai = timezone.now() + timedelta(days=5)
    agenda = services.agenda_simpan(
        by=op, desa=wilayah.desa_a, judul="Posyandu balita", isi="", jenis="posyandu", mulai=mulai,
        selesai=mulai + timedelta(hours=2), tempat="Posyandu Kaler", lokasi=Point(107.82, -7.25, srid=4326),
        terbit=True,
    )  # fmt: skip
    return {"kabar": kabar, "draf": draf, "nanti": nanti, "kec": kec, "agenda": agenda}


def test_sitemap_and_feeds_list_published_items_only(client, terbitan, wilayah):
    urls = set()
    for section in ("kabar", "agenda"):
        response = client.get(f"/sitemap-{section}.xml")
        assert response.status_code == 200
        root = ElementTree.fromstring(response.content)
        urls |= {e.text for e in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")}
    expected = {SITUS + terbitan[k].get_absolute_url() for k in ("kabar", "kec", "agenda")}
    assert urls == expected
    feed = client.get(f"/umpan/desa/{wilayah.desa_a.kode}.rss").content.decode()
    ElementTree.fromstring(feed.encode())
    assert "Posyandu balita" in feed and "Panen raya" in feed
    assert "rahasia" not in feed and "Lomba desa" not in feed  # the kecamatan's own post is in its feed
    kecamatan = client.get(f"/umpan/kecamatan/{wilayah.kecamatan.kode}.atom").content.decode()
    assert "Lomba desa" in kecamatan and "rahasia" not in kecamatan


def _jsonld(page: str) -> dict:
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert block, "no JSON-LD"
    return json.loads(block.group(1))


def test_json_ld_news_article_and_event(client, terbitan):
    page = client.get(terbitan["kabar"].get_absolute_url()).content.decode()
    data = _jsonld(page)
    assert data["@type"] == "NewsArticle" and data["headline"].startswith("Panen raya </script>")
    assert data["author"]["name"] == "Desa Desa A" and data["datePublished"]
    assert page.count("<script>alert(1)</script>") == 0
    event = _jsonld(client.get(terbitan["agenda"].get_absolute_url()).content.decode())
    assert event["@type"] == "Event" and event["location"]["name"] == "Posyandu Kaler"
    assert event["location"]["geo"] == {"@type": "GeoCoordinates", "latitude": -7.25, "longitude": 107.82}
    assert event["startDate"] < event["endDate"]


def test_share_image_for_public_items_only(client, terbitan):
    response = client.get(f"/bagikan/agenda/{terbitan['agenda'].pk}.png")
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    image = Image.open(io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content))
    assert image.format == "PNG" and image.size == (1200, 630)
    assert client.get(f"/bagikan/kabar/{terbitan['kec'].pk}.png").status_code == 200  # kecamatan outline
    for key in ("draf", "nanti"):
        assert client.get(f"/bagikan/kabar/{terbitan[key].pk}.png").status_code == 404
    page = client.get(terbitan["kabar"].get_absolute_url()).content.decode()
    assert f'content="{SITUS}/bagikan/kabar/{terbitan["kabar"].pk}.png' in page and "wa.me" in page
