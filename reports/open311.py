"""Open311 GeoReport v2 (services, requests GET/POST, request by id) in JSON and XML.

POST identifies the citizen by `api_key` (their API token; session cookies are ignored, so no CSRF). Reporter
identity never appears in responses; `media_url` is never fetched (no server-side requests to user URLs).
"""

from __future__ import annotations

import datetime
import xml.etree.ElementTree as ET
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET
from rest_framework.authtoken.models import Token

from reports.models import TERBUKA, KategoriPengaduan, Pengaduan
from reports.services.lapor import pengaduan_buat
from reports.views._util import kode_status, pesan
from sig.klien import alamat_klien

FORMATS = {"json", "xml"}
MAKS = 1000


def _xml(root: str, item: str, rows: list[dict[str, Any]]) -> HttpResponse:
    top = ET.Element(root)
    for row in rows:
        el = ET.SubElement(top, item)
        for key, value in row.items():
            child = ET.SubElement(el, key)
            if isinstance(value, list):
                child.text = ",".join(str(v) for v in value)
            elif value is not None:
                child.text = str(value).lower() if isinstance(value, bool) else str(value)
    body = b'<?xml version="1.0" encoding="utf-8"?>' + ET.tostring(top, encoding="utf-8")
    return HttpResponse(body, content_type="text/xml; charset=utf-8")


def _jawab(fmt: str, root: str, item: str, rows: list[dict[str, Any]], status: int = 200) -> HttpResponse:
    if fmt == "xml":
        response = _xml(root, item, rows)
        response.status_code = status
        return response
    return JsonResponse(rows, safe=False, status=status, json_dumps_params={"ensure_ascii": False})


def _galat(fmt: str, status: int, deskripsi: str) -> HttpResponse:
    return _jawab(
        fmt if fmt in FORMATS else "json", "errors", "error", [{"code": status, "description": deskripsi}], status
    )


def _cek_format(fmt: str) -> HttpResponse | None:
    return None if fmt in FORMATS else _galat("json", 404, "Format harus json atau xml.")


@require_GET
def discovery(request, fmt: str):
    if bad := _cek_format(fmt):
        return bad
    url = request.build_absolute_uri(reverse("reports:open311_services", args=["json"])).rsplit("/", 1)[0] + "/"
    data: dict[str, Any] = {
        "changeset": "2026-11-22T00:00:00Z",
        "contact": "Kantor desa/kecamatan setempat",
        "key_service": "Token API dari halaman profil akun warga",
        "endpoints": [
            {
                "specification": "http://wiki.open311.org/GeoReport_v2",
                "url": url,
                "type": "production",
                "formats": ["application/json", "text/xml"],
            }
        ],
    }
    if fmt == "xml":
        return _xml("discovery", "endpoint", data["endpoints"])
    return JsonResponse(data)


@require_GET
def services(request, fmt: str):
    if bad := _cek_format(fmt):
        return bad
    rows = [
        {
            "service_code": k.kode,
            "service_name": k.nama,
            "description": f"{k.nama} ({k.tagar})",
            "metadata": False,
            "type": "realtime",
            "keywords": k.tagar,
            "group": k.kelompok,
        }
        for k in KategoriPengaduan.objects.filter(aktif=True)
    ]
    return _jawab(fmt, "services", "service", rows)


def _baris(p: Pengaduan, request: HttpRequest) -> dict[str, Any]:
    notes = p.alasan if p.status in {"ditolak", "duplikat"} else p.get_status_display()
    diteruskan = p.instansi if p.status == "diteruskan" else None
    if diteruskan is not None:
        notes = f"Diteruskan ke {diteruskan.nama}."
    foto = next(iter(p.foto.all()), None)
    return {
        "service_request_id": p.kode_lacak,
        "status": "open" if p.status in TERBUKA else "closed",
        "status_notes": notes,
        "service_name": p.kategori.nama,
        "service_code": p.kategori_id,
        "description": p.deskripsi,
        "agency_responsible": diteruskan.nama if diteruskan is not None else f"Pemerintah Desa {p.desa.nama}",
        "service_notice": "",
        "requested_datetime": p.dibuat.isoformat(),
        "updated_datetime": p.diubah.isoformat(),
        "expected_datetime": p.tenggat_selesai.isoformat() if p.tenggat_selesai and p.status in TERBUKA else None,
        "address": f"Desa {p.desa.nama}, Kec. {p.desa.kecamatan.nama}",
        "address_id": None,
        "zipcode": None,
        "lat": round(p.lokasi.y, 6),
        "long": round(p.lokasi.x, 6),
        "media_url": request.build_absolute_uri(reverse("reports:foto", args=[p.kode_lacak, foto.pk, "asli"]))
        if foto
        else None,
    }


