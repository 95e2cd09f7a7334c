"""Heavy requests are bounded: every query has a time budget per request class, and citizens' analyses have
caps on distance, layer size and runs per hour (prints and saved analyses go through the same caps)."""

from __future__ import annotations

import pytest
from django.db import connection

from assets.models import LahanPertanian
from tests.factories import lahan_kopi


@pytest.fixture
def pelan(monkeypatch):
    """The layer GeoJSON query takes one second."""
    from layers import selectors

    asli = selectors.geojson

    def lambat(*args, **kwargs):
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_sleep(1)")
        return asli(*args, **kwargs)

    monkeypatch.setattr(selectors, "geojson", lambat)


@pytest.mark.django_db(transaction=True)
def test_queries_over_the_budget_answer_503_with_what_to_do(client, settings, pengguna, pelan):
    settings.WAKTU_KUERI_PUBLIK_MS = 300
    settings.WAKTU_KUERI_STAF_MS = 5000
    response = client.get("/lapisan/aset-desa.geojson")
    assert response.status_code == 503 and response["Retry-After"]
    assert "terlalu berat" in response.content.decode() and "Persempit" in response.content.decode()
    assert client.get("/ping").status_code == 200  # the connection is usable again
    client.force_login(pengguna.perencana)  # staff have a larger budget
    assert client.get("/lapisan/aset-desa.geojson").status_code == 200


@pytest.mark.django_db
def test_each_request_gets_its_class_budget(client, settings, pengguna):
    from django.db import connection as conn

    settings.WAKTU_KUERI_PUBLIK_MS = 4321
    settings.WAKTU_KUERI_STAF_MS = 9876
    client.get("/lapisan/aset-desa.geojson")
    with conn.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] == "4321ms"
    client.force_login(pengguna.operator_a)
    client.get("/lapisan/aset-desa.geojson")
    with conn.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] == "9876ms"


@pytest.mark.django_db
def test_citizen_analyses_are_bounded_and_rate_limited(client, settings, pengguna, wilayah):
    lahan_kopi(wilayah.desa_a, (107.81, -7.26, 107.815, -7.255))
    client.force_login(pengguna.warga)
    url = "/analisis/dalam-jarak.geojson"
    far = client.get(url, {"lapisan": "lahan-pertanian", "dekat": "lahan-pertanian", "jarak": "50000"})
    assert far.status_code == 400 and "paling jauh 5.000 m" in far.content.decode()
    settings.ANALISIS_WARGA_MAKS_FITUR = 0
    big = client.get(url, {"lapisan": "lahan-pertanian", "dekat": "lahan-pertanian", "jarak": "100"})
    assert big.status_code == 400 and "paling banyak 0 fitur" in big.content.decode()
    settings.ANALISIS_WARGA_MAKS_FITUR = 20_000
    settings.ANALISIS_BATAS_WARGA_PER_JAM = 3  # the two refusals above counted too
    ok = client.get(url, {"lapisan": "lahan-pertanian", "dekat": "lahan-pertanian", "jarak": "100"})
    assert ok.status_code == 200
    limited = client.get(url, {"lapisan": "lahan-pertanian", "dekat": "lahan-pertanian", "jarak": "100"})
    assert limited.status_code == 429 and "per jam" in limited.content.decode()
    client.force_login(pengguna.perencana)  # staff: no citizen caps
    staff = client.get(url, {"lapisan": "lahan-pertanian", "dekat": "lahan-pertanian", "jarak": "50000"})
    assert staff.status_code == 200 and LahanPertanian.objects.exists()


@pytest.mark.django_db
def test_printed_analyses_go_through_the_same_caps(client, settings, pengguna, wilayah):
    lahan_kopi(wilayah.desa_a, (107.81, -7.26, 107.815, -7.255))
    client.force_login(pengguna.warga)
    response = client.get(
        "/peta/cetak.png",
        {
            "dpi": "72",
            "alat": "dalam-jarak",
            "a.lapisan": "lahan-pertanian",
            "a.dekat": "lahan-pertanian",
            "a.jarak": "50000",
        },
    )
    assert response.status_code == 400 and "paling jauh" in response.content.decode()
