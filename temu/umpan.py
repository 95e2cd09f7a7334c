"""RSS and Atom feeds per desa, per kecamatan and per report category: the newest public items of every kind the
registry lists in feeds (reports, potensi, projects; kabar and agenda when their app declares them). Text is
plain: the description is HTML-escaped once, so a reader that renders it shows the words, never markup."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.syndication.views import Feed
from django.db.models import F
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed, SyndicationFeed
from django.utils.html import escape
from django.utils.text import Truncator
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from sig.situs import url_mutlak
from temu import registri
from temu.registri import Jenis

BATAS_ITEM = 50


@dataclass
class Lingkup:
    tingkat: str  # desa | kecamatan | kategori
    objek: Any
    judul: str
    tautan: str  # the page the feed belongs to (absolute)
    diri: str  # the feed's own address (absolute)
    jenis: list[Jenis]


@dataclass
class Butir:
    jenis: Jenis
    objek: Any

    @property
    def waktu(self) -> Any:
        return getattr(self.objek, self.jenis.terbit, None) or getattr(self.objek, "dibuat", None)


def butir(lingkup: Lingkup) -> list[Butir]:
    """The newest public items of the scope, every kind merged, newest first."""
    hasil: list[Butir] = []
    for jenis in lingkup.jenis:
        qs = jenis.publik()
        if lingkup.tingkat == "kategori":
            qs = qs.filter(**{jenis.kategori: lingkup.objek}) if jenis.kategori else qs.none()
        else:
            qs = jenis.di_wilayah(qs, lingkup.tingkat, lingkup.objek)
        qs = qs.order_by(F(jenis.terbit).desc(nulls_last=True), "-pk")
        hasil += [Butir(jenis, obj) for obj in qs[:BATAS_ITEM]]
    hasil.sort(key=lambda b: (b.waktu is not None, b.waktu), reverse=True)
    return hasil[:BATAS_ITEM]


class UmpanRss(Feed):
    feed_type: type[SyndicationFeed] = Rss201rev2Feed

    def get_object(self, request: Any, lingkup: Lingkup) -> Lingkup:
        return lingkup

    def title(self, obj: Lingkup) -> str:
        return f"{obj.judul} · SIG Desa"

    def link(self, obj: Lingkup) -> str:
        return obj.tautan

    def feed_url(self, obj: Lingkup) -> str:
        return obj.diri

    def description(self, obj: Lingkup) -> str:
        jenis = ", ".join(str(j.label).lower() for j in obj.jenis)
        return _("Terbaru dari %(wilayah)s: %(jenis)s.") % {"wilayah": obj.judul, "jenis": jenis}

    def language(self, obj: Lingkup) -> str:  # type: ignore[override]  # Django allows a method; the stubs an attribute
        return get_language() or "id"

    def items(self, obj: Lingkup) -> list[Butir]:
        return butir(obj)

    def item_title(self, item: Butir) -> str:
        return item.jenis.judul(item.objek)

    def item_description(self, item: Butir) -> str:
        return escape(Truncator(item.jenis.ringkasan(item.objek)).chars(400))

    def item_link(self, item: Butir) -> str:
        return url_mutlak(item.objek.get_absolute_url())

    def item_guid(self, item: Butir) -> str:
        return self.item_link(item)

    def item_pubdate(self, item: Butir) -> Any:
        return item.waktu

    def item_updateddate(self, item: Butir) -> Any:
        return item.jenis.waktu_ubah(item.objek)

    def item_categories(self, item: Butir) -> list[str]:
        return [str(item.jenis.label)]


class UmpanAtom(UmpanRss):
    feed_type = Atom1Feed

    def subtitle(self, obj: Lingkup) -> str:
        return self.description(obj)


def jenis_umpan(kategori: bool = False) -> list[Jenis]:
    """Kinds listed in feeds (for a category feed: those with a category)."""
    return [j for j in registri.semua() if j.di_umpan and (j.kategori or not kategori)]
