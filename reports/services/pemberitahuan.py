"""E-mail notifications through an outbox: rows are written with the change they report and sent after commit
(in-process, or by the worker when NOTIFIKASI_LATAR is on); failed sends are retried by a periodic job."""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable
from functools import partial
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.dispatch import Signal
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from reports.models import LanggananWilayah, Notifikasi, Pengaduan
from sig.akun.models import Peran, User
from sig.situs import url_mutlak
from sig.teks import satu_baris
from sig.tunda import tunda

log = logging.getLogger(__name__)


def bahasa_surel(kode: str | None) -> str:
    """A supported language code for an e-mail (the site's default, Indonesian, when unknown)."""
    return kode if kode in {k for k, _ in settings.LANGUAGES} else settings.LANGUAGE_CODE


def antrekan(penerima: Iterable[str], template: str, context: dict[str, Any], bahasa: str | None = None) -> list[int]:
    """Write one outbox row per address (templates/emails/<template>.txt and _subjek.txt, rendered in `bahasa`);
    they are sent after the surrounding transaction commits. Every e-mail of every app goes through here."""
    alamat = sorted({a.strip().lower() for a in penerima if a})
    if not alamat:
        return []
    with translation.override(bahasa_surel(bahasa)):
        subjek = satu_baris(render_to_string(f"emails/{template}_subjek.txt", context))
        isi = render_to_string(f"emails/{template}.txt", context)
    rows = Notifikasi.objects.bulk_create(Notifikasi(penerima=a, subjek=subjek[:200], isi=isi) for a in alamat)
    ids = [n.pk for n in rows]
    transaction.on_commit(lambda: _setelah_commit(ids))
    return ids


def _setelah_commit(ids: list[int]) -> None:
    for pk in ids:
        tunda("reports.tasks.kirim_notifikasi", "notifikasi", partial(kirim, pk), notifikasi_id=pk)


# Pauses before each retry (minutes): an SMTP outage of half a day loses nothing; then the message is dead
# (shown in the admin and /kesehatan/) instead of retried forever.
JEDA_MENIT = (1, 5, 30, 120, 720)
MAKS_PERCOBAAN = len(JEDA_MENIT) + 1


def kirim(notifikasi_id: int) -> bool:
    """Send one queued e-mail, claimed with a row lock so no other sender (job, sweep, request) sends it too;
    a failure is recorded with the time of the next attempt. True when sent now or nothing is left to do."""
    with transaction.atomic():
        n = (
            Notifikasi.objects.select_for_update(skip_locked=True)
            .filter(pk=notifikasi_id, terkirim_pada__isnull=True, mati=False)
            .first()
        )
        if n is None:  # sent, dead, or being sent by another worker right now
            return True
        n.percobaan += 1
        try:
            send_mail(n.subjek, n.isi, None, [n.penerima])
        except Exception as exc:  # any transport error: keep the row, schedule the next attempt
            n.galat = str(exc)[:300]
            if n.percobaan >= MAKS_PERCOBAAN:
                n.mati, n.coba_lagi_pada = True, None
                log.error("notifikasi %s gagal permanen setelah %s percobaan: %s", n.pk, n.percobaan, exc)
            else:
                n.coba_lagi_pada = timezone.now() + datetime.timedelta(minutes=JEDA_MENIT[n.percobaan - 1])
                log.warning("notifikasi %s gagal dikirim (percobaan %s): %s", n.pk, n.percobaan, exc)
            n.save(update_fields=["percobaan", "galat", "mati", "coba_lagi_pada"])
            return False
        n.terkirim_pada, n.galat, n.coba_lagi_pada = timezone.now(), "", None
        n.save(update_fields=["percobaan", "galat", "terkirim_pada", "coba_lagi_pada"])
        return True


def jatuh_tempo() -> Any:
    """Unsent messages whose next attempt is due (never tried: after a minute, the after-commit send's turn)."""
    now = timezone.now()
    return Notifikasi.objects.filter(terkirim_pada__isnull=True, mati=False).filter(
        Q(coba_lagi_pada__lte=now) | Q(coba_lagi_pada__isnull=True, dibuat__lt=now - datetime.timedelta(minutes=1))
    )


def kirim_ulang_antrean() -> int:
    """Send what is due (at most 500 per run); returns how many were delivered."""
    ids = list(jatuh_tempo().order_by("pk").values_list("pk", flat=True)[:500])
    for pk in ids:
        kirim(pk)
    return Notifikasi.objects.filter(pk__in=ids, terkirim_pada__isnull=False).count()


