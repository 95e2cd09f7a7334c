"""The share bar of a desa page on a 360×740 phone: visible, fits the screen, the copy button copies the page's
own address (and falls back to a selected address field where the clipboard is unavailable); the JSON-LD data
block raises no CSP complaint."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_share_bar_on_a_phone_copies_the_link(live_server, ponsel, wilayah, settings):
    settings.SITE_URL = live_server.url
    desa = wilayah.desa_a
    alamat = f"{live_server.url}{desa.get_absolute_url()}"
    ponsel.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    ponsel.goto(alamat)
    bar = ponsel.locator("[data-temu-bagikan]")
    bar.wait_for()
    assert bar.is_visible()
    for nama in ("WhatsApp", "Telegram", "Facebook", "X", "Salin tautan"):
        tombol = bar.get_by_role("button" if nama == "Salin tautan" else "link", name=nama, exact=True)
        kotak = tombol.bounding_box()
        assert tombol.is_visible() and kotak["x"] >= 0 and kotak["x"] + kotak["width"] <= 360, nama
        assert kotak["height"] >= 40, nama  # a finger-sized target
    assert ponsel.evaluate("document.documentElement.scrollWidth") <= 360  # nothing pushes the page sideways
    bar.get_by_role("button", name="Salin tautan").click()
    ponsel.wait_for_function("document.querySelector('[data-temu-status]').textContent !== ''")
    assert bar.get_by_role("status").inner_text() == "Tautan tersalin."
    assert ponsel.evaluate("navigator.clipboard.readText()") == alamat
    assert ponsel.locator('script[type="application/ld+json"]').count() == 1
    assert ponsel.problems == []


def test_without_a_clipboard_the_link_is_shown_selected(live_server, ponsel, wilayah, settings):
    settings.SITE_URL = live_server.url
    ponsel.add_init_script("Object.defineProperty(navigator, 'clipboard', {value: undefined})")
    ponsel.goto(f"{live_server.url}{wilayah.desa_a.get_absolute_url()}")
    ponsel.get_by_role("button", name="Salin tautan").click()
    cadangan = ponsel.locator("[data-temu-cadangan]")
    cadangan.wait_for(state="visible")
    assert cadangan.input_value() == f"{live_server.url}{wilayah.desa_a.get_absolute_url()}"
    terpilih = "(() => { const e = document.querySelector('[data-temu-cadangan]'); "
    terpilih += "return e.selectionEnd - e.selectionStart; })()"
    assert ponsel.evaluate(terpilih) == len(cadangan.input_value())
    assert "salin tautan di bawah" in ponsel.locator("[data-temu-status]").inner_text()
    assert ponsel.problems == []
