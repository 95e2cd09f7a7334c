"""Outbound calls to the channel APIs (send a text, fetch a photo): plain HTTPS with a timeout, no redirects
followed, every response size-capped. Media URLs are fetched only from the API's own host or Meta's CDN."""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

from saluran.konfigurasi import konfigurasi
from sig.foto import MAX_BYTES

WAKTU_DETIK = 10
MAKS_JSON = 256 * 1024
JENIS_FOTO = {"image/jpeg", "image/png", "image/webp"}
# Where WhatsApp serves media (the URL comes from the media lookup): Meta's hosts over HTTPS only.
HOST_MEDIA_WA = (".fbsbx.com", ".facebook.com", ".whatsapp.net", ".fbcdn.net")


class GalatKirim(Exception):
    """The channel API could not be reached or refused the call (retried later for messages)."""


class BukanFoto(GalatKirim):
    """The media is not a JPEG/PNG/WebP photo or is too large; the message is for the sender."""


class _TanpaAlih(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None  # a redirect becomes an HTTPError: never follow the API elsewhere


_pembuka = urllib.request.build_opener(_TanpaAlih)


def _minta(url: str, *, data: dict[str, Any] | None = None, headers: dict[str, str] | None = None, batas: int) -> bytes:
    body = None if data is None else json.dumps(data).encode()
    hdrs = {"User-Agent": "SIG-Desa", **(headers or {})}
    if body is not None:
        hdrs["Content-Type"] = "application/json"
    req = urllib.request.Request(url, data=body, headers=hdrs, method="GET" if body is None else "POST")  # noqa: S310
    try:
        with _pembuka.open(req, timeout=WAKTU_DETIK) as resp:
            panjang = resp.headers.get("Content-Length")
            if panjang and panjang.isdigit() and int(panjang) > batas:
                raise BukanFoto(f"Berkas terlalu besar; batasnya {batas // (1024 * 1024) or 1} MB.")
            isi: bytes = resp.read(batas + 1)
    except urllib.error.HTTPError as exc:
        raise GalatKirim(f"HTTP {exc.code} dari API saluran") from exc
    except (urllib.error.URLError, OSError, ValueError) as exc:
        raise GalatKirim(f"API saluran tidak terjangkau: {exc}") from exc
    if len(isi) > batas:
        raise BukanFoto(f"Berkas terlalu besar; batasnya {batas // (1024 * 1024) or 1} MB.")
    return isi


def _json(isi: bytes) -> dict[str, Any]:
    try:
        data = json.loads(isi)
    except ValueError as exc:
        raise GalatKirim("jawaban API bukan JSON") from exc
    if not isinstance(data, dict):
        raise GalatKirim("jawaban API tidak dikenal")
    return data


def kirim_teks(saluran: str, tujuan: str, teks: str) -> None:
    """Send a plain-text message (no markup is parsed: user text never becomes formatting or links)."""
    konf = konfigurasi(saluran)
    if saluran == "whatsapp":
        url = f"{konf['api_url']}/{urllib.parse.quote(konf['phone_id'])}/messages"
        data = {"messaging_product": "whatsapp", "to": tujuan, "type": "text", "text": {"body": teks}}
        _minta(url, data=data, headers={"Authorization": f"Bearer {konf['token']}"}, batas=MAKS_JSON)
    else:
        url = f"{konf['api_url']}/bot{konf['token']}/sendMessage"
        jawab = _json(_minta(url, data={"chat_id": tujuan, "text": teks}, batas=MAKS_JSON))
        if jawab.get("ok") is not True:
            raise GalatKirim("Telegram menolak pesan")


def _host_media_wa(url: str, api_url: str) -> bool:
    u, api = urllib.parse.urlsplit(url), urllib.parse.urlsplit(api_url)
    if (u.scheme, u.netloc) == (api.scheme, api.netloc):
        return True
    return u.scheme == "https" and any((u.hostname or "").endswith(h) for h in HOST_MEDIA_WA)


def unduh_foto(saluran: str, media_id: str) -> bytes:
    """The bytes of a photo the sender shared (capped at sig.foto.MAX_BYTES); BukanFoto when it is not one."""
    konf = konfigurasi(saluran)
    if saluran == "whatsapp":
        auth = {"Authorization": f"Bearer {konf['token']}"}
        info = _json(_minta(f"{konf['api_url']}/{urllib.parse.quote(media_id)}", headers=auth, batas=MAKS_JSON))
        if str(info.get("mime_type", "")).split(";")[0].strip() not in JENIS_FOTO:
            raise BukanFoto("Hanya foto JPEG, PNG atau WebP yang diterima.")
        url = info.get("url")
        if not isinstance(url, str) or not _host_media_wa(url, konf["api_url"]):
            raise GalatKirim("alamat media WhatsApp tidak dikenal")
        return _minta(url, headers=auth, batas=MAX_BYTES)
    base = f"{konf['api_url']}/bot{konf['token']}"
    info = _json(_minta(f"{base}/getFile?{urllib.parse.urlencode({'file_id': media_id})}", batas=MAKS_JSON))
    hasil = info.get("result") if info.get("ok") is True else None
    path = hasil.get("file_path") if isinstance(hasil, dict) else None
    if not isinstance(path, str) or not path or ".." in path or path.startswith("/"):
        raise GalatKirim("berkas Telegram tidak ditemukan")
    ukuran = hasil.get("file_size") if isinstance(hasil, dict) else None
    if isinstance(ukuran, int) and ukuran > MAX_BYTES:
        raise BukanFoto(f"Foto terlalu besar; batasnya {MAX_BYTES // (1024 * 1024)} MB.")
    return _minta(f"{konf['api_url']}/file/bot{konf['token']}/{urllib.parse.quote(path)}", batas=MAX_BYTES)
