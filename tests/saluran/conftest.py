"""A small real HTTP server on loopback stands in for the Graph API and the Bot API: it records every request
our outbound client makes and answers in the documented formats. Webhook bodies are built in those formats too."""

from __future__ import annotations

import hashlib
import hmac
import io
import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from PIL import Image

from reports.models import FotoPengaduan, Pengaduan
from saluran.models import Identitas, PengaduanSaluran, Percakapan, PesanKeluar, PesanMasuk

WA_SECRET = "rahasia-aplikasi-meta"
WA_VERIFY = "token-verifikasi-desa"
WA_PHONE_ID = "109876543210"
WA_TOKEN = "EAAG-token-uji"
TG_TOKEN = "123456:ABC-token-uji"
TG_SECRET = "rahasia-telegram_123"
NOMOR = "6281234567890"
CHAT = 777000111
# Desa A spans lon 107.80–107.85, lat -7.30 to -7.20 (tests/conftest.py).
DI_DESA_A = (107.82, -7.25)


def jpeg(size=(640, 480)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (30, 120, 200)).save(out, "JPEG")
    return out.getvalue()


@dataclass
class Permintaan:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class ApiPalsu:
    """Answers: path → (status, content type, body). Unknown paths: 404."""

    base: str = ""
    diterima: list[Permintaan] = field(default_factory=list)
    jawaban: dict[str, tuple[int, str, bytes]] = field(default_factory=dict)
    kirim_gagal: int = 0  # the next N sends answer 500

    def terkirim(self) -> list[Permintaan]:
        return [r for r in self.diterima if r.path.endswith(("/messages", "/sendMessage"))]

    def teks_terkirim(self) -> list[str]:
        out = []
        for r in self.terkirim():
            data = r.json()
            out.append(data["text"]["body"] if "messaging_product" in data else data["text"])
        return out


@pytest.fixture
def api():
    state = ApiPalsu()

    class Handler(BaseHTTPRequestHandler):
        def _jawab(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            state.diterima.append(Permintaan(self.command, self.path, dict(self.headers), body))
            path = self.path.split("?")[0]
            if path.endswith(("/messages", "/sendMessage")):
                if state.kirim_gagal > 0:
                    state.kirim_gagal -= 1
                    status, ctype, out = 500, "application/json", b'{"error": "sementara"}'
                elif path.endswith("/messages"):
                    status, ctype, out = 200, "application/json", b'{"messages": [{"id": "wamid.keluar"}]}'
                else:
                    status, ctype, out = 200, "application/json", b'{"ok": true, "result": {}}'
            else:
                status, ctype, out = state.jawaban.get(path, (404, "application/json", b'{"error": "tidak ada"}'))
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(out)))
            self.end_headers()
            self.wfile.write(out)

        do_GET = do_POST = _jawab

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state
    server.shutdown()
    server.server_close()


