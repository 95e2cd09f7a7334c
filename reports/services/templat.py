"""Reply templates: which ones an operator may use on a complaint, and filling their placeholders as plain text.

Only the placeholders below are known; they are substituted by name (never str.format, which would let a
template reach attributes), and the result is plain text that templates escape like any reply."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.utils import formats, timezone

from reports.models import Pengaduan, TemplatBalasan
from reports.services.alur import boleh_tangani

if TYPE_CHECKING:
    from sig.akun.models import AnyUser

PENANDA: dict[str, Callable[[Pengaduan], str]] = {
    "kode": lambda p: p.kode_lacak,
    "judul": lambda p: p.judul,
    "desa": lambda p: p.desa.nama,
    "kecamatan": lambda p: p.desa.kecamatan.nama_tampil,
    "kategori": lambda p: p.kategori.nama,
    "tanggal": lambda p: formats.date_format(timezone.localtime(p.dibuat), "j F Y"),
    "tenggat": lambda p: (
        formats.date_format(timezone.localtime(p.tenggat_selesai), "j F Y") if p.tenggat_selesai else "—"
    ),
}
_POLA = re.compile(r"\{([^{}]{0,40})\}")


def periksa_templat(teks: str) -> None:
    """Refuse placeholders nobody fills (a typo would reach the citizen as '{dsa}')."""
    salah = sorted({m for m in _POLA.findall(teks or "") if m not in PENANDA})
    if salah:
        dikenal = ", ".join(f"{{{k}}}" for k in PENANDA)
        raise ValidationError(
            {"teks": f"Penanda tidak dikenal: {', '.join('{' + s + '}' for s in salah)}. Yang tersedia: {dikenal}."}
        )


def isi_templat(teks: str, pengaduan: Pengaduan) -> str:
    """The template's text with known placeholders replaced by the complaint's values (plain text)."""
    return _POLA.sub(lambda m: PENANDA[m.group(1)](pengaduan) if m.group(1) in PENANDA else m.group(0), teks)


def templat_untuk(pengaduan: Pengaduan) -> QuerySet[TemplatBalasan]:
    """Active templates for the complaint's category and those for every category."""
    return TemplatBalasan.objects.filter(aktif=True).filter(
        Q(kategori__isnull=True) | Q(kategori_id=pengaduan.kategori_id)
    )


def templat_terapkan(*, templat_id: Any, pengaduan: Pengaduan, by: AnyUser) -> str:
    """The filled text of one template for a complaint `by` handles; refusals name the reason."""
    if not boleh_tangani(by, pengaduan):
        raise PermissionDenied("Anda tidak berwenang menangani pengaduan di desa ini.")
    if not str(templat_id or "").isdecimal() or len(str(templat_id)) > 9:
        raise ValidationError({"templat": "Templat balasan tidak dikenal."})
    templat = templat_untuk(pengaduan).filter(pk=int(templat_id)).first()
    if templat is None:
        raise ValidationError({"templat": "Templat itu tidak ada, tidak aktif, atau bukan untuk kategori ini."})
    return isi_templat(templat.teks, pengaduan)
