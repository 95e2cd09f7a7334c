"""{% temu_kepala obj %} in <head> (canonical link, OpenGraph, Twitter card, feeds, JSON-LD) and
{% temu_bagikan obj %} in the page (share links and the copy button), both from temu.bagikan."""

from __future__ import annotations

from typing import Any

from django import template

from temu import bagikan

register = template.Library()


def _halaman(context: Any, obj: Any, path: str, judul: str, deskripsi: str) -> bagikan.Halaman:
    request = context.get("request")
    if obj is None and not path and request is not None:
        path = request.path
    return bagikan.halaman(obj, path=path, judul=judul, deskripsi=deskripsi)


@register.inclusion_tag("temu/_kepala.html", takes_context=True)
def temu_kepala(context: Any, obj: Any = None, path: str = "", judul: str = "", deskripsi: str = "") -> dict:
    return {"h": _halaman(context, obj, path, judul, deskripsi)}


@register.inclusion_tag("temu/_bagikan.html", takes_context=True)
def temu_bagikan(context: Any, obj: Any = None, path: str = "", judul: str = "") -> dict:
    h = _halaman(context, obj, path, judul, "")
    return {"h": h, "tombol": bagikan.tombol(h) if h.publik else [], "teks": bagikan.teks_bagikan()}
