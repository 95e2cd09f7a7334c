"""A villager opens their desa's page on a 360×740 phone: news, events, reports, projects and this week's
activity are readable without sideways scrolling, and the report button is in reach."""

import pytest

from sig import demo

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_desa_page_on_a_phone(live_server, ponsel):
    demo.generate()
    ponsel.goto(f"{live_server.url}/desa/32.05.07.2001/")
    ponsel.wait_for_selector("#peta[data-siap]")
    assert ponsel.locator("h1").inner_text() == "Desa Samarang"
    for heading in ("Kabar terbaru", "Agenda mendatang", "Pengaduan warga terbaru", "Pembangunan", "Kabar sepekan ini"):
        assert ponsel.get_by_role("heading", name=heading).count() == 1, heading
    assert ponsel.locator(".daftar-kabar li a").count() >= 1
    assert ponsel.locator(".daftar-agenda li a").count() >= 1
    # No sideways scrolling: the page is as wide as the phone.
    assert ponsel.evaluate("document.documentElement.scrollWidth") <= 360
    tombol = ponsel.get_by_role("link", name="Laporkan masalah").first
    box = tombol.bounding_box()
    assert tombol.is_visible() and box["height"] >= 40 and box["width"] >= 120  # a thumb finds it
    # Into a news item and back: the body is the operator's text, dates are local.
    ponsel.locator(".daftar-kabar li a").first.click()
    ponsel.wait_for_selector("article.terbitan")
    assert ponsel.locator("article .isi p").count() >= 1
    assert ponsel.evaluate("document.documentElement.scrollWidth") <= 360
    assert ponsel.problems == []


def test_kecamatan_ranking_on_a_phone(live_server, ponsel):
    demo.generate()
    ponsel.goto(f"{live_server.url}/kecamatan/32.05.07/")
    ponsel.wait_for_selector(".peringkat table")
    rows = ponsel.locator(".peringkat tbody tr")
    assert rows.count() == 13
    skor = [int(t) for t in ponsel.locator(".peringkat tbody tr td:last-child").all_inner_texts()]
    assert skor == sorted(skor, reverse=True)
    assert ponsel.evaluate("document.documentElement.scrollWidth") <= 360  # the wide table scrolls inside its box
    assert ponsel.problems == []
