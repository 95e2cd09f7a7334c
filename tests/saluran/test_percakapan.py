"""A whole conversation per channel — location → photo → hashtag → confirmation with the tracking code → the
status change (and a reply) going back on the same channel — with the outbound calls landing on a real HTTP
server on loopback."""

from __future__ import annotations

import pytest

from reports.models import FotoPengaduan, Pengaduan
from saluran.models import Identitas, Percakapan, PesanKeluar, PesanMasuk
from tests.saluran.conftest import (
    CHAT,
    DI_DESA_A,
    NOMOR,
    TG_TOKEN,
    WA_PHONE_ID,
    WA_TOKEN,
    jpeg,
    kirim_tg,
    kirim_wa,
    media_tg,
    media_wa,
    tg_update,
    wa_body,
    wa_foto,
    wa_lokasi,
    wa_teks,
)


@pytest.fixture
def kirim(client, django_capture_on_commit_callbacks):
    """Post one webhook call and run what it queued after commit (the outbox send), as a real request would."""

    def _kirim(fungsi, body, **kw):
        with django_capture_on_commit_callbacks(execute=True):
            response = fungsi(client, body, **kw)
        assert response.status_code == 200, response.content
        return response

    return _kirim


@pytest.fixture
def petugas(client, django_capture_on_commit_callbacks):
    """An operator acting in the inbox (status change, reply), with what it queued run after commit."""

    def _aksi(operator, p, nama, data):
        client.force_login(operator)
        with django_capture_on_commit_callbacks(execute=True):
            r = client.post(f"/kelola/pengaduan/{p.kode_lacak}/{nama}/", data)
        assert r.status_code == 302, r.content
        client.logout()

    return _aksi


def status_baru(p, ke, teks=""):
    p.refresh_from_db()
    return {"ke": ke, "teks": teks, "publik": "on", "versi": p.versi}


def test_whatsapp_location_photo_hashtag_confirmation_and_status_back(kirim, petugas, saluran_aktif, pengguna):
    api = saluran_aktif
    media_wa(api, "MEDIA-1", jpeg())
    kirim(kirim_wa, wa_body(wa_lokasi("wamid.A1", *DI_DESA_A)))
    assert "Lokasi diterima: Desa A" in api.teks_terkirim()[-1]
    kirim(kirim_wa, wa_body(wa_foto("wamid.A2", "MEDIA-1")))
    assert api.teks_terkirim()[-1].startswith("Foto diterima.")
    unduhan = [r for r in api.diterima if r.method == "GET"]
    assert [r.path for r in unduhan] == ["/v21.0/MEDIA-1", "/unduh/MEDIA-1"]
    assert all(r.headers["Authorization"] == f"Bearer {WA_TOKEN}" for r in unduhan)
    assert Percakapan.objects.get().langkah == "teks"

    kirim(kirim_wa, wa_body(wa_teks("wamid.A3", "Jalan depan SD berlubang besar, bahaya untuk motor #JalanRusak")))
    p = Pengaduan.objects.get()
    assert (p.sumber, p.kategori_id, p.desa.nama, p.pelapor) == ("whatsapp", "jalanrusak", "Desa A", None)
    assert p.pelapor_telepon == f"+{NOMOR}" and p.pelapor_nama == "Siti Warga"
    assert p.judul == "Jalan depan SD berlubang besar, bahaya untuk motor"
    assert FotoPengaduan.objects.filter(pengaduan=p).count() == 1
    assert p.saluran_asal.identitas.id_eksternal == NOMOR
    konfirmasi = api.teks_terkirim()[-1]
    assert p.kode_lacak in konfirmasi and "Jalan rusak" in konfirmasi
    assert f"https://sigdesa.contoh.id/pengaduan/lacak/?kode={p.kode_lacak}" in konfirmasi
    assert Percakapan.objects.get().langkah == "lokasi"  # ready for the next report

    petugas(pengguna.operator_a, p, "status", status_baru(p, "diverifikasi", "Petugas meninjau besok pagi."))
    terakhir = api.terkirim()[-1]
    assert terakhir.path == f"/v21.0/{WA_PHONE_ID}/messages"
    assert terakhir.headers["Authorization"] == f"Bearer {WA_TOKEN}"
    body = terakhir.json()
    assert body["to"] == NOMOR and body["type"] == "text"
    assert p.kode_lacak in body["text"]["body"] and "menjadi Diverifikasi" in body["text"]["body"]
    assert "Petugas meninjau besok pagi." in body["text"]["body"]
    assert PesanKeluar.objects.filter(terkirim_pada__isnull=True).count() == 0


