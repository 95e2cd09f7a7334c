"""Submitting complaints: who may, where, how often, with photos, exactly once; nothing written on errors."""

from __future__ import annotations

import io
import uuid

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from reports.models import Blokir, FotoPengaduan, Pengaduan
from tests.reports.conftest import LOKASI, foto

URL = "/pengaduan/baru/"


def data(**extra):
    return {
        "kategori": "jalanrusak",
        "judul": "Jalan berlubang dekat SD",
        "deskripsi": "Lubang besar di depan sekolah, sudah dua motor jatuh.",
        "lon": "107.821",
        "lat": "-7.251",
        **extra,
    }


def berkas(root):
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_citizen_pins_complaint_with_photo(
    client, warga, pengguna, wilayah, privat, django_capture_on_commit_callbacks
):
    client.force_login(warga)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, {**data(), "foto": [foto("a.jpg"), foto("b.jpg")]})
    p = Pengaduan.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/pengaduan/{p.kode_lacak}/"
    assert p.desa == wilayah.desa_a and p.status == "baru" and p.pelapor == warga and p.is_public
    assert p.kode_lacak.startswith("ADU-") and len(p.kode_lacak) == 13
    assert p.teks_asli["judul"] == "Jalan berlubang dekat SD"
    fotos = list(FotoPengaduan.objects.filter(pengaduan=p))
    assert len(fotos) == 2 and all(f.berkas.path.startswith(str(privat)) for f in fotos)
    with Image.open(fotos[0].berkas.path) as image:
        assert not image.getexif()
    # The desa operator (and the kecamatan admin) get an e-mail; the other desa's operator does not; the
    # reporter gets the receipt.
    to = sorted(addr for m in mail.outbox for addr in m.to)
    assert to == sorted([pengguna.operator_a.email, pengguna.admin_kecamatan.email, warga.email])
    assert p.kode_lacak in mail.outbox[0].subject + mail.outbox[0].body
    page = client.get(response["Location"])
    assert p.kode_lacak in page.content.decode() and "Jalan berlubang dekat SD" in page.content.decode()


def test_anonymous_visitor_is_sent_to_sign_in(client, wilayah):
    response = client.post(URL, data())
    assert response.status_code == 302 and "/akun/login/" in response["Location"]
    assert client.post(URL, data(), HTTP_ACCEPT="application/json").status_code == 401
    assert not Pengaduan.objects.exists()


def test_unverified_email_cannot_publish(client, pengguna, wilayah):
    client.force_login(pengguna.warga)  # no verified EmailAddress
    response = client.post(URL, data())
    assert response.status_code == 403
    assert "Verifikasi email" in response.content.decode()
    assert not Pengaduan.objects.exists()


@pytest.mark.parametrize(
    ("extra", "status", "message"),
    [
        ({"lon": "108.5", "lat": "-7.25"}, 400, "di luar wilayah desa"),
        ({"lon": "", "lat": ""}, 400, "Tentukan lokasi di peta"),
        ({"lon": "nan", "lat": "-7.25"}, 400, "Tentukan lokasi di peta"),
        ({"website": "http://spam.example"}, 400, "Pengiriman ditolak"),
        ({"kategori": "tidakada"}, 400, "Pilih"),
        ({"judul": ""}, 400, "harus diisi"),
        ({"deskripsi": "pendek"}, 400, "10"),
        ({"judul": "x" * 500}, 400, "120"),
    ],
)
def test_bad_submissions_are_refused_and_nothing_written(client, warga, extra, status, message, privat):
    client.force_login(warga)
    response = client.post(URL, data(**extra))
    assert response.status_code == status
    assert message in response.content.decode()
    assert not Pengaduan.objects.exists() and not berkas(privat)


def test_too_many_or_bad_photos_write_nothing(client, warga, privat):
    client.force_login(warga)
    response = client.post(URL, {**data(), "foto": [foto(f"{i}.jpg") for i in range(5)]})
    assert response.status_code == 400 and "Paling banyak 4 foto" in response.content.decode()
    svg = SimpleUploadedFile("x.svg", b"<svg onload='alert(1)'/>", content_type="image/svg+xml")
    response = client.post(URL, {**data(), "foto": [foto(), svg]})
    assert response.status_code == 400 and "x.svg" in response.content.decode()
    assert not Pengaduan.objects.exists() and not FotoPengaduan.objects.exists() and not berkas(privat)


def test_failure_after_photos_are_written_removes_them(client, warga, privat, monkeypatch):
    import reports.services.lapor as lapor

    def rusak(pengaduan, bahasa=None):
        raise RuntimeError("surat gagal")

    monkeypatch.setattr(lapor, "beritahu_baru", rusak)
    client.force_login(warga)
    client.raise_request_exception = False
    response = client.post(URL, {**data(), "foto": [foto()]})
    assert response.status_code == 500
    assert not Pengaduan.objects.exists() and not berkas(privat)


