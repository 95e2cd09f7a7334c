"""The four kinds of village data as the management screens see them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Model
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from assets import forms
from assets.models import AsetDesa, LahanPertanian, PotensiDesa, ProyekPembangunan

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@dataclass(frozen=True)
class Jenis:
    slug: str
    model: type[Model]
    form: type[forms.FiturForm]
    judul: StrOrPromise
    kategori: str  # the field a list filters and a map colours by
    teks: tuple[str, ...]  # fields of the free-text search
    kolom: tuple[str, ...]  # list columns


JENIS = {
    j.slug: j
    for j in (
        Jenis(
            "aset",
            AsetDesa,
            forms.AsetForm,
            _("Aset desa"),
            "golongan",
            ("nama", "kode_register", "keterangan"),
            ("nama", "golongan", "jenis", "kondisi", "tahun_perolehan", "nilai_perolehan"),
        ),
        Jenis(
            "lahan",
            LahanPertanian,
            forms.LahanForm,
            _("Lahan pertanian"),
            "komoditas",
            ("nama", "kode_persil", "penggarap"),
            ("nama", "kode_persil", "komoditas", "irigasi", "luas_ha", "potensi_produksi_ton"),
        ),
        Jenis(
            "proyek",
            ProyekPembangunan,
            forms.ProyekForm,
            _("Proyek pembangunan"),
            "bidang",
            ("nama", "pelaksana", "deskripsi"),
            ("nama", "tahun_anggaran", "status", "progres_persen"),
        ),
        Jenis(
            "potensi",
            PotensiDesa,
            forms.PotensiForm,
            _("Potensi desa"),
            "jenis",
            ("nama", "tagline", "deskripsi"),
            ("nama", "jenis", "status"),
        ),
    )
}


def jenis_atau_404(slug: str) -> Jenis:
    try:
        return JENIS[slug]
    except KeyError:
        raise Http404 from None