@pytest.fixture
def saluran_aktif(settings, api, wilayah, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "privat"
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SITE_URL = "https://sigdesa.contoh.id"
    settings.SALURAN_WHATSAPP = {
        "token": WA_TOKEN,
        "app_secret": WA_SECRET,
        "verify_token": WA_VERIFY,
        "phone_id": WA_PHONE_ID,
        "api_url": f"{api.base}/v21.0",
    }
    settings.SALURAN_TELEGRAM = {"token": TG_TOKEN, "secret": TG_SECRET, "api_url": api.base}
    return api


# ---- WhatsApp Cloud API webhook bodies -------------------------------------------------------------------------
def wa_body(*messages: dict[str, Any], dari: str = NOMOR, nama: str = "Siti Warga") -> dict[str, Any]:
    return {
        "object": "whatsapp_business_account",
        "entry": [
            {
                "id": "WABA-1",
                "changes": [
                    {
                        "field": "messages",
                        "value": {
                            "messaging_product": "whatsapp",
                            "metadata": {"display_phone_number": "6280000000", "phone_number_id": WA_PHONE_ID},
                            "contacts": [{"profile": {"name": nama}, "wa_id": dari}],
                            "messages": list(messages),
                        },
                    }
                ],
            }
        ],
    }


def wa_teks(mid: str, teks: str, dari: str = NOMOR) -> dict[str, Any]:
    return {"from": dari, "id": mid, "timestamp": "1764650000", "type": "text", "text": {"body": teks}}


def wa_lokasi(mid: str, lon: Any, lat: Any, dari: str = NOMOR) -> dict[str, Any]:
    loc = {"latitude": lat, "longitude": lon, "name": "Depan balai"}
    return {"from": dari, "id": mid, "timestamp": "1764650000", "type": "location", "location": loc}


def wa_foto(mid: str, media_id: str, caption: str = "", dari: str = NOMOR) -> dict[str, Any]:
    image = {"id": media_id, "mime_type": "image/jpeg", "sha256": "x"}
    if caption:
        image["caption"] = caption
    return {"from": dari, "id": mid, "timestamp": "1764650000", "type": "image", "image": image}


def tanda(raw: bytes, secret: str = WA_SECRET) -> str:
    return "sha256=" + hmac.new(secret.encode(), raw, hashlib.sha256).hexdigest()


def kirim_wa(client, body: Any, signature: str | bool | None = True):
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    headers = {}
    if signature is True:
        headers["HTTP_X_HUB_SIGNATURE_256"] = tanda(raw)
    elif isinstance(signature, str):
        headers["HTTP_X_HUB_SIGNATURE_256"] = signature
    return client.post("/saluran/whatsapp/", raw, content_type="application/json", **headers)


def media_wa(api: ApiPalsu, media_id: str, data: bytes, mime: str = "image/jpeg") -> None:
    info = {"url": f"{api.base}/unduh/{media_id}", "mime_type": mime, "file_size": len(data), "id": media_id}
    api.jawaban[f"/v21.0/{media_id}"] = (200, "application/json", json.dumps(info).encode())
    api.jawaban[f"/unduh/{media_id}"] = (200, mime, data)


# ---- Telegram Bot API updates ---------------------------------------------------------------------------------
def tg_update(update_id: int, message_id: int, chat: int = CHAT, **isi: Any) -> dict[str, Any]:
    message = {
        "message_id": message_id,
        "from": {"id": chat, "is_bot": False, "first_name": "Budi"},
        "chat": {"id": chat, "type": "private", "first_name": "Budi"},
        "date": 1764650000,
        **isi,
    }
    return {"update_id": update_id, "message": message}


def kirim_tg(client, body: Any, secret: str | None = TG_SECRET):
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    headers = {} if secret is None else {"HTTP_X_TELEGRAM_BOT_API_SECRET_TOKEN": secret}
    return client.post("/saluran/telegram/", raw, content_type="application/json", **headers)


def media_tg(api: ApiPalsu, file_id: str, data: bytes) -> None:
    info = {"ok": True, "result": {"file_id": file_id, "file_path": f"photos/{file_id}.jpg", "file_size": len(data)}}
    api.jawaban[f"/bot{TG_TOKEN}/getFile"] = (200, "application/json", json.dumps(info).encode())
    api.jawaban[f"/file/bot{TG_TOKEN}/photos/{file_id}.jpg"] = (200, "image/jpeg", data)


def tersimpan() -> dict[str, int]:
    """Row counts of everything a webhook call could write."""
    return {
        m.__name__: m.objects.count()
        for m in (Identitas, PesanMasuk, Percakapan, PesanKeluar, PengaduanSaluran, Pengaduan, FotoPengaduan)
    }


KOSONG = {
    "Identitas": 0,
    "PesanMasuk": 0,
    "Percakapan": 0,
    "PesanKeluar": 0,
    "PengaduanSaluran": 0,
    "Pengaduan": 0,
    "FotoPengaduan": 0,
}
