"""Concurrent submissions over HTTP (loopback): none lost, none duplicated, replays stored once."""

from __future__ import annotations

import secrets
import threading
import urllib.parse
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings as django_settings
from django.core.handlers.wsgi import WSGIHandler
from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler
from django.test import Client

from reports.models import Pengaduan
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

JUMLAH, KLIEN, WARGA = 200, 100, 20


class _Server(ThreadedWSGIServer):
    request_queue_size = 512  # the default backlog (10) resets connections of a 100-client burst


class _Diam(WSGIRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    """A threaded server with a deep backlog; every request thread closes its database connection."""
    httpd = _Server(("127.0.0.1", 0), _Diam)
    httpd.set_app(WSGIHandler())
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_200_concurrent_submissions_store_exactly_200(server, wilayah, settings):
    settings.PENGADUAN_BATAS_AKUN_PER_JAM = 1000
    settings.PENGADUAN_BATAS_IP_PER_JAM = 10_000
    cookies = []
    for i in range(WARGA):
        user = UserFactory(email=f"warga{i}@contoh.id")
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        client = Client()
        client.force_login(user)
        csrf = secrets.token_hex(16)
        session = client.cookies[django_settings.SESSION_COOKIE_NAME].value
        cookies.append((f"{django_settings.SESSION_COOKIE_NAME}={session}; csrftoken={csrf}", csrf))
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
        request = urllib.request.Request(  # noqa: S310 (loopback test server)
            f"{server}/pengaduan/baru/",
            data=body,
            headers={
                "Cookie": cookie,
                "X-CSRFToken": csrf,
                "Accept": "application/json",
                "Content-Type": "application/x-www-form-urlencoded",
            },
        )
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 (loopback test server)
            return response.status

    with ThreadPoolExecutor(KLIEN) as pool:
        statuses = list(pool.map(kirim, jobs + replays))
    assert statuses.count(201) == JUMLAH and statuses.count(200) == len(replays)
    assert Pengaduan.objects.count() == JUMLAH
    assert Pengaduan.objects.values("client_id").distinct().count() == JUMLAH
    assert sorted(Pengaduan.objects.values_list("judul", flat=True)) == sorted(f"Sampah {i}" for i in range(JUMLAH))
