"""Absolute addresses of this site, for links that leave it (e-mails)."""

from __future__ import annotations

from django.conf import settings


def url_mutlak(path: str) -> str:
    """SITE_URL + an absolute path (from reverse() or get_absolute_url())."""
    return settings.SITE_URL.rstrip("/") + path
