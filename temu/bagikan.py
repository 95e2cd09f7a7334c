"""What a shareable page tells crawlers and people: its absolute address, title, description, share image,
feeds, JSON-LD and the share links (plain links to WhatsApp, Telegram, Facebook and X: no third-party script)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, urlencode

from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from sig.situs import url_mutlak
from sig.wilayah.models import Desa, Kecamatan
from temu import jsonld, registri


@dataclass
class Halaman:
    url: str  # absolute, canonical
    judul: str = ""
    deskripsi: str = ""
    publik: bool = True
    gambar: str = ""  # absolute og:image
    jsonld: SafeString | str = ""
    umpan: list[tuple[str, str, str]] = field(default_factory=list)  # (title, MIME type, absolute URL)


def tautan_bagikan(url: str, judul: str) -> dict[str, str]:
    """Share links, every parameter percent-encoded."""
    teks = f"{judul} {url}".strip()
    return {
        "whatsapp": "https://wa.me/?" + urlencode({"text": teks}, quote_via=quote),
        "telegram": "https://t.me/share/url?" + urlencode({"url": url, "text": judul}, quote_via=quote),
        "facebook": "https://www.facebook.com/sharer/sharer.php?" + urlencode({"u": url}, quote_via=quote),
        "x": "https://x.com/intent/tweet?" + urlencode({"text": judul, "url": url}, quote_via=quote),
    }


def umpan_wilayah(obj: Any) -> list[tuple[str, str, str]]:
    """The RSS and Atom feeds of a desa or kecamatan (an item: those of its desa)."""
    if not isinstance(obj, Desa | Kecamatan):
        obj = getattr(obj, "desa", None)
        if not isinstance(obj, Desa):
            return []
    tingkat = "desa" if isinstance(obj, Desa) else "kecamatan"
    nama = obj.nama_tampil
    return [
        (f"{nama} (RSS)", "application/rss+xml",
         url_mutlak(reverse("temu:umpan", kwargs={"tingkat": tingkat, "kode": obj.kode, "fmt": "rss"}))),
        (f"{nama} (Atom)", "application/atom+xml",
         url_mutlak(reverse("temu:umpan", kwargs={"tingkat": tingkat, "kode": obj.kode, "fmt": "atom"}))),
    ]  # fmt: skip


def halaman(obj: Any = None, *, path: str = "", judul: str = "", deskripsi: str = "") -> Halaman:
    """The share facts of a page: of a registered public object (its canonical page unless `path` says otherwise),
    or of a plain page at `path`."""
    jenis = registri.untuk(obj) if obj is not None else None
    if jenis is None:
        return Halaman(url=url_mutlak(path or "/"), judul=judul, deskripsi=deskripsi)
    kanonik = not path or path == obj.get_absolute_url()
    url = url_mutlak(path or obj.get_absolute_url())
    h = Halaman(url=url, judul=judul or jenis.judul(obj), publik=registri.wajib_publik(obj))
    h.deskripsi = Truncator(" ".join((deskripsi or jenis.ringkasan(obj)).split())).chars(200)
    if not h.publik:  # a private page (staff view) is not advertised
        return h
    kunci = {"jenis": jenis.slug, "kunci": jenis.nilai_kunci(obj)}
    h.gambar = url_mutlak(reverse("temu:gambar", kwargs=kunci))
    if kanonik:
        h.jsonld = jsonld.skrip(jsonld.data(jenis, obj, url, h.gambar))
    h.umpan = umpan_wilayah(obj)
    return h


LABEL = {"whatsapp": "WhatsApp", "telegram": "Telegram", "facebook": "Facebook", "x": "X"}


def tombol(h: Halaman) -> list[tuple[str, str, str]]:
    """(key, label, href) of each share link of a page."""
    return [(k, LABEL[k], href) for k, href in tautan_bagikan(h.url, h.judul).items()]


def teks_bagikan() -> dict[str, str]:
    return {"judul": _("Bagikan"), "salin": _("Salin tautan"), "tersalin": _("Tautan tersalin."),
            "gagal": _("Tidak dapat menyalin otomatis; salin tautan di bawah ini.")}  # fmt: skip
