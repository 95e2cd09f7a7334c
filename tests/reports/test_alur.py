"""The workflow: transitions per role, reasons, conflicts, timeline, reporter confirmation and rating, merging,
redaction, notifications."""

from __future__ import annotations

import threading

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone

from reports.models import Pengaduan, Tanggapan
from reports.services import KonflikVersi
from reports.services.alur import (
    pengaduan_balas,
    pengaduan_gabung,
    pengaduan_konfirmasi,
    pengaduan_nilai,
    pengaduan_sunting,
    pengaduan_ubah_status,
)
from reports.services.lapor import pengaduan_buat
from tests.reports.conftest import LOKASI


def ubah(p, ke, by, teks="", versi=None):
    return pengaduan_ubah_status(pengaduan=p, ke=ke, by=by, versi=p.versi if versi is None else versi, teks=teks)


def test_operator_moves_complaint_to_done_and_reporter_hears_each_step(
    aduan, pengguna, warga, client, django_capture_on_commit_callbacks
):
    op = pengguna.operator_a
    with django_capture_on_commit_callbacks(execute=True):
        ubah(aduan, "diverifikasi", op)
        pengaduan_balas(pengaduan=aduan, teks="Petugas akan datang besok pagi.", by=op)
        pengaduan_balas(pengaduan=aduan, teks="catatan rahasia petugas", by=op, publik=False)
        ubah(aduan, "diproses", op)
        ubah(aduan, "selesai", op, teks="Selokan sudah dikeruk.")
    aduan.refresh_from_db()
    assert aduan.status == "selesai" and aduan.selesai_pada and aduan.ditanggapi_pada and aduan.versi == 5
    to_reporter = [m for m in mail.outbox if m.to == [warga.email]]
    assert len(to_reporter) == 4  # three status changes and the public reply, never the internal note
    assert "Selesai" in to_reporter[-1].subject and "Selokan sudah dikeruk." in to_reporter[-1].body
    assert not any("catatan rahasia" in m.body for m in mail.outbox)
    page = client.get(aduan.get_absolute_url()).content.decode()
    assert "Petugas akan datang besok pagi." in page and "Selokan sudah dikeruk." in page
    assert "catatan rahasia petugas" not in page
    assert [t.ke_status for t in Tanggapan.objects.filter(jenis="status")] == ["diverifikasi", "diproses", "selesai"]


@pytest.mark.parametrize("role", ["operator_b", "perencana", "admin_kecamatan_lain", "warga"])
def test_only_handlers_of_the_desa_may_change_it(aduan, pengguna, role):
    with pytest.raises(PermissionDenied):
        ubah(aduan, "diverifikasi", getattr(pengguna, role))
    assert Pengaduan.objects.get().status == "baru" and not Tanggapan.objects.exists()


def test_kecamatan_admin_may_handle(aduan, pengguna):
    ubah(aduan, "diverifikasi", pengguna.admin_kecamatan)
    assert Pengaduan.objects.get().status == "diverifikasi"


@pytest.mark.parametrize(
    ("ke", "teks", "message"),
    [
        ("selesai", "", "tidak dapat diubah menjadi Selesai"),
        ("ditolak", "", "alasan"),
        ("entah", "", "tidak dikenal"),
        ("duplikat", "", "Gabungkan"),
    ],
)
def test_invalid_transitions_are_refused(aduan, pengguna, ke, teks, message):
    with pytest.raises(ValidationError, match=message):
        ubah(aduan, ke, pengguna.operator_a, teks=teks)
    assert Pengaduan.objects.get().versi == 1


def test_stale_version_is_a_conflict_with_clear_message(aduan, pengguna, client):
    ubah(aduan, "diverifikasi", pengguna.operator_a)
    client.force_login(pengguna.admin_kecamatan)
    response = client.post(f"/kelola/pengaduan/{aduan.kode_lacak}/status/", {"ke": "diproses", "versi": 1})
    assert response.status_code == 409
    assert "baru saja diubah oleh petugas lain" in response.content.decode()
    assert Pengaduan.objects.get().status == "diverifikasi"


