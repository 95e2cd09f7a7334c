"""Template context every page gets: the map configuration (basemaps incl. the local one and the imagery this user
may see, first view, texts), handed to the map bootstrap (maps/static/maps/peta.js)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from layers.citra import sebagai_peta_dasar
from layers.selectors import url_batas_desa
from sig.akun.models import AnyUser


def peta(request: HttpRequest) -> dict[str, Any]:
    """The map configuration handed to the map bootstrap (maps/static/maps/peta.js) as json_script."""
    user: AnyUser = getattr(request, "user", None) or AnonymousUser()
    return {
        "peta_konfigurasi": {
            "dasar": peta_dasar(settings.PETA_DASAR, user),
            "awal": settings.PETA_AWAL,
            "batas": url_batas_desa(user),
            "teks": {
                "luring": _("Peta luring (tanpa internet)"),
                "tak_terjangkau": _("Peta dasar tidak terjangkau; memakai peta luring."),
            },
        }
    }


def peta_dasar(daftar: list[dict[str, Any]], user: AnyUser) -> list[dict[str, Any]]:
    """The configured basemaps, the local one (our own data: the fallback when those cannot be reached), then
    the imagery this user may see (public, or of their desa)."""
    url = reverse("maps:peta_lokal", kwargs={"z": 0, "x": 0, "y": 0}).replace("/0/0/0.png", "/{z}/{x}/{y}.png")
    lokal = {"kode": "luring", "nama": _("Peta desa (lokal, tanpa internet)"), "url": url, "atribusi": "SIG Desa"}
    return [*daftar, {**lokal, "maks_zoom": 19, "lokal": True}, *sebagai_peta_dasar(user)]
