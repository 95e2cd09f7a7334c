"""Following a desa: e-mail digests of public news only, agenda reminders once, verified addresses only."""

from __future__ import annotations

from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from kabar import services
from kabar.models import Langganan
from kabar.ringkasan import ingatkan_agenda, kirim_ringkasan

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def pengikut(wilayah, pengguna):
    EmailAddress.objects.create(user=pengguna.warga, email=pengguna.warga.email, verified=True, primary=True)
    row = services.langganan_atur(
        by=pengguna.warga, desa=wilayah.desa_a, kabar=True, agenda=True, pengaduan=True, frekuensi="harian"
    )
    Langganan.objects.filter(pk=row.pk).update(terakhir_dikirim=timezone.now() - timedelta(days=1, minutes=5))
    return pengguna.warga


def test_following_needs_a_verified_address_and_can_be_stopped(wilayah, pengguna, client):
    with pytest.raises(ValidationError, match="Verifikasi"):
        services.langganan_atur(
            by=pengguna.warga, desa=wilayah.desa_a, kabar=True, agenda=False, pengaduan=False, frekuensi="harian"
        )
    assert client.get(f"/desa/{wilayah.desa_a.kode}/ikuti/").status_code == 302  # sign in first
    EmailAddress.objects.create(user=pengguna.warga, email=pengguna.warga.email, verified=True, primary=True)
    client.force_login(pengguna.warga)
    response = client.post(f"/desa/{wilayah.desa_a.kode}/ikuti/", {"kabar": "on", "frekuensi": "mingguan"})
    assert response.status_code == 302
    row = Langganan.objects.get(pengguna=pengguna.warga)
    assert row.kabar and not row.agenda and row.frekuensi == "mingguan"
    assert client.post(f"/desa/{wilayah.desa_a.kode}/ikuti/", {"frekuensi": "sepuluh-tahun"}).status_code == 400
    client.post(f"/desa/{wilayah.desa_a.kode}/ikuti/", {"frekuensi": "harian"})
    assert not Langganan.objects.exists()


def test_digest_lists_only_new_public_items_of_the_desa(wilayah, pengguna, pengikut):
    def kabar(**extra):
        data = {"by": pengguna.operator_a, "desa": wilayah.desa_a, "isi": "x", "jenis": "kabar", "terbit": True}
        return services.kabar_simpan(**(data | extra))

    kabar(judul="Posyandu dibuka lagi")
    kabar(judul="Draf belum terbit", terbit=False)
    kabar(judul="Terjadwal minggu depan", terbit_pada=timezone.now() + timedelta(days=7))
    services.kabar_simpan(
        by=pengguna.operator_b, desa=wilayah.desa_b, isi="x", jenis="kabar", terbit=True, judul="Kabar desa lain"
    )
    mail.outbox.clear()
    assert kirim_ringkasan() == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [pengikut.email] and "Desa A" in message.subject
    assert "Posyandu dibuka lagi" in message.body and "/kabar/" in message.body
    for hidden in ("Draf belum terbit", "Terjadwal minggu depan", "Kabar desa lain"):
        assert hidden not in message.body
    assert kirim_ringkasan() == 0  # not due again until tomorrow, and nothing new


def test_nothing_new_sends_nothing(pengikut):
    mail.outbox.clear()
    assert kirim_ringkasan() == 0 and mail.outbox == []
    assert Langganan.objects.get().terakhir_dikirim > timezone.now() - timedelta(minutes=1)


def test_agenda_reminder_the_day_before_once(wilayah, pengguna, pengikut):
    mulai = timezone.now() + timedelta(hours=20)
    agenda = services.agenda_simpan(
        by=pengguna.operator_a, desa=wilayah.desa_a, judul="Kerja bakti", isi="", jenis="kerja_bakti", mulai=mulai,
        tempat="Lapangan", terbit=True,
    )  # fmt: skip
    services.agenda_simpan(
        by=pengguna.operator_a, desa=wilayah.desa_a, judul="Bulan depan", isi="", jenis="rapat",
        mulai=timezone.now() + timedelta(days=30), terbit=True,
    )  # fmt: skip
    mail.outbox.clear()
    assert ingatkan_agenda() == 1 and ingatkan_agenda() == 0
    assert len(mail.outbox) == 1 and "Kerja bakti" in mail.outbox[0].subject and "Lapangan" in mail.outbox[0].body
    services.agenda_simpan(
        agenda=agenda, by=pengguna.operator_a, desa=wilayah.desa_a, judul="Kerja bakti", isi="", jenis="kerja_bakti",
        mulai=mulai + timedelta(hours=2), tempat="Lapangan", terbit=True,
    )  # fmt: skip
    assert ingatkan_agenda() == 1  # moved: reminded again