def test_telegram_location_photo_hashtag_confirmation_status_and_reply_back(kirim, petugas, saluran_aktif, pengguna):
    api = saluran_aktif
    media_tg(api, "FOTO-9", jpeg())
    kirim(kirim_tg, tg_update(1001, 1, location={"latitude": DI_DESA_A[1], "longitude": DI_DESA_A[0]}))
    foto = [{"file_id": "KECIL", "file_unique_id": "k", "file_size": 900, "width": 90, "height": 90}]
    foto.append({"file_id": "FOTO-9", "file_unique_id": "b", "file_size": 52000, "width": 1280, "height": 960})
    kirim(kirim_tg, tg_update(1002, 2, photo=foto))
    assert [r.path for r in api.diterima if r.method == "GET"] == [
        f"/bot{TG_TOKEN}/getFile?file_id=FOTO-9",
        f"/file/bot{TG_TOKEN}/photos/FOTO-9.jpg",
    ]
    kirim(kirim_tg, tg_update(1003, 3, text="Sampah menumpuk di pinggir sungai, bau sekali #sampah"))
    p = Pengaduan.objects.get()
    assert (p.sumber, p.kategori_id, p.pelapor, p.pelapor_telepon) == ("telegram", "sampah", None, "")
    assert p.pelapor_nama == "Budi" and p.foto.count() == 1
    kirim_terakhir = api.terkirim()[-1]
    assert kirim_terakhir.path == f"/bot{TG_TOKEN}/sendMessage"
    assert kirim_terakhir.json()["chat_id"] == str(CHAT) and p.kode_lacak in kirim_terakhir.json()["text"]
    assert "parse_mode" not in kirim_terakhir.json()  # plain text: nothing the user typed becomes markup

    petugas(pengguna.operator_a, p, "status", status_baru(p, "diproses"))
    assert "menjadi Diproses" in api.teks_terkirim()[-1]
    petugas(pengguna.operator_a, p, "balas", {"teks": "Truk sampah datang Kamis.", "publik": "on"})
    assert "Truk sampah datang Kamis." in api.teks_terkirim()[-1]
    petugas(pengguna.operator_a, p, "balas", {"teks": "catatan internal saja"})  # not public
    assert "catatan internal saja" not in " ".join(api.teks_terkirim())


def test_replayed_webhooks_change_nothing(client, kirim, saluran_aktif):
    api = saluran_aktif
    kirim(kirim_wa, wa_body(wa_lokasi("wamid.R1", *DI_DESA_A)))
    kirim(kirim_wa, wa_body(wa_teks("wamid.R2", "LEWATI")))
    akhir = wa_body(wa_teks("wamid.R3", "Lampu jalan di gang mati sejak seminggu #pju"))
    kirim(kirim_wa, akhir)
    sebelum = (PesanMasuk.objects.count(), PesanKeluar.objects.count(), len(api.terkirim()))
    for body in (akhir, wa_body(wa_lokasi("wamid.R1", *DI_DESA_A))):
        r = kirim(kirim_wa, body)
        assert r.json() == {"ok": True, "diproses": 0}
    assert Pengaduan.objects.get().kategori_id == "penerangan"  # alias #pju
    assert (PesanMasuk.objects.count(), PesanKeluar.objects.count(), len(api.terkirim())) == sebelum
    update = tg_update(5, 50, location={"latitude": DI_DESA_A[1], "longitude": DI_DESA_A[0]})
    kirim(kirim_tg, update)
    assert kirim(kirim_tg, update).json()["diproses"] == 0
    assert PesanMasuk.objects.filter(saluran="telegram").count() == 1


