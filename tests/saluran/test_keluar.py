"""The channel outbox: a failed send is kept and retried with growing pauses, dies after the last attempt, is
never sent to someone who sent STOP, and waits while its channel is switched off."""

from __future__ import annotations

import datetime

from django.utils import timezone

from reports.services.pemberitahuan import JEDA_MENIT, MAKS_PERCOBAAN
from saluran.keluar import antrekan_pesan, kirim, kirim_ulang_antrean
from saluran.models import Identitas, PesanKeluar
from tests.saluran.conftest import NOMOR


def _jatuh_tempo() -> None:
    PesanKeluar.objects.update(coba_lagi_pada=timezone.now() - datetime.timedelta(seconds=1))


def test_failed_send_is_retried_with_growing_pauses(saluran_aktif, django_capture_on_commit_callbacks):
    api = saluran_aktif
    api.kirim_gagal = 2
    ident = Identitas.objects.create(saluran="whatsapp", id_eksternal=NOMOR)
    with django_capture_on_commit_callbacks(execute=True):
        n = antrekan_pesan(ident, "Status pengaduan berubah.")
    n.refresh_from_db()
    assert (n.percobaan, n.terkirim_pada, n.galat) == (1, None, "HTTP 500 dari API saluran")
    jeda = n.coba_lagi_pada - timezone.now()
    assert datetime.timedelta(seconds=JEDA_MENIT[0] * 60 - 5) < jeda <= datetime.timedelta(minutes=JEDA_MENIT[0])
    assert kirim_ulang_antrean() == 0  # not due yet: nothing is tried
    _jatuh_tempo()
    assert kirim_ulang_antrean() == 0
    n.refresh_from_db()
    assert n.percobaan == 2 and n.coba_lagi_pada - timezone.now() > datetime.timedelta(minutes=JEDA_MENIT[1] - 1)
    _jatuh_tempo()
    assert kirim_ulang_antrean() == 1
    n.refresh_from_db()
    assert n.terkirim_pada is not None and n.percobaan == 3 and n.galat == ""
    assert len(api.terkirim()) == 3 and api.terkirim()[-1].json()["to"] == NOMOR


def test_message_dies_after_the_last_attempt(saluran_aktif):
    saluran_aktif.kirim_gagal = 99
    ident = Identitas.objects.create(saluran="telegram", id_eksternal="42")
    n = PesanKeluar.objects.create(identitas=ident, teks="halo")
    for _ in range(MAKS_PERCOBAAN):
        _jatuh_tempo()
        kirim(n.pk)
    n.refresh_from_db()
    assert n.mati and n.percobaan == MAKS_PERCOBAAN and n.coba_lagi_pada is None
    _jatuh_tempo()
    assert kirim(n.pk) is True and len(saluran_aktif.terkirim()) == MAKS_PERCOBAAN  # dead: never tried again


def test_never_sent_to_an_opted_out_identity(saluran_aktif):
    ident = Identitas.objects.create(saluran="whatsapp", id_eksternal=NOMOR)
    n = PesanKeluar.objects.create(identitas=ident, teks="antre sebelum STOP")
    Identitas.objects.filter(pk=ident.pk).update(berhenti=True)
    assert kirim(n.pk) is True
    n.refresh_from_db()
    assert n.mati and "STOP" in n.galat and n.terkirim_pada is None
    ident.refresh_from_db()
    assert antrekan_pesan(ident, "lagi") is None
    assert saluran_aktif.diterima == [] and PesanKeluar.objects.count() == 1


def test_switched_off_channel_keeps_the_message_for_later(saluran_aktif, settings):
    ident = Identitas.objects.create(saluran="telegram", id_eksternal="42")
    n = PesanKeluar.objects.create(identitas=ident, teks="nanti")
    token = settings.SALURAN_TELEGRAM["token"]
    settings.SALURAN_TELEGRAM = {**settings.SALURAN_TELEGRAM, "token": ""}
    assert kirim(n.pk) is False
    n.refresh_from_db()
    assert not n.mati and n.coba_lagi_pada is not None and "tidak aktif" in n.galat
    settings.SALURAN_TELEGRAM = {**settings.SALURAN_TELEGRAM, "token": token}
    _jatuh_tempo()
    assert kirim_ulang_antrean() == 1 and saluran_aktif.terkirim()[0].json()["text"] == "nanti"


def test_with_the_worker_on_each_message_is_one_job(saluran_aktif, settings, django_capture_on_commit_callbacks):
    import json

    from django.db import connection

    from saluran import tasks

    settings.NOTIFIKASI_LATAR = True
    ident = Identitas.objects.create(saluran="whatsapp", id_eksternal=NOMOR)
    with django_capture_on_commit_callbacks(execute=True):
        n = antrekan_pesan(ident, "lewat pekerja")
    with connection.cursor() as cursor:
        cursor.execute("SELECT args FROM procrastinate_jobs WHERE task_name = 'saluran.tasks.kirim_pesan'")
        args = [json.loads(r[0]) if isinstance(r[0], str) else r[0] for r in cursor.fetchall()]
    assert args == [{"pesan_id": n.pk}] and saluran_aktif.diterima == []  # queued, not sent in the request
    tasks.kirim_pesan(n.pk)
    assert saluran_aktif.teks_terkirim() == ["lewat pekerja"]