def keadaan_antrean() -> dict[str, Any]:
    """For /kesehatan/: messages waiting, minutes the oldest due one is late, and dead ones."""
    oldest = jatuh_tempo().order_by("dibuat").values_list("dibuat", flat=True).first()
    return {
        "menunggu": Notifikasi.objects.filter(terkirim_pada__isnull=True, mati=False).count(),
        "terlambat_menit": 0 if oldest is None else int((timezone.now() - oldest).total_seconds() // 60),
        "gagal_permanen": Notifikasi.objects.filter(mati=True).count(),
    }


def _url(pengaduan: Pengaduan) -> str:
    return url_mutlak(pengaduan.get_absolute_url())


def _pelapor(pengaduan: Pengaduan) -> list[str]:
    user = pengaduan.pelapor
    return [user.email] if user is not None and user.is_active and user.email else []


# Sent inside the transaction of a status change or a public reply, with pengaduan, jenis ("status" or
# "balasan"), dari (the previous status label, for "status") and teks: other outboxes (the reporting channels of
# the saluran app) queue their message for the reporter here, so this module never imports them.
pelapor_diberitahu = Signal()


def beritahu_status(pengaduan: Pengaduan, dari: str, teks: str) -> None:
    antrekan(
        _pelapor(pengaduan),
        "pengaduan_status",
        {"p": pengaduan, "dari": dari, "teks": teks, "url": _url(pengaduan)},
    )
    pelapor_diberitahu.send(sender=Pengaduan, pengaduan=pengaduan, jenis="status", dari=dari, teks=teks)


def beritahu_balasan(pengaduan: Pengaduan, teks: str) -> None:
    antrekan(_pelapor(pengaduan), "pengaduan_balasan", {"p": pengaduan, "teks": teks, "url": _url(pengaduan)})
    pelapor_diberitahu.send(sender=Pengaduan, pengaduan=pengaduan, jenis="balasan", dari="", teks=teks)


def beritahu_baru(pengaduan: Pengaduan, bahasa: str | None = None) -> None:
    """The reporter's receipt (in `bahasa`, the language they submitted in), operators of the desa and admins
    of its kecamatan; subscribers once the complaint is public. Called once per stored complaint (a replayed
    client id never reaches it), so nobody hears twice.

    With NOTIFIKASI_LATAR the whole fan-out is one job, deferred inside the submitting transaction (the
    Django connector shares its connection), so a stored complaint always has its notification job.
    """
    tunda(
        "reports.tasks.beritahukan_pengaduan_baru",
        "notifikasi",
        lambda: beritahu_baru_sekarang(pengaduan, bahasa),
        pengaduan_id=pengaduan.pk,
        bahasa=bahasa_surel(bahasa),
    )


def beritahu_diterima(pengaduan: Pengaduan, bahasa: str | None = None) -> None:
    """The reporter's receipt: tracking code, title, desa, the complaint's page and the tracking page."""
    context = {
        "p": pengaduan,
        "url": _url(pengaduan),
        "url_lacak": url_mutlak(f"{reverse('reports:lacak')}?kode={pengaduan.kode_lacak}"),
    }
    antrekan(_pelapor(pengaduan), "pengaduan_diterima", context, bahasa=bahasa)


def beritahu_baru_sekarang(pengaduan: Pengaduan, bahasa: str | None = None) -> None:
    beritahu_diterima(pengaduan, bahasa)
    staf = User.objects.filter(is_active=True).filter(
        Q(peran=Peran.OPERATOR, desa_kerja=pengaduan.desa_id)
        | Q(peran=Peran.ADMIN_KECAMATAN, kecamatan_kerja=pengaduan.desa.kecamatan_id)
    )
    url = url_mutlak(reverse("reports:tangani", args=[pengaduan.kode_lacak]))
    antrekan(staf.values_list("email", flat=True), "pengaduan_baru_staf", {"p": pengaduan, "url": url})
    if pengaduan.is_public:
        beritahu_pelanggan(pengaduan)


def beritahu_pelanggan(pengaduan: Pengaduan) -> None:
    pelanggan = LanggananWilayah.objects.filter(desa_id=pengaduan.desa_id, pengguna__is_active=True).filter(
        Q(kategori__isnull=True) | Q(kategori_id=pengaduan.kategori_id)
    )
    if pengaduan.pelapor_id:
        pelanggan = pelanggan.exclude(pengguna_id=pengaduan.pelapor_id)
    antrekan(
        pelanggan.values_list("pengguna__email", flat=True),
        "pengaduan_baru_warga",
        {"p": pengaduan, "url": _url(pengaduan)},
    )
