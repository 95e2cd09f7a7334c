"""Kabar and agenda are found and shared like every public page (temu.registri): sitemap, feeds, share image,
schema.org NewsArticle / Event, share links. Drafts and scheduled items stay out (scope_public_q)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy

from kabar.models import Agenda, Kabar, Terbitan
from sig.situs import url_mutlak
from temu.registri import Jenis, daftarkan


def _wilayah(qs: QuerySet, tingkat: str, wilayah: Any) -> QuerySet:
    return qs.filter(desa=wilayah) if tingkat == "desa" else qs.filter(kecamatan=wilayah)


def _penerbit(obj: Terbitan) -> dict[str, Any]:
    wilayah = obj.desa if obj.desa is not None else obj.kecamatan
    return {"@type": "GovernmentOrganization", "name": obj.pemilik, "url": url_mutlak(wilayah.get_absolute_url())}


def _tempat(obj: Terbitan, nama: str = "") -> dict[str, Any]:
    place: dict[str, Any] = {"@type": "Place", "name": nama or obj.pemilik}
    point = getattr(obj, "lokasi", None)
    if point is not None:
        place["geo"] = {"@type": "GeoCoordinates", "latitude": round(point.y, 6), "longitude": round(point.x, 6)}
    place["address"] = {"@type": "PostalAddress", "addressLocality": obj.pemilik, "addressCountry": "ID"}
    return place


def _berita(obj: Kabar, url: str, gambar: str) -> dict[str, Any]:
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": obj.judul[:110],
        "url": url,
        "mainEntityOfPage": url,
        "datePublished": obj.terbit_pada,
        "dateModified": obj.diubah,
        "author": _penerbit(obj),
        "publisher": _penerbit(obj),
        "contentLocation": _tempat(obj),
    }
    if obj.ringkasan:
        data["description"] = obj.ringkasan
    if gambar:
        data["image"] = gambar
    return data


def _acara(obj: Agenda, url: str, gambar: str) -> dict[str, Any]:
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": obj.judul,
        "url": url,
        "startDate": obj.mulai,
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "location": _tempat(obj, obj.tempat),
        "organizer": _penerbit(obj),
        "isAccessibleForFree": True,
    }
    if obj.selesai:
        data["endDate"] = obj.selesai
    if obj.ringkasan:
        data["description"] = obj.ringkasan
    if gambar:
        data["image"] = gambar
    return data


COMMON: dict[str, Any] = {
    "judul": lambda o: o.judul,
    "ringkasan": lambda o: o.ringkasan,
    "terbit": "terbit_pada",
    "geometri": "peta",
    "di_umpan": True,
    "saring_wilayah": _wilayah,
    "kolom_tautan": ("judul",),
}
daftarkan(
    Jenis(
        slug="kabar",
        model=Kabar,
        label=gettext_lazy("Kabar desa"),
        schema="NewsArticle",
        jsonld=_berita,
        frekuensi="daily",
        **COMMON,
    )
)
daftarkan(Jenis(slug="agenda", model=Agenda, label=gettext_lazy("Agenda"), schema="Event", jsonld=_acara, **COMMON))
