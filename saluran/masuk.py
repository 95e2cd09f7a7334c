"""Webhook bodies in, checked before anything is stored: the signature (WhatsApp X-Hub-Signature-256, HMAC-SHA256
of the raw body with the app secret; Telegram X-Telegram-Bot-Api-Secret-Token), the size, the JSON and the shape
of every field we read. The result is a list of `Pesan`, the same for both channels."""

from __future__ import annotations

import hashlib
import hmac
import json
import math
import re
from dataclasses import dataclass
from typing import Any

from saluran.klien import JENIS_FOTO
from saluran.konfigurasi import konfigurasi
from sig.teks import MAKS_KEDALAMAN_JSON, kedalaman, tanpa_nul

MAKS_BODY = 256 * 1024  # real updates are a few kB; a photo never travels inside the webhook
MAKS_TEKS = 4096  # both channels' own message limit
MAKS_PESAN = 50
_ID = re.compile(r"^[A-Za-z0-9._:=+/-]{1,128}$")
_NOMOR = re.compile(r"^[0-9]{8,15}$")  # E.164 without the +


class Tolak(Exception):
    """The webhook call is refused with `status`; nothing has been stored."""

    def __init__(self, status: int, pesan: str) -> None:
        super().__init__(pesan)
        self.status = status
        self.pesan = pesan


@dataclass(frozen=True)
class Pesan:
    saluran: str
    id_pesan: str
    pengirim: str  # WhatsApp number (wa_id) or Telegram chat id
    nama: str
    jenis: str  # teks | lokasi | foto | lain
    teks: str = ""
    lon: float | None = None
    lat: float | None = None
    media_id: str = ""


def _buruk(pesan: str) -> Tolak:
    return Tolak(400, pesan)


def _json(raw: bytes) -> Any:
    if len(raw) > MAKS_BODY:
        raise Tolak(413, f"Isi permintaan terlalu besar (batas {MAKS_BODY // 1024} kB).")
    if kedalaman(raw) > MAKS_KEDALAMAN_JSON:
        raise _buruk("JSON terlalu bersarang.")
    try:
        return tanpa_nul(json.loads(raw.decode("utf-8")))
    except (UnicodeDecodeError, ValueError) as exc:
        raise _buruk("Isi permintaan bukan JSON yang sah.") from exc


def _dict(obj: Any, kunci: str) -> dict[str, Any]:
    nilai = obj.get(kunci)
    if not isinstance(nilai, dict):
        raise _buruk(f"Bidang '{kunci}' harus berupa objek.")
    return nilai


def _list(obj: Any, kunci: str, wajib: bool = True) -> list[Any]:
    nilai = obj.get(kunci, None if wajib else [])
    if not isinstance(nilai, list) or len(nilai) > MAKS_PESAN:
        raise _buruk(f"Bidang '{kunci}' harus berupa daftar (paling banyak {MAKS_PESAN}).")
    return nilai


def _teks(obj: Any, kunci: str, wajib: bool = True, maks: int = MAKS_TEKS) -> str:
    nilai = obj.get(kunci, None if wajib else "")
    if not isinstance(nilai, str):
        raise _buruk(f"Bidang '{kunci}' harus berupa teks.")
    if len(nilai) > maks:
        raise _buruk(f"Teks '{kunci}' terlalu panjang (batas {maks} karakter).")
    return nilai


def _id(nilai: Any, kunci: str) -> str:
    if isinstance(nilai, bool) or not isinstance(nilai, str | int):
        raise _buruk(f"Bidang '{kunci}' tidak sah.")
    teks = str(nilai)
    if not _ID.fullmatch(teks):
        raise _buruk(f"Bidang '{kunci}' tidak sah.")
    return teks


def _angka_koordinat(v: object) -> float:
    if isinstance(v, bool) or not isinstance(v, int | float) or not math.isfinite(v):
        raise _buruk("Koordinat lokasi harus berupa angka.")
    return float(v)


def _koordinat(obj: dict[str, Any]) -> tuple[float, float]:
    lat, lon = _angka_koordinat(obj.get("latitude")), _angka_koordinat(obj.get("longitude"))
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise _buruk("Koordinat di luar rentang (lintang -90..90, bujur -180..180).")
    return lon, lat


def _tanda_sah(raw: bytes, header: str | None, rahasia: str) -> bool:
    if not header or not header.startswith("sha256="):
        return False
    harap = hmac.new(rahasia.encode(), raw, hashlib.sha256).hexdigest()
    return hmac.compare_digest(header[7:].strip().lower().encode(), harap.encode())


