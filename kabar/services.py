"""Every write of kabar and agenda: who may publish where, clean bodies, drafts, scheduling, history."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from django.contrib.gis.geos import Point
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from kabar.isi import bersihkan, teks_polos
from kabar.models import Agenda, Kabar, Langganan, StatusTerbit, Terbitan
from sig.akun import scope
from sig.akun.scope import Action
from sig.wilayah.models import Desa, Kecamatan

if TYPE_CHECKING:
    from sig.akun.models import AnyUser, User

BATAS_ISI = 20000
PESAN_BUKAN_WILAYAHNYA = "Anda tidak berhak menerbitkan untuk wilayah ini."


def _tempatkan(obj: Terbitan, *, desa: Desa | None, kecamatan: Kecamatan | None) -> None:
    pemilik = desa.kecamatan if desa is not None else kecamatan
    if pemilik is None:
        raise ValidationError({"desa": "Pilih desa (atau kecamatan) pemilik terbitan ini."})
    if desa is not None and kecamatan is not None and desa.kecamatan_id != kecamatan.pk:
        raise ValidationError({"desa": "Desa itu tidak berada di kecamatan yang dipilih."})
    obj.desa = desa
    obj.kecamatan = pemilik


def _isi_dan_jadwal(
    obj: Terbitan, *, judul: str, isi: str, ringkasan: str, terbit: bool, terbit_pada: datetime | None
) -> None:
    judul = " ".join((judul or "").split())
    if not judul:
        raise ValidationError({"judul": "Judul wajib diisi."})
    bersih = bersihkan(isi)
    if len(bersih) > BATAS_ISI:
        raise ValidationError({"isi": f"Isi terlalu panjang (batas {BATAS_ISI:,} karakter).".replace(",", ".")})
    obj.judul = judul[:150]
    obj.isi = bersih
    obj.ringkasan = " ".join((ringkasan or "").split())[:300] or teks_polos(bersih, 300)
    if terbit:
        obj.status = StatusTerbit.TERBIT
        obj.terbit_pada = terbit_pada or obj.terbit_pada or timezone.now()
    else:
        obj.status = StatusTerbit.DRAF
        obj.terbit_pada = terbit_pada


def _wajib_boleh(by: AnyUser, action: Action, obj: Terbitan) -> None:
    if not scope.can(by, action, obj):
        raise PermissionDenied(PESAN_BUKAN_WILAYAHNYA)


@transaction.atomic
def kabar_simpan(
    *,
    by: User,
    judul: str,
    isi: str,
    jenis: str,
    desa: Desa | None = None,
    kecamatan: Kecamatan | None = None,
    ringkasan: str = "",
    terbit: bool = False,
    terbit_pada: datetime | None = None,
    kabar: Kabar | None = None,
) -> Kabar:
    """Create (or, given `kabar`, change) a kabar/pengumuman; a draft unless `terbit`, scheduled when
    `terbit_pada` lies ahead. Operators publish for their desa, admin kecamatan for their kecamatan and its desa."""
    if kabar is not None:
        _wajib_boleh(by, Action.CHANGE, kabar)
    obj = kabar or Kabar(penulis=by)
    _tempatkan(obj, desa=desa, kecamatan=kecamatan)
    _wajib_boleh(by, Action.CHANGE if kabar else Action.ADD, obj)
    _isi_dan_jadwal(obj, judul=judul, isi=isi, ringkasan=ringkasan, terbit=terbit, terbit_pada=terbit_pada)
    obj.jenis = jenis
    obj.full_clean(exclude=["penulis"])
    obj._history_user = by  # type: ignore[attr-defined]  # django-simple-history's author hook (undeclared), also outside a request
    obj.save()
    return obj


@transaction.atomic
def agenda_simpan(
    *,
    by: User,
    judul: str,
    isi: str,
    jenis: str,
    mulai: datetime,
    selesai: datetime | None = None,
    tempat: str = "",
    lokasi: Point | None = None,
    desa: Desa | None = None,
    kecamatan: Kecamatan | None = None,
    ringkasan: str = "",
    terbit: bool = False,
    terbit_pada: datetime | None = None,
    agenda: Agenda | None = None,
) -> Agenda:
    """Create (or change) an event: time, place and a point on the map inside its desa (or kecamatan)."""
    if agenda is not None:
        _wajib_boleh(by, Action.CHANGE, agenda)
    obj = agenda or Agenda(penulis=by)
    _tempatkan(obj, desa=desa, kecamatan=kecamatan)
    _wajib_boleh(by, Action.CHANGE if agenda else Action.ADD, obj)
    _isi_dan_jadwal(obj, judul=judul, isi=isi, ringkasan=ringkasan, terbit=terbit, terbit_pada=terbit_pada)
    if selesai is not None and selesai < mulai:
        raise ValidationError({"selesai": "Waktu selesai tidak boleh sebelum waktu mulai."})
    if lokasi is not None:
        batas = obj.desa.batas if obj.desa is not None else obj.kecamatan.batas
        if batas is None or not batas.buffer(0.0005).contains(lokasi):  # ~50 m grace for a pin on the border
            raise ValidationError({"lokasi": f"Lokasi kegiatan berada di luar {obj.pemilik}."})
    if obj.mulai != mulai:
        obj.diingatkan_pada = None  # a moved event is reminded again
    obj.jenis, obj.mulai, obj.selesai, obj.tempat, obj.lokasi = jenis, mulai, selesai, " ".join(tempat.split()), lokasi
    obj.full_clean(exclude=["penulis"])
    obj._history_user = by  # type: ignore[attr-defined]  # as above
    obj.save()
    return obj


@transaction.atomic
def terbitan_hapus(*, by: User, obj: Terbitan) -> None:
    """Delete a kabar or agenda (its history keeps what it said)."""
    _wajib_boleh(by, Action.DELETE, obj)
    obj._history_user = by  # type: ignore[attr-defined]  # as above
    obj.delete()


def langganan_atur(
    *, by: AnyUser, desa: Desa, kabar: bool, agenda: bool, pengaduan: bool, frekuensi: str
) -> Langganan | None:
    """Follow a desa (or, with nothing chosen, stop following it). Citizens with a verified e-mail only."""
    if not by.is_authenticated:
        raise PermissionDenied("Masuk dulu untuk mengikuti desa.")
    from allauth.account.models import EmailAddress

    if not EmailAddress.objects.filter(user=by, email__iexact=by.email, verified=True).exists():
        raise ValidationError("Verifikasi alamat surel Anda dulu; ringkasan dikirim ke sana.")
    if not (kabar or agenda or pengaduan):
        Langganan.objects.filter(pengguna=by, desa=desa).delete()
        return None
    row, _ = Langganan.objects.update_or_create(
        pengguna=by,
        desa=desa,
        defaults={"kabar": kabar, "agenda": agenda, "pengaduan": pengaduan, "frekuensi": frekuensi},
    )
    return row