def _publik() -> QuerySet[Pengaduan]:
    return (
        Pengaduan.objects.filter(Pengaduan.scope_public_q())
        .select_related("kategori", "desa__kecamatan", "instansi")
        .prefetch_related("foto")
    )


def _tanggal(text: str | None, nama: str) -> datetime.datetime | None:
    if not text:
        return None
    try:
        value = parse_datetime(text)
    except ValueError:
        value = None
    if value is None:
        raise ValidationError(f"{nama} harus tanggal-waktu ISO 8601 (mis. 2026-11-01T00:00:00Z).")
    return value if timezone.is_aware(value) else timezone.make_aware(value)


@csrf_exempt
def requests(request, fmt: str):
    if bad := _cek_format(fmt):
        return bad
    if request.method == "POST":
        return _kirim(request, fmt)
    if request.method not in {"GET", "HEAD"}:
        return _galat(fmt, 405, "Metode tidak didukung.")
    qs = _publik()
    params = request.GET
    try:
        if params.get("service_request_id"):
            ids = [i.strip().upper() for i in params["service_request_id"].split(",")][:MAKS]
            qs = qs.filter(kode_lacak__in=ids)
        else:
            mulai = _tanggal(params.get("start_date"), "start_date") or timezone.now() - datetime.timedelta(days=90)
            akhir = _tanggal(params.get("end_date"), "end_date")
            qs = qs.filter(dibuat__gte=mulai)
            if akhir:
                qs = qs.filter(dibuat__lte=akhir)
            if params.get("service_code"):
                qs = qs.filter(kategori_id__in=params["service_code"].split(","))
            status = params.get("status")
            if status == "open":
                qs = qs.filter(status__in=TERBUKA)
            elif status == "closed":
                qs = qs.exclude(status__in=TERBUKA)
            elif status:
                raise ValidationError("status harus open atau closed.")
    except ValidationError as exc:
        return _galat(fmt, 400, pesan(exc))
    return _jawab(fmt, "service_requests", "request", [_baris(p, request) for p in qs[:MAKS]])


def _angka(text: str | None, nama: str) -> float:
    try:
        return float(text or "")
    except ValueError as exc:
        raise ValidationError(f"{nama} wajib berupa angka.") from exc


def _kirim(request: HttpRequest, fmt: str) -> HttpResponse:
    data = request.POST
    token = Token.objects.select_related("user").filter(key=(data.get("api_key") or "")[:40]).first()
    if token is None or not token.user.is_active:
        return _galat(fmt, 403, "api_key tidak sah. Buat token API di halaman profil akun warga.")
    try:
        if not data.get("service_code"):
            raise ValidationError("service_code wajib diisi.")
        if data.get("address_string") and not (data.get("lat") and data.get("long")):
            raise ValidationError("Sertakan lat dan long; alamat teks saja belum didukung.")
        lat, lon = _angka(data.get("lat"), "lat"), _angka(data.get("long"), "long")
        deskripsi = (data.get("description") or "").strip()
        judul = (data.get("attribute[judul]") or deskripsi.split("\n")[0])[:120]
        hasil = pengaduan_buat(
            kategori=data["service_code"][:30],
            judul=judul,
            deskripsi=deskripsi[:4000],
            lon=lon,
            lat=lat,
            by=token.user,
            ip=alamat_klien(request),
            sumber="open311",
            bahasa=getattr(request, "LANGUAGE_CODE", None),
        )
    except (ValidationError, PermissionDenied) as exc:
        return _galat(fmt, kode_status(exc), pesan(exc))
    p = hasil.pengaduan
    row = {"service_request_id": p.kode_lacak, "service_notice": " ".join(hasil.notices), "account_id": None}
    return _jawab(fmt, "service_requests", "request", [row], status=201)


@require_GET
def request_detail(request, rid: str, fmt: str):
    if bad := _cek_format(fmt):
        return bad
    p = _publik().filter(kode_lacak=rid.upper()).first()
    if p is None:
        return _galat(fmt, 404, "Permintaan layanan tidak ditemukan.")
    return _jawab(fmt, "service_requests", "request", [_baris(p, request)])
