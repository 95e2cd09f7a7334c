"""Error pages in Bahasa Indonesia that say what went wrong (never a stack trace, never user HTML)."""

from __future__ import annotations

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


def _pesan_400(exception: Exception | None) -> str:
    from django.conf import settings

    if isinstance(exception, RequestDataTooBig):
        return _("Isi permintaan terlalu besar (batas %(mb)d MB di luar berkas unggahan).") % {
            "mb": settings.DATA_UPLOAD_MAX_MEMORY_SIZE // 1024**2
        }
    if isinstance(exception, TooManyFieldsSent):
        return _("Terlalu banyak kolom formulir dalam satu permintaan (batas %(n)d).") % {
            "n": settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
        }
    if isinstance(exception, TooManyFilesSent):
        return _("Terlalu banyak berkas dalam satu permintaan (batas %(n)d).") % {
            "n": settings.DATA_UPLOAD_MAX_NUMBER_FILES
        }
    return _("Permintaan tidak dapat diproses.")


def permintaan_buruk(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    context = {"judul": _("Permintaan tidak sah"), "pesan": _pesan_400(exception)}
    return render(request, "galat.html", context, status=400)


def dilarang(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    text = str(exception or "") if exception and not str(exception).startswith(("CSRF", "<")) else ""
    context = {"judul": _("Akses ditolak"), "pesan": text or _("Anda tidak berwenang membuka halaman ini.")}
    return render(request, "galat.html", context, status=403)


def tidak_ada(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    text = str(exception or "")
    # Django's own 404 texts are English and technical ("No X matches…"); ours are Indonesian sentences.
    pesan = text if text.endswith(".") and not text.startswith("No ") else _("Halaman atau data tidak ditemukan.")
    return render(request, "galat.html", {"judul": _("Tidak ditemukan"), "pesan": pesan}, status=404)


def galat_server(request: HttpRequest) -> HttpResponse:
    """Self-contained: it must render when the database (sessions, users) is what failed."""
    body = (
        '<!DOCTYPE html><html lang="id"><meta charset="utf-8"><title>Terjadi kesalahan · SIG Desa</title>'
        "<h1>Terjadi kesalahan</h1><p>Maaf, terjadi kesalahan di server. Coba lagi beberapa saat lagi.</p>"
    )
    return HttpResponse(body, status=500)


def gagal_csrf(request: HttpRequest, reason: str = "") -> HttpResponse:
    """CSRF_FAILURE_VIEW: a form sent without its token (an expired page, another site) — in people's words."""
    pesan = _("Formulir ini sudah kedaluwarsa atau tidak dikirim dari SIG Desa. Muat ulang halaman, lalu kirim lagi.")
    if request.headers.get("Accept", "").startswith("application/json"):
        from django.http import JsonResponse

        return JsonResponse({"galat": pesan, "csrf": True}, status=403)  # the offline queue signs in and resends
    return render(request, "galat.html", {"judul": _("Akses ditolak"), "pesan": pesan}, status=403)