def test_desa_name_photo_caption_and_unknown_hashtag(kirim, saluran_aktif):
    api = saluran_aktif
    media_wa(api, "M2", jpeg())
    kirim(kirim_wa, wa_body(wa_teks("w1", "desa a")))
    assert "Lokasi diterima: Desa A" in api.teks_terkirim()[-1]
    kirim(kirim_wa, wa_body(wa_foto("w2", "M2", caption="Air keruh dan berbau dari keran umum #airkotor")))
    assert "Tagar #airkotor tidak dikenal" in api.teks_terkirim()[-1]
    assert "#banjir" in api.teks_terkirim()[-1] and "#jalanrusak" in api.teks_terkirim()[-1]
    assert not Pengaduan.objects.exists()
    kirim(kirim_wa, wa_body(wa_teks("w3", "Air keruh dan berbau dari keran umum #PDAM")))
    p = Pengaduan.objects.get()
    assert p.kategori_id == "airbersih" and p.foto.count() == 1  # the photo from the earlier message


def test_location_outside_every_desa_and_text_before_location(kirim, saluran_aktif):
    api = saluran_aktif
    kirim(kirim_wa, wa_body(wa_lokasi("o1", 110.0, -7.0)))
    assert "di luar wilayah desa" in api.teks_terkirim()[-1]
    kirim(kirim_wa, wa_body(wa_teks("o2", "Banjir sepinggang #banjir")))
    assert "Kirim lokasi masalah dulu" in api.teks_terkirim()[-1]
    kirim(kirim_wa, wa_body(wa_teks("o3", "Kampung Antah")))
    assert "tidak dikenal" in api.teks_terkirim()[-1]
    assert Percakapan.objects.get().langkah == "lokasi" and not Pengaduan.objects.exists()


def test_non_image_media_is_refused_with_a_reply(kirim, saluran_aktif):
    api = saluran_aktif
    media_wa(api, "PDF1", b"%PDF-1.4 bukan foto", mime="application/pdf")
    media_wa(api, "PALSU", b"<svg xmlns='http://www.w3.org/2000/svg'></svg>", mime="image/jpeg")
    kirim(kirim_wa, wa_body(wa_lokasi("n1", *DI_DESA_A)))
    kirim(kirim_wa, wa_body(wa_foto("n2", "PDF1")))
    assert "Hanya foto JPEG, PNG atau WebP" in api.teks_terkirim()[-1]
    kirim(kirim_wa, wa_body(wa_foto("n3", "PALSU")))  # says image/jpeg, is SVG: sniffed by content
    assert "Foto tidak diterima" in api.teks_terkirim()[-1]
    audio = {"from": NOMOR, "id": "n4", "timestamp": "1", "type": "audio", "audio": {"id": "A1"}}
    kirim(kirim_wa, wa_body(audio))
    assert "tidak dapat diproses" in api.teks_terkirim()[-1]
    c = Percakapan.objects.get()
    assert (c.langkah, c.foto) == ("foto", "")


def test_stop_opts_out_and_mulai_opts_back_in(kirim, petugas, saluran_aktif, pengguna):
    api = saluran_aktif
    kirim(kirim_wa, wa_body(wa_lokasi("s1", *DI_DESA_A)))
    kirim(kirim_wa, wa_body(wa_teks("s2", "LEWATI")))
    kirim(kirim_wa, wa_body(wa_teks("s3", "Pohon tumbang menutup jalan desa #jalanrusak")))
    p = Pengaduan.objects.get()
    jumlah = len(api.terkirim())
    kirim(kirim_wa, wa_body(wa_teks("s4", "stop")))
    assert Identitas.objects.get().berhenti is True
    petugas(pengguna.operator_a, p, "status", status_baru(p, "diproses"))
    kirim(kirim_wa, wa_body(wa_teks("s5", "halo?")))
    assert len(api.terkirim()) == jumlah  # nothing at all after STOP, not even a confirmation
    assert not PesanKeluar.objects.filter(terkirim_pada__isnull=True).exists()  # not even queued
    kirim(kirim_wa, wa_body(wa_teks("s6", "MULAI")))
    assert Identitas.objects.get().berhenti is False and "layanan pengaduan SIG Desa" in api.teks_terkirim()[-1]
    petugas(pengguna.operator_a, p, "status", status_baru(p, "selesai"))
    assert "menjadi Selesai" in api.teks_terkirim()[-1]


