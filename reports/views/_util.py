from __future__ import annotations

from typing import Any

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


def ip_klien(request: Any) -> str:
    """The client address (the proxy's X-Forwarded-For is honoured only when AXES_PROXY_COUNT says so)."""
    from django.conf import settings

    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if settings.AXES_IPWARE_PROXY_COUNT and forwarded:
        hops = [h.strip() for h in forwarded.split(",") if h.strip()]
        if len(hops) >= settings.AXES_IPWARE_PROXY_COUNT:
            return hops[-settings.AXES_IPWARE_PROXY_COUNT]
    return request.META.get("REMOTE_ADDR", "")
