"""The maps' basemaps and first view, declared once: settings read them from here (the CSP's image sources,
django-leaflet's admin widgets) and every page hands them to the map bootstrap (maps/static/maps/peta.js).

An administrator adds a basemap (e.g. imagery the kecamatan has rights to) with PETA_DASAR_TAMBAHAN, a JSON
list of {"kode", "nama", "url", "atribusi", "maks_zoom"}; XYZ URLs with {z}/{x}/{y} (and optionally {s}) over
https only.

Imagery the kecamatan owns (drone/orthophoto GeoTIFFs imported as 'citra') and the local basemap join the list
per user (maps.context_processors): served from our own origin, so the CSP needs nothing more for them."""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

if TYPE_CHECKING:
    pass

OSM = {
    "kode": "osm",
    "nama": "OpenStreetMap",
    "url": "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
    "atribusi": "© kontributor OpenStreetMap",
    "maks_zoom": 19,
}
AWAL: dict[str, Any] = {"pusat": [-7.2, 107.9], "zoom": 11, "min_zoom": 4, "batas": [94.0, -11.5, 142.0, 6.5]}
KODE = re.compile(r"^[a-z0-9-]{1,30}$")


class PetaDasarSalah(ValueError):
    pass


def baca(tambahan: str | None) -> list[dict[str, Any]]:
    """The default basemap and those added by configuration, each checked (a bad entry stops the start)."""
    daftar = [dict(OSM)]
    try:
        extra = json.loads(tambahan or "[]")
    except json.JSONDecodeError as exc:
        raise PetaDasarSalah(f"PETA_DASAR_TAMBAHAN bukan JSON yang sah: {exc}") from exc
    if not isinstance(extra, list):
        raise PetaDasarSalah("PETA_DASAR_TAMBAHAN harus berupa daftar JSON.")
    for item in extra:
        if not isinstance(item, dict):
            raise PetaDasarSalah("Setiap peta dasar harus berupa objek JSON.")
        kode, url = str(item.get("kode", "")), str(item.get("url", ""))
        if not KODE.match(kode) or any(d["kode"] == kode for d in daftar):
            raise PetaDasarSalah(f"Kode peta dasar '{kode}' tidak sah atau ganda (huruf kecil, angka, '-').")
        if not url.startswith("https://") or not all(p in url for p in ("{z}", "{x}", "{y}")):
            raise PetaDasarSalah(f"URL peta dasar '{kode}' harus https dengan {{z}}, {{x}} dan {{y}}.")
        maks = item.get("maks_zoom", 19)
        if not isinstance(maks, int) or not 1 <= maks <= 22:
            raise PetaDasarSalah(f"maks_zoom peta dasar '{kode}' harus bilangan 1–22.")
        nama, atribusi = str(item.get("nama") or kode)[:80], str(item.get("atribusi") or "")[:200]
        daftar.append({"kode": kode, "nama": nama, "url": url, "atribusi": atribusi, "maks_zoom": maks})
    return daftar


def asal_gambar(daftar: list[dict[str, Any]]) -> list[str]:
    """CSP img-src origins of the basemaps ({s}.host → *.host)."""
    asal = []
    for d in daftar:
        host = urlsplit(d["url"].replace("{s}.", "x.")).netloc
        if "{s}." in d["url"]:
            host = "*." + host.split(".", 1)[1]
        if f"https://{host}" not in asal:
            asal.append(f"https://{host}")
    return asal


def untuk_leaflet_admin(daftar: list[dict[str, Any]]) -> list[tuple[str, str, dict[str, Any]]]:
    """django-leaflet's TILES setting (the admin's geometry widgets)."""
    return [(d["nama"], d["url"], {"attribution": d["atribusi"], "maxZoom": d["maks_zoom"]}) for d in daftar]
