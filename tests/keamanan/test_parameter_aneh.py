"""Odd parameter values never become a 500: every pattern of the URLconf, GET (query string) and POST (form body),
anonymous and as superadmin, with every parameter the code reads set at once to values that trip naive parsing
(superscript digits that pass str.isdigit(), NaN, huge numbers, NUL, quotes and separators). It found: int() of
superscript digits (layer GeoJSON, OGC items, transparency), NUL reaching PostgreSQL (lists, search, Open311,
analyses) and the admin's block form prefilled with a non-date."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client

from tests.keamanan.matriks import buat_url, semua_pola

ROOT = Path(__file__).resolve().parents[2]
APPS = ("sig", "assets", "importers", "kabar", "layers", "maps", "reports", "saluran", "temu")
# Names read through helpers (selectors.baca_saringan, analysis and print parameter helpers) rather than GET.get
LEWAT_PEMBANTU = {"kertas", "orientasi", "dpi", "skala", "mulai", "sampai", "sel", "jarak", "raster", "dekat", "ke",
                  "dengan", "dem", "lereng", "komoditas", "page", "f.nama", "f.kondisi", "a.lapisan", "a.jarak",
                  "a.sel", "a.kecamatan"}  # fmt: skip
NILAI = ["²⁰²⁶", "nan", "-1", "9" * 30, "a\x00b", "'\"<x>,;%"]


def nama_parameter() -> list[str]:
    """Every query parameter name the application reads (harvested from the source, plus helper-read ones)."""
    pola = re.compile(r"(?:GET|params|query)(?:\.get\(|\[)\s*f?[\"']([\w.\-]+)[\"']")
    names = set(LEWAT_PEMBANTU)
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" not in path.parts:
                names |= set(pola.findall(path.read_text()))
    return sorted(names)


@pytest.mark.django_db
@pytest.mark.parametrize("metode", ["GET", "POST"])
def test_odd_parameter_values_never_give_a_500(dunia, metode):
    names = nama_parameter()
    assert {"bbox", "tahun", "limit", "dpi", "q"} <= set(names)
    clients = {"anon": Client(raise_request_exception=False), "super": Client(raise_request_exception=False)}
    clients["super"].force_login(dunia.users["super"])
    session = clients["super"].cookies[settings.SESSION_COOKIE_NAME].value
    gagal = []
    for pola in semua_pola():
        url = buat_url(pola, dunia)
        if url is None or "logout" in url or url == "/kesehatan/":  # the health check closes the connection
            continue
        for nilai in NILAI:
            query = dict.fromkeys(names, nilai)
            for role, client in clients.items():
                if role == "super":
                    client.cookies[settings.SESSION_COOKIE_NAME] = session
                with transaction.atomic():
                    response = client.get(url, query) if metode == "GET" else client.post(url, query)
                    transaction.set_rollback(True)
                if response.status_code >= 500:
                    gagal.append(f"{role} {url} {nilai!r}: {response.status_code}")
    assert not gagal, "\n".join(gagal)
    if metode == "POST":
        return
    nul = clients["anon"].get("/pengaduan/", {"q": "a\x00b"})
    assert nul.status_code == 400 and "karakter NUL" in nul.content.decode()
