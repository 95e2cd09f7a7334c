"""Webhooks of the channels: the only CSRF-exempt views, because each call is verified by the channel's own
signature instead. Refusals carry a Bahasa Indonesia message and store nothing."""

from __future__ import annotations

import hmac
from collections.abc import Callable

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from saluran.konfigurasi import aktif, konfigurasi
from saluran.masuk import MAKS_BODY, Pesan, Tolak, baca_telegram, baca_whatsapp
from saluran.percakapan import terima


def _tolak(status: int, pesan: str) -> JsonResponse:
    return JsonResponse({"galat": pesan}, status=status)


def _terima(request: HttpRequest, baca: Callable[[bytes], list[Pesan]]) -> HttpResponse:
    panjang = request.META.get("CONTENT_LENGTH") or ""
    if panjang.isdigit() and int(panjang) > MAKS_BODY:
        return _tolak(413, f"Isi permintaan terlalu besar (batas {MAKS_BODY // 1024} kB).")
    raw = request.read(MAKS_BODY + 1)
    try:
        semua = baca(raw)
    except Tolak as t:
        return _tolak(t.status, t.pesan)
    baru = sum(terima(p) for p in semua)
    return JsonResponse({"ok": True, "diproses": baru})


@csrf_exempt
@require_http_methods(["GET", "POST"])
def whatsapp(request: HttpRequest) -> HttpResponse:
    """GET: Meta's subscription handshake (hub.verify_token); POST: signed message notifications."""
    if not aktif("whatsapp"):
        raise Http404("Saluran WhatsApp tidak aktif.")
    if request.method == "GET":
        token = request.GET.get("hub.verify_token", "")
        challenge = request.GET.get("hub.challenge", "")
        sah = hmac.compare_digest(token.encode(), konfigurasi("whatsapp")["verify_token"].encode())
        if request.GET.get("hub.mode") != "subscribe" or not sah:
            return _tolak(403, "Token verifikasi tidak cocok.")
        if not (challenge.isascii() and challenge.isdigit()) or len(challenge) > 64:
            return _tolak(400, "hub.challenge tidak sah.")
        return HttpResponse(challenge, content_type="text/plain")
    return _terima(request, lambda raw: baca_whatsapp(raw, request.headers.get("X-Hub-Signature-256")))


@csrf_exempt
@require_http_methods(["POST"])
def telegram(request: HttpRequest) -> HttpResponse:
    if not aktif("telegram"):
        raise Http404("Saluran Telegram tidak aktif.")
    return _terima(request, lambda raw: baca_telegram(raw, request.headers.get("X-Telegram-Bot-Api-Secret-Token")))
