"""allauth's hooks where the project has a rule of its own."""

from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from sig.klien import alamat_klien


class AkunAdapter(DefaultAccountAdapter):
    def get_client_ip(self, request: HttpRequest) -> str:
        """allauth's rate limits count per address by the project's one rule (sig.klien)."""
        ip = alamat_klien(request)
        if not ip:
            raise PermissionDenied("Alamat klien tidak dapat ditentukan.")
        return ip
