"""Home pages per kecamatan and per desa: names, counts, boundary map data, language, security headers."""

import json
import re

import pytest

from sig.wilayah.models import Dusun
from tests.factories import KecamatanFactory, kotak


def peta_data(response) -> dict:
    match = re.search(r'<script id="peta-data" type="application/json">(.*?)</script>', response.content.decode(), re.S)
    return json.loads(match.group(1))


@pytest.mark.django_db
def test_single_kecamatan_installation_opens_on_it(client):
    kecamatan = KecamatanFactory(kode="32.05.07")
    response = client.get("/")
    assert response.status_code == 302 and response["Location"] == "/kecamatan/32.05.07/"
    assert kecamatan.get_absolute_url() == "/kecamatan/32.05.07/"


@pytest.mark.django_db
def test_landing_lists_kecamatan_with_map(client, wilayah):
    response = client.get("/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Samarang Uji" in body and "Pasirwangi Uji" in body
    features = peta_data(response)["features"]
    assert {f["properties"]["kode"] for f in features} == {"32.05.07", "32.05.08"}


@pytest.mark.django_db
def test_kecamatan_page_counts_and_desa_map(client, wilayah):
    Dusun.objects.create(desa=wilayah.desa_a, nama="Kaler", batas=kotak(107.80, -7.25, 107.85, -7.20))
    response = client.get("/kecamatan/32.05.07/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Kecamatan Samarang Uji" in body
    assert re.search(r'data-angka="desa">2<', body) and re.search(r'data-angka="dusun">1<', body)
    data = peta_data(response)
    assert [f["properties"]["nama"] for f in data["features"]] == ["Desa A", "Desa B"]
    assert data["features"][0]["properties"]["url"] == "/desa/32.05.07.2001/"
    assert data["features"][0]["geometry"]["type"] == "MultiPolygon"


@pytest.mark.django_db
def test_desa_page_shows_boundary_dusun_and_area(client, wilayah):
    Dusun.objects.create(desa=wilayah.desa_a, nama="Kaler", nomor=1, batas=kotak(107.80, -7.25, 107.85, -7.20))
    response = client.get("/desa/32.05.07.2001/")
    body = response.content.decode()
    assert "Desa Desa A" in body and "Kaler" in body
    area = f"{float(wilayah.desa_a.luas_ha):,.2f}".replace(",", "X").replace(".", ",").replace("X", ".")
    assert area in body  # Indonesian number format
    kinds = [f["properties"]["tingkat"] for f in peta_data(response)["features"]]
    assert kinds == ["desa", "dusun"]
    assert 'property="og:title"' in body


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/desa/32.05.07.9999/", "/kecamatan/99.99.99/", "/desa/x/", "/desa/32.05.07.2001'--/"])
def test_unknown_or_malformed_territory_is_404(client, wilayah, url):
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_indonesian_first_even_for_english_browsers_and_english_on_request(client, wilayah):
    body = client.get("/kecamatan/32.05.07/", HTTP_ACCEPT_LANGUAGE="en-US,en").content.decode()
    assert '<html lang="id">' in body and "Desa di kecamatan ini" in body
    client.post("/i18n/setlang/", {"language": "en", "next": "/kecamatan/32.05.07/"})
    english = client.get("/kecamatan/32.05.07/").content.decode()
    assert '<html lang="en">' in english and "Villages in this sub-district" in english


@pytest.mark.django_db
def test_user_text_is_escaped_and_scripts_need_a_nonce(client, wilayah):
    desa = wilayah.desa_a
    desa.deskripsi = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    desa.save()
    response = client.get("/desa/32.05.07.2001/")
    body = response.content.decode()
    assert "<script>alert" not in body and "<img src=x" not in body
    csp = response["Content-Security-Policy"]
    script_src = re.search(r"script-src ([^;]*)", csp).group(1)
    assert "'unsafe-inline'" not in script_src and "'self'" in script_src
    assert "frame-ancestors 'none'" in csp
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_health_endpoint_checks_the_database(client):
    response = client.get("/kesehatan/")
    assert response.status_code == 200 and response.json() == {
        "status": "ok",
        "database": "ok",
        "surel": {"menunggu": 0, "terlambat_menit": 0, "gagal_permanen": 0},
    }
