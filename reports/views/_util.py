from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError

from reports.services import BatasTerlampaui, KonflikVersi


def kode_status(exc: Exception) -> int:
    """HTTP status for a refused service call."""
    if isinstance(exc, KonflikVersi):
        return 409
    if isinstance(exc, BatasTerlampaui):
        return 429
    if isinstance(exc, PermissionDenied):
        return 403
    return 400


def pesan(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return str(exc) or "Permintaan ditolak."