def test_hourly_limit_per_account(client, warga, settings):
    settings.PENGADUAN_BATAS_AKUN_PER_JAM = 3
    client.force_login(warga)
    for _ in range(3):
        assert client.post(URL, data()).status_code == 302
    response = client.post(URL, data())
    assert response.status_code == 429 and "Batas 3 pengaduan per jam" in response.content.decode()
    assert Pengaduan.objects.count() == 3


def test_hourly_limit_per_address(client, warga, settings):
    from tests.factories import UserFactory

    settings.PENGADUAN_BATAS_IP_PER_JAM = 2
    client.force_login(warga)
    for _ in range(2):
        assert client.post(URL, data()).status_code == 302
    other = UserFactory(email="tetangga@contoh.id")
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(user=other, email=other.email, verified=True, primary=True)
    client.force_login(other)
    response = client.post(URL, data())
    assert response.status_code == 429 and "jaringan ini" in response.content.decode()


def test_blocked_account_cannot_submit(client, warga):
    Blokir.objects.create(pengguna=warga, alasan="spam")
    client.force_login(warga)
    response = client.post(URL, data())
    assert response.status_code == 403 and "diblokir" in response.content.decode()
    assert not Pengaduan.objects.exists()


def test_replayed_offline_submission_is_stored_once(client, warga, django_capture_on_commit_callbacks):
    client.force_login(warga)
    cid = str(uuid.uuid4())
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(URL, data(client_id=cid), HTTP_ACCEPT="application/json")
    sent = len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(URL, data(client_id=cid), HTTP_ACCEPT="application/json")
    assert first.status_code == 201 and again.status_code == 200
    assert first.json()["kode"] == again.json()["kode"] and again.json()["baru"] is False
    assert Pengaduan.objects.count() == 1 and sent > 0 and len(mail.outbox) == sent


def test_json_errors_are_specific(client, warga):
    client.force_login(warga)
    response = client.post(URL, data(lon="108.9"), HTTP_ACCEPT="application/json")
    assert response.status_code == 400 and "di luar wilayah desa" in response.json()["galat"]


def test_personal_data_is_held_back_until_redacted(client, warga, pengguna):
    client.force_login(warga)
    client.post(URL, data(deskripsi="Hubungi saya di 0812-3456-7890, NIK 3205071234560001."))
    p = Pengaduan.objects.get()
    assert p.perlu_sunting and not p.is_public
    client.logout()
    assert client.get(p.get_absolute_url()).status_code == 404
    client.force_login(pengguna.operator_a)
    page = client.get(f"/kelola/pengaduan/{p.kode_lacak}/").content.decode()
    assert "[nomor disamarkan]" in page and "[NIK disamarkan]" in page


def test_similar_complaints_nearby_are_offered(client, aduan, warga):
    near = client.get("/pengaduan/serupa/", {"lon": 107.8205, "lat": -7.2502, "kategori": "banjir"}).json()
    assert [p["kode"] for p in near["pengaduan"]] == [aduan.kode_lacak] and near["pengaduan"][0]["jarak_m"] < 250
    assert (
        client.get("/pengaduan/serupa/", {"lon": 107.825, "lat": -7.25, "kategori": "banjir"}).json()["pengaduan"] == []
    )
    assert client.get("/pengaduan/serupa/", {**LOKASI, "kategori": "sampah"}).json()["pengaduan"] == []
    assert client.get("/pengaduan/serupa/", {"lon": "x", "lat": 1}).status_code == 400


def test_me_too_counts_once_and_not_for_the_reporter(client, aduan, warga, pengguna):
    from allauth.account.models import EmailAddress

    other = pengguna.operator_b
    client.force_login(other)
    client.post(f"/pengaduan/{aduan.kode_lacak}/dukung/")
    client.post(f"/pengaduan/{aduan.kode_lacak}/dukung/")
    aduan.refresh_from_db()
    assert aduan.dukungan == 1
    client.force_login(warga)
    client.post(f"/pengaduan/{aduan.kode_lacak}/dukung/")
    aduan.refresh_from_db()
    assert aduan.dukungan == 1
    assert EmailAddress.objects.filter(user=warga).exists()


def test_photo_is_reencoded_jpeg(client, warga):
    png = io.BytesIO()
    Image.new("RGB", (300, 200), (0, 0, 255)).save(png, "PNG")
    client.force_login(warga)
    client.post(URL, {**data(), "foto": [SimpleUploadedFile("p.png", png.getvalue(), content_type="image/png")]})
    f = FotoPengaduan.objects.get()
    with Image.open(f.berkas.path) as image:
        assert image.format == "JPEG"


def test_potensi_form_takes_the_point_pinned_on_the_portal(client, warga):
    client.force_login(warga)
    html = client.get("/potensi/ajukan/", {"lon": "107.82", "lat": "-7.25"}).content.decode()
    assert "107.82" in html and "-7.25" in html
    assert client.get("/potensi/ajukan/", {"lon": "nan", "lat": "x"}).status_code == 200
