"""The registry of public kinds: one declaration per kind of shareable page feeds the sitemap, the feeds, the
share image, the JSON-LD and the share links. What the public may see is asked of sig.akun.scope (an anonymous
visitor's view), never decided here.

    daftarkan(Jenis(slug="kabar", model=Kabar, label=_("Kabar desa"), judul=lambda o: o.judul, ...))
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Model, QuerySet
from django.http import Http404

from sig.akun import scope
from sig.akun.scope import Action

KUNCI_AMAN = re.compile(r"^[0-9A-Za-z.\-]{1,20}$")


def _kosong(_obj: Any) -> str:
    return ""


@dataclass(frozen=True)
class Jenis:
    """One kind of public page. Paths are ORM lookups from the kind's model."""

    slug: str  # URL part: /bagikan/<slug>/<kunci>.png
    model: type[Model]
    label: Any  # people's word for the kind (lazy gettext)
    judul: Callable[[Any], str]  # title (plain text)
    ringkasan: Callable[[Any], str] = _kosong  # one-paragraph description (plain text)
    kunci: str = "pk"  # public identifier field in its URL (pk, kode, kode_lacak)
    diubah: str = "diubah"  # last change: sitemap lastmod, feed updated, cache key of the share image
    terbit: str = "dibuat"  # publication time: feed order and pubDate
    desa: str | None = "desa"  # lookup of its desa (None: a territory kind)
    kategori: str | None = None  # lookup of a report category (per-category feeds)
    geometri: str = "geometri"  # drawn on the share image
    di_peta_situs: bool = True
    di_umpan: bool = False  # listed in the desa/kecamatan/category feeds
    schema: str = "CreativeWork"  # schema.org @type of its JSON-LD
    prioritas: float = 0.5
    frekuensi: str = "weekly"
    # Extra rule on top of the scope (e.g. leave duplicates out of the sitemap); receives the public queryset.
    saring: Callable[[QuerySet], QuerySet] | None = None
    # Filter by territory (tingkat "desa"/"kecamatan"); default: through `desa`.
    saring_wilayah: Callable[[QuerySet, str, Any], QuerySet] | None = None
    # Own JSON-LD (e.g. Event, NewsArticle): (object, absolute page URL, absolute image URL) -> dict; default:
    # temu.jsonld builds GovernmentOrganization + Place for territory and `schema` with its place for items.
    jsonld: Callable[[Any, str, str], dict[str, Any]] | None = None
    kolom_tautan: tuple[str, ...] = ()  # further fields its get_absolute_url() reads (sitemap rows load only these)

    def publik(self) -> QuerySet:
        """Rows an anonymous visitor may see (sig.akun.scope), with the kind's own extra rule."""
        qs = scope.filter_queryset(AnonymousUser(), Action.VIEW, self.model._default_manager.all())
        return self.saring(qs) if self.saring else qs

    def di_wilayah(self, qs: QuerySet, tingkat: str, wilayah: Any) -> QuerySet:
        """Rows of one desa or kecamatan."""
        if self.saring_wilayah:
            return self.saring_wilayah(qs, tingkat, wilayah)
        if self.desa is None:
            return qs.none()
        lookup = self.desa if tingkat == "desa" else f"{self.desa}__kecamatan"
        return qs.filter(**{lookup: wilayah})

    def kolom_peta_situs(self) -> tuple[str, ...]:
        """The fields a sitemap row needs: its identifier, its last change, what its address is built from."""
        return tuple(dict.fromkeys(("pk", self.kunci, self.diubah, *self.kolom_tautan)))

    def nilai_kunci(self, obj: Any) -> str:
        return str(getattr(obj, self.kunci))

    def waktu_ubah(self, obj: Any) -> Any:
        return getattr(obj, self.diubah, None)


_JENIS: dict[str, Jenis] = {}


def daftarkan(jenis: Jenis) -> Jenis:
    """Add a kind (once per slug and per model)."""
    if jenis.slug in _JENIS and _JENIS[jenis.slug].model is not jenis.model:
        raise ValueError(f"jenis '{jenis.slug}' sudah terdaftar untuk model lain")
    _JENIS[jenis.slug] = jenis
    return jenis


def semua() -> list[Jenis]:
    return list(_JENIS.values())


def ambil(slug: str) -> Jenis:
    if slug not in _JENIS:
        raise Http404("Jenis halaman tidak dikenal.")
    return _JENIS[slug]


def untuk(obj: Any) -> Jenis | None:
    """The kind of an object (or None when it is not a registered kind)."""
    for jenis in _JENIS.values():
        if isinstance(obj, jenis.model):
            return jenis
    return None


def publik_atau_404(slug: str, kunci: str) -> tuple[Jenis, Any]:
    """A public object of a kind by its public identifier; private, unknown or malformed: 404 (no hint)."""
    jenis = ambil(slug)
    if not KUNCI_AMAN.match(kunci) or (jenis.kunci == "pk" and not kunci.isdecimal()):
        raise Http404("Halaman tidak ditemukan.")
    obj = jenis.publik().filter(**{jenis.kunci: kunci}).first()
    if obj is None:
        raise Http404("Halaman tidak ditemukan.")
    return jenis, obj


def wajib_publik(obj: Any) -> bool:
    """Is this object public (what an anonymous visitor may see)?"""
    return scope.can(AnonymousUser(), Action.VIEW, obj)