def test_linked_account_owns_the_channel_report(kirim, saluran_aktif, pengguna):
    kirim(kirim_tg, tg_update(1, 1, text="/start"))
    Identitas.objects.update(pengguna=pengguna.warga)
    kirim(kirim_tg, tg_update(2, 2, location={"latitude": DI_DESA_A[1], "longitude": DI_DESA_A[0]}))
    kirim(kirim_tg, tg_update(3, 3, text="lewati"))
    kirim(kirim_tg, tg_update(4, 4, text="Saluran irigasi jebol di blok sawah utara #irigasi"))
    p = Pengaduan.objects.get()
    assert p.pelapor == pengguna.warga and p.sumber == "telegram"


def test_hourly_limit_per_identity_applies(kirim, saluran_aktif, settings):
    settings.PENGADUAN_BATAS_AKUN_PER_JAM = 1
    api = saluran_aktif
    for n in (1, 2):
        kirim(kirim_wa, wa_body(wa_lokasi(f"b{n}a", *DI_DESA_A)))
        kirim(kirim_wa, wa_body(wa_teks(f"b{n}b", "LEWATI")))
        kirim(kirim_wa, wa_body(wa_teks(f"b{n}c", f"Got mampet nomor {n} di gang mawar #banjir")))
    assert Pengaduan.objects.count() == 1
    assert "Terlalu banyak pengaduan dari nomor ini" in api.teks_terkirim()[-1]


def _lapor_wa(kirim, awalan, dari=NOMOR):
    kirim(kirim_wa, wa_body(wa_lokasi(f"{awalan}1", *DI_DESA_A, dari=dari)))
    kirim(kirim_wa, wa_body(wa_teks(f"{awalan}2", "LEWATI", dari=dari)))
    kirim(kirim_wa, wa_body(wa_teks(f"{awalan}3", "Sampah dibuang ke sungai tiap malam #sampah", dari=dari)))


def test_blocking_the_address_of_a_channel_report_blocks_that_number_only(kirim, petugas, saluran_aktif, pengguna):
    api = saluran_aktif
    _lapor_wa(kirim, "k")
    p = Pengaduan.objects.get()
    petugas(pengguna.operator_a, p, "blokir", {"sasaran": "alamat", "jam": 24})
    _lapor_wa(kirim, "l")
    assert Pengaduan.objects.count() == 1 and "diblokir" in api.teks_terkirim()[-1]
    _lapor_wa(kirim, "m", dari="6289999999999")
    assert Pengaduan.objects.count() == 2


def test_abandoned_conversations_and_their_photos_are_forgotten(kirim, saluran_aktif, settings):
    import datetime
    from pathlib import Path

    from django.utils import timezone

    from saluran.percakapan import bersihkan_percakapan_lama

    media_wa(saluran_aktif, "M9", jpeg())
    kirim(kirim_wa, wa_body(wa_lokasi("t1", *DI_DESA_A)))
    kirim(kirim_wa, wa_body(wa_foto("t2", "M9")))
    berkas = Path(settings.PRIVATE_MEDIA_ROOT) / Percakapan.objects.get().foto
    assert berkas.exists()
    assert bersihkan_percakapan_lama() == 0
    Percakapan.objects.update(diubah=timezone.now() - datetime.timedelta(days=8))
    assert bersihkan_percakapan_lama() == 1
    assert not berkas.exists() and not Percakapan.objects.exists()
