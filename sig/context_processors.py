"""Template context every page gets."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.utils.translation import gettext as _

from sig import peta_dasar


def peta(request: HttpRequest) -> dict[str, Any]:
    """The map configuration handed to the map bootstrap (maps/static/maps/peta.js) as json_script."""
    return {
        "peta_konfigurasi": {
            "dasar": peta_dasar.untuk_pengguna(settings.PETA_DASAR, getattr(request, "user", AnonymousUser())),
            "awal": settings.PETA_AWAL,
            "teks": {
                "luring": _("Peta luring (tanpa internet)"),
                "tak_terjangkau": _("Peta dasar tidak terjangkau; memakai peta luring."),
            },
        }
    }
