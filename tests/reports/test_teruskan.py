"""Forwarding to another agency (diteruskan): the public sees the agency's name, staff its contact; who may
forward; refused agencies (unknown, inactive, another kecamatan, none) write nothing; who manages agencies."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from reports.models import Instansi, Pengaduan, Tanggapan
from reports.services.alur import pengaduan_teruskan, pengaduan_ubah_status


@pytest.fixture
def pupr(wilayah):
    return Instansi.objects.create(
        nama="Dinas PUPR Kabupaten Garut", surel="pupr@garutkab.go.id", telepon="0262-123456", kecamatan=None
    )


def url(p, aksi="teruskan"):
    return f"/kelola/pengaduan/{p.kode_lacak}/{aksi}/"


def tidak_berubah(p):
    row = Pengaduan.objects.get(pk=p.pk)
    return row.status == "baru" and row.instansi_id is None and row.versi == p.versi and not Tanggapan.objects.exists()


def test_operator_forwards_and_public_sees_agency_name_only(
    aduan, pengguna, warga, pupr, client, django_capture_on_commit_callbacks
):
    client.force_login(pengguna.operator_a)
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(url(aduan), {"instansi": pupr.pk, "teks": "Jalan kabupaten.", "versi": aduan.versi})
    assert r.status_code == 302
    p = Pengaduan.objects.get(pk=aduan.pk)
    assert (p.status, p.instansi_id) == ("diteruskan", pupr.pk) and p.ditanggapi_pada is not None
    t = Tanggapan.objects.get()
    assert t.publik and t.ke_status == "diteruskan" and "Dinas PUPR Kabupaten Garut" in t.teks
    surat = [m for m in mail.outbox if m.to == [warga.email]]
    assert len(surat) == 1 and "Dinas PUPR Kabupaten Garut" in surat[0].body
    assert "pupr@garutkab.go.id" not in surat[0].body and "0262-123456" not in surat[0].body
    staf = client.get(f"/kelola/pengaduan/{aduan.kode_lacak}/").content.decode()
    assert "pupr@garutkab.go.id" in staf and "0262-123456" in staf
    client.logout()
    publik = client.get(aduan.get_absolute_url()).content.decode()
    assert "Dinas PUPR Kabupaten Garut" in publik and "Diteruskan ke instansi lain" in publik
    assert "pupr@garutkab.go.id" not in publik and "0262-123456" not in publik


def test_forwarded_is_not_a_refusal_and_can_come_back(aduan, pengguna, pupr):
    op = pengguna.operator_a
    p = pengaduan_teruskan(pengaduan=aduan, instansi_id=pupr.pk, by=op, versi=aduan.versi)
    assert p.alasan == "" and p.status != "ditolak"
    p = pengaduan_ubah_status(pengaduan=p, ke="diverifikasi", by=op, versi=p.versi, teks="Dikembalikan oleh PUPR.")
    assert (p.status, p.instansi_id) == ("diverifikasi", None)
    assert "Dinas PUPR" in Tanggapan.objects.filter(ke_status="diteruskan").get().teks  # history kept


def test_forwarding_only_through_its_own_action(aduan, pengguna, pupr):
    with pytest.raises(ValidationError, match="Teruskan lewat"):
        pengaduan_ubah_status(pengaduan=aduan, ke="diteruskan", by=pengguna.operator_a, versi=aduan.versi)
    assert tidak_berubah(aduan)


def test_closed_complaint_cannot_be_forwarded(aduan, pengguna, pupr, client):
    op = pengguna.operator_a
    p = pengaduan_ubah_status(pengaduan=aduan, ke="ditolak", by=op, versi=aduan.versi, teks="Spam.")
    client.force_login(op)
    r = client.post(url(p), {"instansi": pupr.pk, "versi": p.versi})
    assert r.status_code == 400 and "tidak dapat diteruskan" in r.content.decode()
    assert Pengaduan.objects.get(pk=p.pk).status == "ditolak"


@pytest.mark.parametrize("role", ["operator_b", "perencana", "admin_kecamatan_lain"])
def test_staff_outside_the_desa_cannot_forward(aduan, pengguna, pupr, client, role):
    client.force_login(getattr(pengguna, role))
    r = client.post(url(aduan), {"instansi": pupr.pk, "versi": aduan.versi})
    assert r.status_code in (403, 404)
    with pytest.raises(PermissionDenied):
        pengaduan_teruskan(pengaduan=aduan, instansi_id=pupr.pk, by=getattr(pengguna, role), versi=aduan.versi)
    assert tidak_berubah(aduan)


def test_citizen_cannot_forward(aduan, warga, pupr, client):
    client.force_login(warga)
    assert client.post(url(aduan), {"instansi": pupr.pk, "versi": aduan.versi}).status_code == 403
    assert tidak_berubah(aduan)


def test_kecamatan_admin_may_forward(aduan, pengguna, pupr):
    p = pengaduan_teruskan(pengaduan=aduan, instansi_id=pupr.pk, by=pengguna.admin_kecamatan, versi=aduan.versi)
    assert p.status == "diteruskan"


@pytest.mark.parametrize(
    ("nilai", "pesan"),
    [
        ("", "Pilih instansi tujuan"),
        ("999999", "tidak dikenal"),
        ("abc", "tidak dikenal"),
        ("1 OR 1=1", "tidak dikenal"),
        ("-1", "tidak dikenal"),
        ("tidak-aktif", "tidak aktif lagi"),
        ("kecamatan-lain", "tidak melayani kecamatan"),
    ],
)
def test_bad_agency_is_refused_in_indonesian_and_nothing_written(
    aduan, pengguna, wilayah, pupr, client, nilai, pesan, django_capture_on_commit_callbacks
):
    if nilai == "tidak-aktif":
        nilai = str(Instansi.objects.create(nama="PDAM lama", aktif=False).pk)
    elif nilai == "kecamatan-lain":
        nilai = str(Instansi.objects.create(nama="UPT Pasirwangi", kecamatan=wilayah.kecamatan_lain).pk)
    client.force_login(pengguna.operator_a)
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(url(aduan), {"instansi": nilai, "versi": aduan.versi})
    assert r.status_code == 400 and pesan in r.content.decode()
    assert tidak_berubah(aduan) and not mail.outbox


def test_agency_of_the_kecamatan_is_offered_others_not(aduan, pengguna, wilayah, pupr, client):
    Instansi.objects.create(nama="UPT Puskesmas Samarang", kecamatan=wilayah.kecamatan)
    Instansi.objects.create(nama="UPT Pasirwangi", kecamatan=wilayah.kecamatan_lain)
    Instansi.objects.create(nama="PDAM lama", aktif=False)
    client.force_login(pengguna.operator_a)
    html = client.get(f"/kelola/pengaduan/{aduan.kode_lacak}/").content.decode()
    form = html.split('id="aksi-teruskan"')[1].split("</section>")[0]
    assert "UPT Puskesmas Samarang" in form and "Dinas PUPR" in form
    assert "UPT Pasirwangi" not in form and "PDAM lama" not in form


def test_stale_version_is_a_conflict(aduan, pengguna, pupr, client):
    client.force_login(pengguna.operator_a)
    r = client.post(url(aduan), {"instansi": pupr.pk, "versi": aduan.versi + 5})
    assert r.status_code == 409 and tidak_berubah(aduan)


@pytest.mark.parametrize("role", ["warga", "operator_a", "admin_kecamatan", "perencana"])
def test_only_superadmins_manage_agencies(pengguna, pupr, client, role):
    client.force_login(getattr(pengguna, role))
    assert client.get("/admin/reports/instansi/").status_code in (302, 403)
    r = client.post("/admin/reports/instansi/add/", {"nama": "Instansi palsu", "aktif": "on"})
    assert r.status_code in (302, 403)
    assert client.post(f"/admin/reports/instansi/{pupr.pk}/delete/", {"post": "yes"}).status_code in (302, 403)
    assert list(Instansi.objects.values_list("nama", flat=True)) == ["Dinas PUPR Kabupaten Garut"]


def test_superadmin_manages_agencies(pengguna, client):
    client.force_login(pengguna.superadmin)
    r = client.post(
        "/admin/reports/instansi/add/",
        {"nama": "PLN ULP Garut", "surel": "ulp@pln.co.id", "telepon": "123", "aktif": "on"},
    )
    assert r.status_code == 302
    assert Instansi.objects.get(nama="PLN ULP Garut").kecamatan is None


def test_open311_names_the_agency_and_the_deadline_never_its_contact(aduan, pengguna, pupr, client):
    r = client.get(f"/open311/v2/requests/{aduan.kode_lacak}.json").json()[0]
    assert r["agency_responsible"] == "Pemerintah Desa Desa A" and r["expected_datetime"]
    pengaduan_teruskan(pengaduan=aduan, instansi_id=pupr.pk, by=pengguna.operator_a, versi=aduan.versi)
    body = client.get(f"/open311/v2/requests/{aduan.kode_lacak}.json").content.decode()
    r = client.get(f"/open311/v2/requests/{aduan.kode_lacak}.json").json()[0]
    assert r["status"] == "closed" and r["agency_responsible"] == "Dinas PUPR Kabupaten Garut"
    assert r["status_notes"] == "Diteruskan ke Dinas PUPR Kabupaten Garut." and r["expected_datetime"] is None
    assert "pupr@garutkab.go.id" not in body and "0262-123456" not in body
