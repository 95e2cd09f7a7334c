"""Every webhook call is verified before anything is stored: the WhatsApp subscription handshake, the
X-Hub-Signature-256 HMAC, the Telegram secret token; channels without their secrets are off (404). A catalogue
of bad payloads: each refused with its own 4xx and a Bahasa Indonesia message, and nothing stored anywhere."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.conf import settings as django_settings

from reports.models import Pengaduan
from saluran.models import Percakapan, PesanMasuk
from tests.saluran.conftest import (
    CHAT,
    DI_DESA_A,
    KOSONG,
    NOMOR,
    WA_SECRET,
    WA_VERIFY,
    kirim_tg,
    kirim_wa,
    tanda,
    tersimpan,
    tg_update,
    wa_body,
    wa_foto,
    wa_lokasi,
    wa_teks,
)


def test_channels_are_off_without_their_secrets(client, settings, db):
    settings.SALURAN_WHATSAPP = {"token": "", "app_secret": "", "verify_token": "", "phone_id": "", "api_url": "x"}
    settings.SALURAN_TELEGRAM = {"token": "t", "secret": "", "api_url": "x"}  # a bot without a secret: unsigned
    assert kirim_wa(client, wa_body(wa_teks("w", "halo"))).status_code == 404
    assert client.get("/saluran/whatsapp/", {"hub.mode": "subscribe", "hub.verify_token": ""}).status_code == 404
    assert kirim_tg(client, tg_update(1, 1, text="halo"), secret="").status_code == 404
    assert client.post("/saluran/sms/", "{}", content_type="application/json").status_code == 404
    assert tersimpan() == KOSONG


def test_whatsapp_subscription_handshake(client, saluran_aktif):
    ok = {"hub.mode": "subscribe", "hub.verify_token": WA_VERIFY, "hub.challenge": "1158201444"}
    r = client.get("/saluran/whatsapp/", ok)
    assert r.status_code == 200 and r.content == b"1158201444" and r["Content-Type"].startswith("text/plain")
    salah = client.get("/saluran/whatsapp/", {**ok, "hub.verify_token": "tebakan"})
    assert salah.status_code == 403 and "Token verifikasi" in salah.json()["galat"]
    assert client.get("/saluran/whatsapp/", {**ok, "hub.mode": "unsubscribe"}).status_code == 403
    xss = client.get("/saluran/whatsapp/", {**ok, "hub.challenge": "<script>alert(1)</script>"})
    assert xss.status_code == 400 and b"<script>" not in xss.content  # never echoed back as a page
    assert client.put("/saluran/whatsapp/").status_code == 405
    assert client.get("/saluran/telegram/").status_code == 405


def test_whatsapp_signature_is_the_hmac_of_the_raw_body(client, saluran_aktif):
    raw = json.dumps(wa_body(wa_lokasi("wamid.S1", *DI_DESA_A))).encode()
    assert kirim_wa(client, raw, signature=tanda(raw)).status_code == 200
    lain = json.dumps(wa_body(wa_lokasi("wamid.S2", *DI_DESA_A))).encode()
    assert kirim_wa(client, lain, signature=tanda(raw)).status_code == 403  # signature of another body
    assert kirim_wa(client, lain, signature=tanda(lain).upper().replace("SHA256=", "sha256=")).status_code == 200
    assert PesanMasuk.objects.count() == 2


def test_telegram_secret_token(client, saluran_aktif):
    assert kirim_tg(client, tg_update(1, 1, text="halo")).status_code == 200
    assert kirim_tg(client, tg_update(2, 2, text="halo"), secret="rahasia-telegram_124").status_code == 403
    assert kirim_tg(client, tg_update(3, 3, text="halo"), secret=None).status_code == 403
    assert PesanMasuk.objects.count() == 1


def test_receipts_groups_and_edits_are_ignored(client, saluran_aktif):
    receipt = wa_body()
    value = receipt["entry"][0]["changes"][0]["value"]
    del value["messages"]
    value["statuses"] = [{"id": "wamid.X", "status": "read", "timestamp": "1", "recipient_id": NOMOR}]
    assert kirim_wa(client, receipt).status_code == 200
    grup = tg_update(9, 9, text="#banjir")
    grup["message"]["chat"] = {"id": -100123, "type": "group", "title": "Warga RT 1"}
    assert kirim_tg(client, grup).status_code == 200
    edit = {"update_id": 10, "edited_message": tg_update(10, 1, text="ubah")["message"]}
    assert kirim_tg(client, edit).status_code == 200
    assert tersimpan() == KOSONG


def _wa(*m, **kw):
    return wa_body(*m, **kw)


def _ubah(body, fungsi):
    fungsi(body)
    return body


def _pesan(body):
    return body["entry"][0]["changes"][0]["value"]["messages"][0]


def _bersarang(n):
    body = wa_body(wa_teks("d1", "x"))
    inner: dict = {}
    node = inner
    for _ in range(n):
        node["a"] = {}
        node = node["a"]
    body["ekstra"] = inner
    return body


BESAR = b'{"object": "whatsapp_business_account", "entry": [], "x": "' + b"a" * (300 * 1024) + b'"}'

# name → (channel, body (dict or raw bytes), signature/secret: True = correct, None = none, str = this one, status)
KATALOG = {
    "wa tanpa tanda tangan": ("wa", _wa(wa_teks("k1", "halo")), None, 403),
    "wa tanda tangan salah": ("wa", _wa(wa_teks("k2", "halo")), "sha256=" + "0" * 64, 403),
    "wa tanda tangan rahasia lain": ("wa", _wa(wa_teks("k3", "halo")), "rahasia-lain", 403),
    "wa tanda tangan sha1": ("wa", _wa(wa_teks("k4", "halo")), "sha1=abcdef", 403),
    "wa json rusak": ("wa", b'{"object": "whatsapp_business_account", "entry": [', True, 400),
    "wa bukan utf-8": ("wa", b'{"object": "\xff\xfe"}', True, 400),
    "wa terlalu besar": ("wa", BESAR, True, 413),
    "wa json terlalu bersarang": ("wa", _bersarang(200), True, 400),
    "wa daftar di puncak": ("wa", [1, 2, 3], True, 400),
    "wa objek lain": ("wa", {"object": "page", "entry": []}, True, 400),
    "wa entry bukan daftar": ("wa", {"object": "whatsapp_business_account", "entry": {"a": 1}}, True, 400),
    "wa pesan tanpa id": ("wa", _ubah(_wa(wa_teks("x", "halo")), lambda b: _pesan(b).pop("id")), True, 400),
    "wa id pesan aneh": ("wa", _wa(wa_teks("../../etc/passwd\n", "halo")), True, 400),
    "wa nomor pengirim bukan angka": ("wa", _wa(wa_teks("k5", "halo", dari="abc")), True, 400),
    "wa teks berupa angka": (
        "wa",
        _ubah(_wa(wa_teks("k6", "x")), lambda b: _pesan(b)["text"].update(body=5)),
        True,
        400,
    ),
    "wa teks raksasa": ("wa", _wa(wa_teks("k7", "banjir " * 1000)), True, 400),
    "wa teks tanpa isi": ("wa", _ubah(_wa(wa_teks("k8", "x")), lambda b: _pesan(b).pop("text")), True, 400),
    "wa koordinat teks": ("wa", _wa(wa_lokasi("k9", "107.82", "-7.25")), True, 400),
    "wa koordinat di luar rentang": ("wa", _wa(wa_lokasi("k10", 107.82, -95.0)), True, 400),
    "wa koordinat boolean": ("wa", _wa(wa_lokasi("k11", True, False)), True, 400),
    "wa koordinat NaN": ("wa", json.dumps(_wa(wa_lokasi("k12", float("nan"), -7.25))).encode(), True, 400),
    "wa foto tanpa id media": (
        "wa",
        _ubah(_wa(wa_foto("k13", "M")), lambda b: _pesan(b)["image"].pop("id")),
        True,
        400,
    ),
    "wa nomor bisnis lain": (
        "wa",
        _ubah(
            _wa(wa_teks("k14", "halo")),
            lambda b: b["entry"][0]["changes"][0]["value"]["metadata"].update(phone_number_id="999"),
        ),
        True,
        400,
    ),
    "tg tanpa token rahasia": ("tg", tg_update(1, 1, text="halo"), None, 403),
    "tg token rahasia salah": ("tg", tg_update(2, 2, text="halo"), "tebakan", 403),
    "tg json rusak": ("tg", b"{update_id: 1}", True, 400),
    "tg tanpa update_id": ("tg", {"message": tg_update(3, 3, text="x")["message"]}, True, 400),
    "tg message_id teks": (
        "tg",
        _ubah(tg_update(4, 4, text="x"), lambda b: b["message"].update(message_id="4")),
        True,
        400,
    ),
    "tg chat tanpa id": ("tg", _ubah(tg_update(5, 5, text="x"), lambda b: b["message"]["chat"].pop("id")), True, 400),
    "tg teks raksasa": ("tg", tg_update(6, 6, text="x" * 5000), True, 400),
    "tg bujur 200": ("tg", tg_update(7, 7, location={"latitude": -7.25, "longitude": 200}), True, 400),
    "tg foto bukan daftar": ("tg", tg_update(8, 8, photo={"file_id": "F"}), True, 400),
    "tg terlalu besar": ("tg", BESAR, True, 413),
}


@pytest.mark.parametrize("nama", list(KATALOG))
def test_bad_payload_is_refused_and_nothing_is_stored(client, saluran_aktif, nama):
    kanal, body, tanda_tangan, status = KATALOG[nama]
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    if kanal == "wa":
        sig = tanda(raw) if tanda_tangan is True else tanda_tangan
        response = kirim_wa(client, raw, signature=sig)
    else:
        secret = django_settings.SALURAN_TELEGRAM["secret"] if tanda_tangan is True else tanda_tangan
        response = kirim_tg(client, raw, secret=secret)
    assert response.status_code == status, response.content
    assert response.json()["galat"]  # a message in Bahasa Indonesia, never a stack trace
    assert tersimpan() == KOSONG
    assert saluran_aktif.diterima == []  # and nothing went out
    assert not Path(django_settings.PRIVATE_MEDIA_ROOT).exists() or not any(
        Path(django_settings.PRIVATE_MEDIA_ROOT).rglob("*.*")
    )


def test_well_formed_but_unusable_messages_store_no_report(client, saluran_aktif, django_capture_on_commit_callbacks):
    """Outside every desa, a non-photo file, script in the text: the message is logged once (idempotency) and
    answered in plain text; no complaint, no location, no photo is kept."""
    with django_capture_on_commit_callbacks(execute=True):
        assert kirim_wa(client, wa_body(wa_lokasi("u1", 106.8, -6.2))).status_code == 200  # Jakarta
        assert (
            kirim_tg(
                client, tg_update(1, 1, text="<script>alert(1)</script> #<img src=x onerror=alert(1)>")
            ).status_code
            == 200
        )
        doc = tg_update(2, 2, document={"file_id": "D1", "mime_type": "application/x-msdownload"})
        assert kirim_tg(client, doc).status_code == 200
    assert not Pengaduan.objects.exists()
    assert list(Percakapan.objects.values_list("langkah", "lon", "foto")) == [("lokasi", None, "")] * 2
    assert not any(r.method == "GET" for r in saluran_aktif.diterima)  # the .exe was never fetched
    teks = saluran_aktif.teks_terkirim()
    assert "di luar wilayah desa" in teks[0]
    tg = [r.json() for r in saluran_aktif.terkirim() if r.path.endswith("/sendMessage")]
    assert all(r["chat_id"] == str(CHAT) and "parse_mode" not in r for r in tg)


def test_script_in_a_channel_report_stays_text_on_public_pages(client, saluran_aktif):
    kirim_wa(client, wa_body(wa_lokasi("x1", *DI_DESA_A)))
    kirim_wa(client, wa_body(wa_teks("x2", "LEWATI")))
    kirim_wa(client, wa_body(wa_teks("x3", '<script>alert("x")</script> Jembatan bambu patah #jembatan')))
    p = Pengaduan.objects.get()
    html = client.get(p.get_absolute_url()).content.decode()
    assert '<script>alert("x")</script>' not in html and "&lt;script&gt;" in html
    assert WA_SECRET not in html


@pytest.mark.parametrize("nilai", ["²⁰²⁶", "nan", "-1", "9" * 100, "'\"<x>,;%", "١٢٣"])
def test_odd_handshake_values_are_refused_never_echoed(client, saluran_aktif, nilai):
    r = client.get(
        "/saluran/whatsapp/", {"hub.mode": "subscribe", "hub.verify_token": WA_VERIFY, "hub.challenge": nilai}
    )
    assert r.status_code == 400 and nilai.encode() not in r.content
    salah = client.get("/saluran/whatsapp/", {"hub.mode": nilai, "hub.verify_token": nilai, "hub.challenge": "1"})
    assert salah.status_code == 403
    assert tersimpan() == KOSONG
