"""schema.org JSON-LD of a public page, and its safe rendering: the JSON is escaped so that no text from people
(a report title with </script>) can end the <script> data block."""

from __future__ import annotations

import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from sig.situs import url_mutlak
from sig.wilayah.models import Desa, Kecamatan
from temu.registri import Jenis

ESCAPE = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026", 0x2028: "\\u2028", 0x2029: "\\u2029"}


def skrip(data: dict[str, Any]) -> SafeString:
    """<script type="application/ld+json"> with <, > and & escaped inside the JSON strings (a data block: browsers
    never execute it, so the CSP needs neither a nonce nor unsafe-inline)."""
    teks = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":")).translate(ESCAPE)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(teks))  # noqa: S308


def _geo(geom: Any) -> dict[str, Any] | None:
    if geom is None or geom.empty:
        return None
    titik = geom.point_on_surface
    return {"@type": "GeoCoordinates", "latitude": round(titik.y, 6), "longitude": round(titik.x, 6)}


def _tempat_kecamatan(k: Kecamatan) -> dict[str, Any]:
    url = url_mutlak(k.get_absolute_url())
    return {"@type": "Place", "@id": f"{url}#wilayah", "name": _("Kecamatan %(nama)s") % {"nama": k.nama_tampil},
            "url": url}  # fmt: skip


def _tempat_desa(d: Desa) -> dict[str, Any]:
    url = url_mutlak(d.get_absolute_url())
    return {"@type": "Place", "@id": f"{url}#wilayah", "name": f"{d.get_jenis_display()} {d.nama}", "url": url}


def _wilayah(obj: Desa | Kecamatan, url: str, gambar: str) -> dict[str, Any]:
    """GovernmentOrganization (the desa or kecamatan government) serving a Place (its territory)."""
    if isinstance(obj, Desa):
        nama = f"{obj.get_jenis_display()} {obj.nama}"
        induk = _tempat_kecamatan(obj.kecamatan)
        kabupaten = obj.kecamatan.kabupaten
    else:
        nama = _("Kecamatan %(nama)s") % {"nama": obj.nama_tampil}
        kabupaten = obj.kabupaten
        induk = {"@type": "Place", "name": kabupaten.nama_tampil}
    tempat: dict[str, Any] = {"@type": "Place", "@id": f"{url}#wilayah", "name": nama, "url": url,
                              "identifier": obj.kode, "containedInPlace": induk}  # fmt: skip
    geo = _geo(obj.batas)
    if geo:
        tempat["geo"] = geo
    if gambar:
        tempat["image"] = gambar
    organisasi: dict[str, Any] = {
        "@type": "GovernmentOrganization",
        "@id": f"{url}#pemerintah",
        "name": _("Pemerintah %(wilayah)s") % {"wilayah": nama},
        "url": url,
        "identifier": obj.kode,
        "areaServed": {"@id": f"{url}#wilayah"},
    }
    alamat = {"@type": "PostalAddress", "addressLocality": obj.nama, "addressRegion": kabupaten.provinsi,
              "addressCountry": "ID"}  # fmt: skip
    if isinstance(obj, Desa):
        if obj.alamat_kantor:
            alamat["streetAddress"] = obj.alamat_kantor
        if obj.telepon_kantor:
            organisasi["telephone"] = obj.telepon_kantor
    organisasi["address"] = {k: v for k, v in alamat.items() if v}
    return {"@context": "https://schema.org", "@graph": [organisasi, tempat]}


def _butir(jenis: Jenis, obj: Any, url: str, gambar: str) -> dict[str, Any]:
    """An item: its schema type, name, description, dates, and where it is (its desa inside its kecamatan)."""
    data: dict[str, Any] = {"@context": "https://schema.org", "@type": jenis.schema, "name": jenis.judul(obj),
                            "url": url}  # fmt: skip
    ringkasan = jenis.ringkasan(obj)
    if ringkasan:
        data["description"] = ringkasan[:500]
    if gambar:
        data["image"] = gambar
    waktu = jenis.waktu_ubah(obj)
    if waktu:
        data["dateModified"] = waktu
    desa = getattr(obj, "desa", None) if jenis.desa else None
    induk = None
    if desa is not None:
        induk = _tempat_desa(desa)
        induk["containedInPlace"] = _tempat_kecamatan(desa.kecamatan)
    geo = _geo(getattr(obj, jenis.geometri, None))
    if jenis.schema == "Place":
        if geo:
            data["geo"] = geo
        if induk:
            data["containedInPlace"] = induk
    else:
        terbit = getattr(obj, jenis.terbit, None)
        if terbit:
            data["datePublished"] = terbit
        lokasi: dict[str, Any] = {"@type": "Place"}
        if geo:
            lokasi["geo"] = geo
        if induk:
            lokasi["containedInPlace"] = induk
        data["contentLocation"] = lokasi
    return data


def data(jenis: Jenis, obj: Any, url: str, gambar: str) -> dict[str, Any]:
    """The JSON-LD of a registered kind's page (its own builder when it declares one)."""
    if jenis.jsonld:
        return jenis.jsonld(obj, url, gambar)
    if isinstance(obj, Desa | Kecamatan):
        return _wilayah(obj, url, gambar)
    return _butir(jenis, obj, url, gambar)
