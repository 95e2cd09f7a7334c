"""The reporter's receipt: one e-mail with the tracking code per stored complaint, through the outbox."""

from __future__ import annotations

import uuid

from django.core import mail

from reports.models import Notifikasi, Pengaduan
from reports.services.lapor import pengaduan_buat
from tests.reports.conftest import LOKASI

URL = "/pengaduan/baru/"


def data(**extra):
    return {
        "kategori": "jalanrusak",
        "judul": "Jalan berlubang dekat SD",
        "deskripsi": "Lubang besar di depan SD, berbahaya untuk anak-anak.",
        "lon": "107.82",
        "lat": "-7.25",
        **extra,
    }


def tanda_terima(user):
    return [m for m in mail.outbox if m.to == [user.email]]


def test_web_form_sends_the_receipt_with_code_title_desa_and_links(
    client, warga, wilayah, django_capture_on_commit_callbacks
):
    client.force_login(warga)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, data())
    p = Pengaduan.objects.get()
    assert response.status_code == 302
    [surel] = tanda_terima(warga)
    assert p.kode_lacak in surel.subject and "\n" not in surel.subject
    assert p.kode_lacak in surel.body and "Jalan berlubang dekat SD" in surel.body
    assert "Desa A" in surel.body and "Jalan rusak" in surel.body
    assert f"https://sigdesa.contoh.id/pengaduan/{p.kode_lacak}/" in surel.body
    assert f"https://sigdesa.contoh.id/pengaduan/lacak/?kode={p.kode_lacak}" in surel.body
    # Through the outbox: a delivered row, the same path as every other notification.
    assert Notifikasi.objects.get(penerima=warga.email).terkirim_pada is not None


def test_offline_queue_resend_does_not_send_a_second_receipt(client, warga, django_capture_on_commit_callbacks):
    client.force_login(warga)
    cid = str(uuid.uuid4())
    for expected in (201, 200, 200):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(URL, data(client_id=cid), HTTP_ACCEPT="application/json")
        assert response.status_code == expected
    kode = response.json()["kode"]
    assert response.json()["baru"] is False
    receipts = tanda_terima(warga)
    assert len(receipts) == 1 and kode in receipts[0].body
    assert Notifikasi.objects.filter(penerima=warga.email).count() == 1


def test_receipt_in_the_language_the_citizen_submitted_in(client, warga, settings, django_capture_on_commit_callbacks):
    client.force_login(warga)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL, data(), HTTP_ACCEPT="application/json")
    [surel] = tanda_terima(warga)
    kode = Pengaduan.objects.get().kode_lacak
    assert surel.subject == f"[SIG Desa] Your complaint was received: {kode}"
    assert "Tracking code: " + kode in surel.body and "Thank you" in surel.body
    # Staff still read Indonesian.
    staf = [m for m in mail.outbox if m.to != [warga.email]]
    assert staf and all("Pengaduan baru" in m.subject for m in staf)


def test_bad_language_cookie_falls_back_to_indonesian(client, warga, settings, django_capture_on_commit_callbacks):
    client.force_login(warga)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "../../etc/passwd"
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(URL, data(), HTTP_ACCEPT="application/json").status_code == 201
    [surel] = tanda_terima(warga)
    assert "Pengaduan Anda diterima" in surel.subject


def test_hostile_title_cannot_inject_headers_or_html(warga, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        pengaduan_buat(
            kategori="banjir",
            judul="<b>Banjir</b>\r\nBcc: korban@contoh.id",
            deskripsi="Air meluap <script>alert(1)</script> ke jalan.",
            by=warga,
            **LOKASI,
        )
    [surel] = tanda_terima(warga)
    assert surel.recipients() == [warga.email] and "\n" not in surel.subject
    assert "<b>Banjir</b> Bcc: korban@contoh.id" in surel.body  # plain text, shown as typed, one line
    assert not surel.alternatives  # no HTML part for user text to become markup in


def test_receipt_is_written_by_the_background_job_with_the_language(
    warga, settings, django_capture_on_commit_callbacks
):
    from reports import tasks

    settings.NOTIFIKASI_LATAR = True
    with django_capture_on_commit_callbacks(execute=True):
        p = pengaduan_buat(
            kategori="sampah", judul="Sampah", deskripsi="Sampah menumpuk lagi.", by=warga, bahasa="en", **LOKASI
        ).pengaduan
    assert not Notifikasi.objects.exists()  # one fan-out job, stored with the complaint
    with django_capture_on_commit_callbacks(execute=True):
        tasks.beritahukan_pengaduan_baru(p.pk, bahasa="en")
    row = Notifikasi.objects.get(penerima=warga.email)
    assert p.kode_lacak in row.subjek and "received" in row.subjek


def test_an_inactive_or_deleted_reporter_gets_nothing(warga, django_capture_on_commit_callbacks):
    from reports.services.pemberitahuan import beritahu_diterima

    p = pengaduan_buat(kategori="sampah", judul="Sampah", deskripsi="Sampah menumpuk lagi.", by=warga, **LOKASI)
    Notifikasi.objects.all().delete()
    warga.is_active = False
    warga.save()
    p.pengaduan.refresh_from_db()
    beritahu_diterima(p.pengaduan)
    assert not Notifikasi.objects.filter(penerima=warga.email).exists()
