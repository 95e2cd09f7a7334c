"""Open311 GeoReport v2: services, requests (GET/POST, JSON/XML), request by id, errors in the spec's shape."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from rest_framework.authtoken.models import Token

from reports.models import Pengaduan


@pytest.fixture
def api_key(warga):
    return Token.objects.create(user=warga).key


def test_services_json_and_xml(client, db):
    services = client.get("/open311/v2/services.json").json()
    codes = {s["service_code"] for s in services}
    assert {"banjir", "sampah", "jalanrusak"} <= codes
    assert all(s["metadata"] is False and s["type"] == "realtime" for s in services)
    root = ET.fromstring(client.get("/open311/v2/services.xml").content)  # noqa: S314
    assert root.tag == "services" and root.find("service/service_code") is not None
    assert client.get("/open311/v2/services.csv").status_code == 404
    assert client.get("/open311/v2/discovery.json").json()["endpoints"][0]["url"].endswith("/open311/v2/")


def test_post_request_with_api_key(client, api_key, warga, wilayah):
    response = client.post(
        "/open311/v2/requests.json",
        {
            "api_key": api_key,
            "service_code": "sampah",
            "lat": "-7.25",
            "long": "107.82",
            "description": "Sampah di sungai menumpuk.",
        },
    )
    assert response.status_code == 201
    rid = response.json()[0]["service_request_id"]
    p = Pengaduan.objects.get(kode_lacak=rid)
    assert p.pelapor == warga and p.sumber == "open311" and p.desa == wilayah.desa_a
    one = client.get(f"/open311/v2/requests/{rid}.json").json()[0]
    assert one["status"] == "open" and one["service_code"] == "sampah" and one["lat"] == -7.25
    assert "email" not in one and warga.email not in str(one)


@pytest.mark.parametrize(
    ("data", "status", "message"),
    [
        ({"service_code": "sampah", "lat": "-7.25", "long": "107.82", "description": "x" * 20}, 403, "api_key"),
        ({"api_key": "salah", "service_code": "sampah", "lat": "-7.25", "long": "107.82"}, 403, "api_key"),
        ({"service_code": "", "lat": "-7.25", "long": "107.82"}, 400, "service_code"),
        ({"service_code": "sampah", "lat": "abc", "long": "107.82", "description": "x" * 20}, 400, "lat"),
        ({"service_code": "sampah", "lat": "-7.25", "long": "110.5", "description": "x" * 20}, 400, "luar wilayah"),
        ({"service_code": "sampah", "address_string": "Jl. Raya", "description": "x" * 20}, 400, "lat dan long"),
        ({"service_code": "tidakada", "lat": "-7.25", "long": "107.82", "description": "x" * 20}, 400, "kategori"),
    ],
)
def test_post_errors_are_open311_errors(client, api_key, wilayah, data, status, message):
    if "api_key" not in data and status != 403:
        data = {**data, "api_key": api_key}
    response = client.post("/open311/v2/requests.json", data)
    assert response.status_code == status
    body = response.json()
    assert body[0]["code"] == status and message in body[0]["description"]
    assert not Pengaduan.objects.exists()


def test_get_requests_filters(client, aduan, pengguna):
    from reports.services.alur import pengaduan_ubah_status

    assert [r["service_request_id"] for r in client.get("/open311/v2/requests.json", {"status": "open"}).json()] == [
        aduan.kode_lacak
    ]
    pengaduan_ubah_status(pengaduan=aduan, ke="ditolak", teks="Bukan wewenang desa", by=pengguna.operator_a, versi=1)
    closed = client.get("/open311/v2/requests.json", {"status": "closed"}).json()
    assert closed[0]["status"] == "closed" and closed[0]["status_notes"] == "Bukan wewenang desa"
    assert client.get("/open311/v2/requests.json", {"service_code": "sampah"}).json() == []
    assert (
        client.get("/open311/v2/requests.json", {"service_request_id": aduan.kode_lacak}).json()[0][
            "service_request_id"
        ]
        == aduan.kode_lacak
    )
    assert client.get("/open311/v2/requests.json", {"start_date": "kemarin"}).status_code == 400
    assert client.get("/open311/v2/requests.json", {"status": "maybe"}).status_code == 400
    assert client.get("/open311/v2/requests.json", {"start_date": "2099-01-01T00:00:00Z"}).json() == []
    assert client.get("/open311/v2/requests/ADU-2222-2222.json").status_code == 404
    root = ET.fromstring(client.get("/open311/v2/requests.xml").content)  # noqa: S314
    assert root.find("request/service_request_id").text == aduan.kode_lacak


def test_citizen_creates_api_token_on_profile(client, warga):
    client.force_login(warga)
    client.post("/akun/profil/token/")
    first = Token.objects.get(user=warga).key
    assert first in client.get("/akun/profil/").content.decode()
    client.post("/akun/profil/token/")
    assert Token.objects.get(user=warga).key != first
    assert client.get("/akun/profil/token/").status_code == 405
