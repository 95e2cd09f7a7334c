"""E-mail from any app goes through the one outbox (retries, dead letters). The outbox lives in the app named by
settings.KOTAK_SURAT (a module with `antrekan` and `keadaan_antrean`), so the kernel and the domain apps send mail
without depending on it."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.utils.module_loading import import_string


def antrekan(penerima: Iterable[str], template: str, context: dict[str, Any], bahasa: str | None = None) -> list[int]:
    """One outbox row per address (templates/emails/<template>.txt and _subjek.txt, rendered in `bahasa`), sent
    after the surrounding transaction commits."""
    kirim = import_string(f"{settings.KOTAK_SURAT}.antrekan")
    return list(kirim(penerima, template, context, bahasa))


def keadaan_antrean() -> dict[str, Any]:
    """Messages waiting, minutes the oldest due one is late, and dead ones (for /kesehatan/)."""
    return dict(import_string(f"{settings.KOTAK_SURAT}.keadaan_antrean")())
