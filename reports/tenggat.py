"""Working-day deadlines (LAPOR! SP4N style): Saturdays, Sundays and the days in HariLibur are not counted.

Rule: a complaint received on a working day before the end of office hours (JAM_TUTUP, local time) counts
that day as day 0; received later, or on a day off, day 0 is the next working day. The deadline of N working
days is the end of the N-th working day after day 0 (23:59:59.999999 local time, so its date is that day)."""

from __future__ import annotations

import datetime
from collections.abc import Collection
from typing import Any

from django.db.models import Q
from django.utils import timezone

JAM_TUTUP = datetime.time(16, 0)  # office hours of village government end at 16:00
MAKS_HARI = 366  # no deadline is longer than a year of working days; bounds every loop


def hari_kerja(tanggal: datetime.date, libur: Collection[datetime.date]) -> bool:
    """Monday to Friday and not a holiday."""
    return tanggal.weekday() < 5 and tanggal not in libur


def hari_kerja_berikut(tanggal: datetime.date, libur: Collection[datetime.date]) -> datetime.date:
    """The first working day strictly after `tanggal`."""
    for _ in range(MAKS_HARI):
        tanggal += datetime.timedelta(days=1)
        if hari_kerja(tanggal, libur):
            return tanggal
    raise ValueError("Tidak ada hari kerja dalam setahun; periksa daftar hari libur.")


def hari_nol(diterima: datetime.datetime, libur: Collection[datetime.date]) -> datetime.date:
    """Day 0 of the count for a complaint received at `diterima` (aware; read in the site's time zone)."""
    lokal = timezone.localtime(diterima)
    if hari_kerja(lokal.date(), libur) and lokal.time() < JAM_TUTUP:
        return lokal.date()
    return hari_kerja_berikut(lokal.date(), libur)


def tambah_hari_kerja(mulai: datetime.date, n: int, libur: Collection[datetime.date]) -> datetime.date:
    """The n-th working day after `mulai` (n ≥ 0; n = 0 is `mulai` itself)."""
    if not 0 <= n <= MAKS_HARI:
        raise ValueError(f"Jumlah hari kerja harus 0–{MAKS_HARI}.")
    for _ in range(n):
        mulai = hari_kerja_berikut(mulai, libur)
    return mulai


def tenggat(diterima: datetime.datetime, n: int, libur: Collection[datetime.date]) -> datetime.datetime:
    """The deadline of `n` working days for a complaint received at `diterima`: the end of that day, local."""
    hari = tambah_hari_kerja(hari_nol(diterima, libur), n, libur)
    return timezone.make_aware(datetime.datetime.combine(hari, datetime.time.max), timezone.get_current_timezone())


def libur_antara(dari: datetime.date, sampai: datetime.date) -> set[datetime.date]:
    """Holidays between two dates from the database (the admin-managed list)."""
    from reports.models import HariLibur

    return set(HariLibur.objects.filter(tanggal__range=(dari, sampai)).values_list("tanggal", flat=True))


def tenggat_pengaduan(
    diterima: datetime.datetime, hari_tanggap: int, hari_selesai: int
) -> dict[str, datetime.datetime]:
    """Both deadlines of a complaint, with one holiday query (a window wide enough for the longer count)."""
    mulai = timezone.localtime(diterima).date()
    # N working days span at most ~1.4 N calendar days plus holidays: 3 N + 30 is ample.
    libur = libur_antara(mulai, mulai + datetime.timedelta(days=3 * max(hari_tanggap, hari_selesai) + 30))
    return {
        "tenggat_tanggap": tenggat(diterima, hari_tanggap, libur),
        "tenggat_selesai": tenggat(diterima, hari_selesai, libur),
    }


def isi_tenggat(sender: type, instance: Any, **kwargs: Any) -> None:
    """pre_save: a new complaint gets its deadlines from its category, whatever channel stored it."""
    if not instance._state.adding or instance.tenggat_tanggap is not None:
        return
    from reports.models import KategoriPengaduan

    hari = KategoriPengaduan.objects.filter(pk=instance.kategori_id).values_list(
        "tenggat_tanggap_hari", "tenggat_selesai_hari"
    )
    if hari:
        for field, value in tenggat_pengaduan(instance.dibuat or timezone.now(), *hari[0]).items():
            setattr(instance, field, value)


def q_lewat(sekarang: datetime.datetime) -> Q:
    """Open complaints past a deadline: not answered by the response deadline, or not resolved by the other."""
    from reports.models import TERBUKA

    return Q(status__in=TERBUKA) & (
        Q(ditanggapi_pada__isnull=True, tenggat_tanggap__lt=sekarang) | Q(tenggat_selesai__lt=sekarang)
    )
