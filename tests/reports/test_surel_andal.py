"""Mail is never lost or doubled: a real SMTP conversation on loopback with a server that refuses for a while,
then accepts; retries wait (growing pauses), two senders at once never send one message twice, and what
never gets through is marked dead and shown in /kesehatan/."""

from __future__ import annotations

import socketserver
import threading
from collections import Counter

import pytest
from django.db import connections
from django.utils import timezone

from reports.models import Notifikasi
from reports.services.pemberitahuan import JEDA_MENIT, MAKS_PERCOBAAN, kirim, kirim_ulang_antrean


class _Smtp(socketserver.StreamRequestHandler):
    def balas(self, teks: str) -> None:
        self.wfile.write(teks.encode() + b"\r\n")

    def handle(self) -> None:
        server: PelayanSmtp = self.server  # type: ignore[assignment]
        if server.menolak:
            self.balas("421 layanan sedang tidak tersedia")
            return
        self.balas("220 uji ESMTP")
        data, pesan = False, []
        for raw in self.rfile:
            line = raw.decode("utf-8", "replace").rstrip("\r\n")
            if data:
                if line == ".":
                    data = False
                    subjek = next((p[9:] for p in pesan if p.lower().startswith("subject: ")), "")
                    with server.kunci:
                        server.diterima.append(subjek)
                    self.balas("250 diterima")
                else:
                    pesan.append(line)
                continue
            verb = line.split(" ", 1)[0].upper()
            if verb in {"EHLO", "HELO"}:
                self.balas("250 uji")
            elif verb in {"MAIL", "RCPT", "RSET", "NOOP"}:
                self.balas("250 ok")
            elif verb == "DATA":
                data, pesan = True, []
                self.balas("354 lanjut")
            elif verb == "QUIT":
                self.balas("221 sampai jumpa")
                return
            else:
                self.balas("502 tidak dikenal")


class PelayanSmtp(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Smtp)
        self.menolak = True
        self.diterima: list[str] = []
        self.kunci = threading.Lock()
        threading.Thread(target=self.serve_forever, daemon=True).start()


@pytest.fixture
def smtp(settings):
    server = PelayanSmtp()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS = "127.0.0.1", server.server_address[1], False
    settings.EMAIL_TIMEOUT = 5
    yield server
    server.shutdown()
    server.server_close()


def _lewati_jeda() -> None:
    Notifikasi.objects.filter(coba_lagi_pada__isnull=False).update(coba_lagi_pada=timezone.now())


@pytest.mark.django_db(transaction=True)
def test_an_smtp_outage_delays_but_never_loses_or_doubles_mail(smtp, client):
    rows = Notifikasi.objects.bulk_create(
        Notifikasi(penerima=f"w{i}@contoh.id", subjek=f"kabar {i}", isi="x") for i in range(6)
    )
    for row in rows:
        assert kirim(row.pk) is False  # refused: scheduled, not retried at once
    first = Notifikasi.objects.first()
    assert first.percobaan == 1 and "421" in first.galat
    pause = (first.coba_lagi_pada - timezone.now()).total_seconds()
    assert JEDA_MENIT[0] * 60 - 5 < pause <= JEDA_MENIT[0] * 60
    assert kirim_ulang_antrean() == 0 and Notifikasi.objects.first().percobaan == 1  # not due yet: no attempt
    _lewati_jeda()
    assert kirim_ulang_antrean() == 0
    second = Notifikasi.objects.first()
    assert second.percobaan == 2 and (second.coba_lagi_pada - timezone.now()).total_seconds() > JEDA_MENIT[1] * 60 - 5
    smtp.menolak = False
    _lewati_jeda()
    sent: list[int] = []

    def sweep() -> None:  # two workers sweeping at the same moment
        try:
            sent.append(kirim_ulang_antrean())
        finally:
            connections.close_all()

    threads = [threading.Thread(target=sweep) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert Counter(smtp.diterima) == Counter(f"kabar {i}" for i in range(6))  # each exactly once
    assert not Notifikasi.objects.filter(terkirim_pada__isnull=True).exists()
    assert kirim_ulang_antrean() == 0 and len(smtp.diterima) == 6
    assert client.get("/kesehatan/").json()["surel"] == {"menunggu": 0, "terlambat_menit": 0, "gagal_permanen": 0}


@pytest.mark.django_db(transaction=True)  # /kesehatan/ closes its connection
def test_mail_that_never_gets_through_is_marked_dead_and_reported(smtp, client):
    row = Notifikasi.objects.create(penerima="warga@contoh.id", subjek="kabar", isi="x")
    for _ in range(MAKS_PERCOBAAN):
        _lewati_jeda()
        kirim(row.pk)
    row.refresh_from_db()
    assert row.mati and row.percobaan == MAKS_PERCOBAAN and row.terkirim_pada is None and not smtp.diterima
    smtp.menolak = False
    _lewati_jeda()
    assert kirim_ulang_antrean() == 0 and not smtp.diterima  # dead: no more attempts by itself
    assert client.get("/kesehatan/").json()["surel"]["gagal_permanen"] == 1
