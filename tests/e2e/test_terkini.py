"""The live 'laporan terkini' page in a real browser: a new public report appears within 5 s without a reload,
its title stays text, unpublished reports never show, and the hashtag filter switches without a reload."""

from __future__ import annotations

import time

import pytest
from django.contrib.gis.geos import Point

from reports.models import Pengaduan
from tests.e2e.test_pengaduan import masalah, tunggu

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

XSS = '<img src=x onerror="alert(1)">Banjir'


def lapor(wilayah, judul, kategori="banjir", **kw):
    return Pengaduan.objects.create(
        desa=wilayah.desa_a,
        kategori_id=kategori,
        judul=judul,
        deskripsi="Air setinggi lutut di gang.",
        lokasi=Point(107.82, -7.25, srid=4326),
        **kw,
    )


def dimuat(page):
    return int(page.get_attribute("#terkini", "data-dimuat") or 0)


def test_new_report_appears_within_five_seconds(live_server, page, wilayah, pengguna):
    lama = lapor(wilayah, "Sampah menumpuk", kategori="sampah", pelapor=pengguna.warga)
    page.goto(f"{live_server.url}/laporan-terkini/kecamatan/{wilayah.kecamatan.kode}/")
    assert page.locator(f'li[data-kode="{lama.kode_lacak}"]').is_visible()
    tunggu(lambda: dimuat(page) >= 1)

    baru = lapor(wilayah, XSS, pelapor=pengguna.warga)
    mulai = time.monotonic()
    page.wait_for_selector(f'li[data-kode="{baru.kode_lacak}"]', timeout=5000)
    assert time.monotonic() - mulai < 5
    item = page.locator(f'li[data-kode="{baru.kode_lacak}"]')
    assert item.locator("a").text_content() == XSS  # shown as text, never run
    assert "baru" in (item.get_attribute("class") or "")
    assert "#banjir" in item.text_content() and "Desa A" in item.text_content()
    assert pengguna.warga.email not in page.content()

    # Hidden and unredacted reports never reach the page, though they change the data version.
    n = dimuat(page)
    tersembunyi = lapor(wilayah, "Tersembunyi", tersembunyi=True)
    pribadi = lapor(wilayah, "Data pribadi", perlu_sunting=True)
    tunggu(lambda: dimuat(page) > n, timeout=10)
    for p in (tersembunyi, pribadi):
        assert page.locator(f'li[data-kode="{p.kode_lacak}"]').count() == 0

    # Hashtag filter without a reload: only #sampah, and the address says so.
    page.click('a[data-tagar="sampah"]')
    tunggu(lambda: page.locator(f'li[data-kode="{baru.kode_lacak}"]').count() == 0, timeout=5)
    assert page.locator(f'li[data-kode="{lama.kode_lacak}"]').is_visible()
    assert "tagar=sampah" in page.url
    banjir_lagi = lapor(wilayah, "Banjir lagi")
    sampah_baru = lapor(wilayah, "Sampah baru", kategori="sampah")
    page.wait_for_selector(f'li[data-kode="{sampah_baru.kode_lacak}"]', timeout=5000)
    assert page.locator(f'li[data-kode="{banjir_lagi.kode_lacak}"]').count() == 0
    assert masalah(page) == []


def test_phone_portal_panel_shows_live_reports(live_server, ponsel, wilayah):
    lapor(wilayah, "Jalan berlubang", kategori="jalanrusak")
    ponsel.goto(f"{live_server.url}/peta/kecamatan/{wilayah.kecamatan.kode}/")
    ponsel.wait_for_selector("#peta-portal[data-siap='1']")
    tunggu(lambda: int(ponsel.get_attribute("#terkini", "data-dimuat") or 0) >= 1)
    assert ponsel.locator("#terkini li[data-kode]").count() == 1
    assert ponsel.problems == []
