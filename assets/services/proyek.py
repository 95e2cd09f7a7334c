"""Development projects: budget lines per fund source, progress entries, finishing into an asset."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum

from assets.models import AnggaranProyek, AsetDesa, ProgresProyek, ProyekPembangunan
from assets.models.aset import GOLONGAN_JENIS, Kondisi
from assets.models.proyek import StatusProyek
from assets.services.fitur import HasilSimpan, _delete_with_history, _require, _save_with_history
from sig.akun.scope import Action

if TYPE_CHECKING:
    from sig.akun.models import User


def total_anggaran(proyek: ProyekPembangunan) -> tuple[Decimal, Decimal]:
    """(budget, realisation) summed exactly in the database."""
    sums = proyek.anggaran.aggregate(a=Sum("anggaran"), r=Sum("realisasi"))
    return sums["a"] or Decimal(0), sums["r"] or Decimal(0)


@transaction.atomic
def anggaran_atur(*, proyek: ProyekPembangunan, baris: list[dict[str, Any]], by: User) -> list[AnggaranProyek]:
    """Replace the budget lines of a project: one line per fund source, amounts in rupiah (Decimal)."""
    _require(by, Action.CHANGE, proyek)
    sources = [b["sumber_dana"] for b in baris]
    if len(sources) != len(set(sources)):
        raise ValidationError("Setiap sumber dana hanya boleh muncul sekali.")
    for line in baris:
        for key in ("anggaran", "realisasi"):
            value = line.get(key, Decimal(0))
            if not isinstance(value, Decimal) or value < 0 or not value.is_finite():
                raise ValidationError(f"Nilai {key} harus berupa angka rupiah tidak negatif.")
    kept = []
    for line in baris:
        item, _ = AnggaranProyek.objects.get_or_create(
            proyek=proyek,
            sumber_dana=line["sumber_dana"],
            defaults={"anggaran": line["anggaran"]},
        )
        item.anggaran = line["anggaran"]
        item.realisasi = line.get("realisasi", Decimal(0))
        item.full_clean()
        _save_with_history(item, by)
        kept.append(item.pk)
    for old in proyek.anggaran.exclude(pk__in=kept):
        _delete_with_history(old, by)
    return list(proyek.anggaran.all())


@transaction.atomic
def progres_tambah(
    *,
    proyek: ProyekPembangunan,
    tanggal: datetime.date,
    persen: Decimal,
    catatan: str = "",
    by: User,
) -> ProgresProyek:
    """Record dated progress; the project's progress and status follow the latest entry."""
    _require(by, Action.CHANGE, proyek)
    if persen is None or not (Decimal(0) <= Decimal(persen) <= Decimal(100)):
        raise ValidationError({"persen": "Progres harus antara 0 dan 100 persen."})
    if tanggal > datetime.date.today() + datetime.timedelta(days=1):
        raise ValidationError({"tanggal": "Tanggal progres tidak boleh di masa depan."})
    entry = ProgresProyek(proyek=proyek, tanggal=tanggal, persen=persen, catatan=catatan, dicatat_oleh=by)
    entry.full_clean()
    _save_with_history(entry, by)
    latest = proyek.progres.order_by("-tanggal", "-dibuat").first()
    proyek.progres_persen = latest.persen if latest else Decimal(0)
    if proyek.status == StatusProyek.RENCANA and proyek.progres_persen > 0:
        proyek.status = StatusProyek.BERJALAN
        proyek.tanggal_mulai = proyek.tanggal_mulai or tanggal
    _save_with_history(proyek, by)
    return entry


@transaction.atomic
def proyek_selesaikan(
    *,
    proyek: ProyekPembangunan,
    by: User,
    tanggal: datetime.date | None = None,
    aset_golongan: str | None = None,
    aset_jenis: str | None = None,
    aset_nama: str | None = None,
) -> HasilSimpan:
    """Finish a project at 100%; optionally create (or update) the asset it built, valued at its realisation."""
    _require(by, Action.CHANGE, proyek)
    tanggal = tanggal or datetime.date.today()
    if proyek.progres_persen < 100:
        progres_tambah(proyek=proyek, tanggal=tanggal, persen=Decimal(100), catatan="Selesai", by=by)
        proyek.refresh_from_db()
    proyek.status = StatusProyek.SELESAI
    proyek.tanggal_selesai = tanggal
    if proyek.tanggal_mulai and proyek.tanggal_mulai > tanggal:
        raise ValidationError({"tanggal": "Tanggal selesai sebelum tanggal mulai."})
    _save_with_history(proyek, by)
    notices = ["Proyek ditandai selesai."]
    aset = None
    if aset_golongan and aset_jenis:
        if aset_jenis not in GOLONGAN_JENIS.get(aset_golongan, set()):
            raise ValidationError({"aset_jenis": "Jenis aset ini tidak termasuk golongan yang dipilih."})
        _require(by, Action.ADD, AsetDesa(desa=proyek.desa))
        anggaran, realisasi = total_anggaran(proyek)
        biggest = proyek.anggaran.order_by("-realisasi", "-anggaran").first()
        aset = proyek.aset_hasil.first() or AsetDesa(desa=proyek.desa, proyek_asal=proyek, dibuat_oleh=by)
        created = aset.pk is None
        aset.nama = aset_nama or proyek.nama
        aset.golongan, aset.jenis = aset_golongan, aset_jenis
        aset.kondisi = Kondisi.BAIK
        aset.tahun_perolehan = tanggal.year
        aset.nilai_perolehan = realisasi or anggaran
        aset.sumber_dana = biggest.sumber_dana if biggest else ""
        aset.geometri = proyek.geometri
        aset.publik = proyek.publik
        aset.full_clean()
        _save_with_history(aset, by)
        notices.append(f"Aset '{aset.nama}' {'dibuat' if created else 'diperbarui'} dari proyek ini.")
    return HasilSimpan(aset or proyek, notices)
