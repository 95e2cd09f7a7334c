"""Live 'laporan terkini': the newest public complaints as a small JSON feed polled with ETag/If-None-Match, and
the public page per kecamatan that shows them without a reload (the portal's panel uses the same feed).

The feed is the same for every visitor (the anonymous scope, public fields only), so its ETag is the
complaints' data version (bumped by a statement trigger on every write) plus the query: an unchanged feed
answers 304 after one single-row read, before any complaint is queried; a changed one is built once per version
and filter and shared from the cache by every client that polls after the change."""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from layers import petak
from layers.selectors import versi_data
from reports.models import KategoriPengaduan, Pengaduan
from reports.selectors import terlihat
from sig.wilayah.models import Desa, Kecamatan

JUMLAH = 20
JEDA_MS = 3000  # poll interval of the page script (paused while the tab is hidden)
_KECAMATAN = re.compile(r"^\d{2}\.\d{2}\.\d{2}$")
_TAGAR = re.compile(r"^[a-z0-9_-]{1,30}$")


class Galat(ValueError):
    """A refused query parameter (400, message in Indonesian)."""


def _baca(params: Any) -> tuple[str, str]:
    """(kecamatan code, category code) from the query string, checked by form only (no query)."""
    kecamatan = (params.get("kecamatan") or "").strip()
    tagar = (params.get("tagar") or "").strip().lstrip("#").lower()
    if kecamatan and not _KECAMATAN.match(kecamatan):
        raise Galat(_("Kode kecamatan berbentuk 32.05.07."))
    if tagar and not _TAGAR.match(tagar):
        raise Galat(_("Tagar hanya berisi huruf kecil, angka, - atau _ (contoh: #banjir)."))
    return kecamatan, tagar


def _etag(versi: int, kecamatan: str, tagar: str) -> str:
    kunci = f"{versi}:{kecamatan}:{tagar}:{get_language()}:{JUMLAH}"
    return '"terkini-' + hashlib.blake2b(kunci.encode(), digest_size=10).hexdigest() + '"'


def laporan_terkini(kecamatan: str, tagar: str) -> list[dict[str, Any]]:
    """The newest public complaints, public fields only (never the reporter, never hidden or unredacted ones)."""
    qs = (
        terlihat(AnonymousUser())
        .filter(Pengaduan.scope_public_q())
        .select_related("desa", "kategori")
        .only(
            "kode_lacak",
            "judul",
            "status",
            "dibuat",
            "lokasi",
            "dukungan",
            "desa__nama",
            "kategori__kode",
            "kategori__nama_id",
            "kategori__nama_en",
        )
        .order_by("-dibuat", "-pk")
    )
    if kecamatan:
        # The desa ids first: with them the planner walks the newest-first index and stops at JUMLAH rows
        # (through a join to kecamatan it misjudged the share and scanned every complaint of each desa).
        qs = qs.filter(desa_id__in=list(Desa.objects.filter(kecamatan__kode=kecamatan).values_list("pk", flat=True)))
    if tagar:
        qs = qs.filter(kategori_id=tagar)
    return [
        {
            "kode": p.kode_lacak,
            "judul": p.judul,
            "tagar": f"#{p.kategori_id}",
            "kategori": p.kategori.nama,
            "desa": p.desa.nama,
            "status": p.status,
            "status_label": str(p.get_status_display()),
            "waktu": formats.date_format(timezone.localtime(p.dibuat), "j M Y H:i"),
            "dibuat": p.dibuat.isoformat(),
            "dukungan": p.dukungan,
            "lon": round(p.lokasi.x, 5),
            "lat": round(p.lokasi.y, 5),
            "url": p.get_absolute_url(),
        }
        for p in qs[:JUMLAH]
    ]


def _periksa_ada(kecamatan: str, tagar: str) -> None:
    if kecamatan and not Kecamatan.objects.filter(kode=kecamatan).exists():
        raise Http404(_("Kecamatan tidak ditemukan."))
    if tagar and not KategoriPengaduan.objects.filter(kode=tagar).exists():
        raise Galat(_("Tagar #%(tagar)s tidak dikenal.") % {"tagar": tagar})


@require_GET
def feed(request: HttpRequest) -> HttpResponse:
    """GET /peta/terkini.json?kecamatan=&tagar= — 304 when nothing changed since the client's ETag."""
    try:
        kecamatan, tagar = _baca(request.GET)
        etag = _etag(versi_data("pengaduan"), kecamatan, tagar)
        if petak.cocok(request, etag):
            response = HttpResponse(status=304)
        else:
            # After a change every polling client asks once: the first builds the answer, the rest share it.
            body = cache.get(f"terkini:{etag}")
            if body is None:
                _periksa_ada(kecamatan, tagar)
                body = json.dumps({"pengaduan": laporan_terkini(kecamatan, tagar)}, ensure_ascii=False)
                cache.set(f"terkini:{etag}", body, 300)
            response = HttpResponse(body, content_type="application/json")
    except Galat as exc:
        return JsonResponse({"galat": str(exc)}, status=400)
    except Http404 as exc:
        return JsonResponse({"galat": str(exc)}, status=404)
    response["ETag"] = etag
    response["Cache-Control"] = "no-cache"
    patch_vary_headers(response, ("Accept-Language", "Cookie"))
    return response


def konfigurasi(kecamatan: str, tagar: str) -> dict[str, Any]:
    """What the page script needs (read from data attributes; no inline script)."""
    return {"url": reverse("maps:terkini_json"), "kecamatan": kecamatan, "tagar": tagar, "jeda": JEDA_MS}


def tagar_list() -> list[KategoriPengaduan]:
    return list(KategoriPengaduan.objects.filter(aktif=True))


@require_GET
def halaman(request: HttpRequest, kode: str) -> HttpResponse:
    """The public 'laporan terkini' page of one kecamatan (server-rendered list; the script keeps it fresh)."""
    kecamatan = Kecamatan.objects.filter(kode=kode).first()
    if kecamatan is None:
        raise Http404(_("Kecamatan tidak ditemukan."))
    try:
        _kode, tagar = _baca(request.GET)
        _periksa_ada("", tagar)
    except Galat as exc:
        context = {"kecamatan": kecamatan, "galat": str(exc), "tagar_list": tagar_list(), "tagar": ""}
        return render(request, "maps/terkini.html", context, status=400)
    context = {
        "kecamatan": kecamatan,
        "tagar": tagar,
        "tagar_list": tagar_list(),
        "pengaduan_list": laporan_terkini(kecamatan.kode, tagar),
        "terkini": konfigurasi(kecamatan.kode, tagar),
    }
    return render(request, "maps/terkini.html", context)
