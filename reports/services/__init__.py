"""Every write to complaints: submission (lapor), the workflow (alur) and e-mail notifications (pemberitahuan)."""

from __future__ import annotations

from django.core.exceptions import ValidationError


class KonflikVersi(ValidationError):
    """Someone else changed the complaint since the form was shown (HTTP 409)."""


class BatasTerlampaui(ValidationError):
    """Too many submissions from this account or address (HTTP 429)."""
