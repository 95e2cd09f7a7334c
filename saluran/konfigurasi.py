"""Which channels are on: a channel needs every one of its secrets (settings SALURAN_*, from SIGDESA_* env)."""

from __future__ import annotations

from django.conf import settings

WAJIB = {
    "whatsapp": ("token", "app_secret", "verify_token", "phone_id", "api_url"),
    "telegram": ("token", "secret", "api_url"),
}


def konfigurasi(saluran: str) -> dict[str, str]:
    return dict(getattr(settings, f"SALURAN_{saluran.upper()}", None) or {})


def aktif(saluran: str) -> bool:
    """True when `saluran` has every secret it needs (an unsigned webhook is never accepted)."""
    konf = konfigurasi(saluran)
    return saluran in WAJIB and all(konf.get(k) for k in WAJIB[saluran])