def baca_whatsapp(raw: bytes, tanda: str | None) -> list[Pesan]:
    """Messages of a Cloud API webhook call (status receipts and other fields are ignored)."""
    if len(raw) > MAKS_BODY:
        raise Tolak(413, f"Isi permintaan terlalu besar (batas {MAKS_BODY // 1024} kB).")
    konf = konfigurasi("whatsapp")
    if not _tanda_sah(raw, tanda, konf["app_secret"]):
        raise Tolak(403, "Tanda tangan X-Hub-Signature-256 tidak ada atau tidak cocok.")
    data = _json(raw)
    if not isinstance(data, dict) or data.get("object") != "whatsapp_business_account":
        raise _buruk("Bukan webhook WhatsApp Business.")
    hasil: list[Pesan] = []
    for entry in _list(data, "entry"):
        if not isinstance(entry, dict):
            raise _buruk("Bidang 'entry' tidak sah.")
        for change in _list(entry, "changes"):
            if not isinstance(change, dict):
                raise _buruk("Bidang 'changes' tidak sah.")
            value = _dict(change, "value")
            if change.get("field") != "messages" or "messages" not in value:
                continue  # delivery/read receipts, template updates: nothing to do
            if _teks(_dict(value, "metadata"), "phone_number_id", maks=64) != konf["phone_id"]:
                raise _buruk("Pesan untuk nomor bisnis lain.")
            nama = {}
            for c in _list(value, "contacts", wajib=False):
                if isinstance(c, dict) and isinstance(c.get("profile"), dict):
                    nama[str(c.get("wa_id"))] = _teks(c["profile"], "name", wajib=False, maks=256)
            hasil.extend(_pesan_wa(m, nama) for m in _list(value, "messages"))
    if len(hasil) > MAKS_PESAN:
        raise _buruk("Terlalu banyak pesan dalam satu panggilan.")
    return hasil


def _pesan_wa(m: Any, nama: dict[str, str]) -> Pesan:
    if not isinstance(m, dict):
        raise _buruk("Pesan tidak sah.")
    dasar: dict[str, Any] = {
        "saluran": "whatsapp",
        "id_pesan": _id(m.get("id"), "id"),
        "pengirim": _teks(m, "from", maks=20),
    }
    if not _NOMOR.fullmatch(dasar["pengirim"]):
        raise _buruk("Nomor pengirim tidak sah.")
    dasar["nama"] = nama.get(dasar["pengirim"], "")
    jenis = _teks(m, "type", maks=30)
    if jenis == "text":
        return Pesan(**dasar, jenis="teks", teks=_teks(_dict(m, "text"), "body"))
    if jenis == "location":
        lon, lat = _koordinat(_dict(m, "location"))
        return Pesan(**dasar, jenis="lokasi", lon=lon, lat=lat)
    if jenis in {"image", "document"}:
        media = _dict(m, jenis)
        media_id = _id(media.get("id"), "id media")
        mime = _teks(media, "mime_type", wajib=False, maks=100).split(";")[0].strip()
        teks = _teks(media, "caption", wajib=False, maks=1024)
        if jenis == "image" or mime in JENIS_FOTO:
            return Pesan(**dasar, jenis="foto", teks=teks, media_id=media_id)
    return Pesan(**dasar, jenis="lain")


def _ukuran(foto: dict[str, Any]) -> int:
    nilai = foto.get("file_size")
    return nilai if isinstance(nilai, int) else 0


def baca_telegram(raw: bytes, token: str | None) -> list[Pesan]:
    """The message of a Bot API update (private chats only; edits, groups and other updates are ignored)."""
    if len(raw) > MAKS_BODY:
        raise Tolak(413, f"Isi permintaan terlalu besar (batas {MAKS_BODY // 1024} kB).")
    rahasia = konfigurasi("telegram")["secret"]
    if not token or not hmac.compare_digest(token.encode(), rahasia.encode()):
        raise Tolak(403, "Token X-Telegram-Bot-Api-Secret-Token tidak ada atau tidak cocok.")
    data = _json(raw)
    if not isinstance(data, dict):
        raise _buruk("Update Telegram harus berupa objek.")
    _id(data.get("update_id"), "update_id")
    if "message" not in data:
        return []
    m = _dict(data, "message")
    chat = _dict(m, "chat")
    chat_id = _id(chat.get("id"), "chat.id")
    if not isinstance(m.get("message_id"), int) or isinstance(m.get("message_id"), bool):
        raise _buruk("Bidang 'message_id' tidak sah.")
    if _teks(chat, "type", maks=20) != "private":
        return []
    dari = m.get("from") if isinstance(m.get("from"), dict) else {}
    dasar: dict[str, Any] = {
        "saluran": "telegram",
        "id_pesan": f"{chat_id}:{m['message_id']}",
        "pengirim": chat_id,
        "nama": _teks(dari, "first_name", wajib=False, maks=256),
    }
    if "text" in m:
        return [Pesan(**dasar, jenis="teks", teks=_teks(m, "text"))]
    if "location" in m:
        lon, lat = _koordinat(_dict(m, "location"))
        return [Pesan(**dasar, jenis="lokasi", lon=lon, lat=lat)]
    caption = _teks(m, "caption", wajib=False, maks=1024)
    if "photo" in m:
        ukuran = [p for p in _list(m, "photo") if isinstance(p, dict)]
        if not ukuran:
            raise _buruk("Bidang 'photo' kosong.")
        terbesar = max(ukuran, key=_ukuran)
        return [Pesan(**dasar, jenis="foto", teks=caption, media_id=_id(terbesar.get("file_id"), "file_id"))]
    if "document" in m:
        doc = _dict(m, "document")
        if _teks(doc, "mime_type", wajib=False, maks=100) in JENIS_FOTO:
            return [Pesan(**dasar, jenis="foto", teks=caption, media_id=_id(doc.get("file_id"), "file_id"))]
    return [Pesan(**dasar, jenis="lain")]
