"""Concurrent submissions over HTTP (loopback): none lost, none duplicated, replays stored once."""

from __future__ import annotations

import secrets
import urllib.parse
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings as django_settings
from django.db import connections
from django.test import Client

from reports.models import Pengaduan
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

JUMLAH, KLIEN, WARGA = 200, 100, 20


@pytest.fixture
def tanpa_koneksi_awet():
    """Each request thread of the live server closes its connection (100 threads must not keep 100 open)."""
    old = connections.settings["default"]["CONN_MAX_AGE"]
    connections.settings["default"]["CONN_MAX_AGE"] = 0
    yield
    connections.settings["default"]["CONN_MAX_AGE"] = old


def test_200_concurrent_submissions_store_exactly_200(live_server, wilayah, settings, tanpa_koneksi_awet):
    settings.PENGADUAN_BATAS_AKUN_PER_JAM = 1000
    settings.PENGADUAN_BATAS_IP_PER_JAM = 10_000
    cookies = []
    for i in range(WARGA):
        user = UserFactory(email=f"warga{i}@contoh.id")
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        client = Client()
        client.force_login(user)
        csrf = secrets.token_hex(16)
        cookies.append((f"{django_settings.SESSION_COOKIE_NAME}={client.cookies[django_settings.SESSION_COOKIE_NAME].value}; csrftoken={csrf}", csrf))
    jobs = [(cookies[i % WARGA], str(uuid.uuid4()), i) for i in range(JUMLAH)]
    replays = jobs[::4]  # every fourth submission is delivered twice (a flaky link)

    def kirim(job):
        (cookie, csrf), client_id, i = job
        body = urllib.parse.urlencode(
            {
                "kategori": "sampah",
                "judul": f"Sampah {i}",
                "deskripsi": "Sampah menumpuk di tepi jalan desa.",
                "lon": str(107.81 + (i % 50) * 0.0005),
                "lat": "-7.25",
                "client_id": client_id,
            }
        ).encode()
        request = urllib.request.Request(
            f"{live_server.url}/pengaduan/baru/",
            data=body,
            headers={"Cookie": cookie, "X-CSRFToken": csrf, "Accept": "application/json", "Content-Type": "application/x-www-form-urlencoded"},
        )
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 (loopback test server)
            return response.status

    with ThreadPoolExecutor(KLIEN) as pool:
        statuses = list(pool.map(kirim, jobs + replays))
    assert statuses.count(201) == JUMLAH and statuses.count(200) == len(replays)
    assert Pengaduan.objects.count() == JUMLAH
    assert Pengaduan.objects.values("client_id").distinct().count() == JUMLAH
    assert sorted(Pengaduan.objects.values_list("judul", flat=True)) == sorted(f"Sampah {i}" for i in range(JUMLAH))
