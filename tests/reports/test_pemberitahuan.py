"""Notifications: an outbox row per recipient, written with the change; failed sends are retried."""

from __future__ import annotations

import json

from django.core import mail
from django.utils import timezone

from reports.models import LanggananWilayah, Notifikasi
from reports.services.lapor import pengaduan_buat
from reports.services.pemberitahuan import kirim_ulang_antrean
from tests.reports.conftest import LOKASI


def test_failed_send_is_kept_and_retried(warga, pengguna, monkeypatch, django_capture_on_commit_callbacks):
    import reports.services.pemberitahuan as pemberitahuan

    def rusak(*args, **kwargs):
        raise OSError("SMTP tidak terjangkau")

    monkeypatch.setattr(pemberitahuan, "send_mail", rusak)
    with django_capture_on_commit_callbacks(execute=True):
        pengaduan_buat(kategori="sampah", judul="Sampah", deskripsi="Sampah menumpuk lagi.", by=warga, **LOKASI)
    antre = Notifikasi.objects.filter(terkirim_pada__isnull=True)
    assert antre.count() == 3 and all(  # the receipt, the desa operator, the camat
        n.percobaan == 1 and "SMTP" in n.galat for n in antre
    )
    monkeypatch.undo()
    assert kirim_ulang_antrean() == 0  # not due: the first retry waits a minute
    Notifikasi.objects.update(coba_lagi_pada=timezone.now())
    assert kirim_ulang_antrean() == 3
    assert not Notifikasi.objects.filter(terkirim_pada__isnull=True).exists() and len(mail.outbox) == 3


def test_area_alert_subscribers_by_desa_and_category(
    warga, pengguna, wilayah, client, django_capture_on_commit_callbacks
):
    semua = pengguna.operator_b
    banjir_saja = pengguna.perencana
    lain = pengguna.admin_kecamatan_lain
    client.force_login(semua)
    assert client.post("/pengaduan/langganan/", {"desa": wilayah.desa_a.pk}).status_code == 302
    LanggananWilayah.objects.create(pengguna=banjir_saja, desa=wilayah.desa_a, kategori_id="banjir")
    LanggananWilayah.objects.create(pengguna=lain, desa=wilayah.desa_lain)
    with django_capture_on_commit_callbacks(execute=True):
        pengaduan_buat(kategori="sampah", judul="Sampah", deskripsi="Sampah menumpuk lagi.", by=warga, **LOKASI)
    to = {a for m in mail.outbox for a in m.to}
    assert semua.email in to and banjir_saja.email not in to and lain.email not in to
    assert client.post("/pengaduan/langganan/", {"desa": "999999"}).status_code == 400
    assert (
        client.post("/pengaduan/langganan/", {"hapus": LanggananWilayah.objects.get(pengguna=semua).pk}).status_code
        == 302
    )
    assert not LanggananWilayah.objects.filter(pengguna=semua).exists()


def test_background_delivery_goes_through_jobs(warga, pengguna, settings, django_capture_on_commit_callbacks):
    """With NOTIFIKASI_LATAR the submission stores one fan-out job in its own transaction; the job writes the
    outbox and defers one send job per e-mail."""
    from django.db import connection

    from reports import tasks

    def jobs(name):
        with connection.cursor() as cursor:
            cursor.execute("SELECT args FROM procrastinate_jobs WHERE task_name = %s ORDER BY id", [name])
            return [json.loads(row[0]) if isinstance(row[0], str) else row[0] for row in cursor.fetchall()]

    settings.NOTIFIKASI_LATAR = True
    with django_capture_on_commit_callbacks(execute=True):
        p = pengaduan_buat(
            kategori="sampah", judul="Sampah", deskripsi="Sampah menumpuk lagi.", by=warga, **LOKASI
        ).pengaduan
    assert jobs("reports.tasks.beritahukan_pengaduan_baru") == [{"pengaduan_id": p.pk, "bahasa": "id"}]
    assert not Notifikasi.objects.exists() and not mail.outbox
    with django_capture_on_commit_callbacks(execute=True):
        tasks.beritahukan_pengaduan_baru(p.pk)
    ids = sorted(Notifikasi.objects.values_list("pk", flat=True))
    assert len(ids) == 3 and sorted(a["notifikasi_id"] for a in jobs("reports.tasks.kirim_notifikasi")) == ids
    tasks.kirim_notifikasi(ids[0])
    assert len(mail.outbox) == 1
