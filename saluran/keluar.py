"""Outbound channel messages through an outbox: a row is written with the change it reports and sent after commit
(in-process, or by the worker when NOTIFIKASI_LATAR is on); failed sends are retried by a periodic sweep with the
e-mail outbox's pauses; nothing is ever sent to an identity that sent STOP."""

from __future__ import annotations

import datetime
import logging
from functools import partial
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from reports.models import Pengaduan, StatusPengaduan
from reports.services.pemberitahuan import JEDA_MENIT, MAKS_PERCOBAAN
from saluran.klien import GalatKirim, kirim_teks
from saluran.konfigurasi import aktif
from saluran.models import Identitas, PengaduanSaluran, PesanKeluar
from sig.situs import url_mutlak
from sig.tunda import tunda

log = logging.getLogger(__name__)
MAKS_TEKS = 4096


def antrekan_pesan(identitas: Identitas, teks: str) -> PesanKeluar | None:
    """Queue a message to `identitas` (None when it opted out); sent after the surrounding transaction commits."""
    if identitas.berhenti:
        return None
    row = PesanKeluar.objects.create(identitas=identitas, teks=teks[:MAKS_TEKS])
    transaction.on_commit(
        lambda: tunda("saluran.tasks.kirim_pesan", "notifikasi", partial(kirim, row.pk), pesan_id=row.pk)
    )
    return row


def _gagal(n: PesanKeluar, galat: str, permanen: bool = False) -> None:
    n.galat = galat[:300]
    if permanen or n.percobaan >= MAKS_PERCOBAAN:
        n.mati, n.coba_lagi_pada = True, None
        log.error("pesan saluran %s gagal permanen (percobaan %s): %s", n.pk, n.percobaan, galat)
    else:
        n.coba_lagi_pada = timezone.now() + datetime.timedelta(minutes=JEDA_MENIT[n.percobaan - 1])
        log.warning("pesan saluran %s gagal dikirim (percobaan %s): %s", n.pk, n.percobaan, galat)
    n.save(update_fields=["percobaan", "galat", "mati", "coba_lagi_pada"])


def kirim(pesan_id: int) -> bool:
    """Send one queued message, claimed with a row lock (no double send); True when sent or nothing is left."""
    with transaction.atomic():
        n = (
            PesanKeluar.objects.select_for_update(skip_locked=True)
            .select_related("identitas")
            .filter(pk=pesan_id, terkirim_pada__isnull=True, mati=False)
            .first()
        )
        if n is None:
            return True
        n.percobaan += 1
        ident = n.identitas
        if ident.berhenti:  # opted out after the message was queued
            _gagal(n, "penerima berhenti berlangganan (STOP)", permanen=True)
            return True
        if not aktif(ident.saluran):
            _gagal(n, f"saluran {ident.saluran} tidak aktif")
            return False
        try:
            kirim_teks(ident.saluran, ident.id_eksternal, n.teks)
        except GalatKirim as exc:
            _gagal(n, str(exc))
            return False
        n.terkirim_pada, n.galat, n.coba_lagi_pada = timezone.now(), "", None
        n.save(update_fields=["percobaan", "galat", "terkirim_pada", "coba_lagi_pada"])
        return True


def jatuh_tempo() -> QuerySet[PesanKeluar]:
    """Unsent messages whose next attempt is due (never tried: after a minute, the after-commit send's turn)."""
    now = timezone.now()
    return PesanKeluar.objects.filter(terkirim_pada__isnull=True, mati=False).filter(
        Q(coba_lagi_pada__lte=now) | Q(coba_lagi_pada__isnull=True, dibuat__lt=now - datetime.timedelta(minutes=1))
    )


def kirim_ulang_antrean() -> int:
    """Send what is due (at most 500 per run); returns how many were delivered."""
    ids = list(jatuh_tempo().order_by("pk").values_list("pk", flat=True)[:500])
    for pk in ids:
        kirim(pk)
    return PesanKeluar.objects.filter(pk__in=ids, terkirim_pada__isnull=False).count()


def url_lacak(p: Pengaduan) -> str:
    return url_mutlak(f"{reverse('reports:lacak')}?kode={p.kode_lacak}")


def beritahu_lewat_saluran(sender: Any, pengaduan: Pengaduan, jenis: str, dari: str, teks: str, **kwargs: Any) -> None:
    """Receiver of reports' pelapor_diberitahu: a status change or public reply goes back on the report's channel."""
    asal = PengaduanSaluran.objects.select_related("identitas").filter(pengaduan=pengaduan).first()
    if asal is None:
        return
    kepala = f"Pengaduan {pengaduan.kode_lacak} ({pengaduan.judul})"
    if jenis == "status":
        isi = f"{kepala}: status berubah dari {dari} menjadi {StatusPengaduan(pengaduan.status).label}."
        if teks:
            isi += f"\nKeterangan petugas: {teks}"
    else:
        isi = f"{kepala}, balasan petugas:\n{teks}"
    antrekan_pesan(asal.identitas, f"{isi}\n\nLihat: {url_lacak(pengaduan)}\nKetik STOP untuk berhenti menerima pesan.")
