"""The submitter of a potensi hears the outcome of moderation by e-mail, through the complaints' outbox."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from assets.models.potensi import StatusPotensi
from assets.services.potensi import potensi_moderasi
from reports.models import Notifikasi

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def situs(settings):
    settings.SITE_URL = "https://sigdesa.contoh.id"


def test_published_potensi_mails_the_submitter_with_its_page(
    pengguna, potensi_menunggu, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        potensi_moderasi(potensi=potensi_menunggu, keputusan="terbit", by=pengguna.operator_a)
    [surel] = mail.outbox
    assert surel.to == [pengguna.warga.email]
    assert "Dodol Ibu Euis" in surel.subject and "terbit" in surel.subject
    assert f"https://sigdesa.contoh.id/potensi/{potensi_menunggu.pk}/" in surel.body and "Desa A" in surel.body
    assert Notifikasi.objects.get().terkirim_pada is not None


def test_rejected_potensi_mails_the_reason(client, pengguna, potensi_menunggu, django_capture_on_commit_callbacks):
    client.force_login(pengguna.operator_a)
    url = f"/kelola/potensi/{potensi_menunggu.pk}/moderasi/"
    alasan = "Foto dan kontak belum ada; lengkapi <b>nomor</b> pengelola."
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"keputusan": "tolak", "nama": "Dodol Ibu Euis", "alasan": alasan})
    potensi_menunggu.refresh_from_db()
    assert potensi_menunggu.status == StatusPotensi.DITOLAK
    [surel] = mail.outbox
    assert surel.to == [pengguna.warga.email] and "belum dapat diterbitkan" in surel.subject
    assert alasan in surel.body and "https://sigdesa.contoh.id/potensi/ajukan/" in surel.body


def test_refused_moderation_and_unchanged_outcome_send_nothing(
    pengguna, potensi_menunggu, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        potensi_moderasi(potensi=potensi_menunggu, keputusan="tolak", by=pengguna.operator_a)  # no reason
    assert not Notifikasi.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        potensi_moderasi(potensi=potensi_menunggu, keputusan="terbit", by=pengguna.operator_a)
        # an edit of the published text is no new outcome
        potensi_moderasi(
            potensi=potensi_menunggu, keputusan="terbit", by=pengguna.operator_a, perubahan={"tagline": "Manis"}
        )
    assert len(mail.outbox) == 1


def test_hostile_operator_of_another_desa_triggers_no_mail(client, pengguna, potensi_menunggu):
    client.force_login(pengguna.operator_b)
    response = client.post(f"/kelola/potensi/{potensi_menunggu.pk}/moderasi/", {"keputusan": "terbit", "nama": "x"})
    assert response.status_code == 404 and not Notifikasi.objects.exists()


def test_own_or_inactive_submitter_gets_no_mail(pengguna, potensi_menunggu, django_capture_on_commit_callbacks):
    potensi_menunggu.diajukan_oleh = pengguna.operator_a
    potensi_menunggu.save()
    with django_capture_on_commit_callbacks(execute=True):
        potensi_moderasi(potensi=potensi_menunggu, keputusan="terbit", by=pengguna.operator_a)
    pengguna.warga.is_active = False
    pengguna.warga.save()
    potensi_menunggu.diajukan_oleh = pengguna.warga
    potensi_menunggu.save()
    with django_capture_on_commit_callbacks(execute=True):
        potensi_moderasi(potensi=potensi_menunggu, keputusan="tolak", alasan="Duplikat", by=pengguna.operator_a)
    assert not mail.outbox and not Notifikasi.objects.exists()
