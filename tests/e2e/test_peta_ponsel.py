"""The portal on a 360×740 phone as a villager sees it: full-screen map, points above parcels, people's words."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.gis.geos import Point

from assets.models import AsetDesa
from assets.models.aset import Golongan, JenisAset
from tests.e2e.test_operator import login
from tests.e2e.test_pengaduan import masalah, tunggu

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def gudang(wilayah, lahan_a):
    """An asset standing inside the rice parcel (107.81–107.82, -7.26–-7.25)."""
    return AsetDesa.objects.create(
        desa=wilayah.desa_a,
        nama="Gudang Gabah",
        golongan=Golongan.GEDUNG_BANGUNAN,
        jenis=JenisAset.BALAI_DESA,
        nilai_perolehan=Decimal("536126000"),
        tahun_perolehan=2019,
        geometri=Point(107.815, -7.255, srid=4326),
    )


def buka_portal(page, live_server):
    page.goto(f"{live_server.url}/peta/#peta=17/-7.25500/107.81500&lapisan=lahan-pertanian,aset-desa")
    page.wait_for_selector("#peta-portal[data-siap='1']")
    tunggu(lambda: page.get_attribute("#peta-portal", "data-muatasetdesa") == "1")
    tunggu(lambda: page.get_attribute("#peta-portal", "data-muatlahanpertanian") == "1")
    tunggu(lambda: int(page.get_attribute("#peta-portal", "data-batas") or 0) >= 1)


def test_phone_portal_is_full_screen_with_a_drawer(live_server, ponsel, gudang):
    buka_portal(ponsel, live_server)
    kepala = ponsel.locator("header.topbar").bounding_box()
    peta = ponsel.locator("#peta-portal").bounding_box()
    assert kepala["height"] <= 56
    assert peta["y"] <= kepala["height"] + 1 and abs(peta["y"] + peta["height"] - 740) <= 1 and peta["width"] == 360
    assert ponsel.evaluate("() => document.documentElement.scrollWidth") <= 360
    assert ponsel.locator("#tombol-tandai").inner_text().startswith("+ ")
    ponsel.get_by_role("button", name="Lapisan").click()
    panel = ponsel.locator("#panel")
    assert panel.is_visible()
    ditutup = ponsel.evaluate("() => document.elementFromPoint(180, 600).closest('#panel') !== null")
    assert ditutup, "the drawer lies over the map"
    legenda = ponsel.locator('[data-lapisan="lahan-pertanian"] .legenda')
    tunggu(lambda: legenda.get_attribute("data-kelas") == "1")
    assert "Padi sawah (1)" in legenda.inner_text() and "padi_sawah" not in legenda.inner_text()
    ponsel.get_by_role("button", name="Tutup").click()
    assert not panel.is_visible()
    assert masalah(ponsel) == []


def test_points_are_drawn_above_parcels_and_popups_speak_people(live_server, ponsel, gudang):
    buka_portal(ponsel, live_server)
    box = ponsel.locator("#peta-portal").bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    for _ in range(3):  # whichever layer's data arrived first, the point is on top
        pane = ponsel.evaluate(
            "([x, y]) => { const e = document.elementFromPoint(x, y); const p = e && e.closest('.leaflet-pane');"
            " return p ? p.className : ''; }",
            [x, y],
        )
        assert "leaflet-sig-titik-pane" in pane
        ponsel.reload()
        buka_portal(ponsel, live_server)
    ponsel.mouse.click(x, y)
    popup = ponsel.locator(".leaflet-popup-content")
    popup.wait_for()
    teks = popup.inner_text()
    assert "Gudang Gabah" in teks and "Gedung dan bangunan" in teks and "Rp 536.126.000" in teks.replace("\xa0", " ")
    assert "gedung_bangunan" not in teks and "nilai_perolehan" not in teks and "2019" in teks
    ponsel.locator(".leaflet-popup-close-button").click()
    tunggu(lambda: popup.count() == 0)
    ponsel.mouse.click(x + 60, y + 40)  # inside the parcel, away from the point
    popup.wait_for()
    teks = popup.inner_text()
    assert "Padi sawah" in teks and "Irigasi teknis" in teks and " ha" in teks and "padi_sawah" not in teks
    assert masalah(ponsel) == []


def test_search_highlights_and_pin_form_loads_boundaries_by_view(live_server, ponsel, gudang, pengguna):
    buka_portal(ponsel, live_server)
    ponsel.get_by_role("button", name="Lapisan").click()
    ponsel.fill("#cari-q", "Gudang")
    ponsel.locator("#cari button[type=submit]").click()
    ponsel.locator("#cari-hasil button").first.click()
    assert not ponsel.locator("#panel").is_visible()  # the drawer steps aside for the result
    ponsel.wait_for_selector("path.sorotan")
    assert "Gudang Gabah" in ponsel.locator(".leaflet-popup-content").inner_text()
    login(ponsel, live_server, pengguna.warga)
    ponsel.goto(f"{live_server.url}/pengaduan/baru/")
    ponsel.wait_for_selector("#peta-pin[data-siap='1']")
    tunggu(lambda: int(ponsel.get_attribute("#peta-pin", "data-batas") or 0) >= 2)
    assert "MultiPolygon" not in ponsel.content()
    assert masalah(ponsel) == []


def test_dashboard_gives_each_unit_its_own_axis(live_server, ponsel, gudang, pengguna, wilayah):
    login(ponsel, live_server, pengguna.operator_a)
    ponsel.goto(f"{live_server.url}/dasbor/desa/{wilayah.desa_a.kode}/")
    aset = ponsel.locator('canvas.grafik[data-tabel="aset"]')
    tunggu(lambda: aset.get_attribute("data-siap") == "1")
    assert aset.get_attribute("data-sumbu") == "jumlah,rupiah"  # counts left, rupiah right: count bars stay visible
    assert ponsel.locator('canvas.grafik[data-tabel="lahan"]').get_attribute("data-sumbu") == "jumlah,ha"
    tabel = ponsel.locator('section[data-tabel="aset"] table').inner_text().replace("\xa0", " ")
    assert "Gedung dan bangunan" in tabel and "Rp 536.126.000" in tabel and "gedung_bangunan" not in tabel
    assert "nilai perolehan (Rp)" in tabel
    assert masalah(ponsel) == []


def test_detail_map_shows_the_point_solid_inside_its_desa(live_server, ponsel, gudang):
    ponsel.goto(f"{live_server.url}/aset/{gudang.pk}/")
    ponsel.wait_for_selector("#peta[data-siap='2']")  # the desa outline and the asset
    titik = ponsel.locator('#peta path[fill-opacity="0.95"]')
    assert titik.count() == 1 and titik.get_attribute("fill") == "#f97316"
    assert ponsel.locator('#peta path[fill-opacity="0.15"]').count() == 1  # the desa, underneath
    assert masalah(ponsel) == []


def test_unreachable_basemap_gives_way_to_the_offline_map(live_server, ponsel, wilayah):
    ponsel.goto(f"{live_server.url}/peta/")  # the online basemap's tiles fail (no internet behind the router)
    ponsel.wait_for_selector("#peta-portal[data-peta-dasar='luring']")
    assert "tidak terjangkau" in ponsel.locator(".peta-dasar-catatan").inner_text()
    assert masalah(ponsel) == []


def test_reachable_basemap_stays(live_server, ponsel, wilayah):
    import io

    from PIL import Image

    png = io.BytesIO()
    Image.new("RGB", (256, 256), (200, 220, 200)).save(png, "PNG")
    ponsel.unroute("https://tile.openstreetmap.org/**")
    ponsel.route(
        "https://tile.openstreetmap.org/**", lambda r: r.fulfill(body=png.getvalue(), content_type="image/png")
    )
    ponsel.goto(f"{live_server.url}/peta/")
    ponsel.wait_for_selector("#peta-portal[data-siap='1']")
    ponsel.wait_for_selector(".leaflet-tile-loaded")
    ponsel.wait_for_timeout(500)
    assert ponsel.get_attribute("#peta-portal", "data-peta-dasar") == "osm"
    assert ponsel.locator(".peta-dasar-catatan").count() == 0
