"""E-mails to citizens who follow a desa: a digest of what is new (daily or weekly, only when there is
something), and a reminder the day before each event. Sent through the one outbox (retries included)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from kabar.models import Agenda, Frekuensi, Kabar, Langganan
from reports.models import PUBLIK_TANPA_DUPLIKAT, Pengaduan
from sig.situs import url_mutlak
from sig.surel import antrekan

SELANG = {Frekuensi.HARIAN: timedelta(days=1), Frekuensi.MINGGUAN: timedelta(days=7)}


def _isi(row: Langganan, sejak: datetime, sampai: datetime) -> dict[str, list[Any]]:
    window = {"desa": row.desa}
    found: dict[str, list[Any]] = {"kabar": [], "agenda": [], "pengaduan": []}
    if row.kabar:
        found["kabar"] = list(
            Kabar.objects.filter(Kabar.scope_public_q(), terbit_pada__gt=sejak, terbit_pada__lte=sampai, **window)
        )
    if row.agenda:
        found["agenda"] = list(
            Agenda.objects.filter(Agenda.scope_public_q(), terbit_pada__gt=sejak, terbit_pada__lte=sampai, **window)
        )
    if row.pengaduan:
        found["pengaduan"] = list(
            Pengaduan.objects.filter(
                PUBLIK_TANPA_DUPLIKAT, dibuat__gt=sejak, dibuat__lte=sampai, **window
            ).select_related("kategori")
        )
    return found


def kirim_ringkasan(sekarang: datetime | None = None) -> int:
    """Queue the digests that are due; returns how many were queued (a subscription with nothing new waits)."""
    now = sekarang or timezone.now()
    queued = 0
    due = Q()
    for frekuensi, selang in SELANG.items():
        due |= Q(frekuensi=frekuensi, terakhir_dikirim__lte=now - selang)
    for row in Langganan.objects.filter(due).select_related("pengguna", "desa"):
        with transaction.atomic():
            isi = _isi(row, row.terakhir_dikirim, now)
            if any(isi.values()):
                for item in (x for items in isi.values() for x in items):
                    item.tautan = url_mutlak(item.get_absolute_url())
                context = {
                    "desa": row.desa,
                    "url_desa": url_mutlak(row.desa.get_absolute_url()),
                    "url_atur": url_mutlak(f"/desa/{row.desa.kode}/ikuti/"),
                    **isi,
                }
                antrekan([row.pengguna.email], "kabar_ringkasan", context)
                queued += 1
            Langganan.objects.filter(pk=row.pk).update(terakhir_dikirim=now)
    return queued


def ingatkan_agenda(sekarang: datetime | None = None) -> int:
    """Remind followers of an event's desa the day before it starts (once per event, again if it moves)."""
    now = sekarang or timezone.now()
    sent = 0
    upcoming = Agenda.objects.filter(
        Agenda.scope_public_q(),
        desa__isnull=False,
        diingatkan_pada__isnull=True,
        mulai__gt=now,
        mulai__lte=now + timedelta(hours=24),
    ).select_related("desa")
    for agenda in upcoming:
        with transaction.atomic():
            emails = Langganan.objects.filter(desa=agenda.desa, agenda=True).values_list("pengguna__email", flat=True)
            if emails:
                antrekan(list(emails), "kabar_pengingat", {"a": agenda, "url": url_mutlak(agenda.get_absolute_url())})
                sent += 1
            Agenda.objects.filter(pk=agenda.pk).update(diingatkan_pada=now)
    return sent
