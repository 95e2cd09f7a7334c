"""Potensi desa: citizens and operators submit, operators moderate; the submitter's text is kept."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from assets.models import PotensiDesa
from assets.models.potensi import StatusPotensi
from assets.services.fitur import HasilSimpan, _require, _save_with_history, fitur_simpan
from sig.akun import scope
from sig.akun.scope import Action
from sig.situs import url_mutlak
from sig.wilayah.selectors import desa_di_lokasi

if TYPE_CHECKING:
    from sig.akun.models import AnyUser, User

TEKS = ("nama", "tagline", "deskripsi", "kontak")


@transaction.atomic
def potensi_ajukan(*, data: dict[str, Any], by: AnyUser, kirim: bool = True) -> HasilSimpan:
    """A citizen (or operator) submits a potensi; the desa is the one its location lies in."""
    if not by.is_authenticated:
        raise PermissionDenied("Masuk terlebih dahulu untuk mengajukan potensi desa.")
    desa = data.get("desa") or desa_di_lokasi(data.get("geometri"))
    obj = PotensiDesa(diajukan_oleh=by, status=StatusPotensi.MENUNGGU if kirim else StatusPotensi.DRAFT)
    hasil = fitur_simpan(obj=obj, data={**data, "desa": desa}, by=by)
    obj.teks_asli = {k: getattr(obj, k) for k in TEKS}
    _save_with_history(obj, by, update_fields=["teks_asli"])
    if scope.can(by, Action.MODERATE, obj) and kirim:
        hasil.notices.append("Potensi tersimpan; terbitkan dari daftar moderasi.")
    else:
        hasil.notices.append("Terima kasih! Potensi akan tampil setelah diverifikasi operator desa.")
    return hasil


@transaction.atomic
def potensi_moderasi(
    *, potensi: PotensiDesa, keputusan: str, by: User, alasan: str = "", perubahan: dict[str, str] | None = None
) -> HasilSimpan:
    """Publish or reject; an operator's edits to the text leave `teks_asli` untouched."""
    _require(by, Action.MODERATE, potensi)
    if potensi.status not in {StatusPotensi.MENUNGGU, StatusPotensi.TERBIT, StatusPotensi.DITOLAK}:
        raise ValidationError("Potensi ini masih draf pengaju; belum dapat dimoderasi.")
    sebelumnya = potensi.status
    for key, value in (perubahan or {}).items():
        if key not in TEKS:
            raise ValidationError(f"Kolom {key} tidak dapat diubah saat moderasi.")
        setattr(potensi, key, value)
    if keputusan == "terbit":
        potensi.status = StatusPotensi.TERBIT
        potensi.terbit_pada = timezone.now()
        potensi.alasan_penolakan = ""
    elif keputusan == "tolak":
        if not alasan.strip():
            raise ValidationError({"alasan": "Tuliskan alasan penolakan untuk pengaju."})
        potensi.status = StatusPotensi.DITOLAK
        potensi.alasan_penolakan = alasan.strip()
    else:
        raise ValidationError("Keputusan moderasi tidak dikenal.")
    potensi.dimoderasi_oleh = by
    potensi.full_clean()
    _save_with_history(potensi, by)
    if potensi.status != sebelumnya:
        beritahu_hasil_potensi(potensi, by=by)
    return HasilSimpan(potensi, ["Potensi diterbitkan." if keputusan == "terbit" else "Potensi ditolak."])


def beritahu_hasil_potensi(potensi: PotensiDesa, *, by: User) -> None:
    """The submitter hears the outcome (published, or rejected with the reason) through the e-mail outbox;
    not when they moderated it themselves, nor when the account is gone or inactive."""
    from sig.surel import antrekan

    pengaju = potensi.diajukan_oleh
    if pengaju is None or not pengaju.is_active or not pengaju.email or pengaju.pk == getattr(by, "pk", None):
        return
    context = {
        "o": potensi,
        "terbit": potensi.status == StatusPotensi.TERBIT,
        "url": url_mutlak(potensi.get_absolute_url()),
        "url_ajukan": url_mutlak(reverse("assets:potensi_ajukan")),
    }
    antrekan([pengaju.email], "potensi_hasil", context)