@pytest.mark.django_db(transaction=True)
def test_two_operators_at_once_exactly_one_transition(wilayah, pengguna):
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(user=pengguna.warga, email=pengguna.warga.email, verified=True, primary=True)
    p = pengaduan_buat(
        kategori="sampah", judul="Sampah", deskripsi="Sampah menumpuk di sungai.", by=pengguna.warga, **LOKASI
    ).pengaduan
    barrier = threading.Barrier(2)
    results = []

    def act(user, ke):
        try:
            barrier.wait()
            pengaduan_ubah_status(pengaduan=Pengaduan.objects.get(pk=p.pk), ke=ke, by=user, versi=1)
            results.append("ok")
        except KonflikVersi:
            results.append("konflik")
        finally:
            connection.close()

    threads = [
        threading.Thread(target=act, args=(pengguna.operator_a, "diverifikasi")),
        threading.Thread(target=act, args=(pengguna.admin_kecamatan, "diproses")),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["konflik", "ok"]
    assert Tanggapan.objects.filter(pengaduan=p, jenis="status").count() == 1
    assert Pengaduan.objects.get(pk=p.pk).versi == 2


def test_reporter_confirms_or_reopens_within_14_days(aduan, pengguna, warga):
    op = pengguna.operator_a
    ubah(aduan, "diproses", op)
    ubah(aduan, "selesai", op)
    with pytest.raises(PermissionDenied):
        pengaduan_konfirmasi(pengaduan=aduan, selesai=True, by=pengguna.operator_b)
    with pytest.raises(ValidationError, match="Ceritakan"):
        pengaduan_konfirmasi(pengaduan=aduan, selesai=False, by=warga)
    pengaduan_konfirmasi(pengaduan=aduan, selesai=False, teks="Masih meluap kemarin.", by=warga)
    aduan.refresh_from_db()
    assert aduan.status == "diproses" and aduan.selesai_pada is None
    ubah(aduan, "selesai", op)
    Pengaduan.objects.filter(pk=aduan.pk).update(selesai_pada=timezone.now() - timezone.timedelta(days=15))
    aduan.refresh_from_db()
    with pytest.raises(ValidationError, match="14 hari"):
        pengaduan_konfirmasi(pengaduan=aduan, selesai=False, teks="lagi", by=warga)
    pengaduan_nilai(pengaduan=aduan, nilai=4, komentar="Cepat", by=warga)
    assert Pengaduan.objects.get().penilaian == 4
    with pytest.raises(ValidationError):
        pengaduan_nilai(pengaduan=aduan, nilai=9, by=warga)


def test_rating_only_after_closing(aduan, warga):
    with pytest.raises(ValidationError, match="setelah pengaduan ditutup"):
        pengaduan_nilai(pengaduan=aduan, nilai=5, by=warga)


def test_reporter_actions_through_pages(aduan, pengguna, warga, client):
    ubah(aduan, "diproses", pengguna.operator_a)
    ubah(aduan, "selesai", pengguna.operator_a)
    client.force_login(warga)
    page = client.get(aduan.get_absolute_url()).content.decode()
    assert "Sudah selesai?" in page
    client.post(f"/pengaduan/{aduan.kode_lacak}/konfirmasi/", {"selesai": "ya"})
    client.post(f"/pengaduan/{aduan.kode_lacak}/nilai/", {"nilai": "5", "komentar": "Terima kasih"})
    aduan.refresh_from_db()
    assert aduan.dikonfirmasi_pada and aduan.penilaian == 5


def test_merge_duplicate_moves_support(aduan, pengguna, warga):
    kedua = pengaduan_buat(
        kategori="banjir", judul="Banjir lagi", deskripsi="Air meluap di tempat yang sama.", by=warga, **LOKASI
    ).pengaduan
    Pengaduan.objects.filter(pk=kedua.pk).update(dukungan=3)
    kedua.refresh_from_db()
    pengaduan_gabung(pengaduan=kedua, induk=aduan, by=pengguna.operator_a, versi=kedua.versi)
    kedua.refresh_from_db()
    aduan.refresh_from_db()
    assert kedua.status == "duplikat" and kedua.duplikat_dari == aduan and aduan.dukungan == 4
    with pytest.raises(ValidationError):
        pengaduan_gabung(pengaduan=aduan, induk=aduan, by=pengguna.operator_a, versi=aduan.versi)


def test_redaction_keeps_original_and_publishes(pengguna, warga, client, django_capture_on_commit_callbacks):
    from reports.models import LanggananWilayah

    tetangga = pengguna.operator_b
    LanggananWilayah.objects.create(pengguna=tetangga, desa=pengguna.operator_a.desa_kerja.get())
    with django_capture_on_commit_callbacks(execute=True):
        p = pengaduan_buat(
            kategori="sampah", judul="Sampah", deskripsi="Telepon saya 081234567890 ya pak.", by=warga, **LOKASI
        ).pengaduan
    assert p.perlu_sunting and not any(tetangga.email in m.to for m in mail.outbox)
    with pytest.raises(ValidationError, match="nomor telepon"):
        pengaduan_sunting(
            pengaduan=p, judul="Sampah", deskripsi=p.deskripsi, by=pengguna.operator_a, versi=p.versi, tersembunyi=False
        )
    with django_capture_on_commit_callbacks(execute=True):
        pengaduan_sunting(
            pengaduan=p,
            judul="Sampah",
            deskripsi="Telepon saya [nomor disamarkan] ya pak.",
            by=pengguna.operator_a,
            versi=p.versi,
            tersembunyi=False,
        )
    p.refresh_from_db()
    assert p.is_public and "081234567890" in p.teks_asli["deskripsi"]
    assert any(tetangga.email in m.to for m in mail.outbox)  # area alert once public
    assert "081234567890" not in client.get(p.get_absolute_url()).content.decode()


def test_operator_inbox_lists_own_desa_only(aduan, pengguna, client):
    client.force_login(pengguna.operator_a)
    assert aduan.kode_lacak in client.get("/kelola/pengaduan/").content.decode()
    client.force_login(pengguna.operator_b)
    assert aduan.kode_lacak not in client.get("/kelola/pengaduan/").content.decode()
    assert client.get(f"/kelola/pengaduan/{aduan.kode_lacak}/").status_code == 403
    client.force_login(pengguna.admin_kecamatan)
    page = client.get("/kelola/pengaduan/").content.decode()
    assert aduan.kode_lacak in page and "Ringkasan per desa" in page


def test_inbox_actions_through_pages(aduan, pengguna, client):
    client.force_login(pengguna.operator_a)
    base = f"/kelola/pengaduan/{aduan.kode_lacak}/"
    assert (
        client.post(
            base + "status/", {"ke": "diverifikasi", "versi": 1, "teks": "Diterima", "publik": "on"}
        ).status_code
        == 302
    )
    assert client.post(base + "tugaskan/", {"petugas": pengguna.operator_a.pk, "versi": 2}).status_code == 302
    assert client.post(base + "balas/", {"teks": "Segera", "publik": "on"}).status_code == 302
    bad = client.post(base + "status/", {"ke": "selesai", "versi": "x"})
    assert bad.status_code == 400
    assert client.post(base + "hapus/").status_code == 404
    aduan.refresh_from_db()
    assert aduan.status == "diverifikasi" and aduan.petugas == pengguna.operator_a
    assert client.post(base + "blokir/", {"sasaran": "akun"}).status_code == 302
    aduan.refresh_from_db()
    assert aduan.tersembunyi
    from reports.models import Blokir

    assert Blokir.objects.filter(pengguna=aduan.pelapor).exists()


def test_blocks_are_per_account_unless_an_expiring_address_block_is_chosen(warga, pengguna, client):
    from datetime import timedelta

    from allauth.account.models import EmailAddress

    from reports.models import Blokir
    from reports.services.lapor import boleh_melapor
    from tests.factories import UserFactory

    aduan = pengaduan_buat(
        kategori="banjir", judul="Spam", deskripsi="Iklan pinjaman", by=warga, ip="203.0.113.8", **LOKASI
    ).pengaduan
    client.force_login(pengguna.operator_a)
    base = f"/kelola/pengaduan/{aduan.kode_lacak}/"
    page = client.get(base).content.decode()
    assert "semua orang yang memakai jaringan yang sama" in page
    assert client.post(base + "blokir/", {"sasaran": "akun"}).status_code == 302
    akun = Blokir.objects.get()
    assert akun.pengguna_id == aduan.pelapor_id and akun.ip_hash == "" and akun.sampai is None
    tetangga = UserFactory(email="tetangga@contoh.id")
    EmailAddress.objects.create(user=tetangga, email=tetangga.email, verified=True, primary=True)
    boleh_melapor(tetangga, aduan.ip_hash)  # same address, another account: not blocked
    too_long = client.post(base + "blokir/", {"sasaran": "alamat", "jam": 500})
    assert too_long.status_code == 400 and Blokir.objects.count() == 1
    assert client.post(base + "blokir/", {"sasaran": "alamat", "jam": 24}).status_code == 302
    alamat = Blokir.objects.exclude(pk=akun.pk).get()
    assert alamat.pengguna_id is None and alamat.ip_hash == aduan.ip_hash
    assert timedelta(hours=23) < alamat.sampai - timezone.now() <= timedelta(hours=24)
    with pytest.raises(PermissionDenied):
        boleh_melapor(tetangga, aduan.ip_hash)
    Blokir.objects.filter(pk=alamat.pk).update(sampai=timezone.now() - timedelta(minutes=1))
    boleh_melapor(tetangga, aduan.ip_hash)  # expired
    notes = Tanggapan.objects.filter(pengaduan=aduan, publik=False).values_list("teks", flat=True)
    assert any("24 jam" in n for n in notes)
