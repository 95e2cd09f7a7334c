"""E-mail notifications through an outbox: rows are written with the change they report and sent after commit
(in-process, or by the worker when NOTIFIKASI_LATAR is on); failed sends are retried by a periodic job."""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation

from reports.models import LanggananWilayah, Notifikasi, Pengaduan
from sig.akun.models import Peran, User

log = logging.getLogger(__name__)
MAKS_PERCOBAAN = 5


def _antrekan(penerima: Iterable[str], template: str, context: dict[str, Any]) -> list[int]:
    alamat = sorted({a.strip().lower() for a in penerima if a})
    if not alamat:
        return []
    with translation.override("id"):
        subjek = render_to_string(f"emails/{template}_subjek.txt", context).strip()
        isi = render_to_string(f"emails/{template}.txt", context)
    rows = Notifikasi.objects.bulk_create(Notifikasi(penerima=a, subjek=subjek[:200], isi=isi) for a in alamat)
    ids = [n.pk for n in rows]
    transaction.on_commit(lambda: _setelah_commit(ids))
    return ids


def _setelah_commit(ids: list[int]) -> None:
    if settings.NOTIFIKASI_LATAR:
        from reports.tasks import kirim_notifikasi

        for pk in ids:
            kirim_notifikasi.defer(notifikasi_id=pk)
    else:
        for pk in ids:
            kirim(pk)


def kirim(notifikasi_id: int) -> bool:
    """Send one queued e-mail; a failure is recorded and left for the retry job."""
    n = Notifikasi.objects.filter(pk=notifikasi_id, terkirim_pada__isnull=True).first()
    if n is None:
        return True
    try:
        send_mail(n.subjek, n.isi, None, [n.penerima])
    except Exception as exc:  # any transport error: keep the row, count the attempt
        Notifikasi.objects.filter(pk=n.pk).update(percobaan=F("percobaan") + 1, galat=str(exc)[:300])
        log.warning("notifikasi %s gagal dikirim: %s", n.pk, exc)
        return False
    Notifikasi.objects.filter(pk=n.pk).update(terkirim_pada=timezone.now(), percobaan=F("percobaan") + 1, galat="")
    return True


def kirim_ulang_antrean() -> int:
    """Retry unsent notifications (older than a minute, fewer than MAKS_PERCOBAAN attempts); returns sent count."""
    batas = timezone.now() - datetime.timedelta(minutes=1)
    ids = Notifikasi.objects.filter(terkirim_pada__isnull=True, percobaan__lt=MAKS_PERCOBAAN, dibuat__lt=batas)
    return sum(kirim(pk) for pk in ids.values_list("pk", flat=True)[:500])


def _url(pengaduan: Pengaduan) -> str:
    return f"{settings.SITE_URL.rstrip('/')}{pengaduan.get_absolute_url()}"


def _pelapor(pengaduan: Pengaduan) -> list[str]:
    user = pengaduan.pelapor
    return [user.email] if user is not None and user.is_active and user.email else []


def kabar_status(pengaduan: Pengaduan, dari: str, teks: str) -> None:
    _antrekan(
        _pelapor(pengaduan),
        "pengaduan_status",
        {"p": pengaduan, "dari": dari, "teks": teks, "url": _url(pengaduan)},
    )


def kabar_balasan(pengaduan: Pengaduan, teks: str) -> None:
    _antrekan(_pelapor(pengaduan), "pengaduan_balasan", {"p": pengaduan, "teks": teks, "url": _url(pengaduan)})


def kabar_baru(pengaduan: Pengaduan) -> None:
    """Operators of the desa and admins of its kecamatan; subscribers once the complaint is public.

    With NOTIFIKASI_LATAR the whole fan-out is one job, deferred inside the submitting transaction (the
    Django connector shares its connection), so a stored complaint always has its notification job.
    """
    if settings.NOTIFIKASI_LATAR:
        from reports.tasks import kabarkan_pengaduan_baru

        kabarkan_pengaduan_baru.defer(pengaduan_id=pengaduan.pk)
        return
    kabar_baru_sekarang(pengaduan)


def kabar_baru_sekarang(pengaduan: Pengaduan) -> None:
    staf = User.objects.filter(is_active=True).filter(
        Q(peran=Peran.OPERATOR, desa_kerja=pengaduan.desa_id)
        | Q(peran=Peran.ADMIN_KECAMATAN, kecamatan_kerja=pengaduan.desa.kecamatan_id)
    )
    url = f"{settings.SITE_URL.rstrip('/')}/kelola/pengaduan/{pengaduan.kode_lacak}/"
    _antrekan(staf.values_list("email", flat=True), "pengaduan_baru_staf", {"p": pengaduan, "url": url})
    if pengaduan.is_public:
        kabar_pelanggan(pengaduan)


def kabar_pelanggan(pengaduan: Pengaduan) -> None:
    pelanggan = LanggananWilayah.objects.filter(desa_id=pengaduan.desa_id, pengguna__is_active=True).filter(
        Q(kategori__isnull=True) | Q(kategori_id=pengaduan.kategori_id)
    )
    if pengaduan.pelapor_id:
        pelanggan = pelanggan.exclude(pengguna_id=pengaduan.pelapor_id)
    _antrekan(
        pelanggan.values_list("pengguna__email", flat=True),
        "pengaduan_baru_warga",
        {"p": pengaduan, "url": _url(pengaduan)},
    )
