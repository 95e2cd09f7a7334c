"""The portal with WebGL (chromium's software GL): parcels and roads from the combined vector tile drawn by
MapLibre, points still clustered markers above them, a click on a parcel opens its details in people's words
(fetched by id), payloads stay text. Without WebGL the same page draws GeoJSON (test_peta_ponsel.py)."""

from __future__ import annotations

import pytest

from assets.models import LahanPertanian
from tests.e2e.test_pengaduan import masalah, tunggu
from tests.e2e.test_peta_ponsel import gudang  # noqa: F401 (fixture)
from tests.e2e.test_xss import PAYLOADS

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PANDANGAN = "#peta=17/-7.25500/107.81500&lapisan=lahan-pertanian,aset-desa"


def buka_vektor(page, live_server, jejak: list[tuple[str, int]]):
    page.context.on("response", lambda r: jejak.append((r.url, r.status)))  # the worker fetches the tiles
    page.goto(f"{live_server.url}/peta/{PANDANGAN}")
    page.wait_for_selector("#peta-portal[data-siap='1']")
    tunggu(lambda: page.get_attribute("#peta-portal", "data-render") == "vektor", timeout=60)
    tunggu(lambda: int(page.get_attribute("#peta-portal", "data-vektor") or 0) >= 1, timeout=60)
    tunggu(lambda: page.get_attribute("#peta-portal", "data-muatasetdesa") == "1")


def test_parcels_come_from_vector_tiles_and_popups_speak_people(live_server, ponsel_gl, gudang):  # noqa: F811
    jejak: list[tuple[str, int]] = []
    buka_vektor(ponsel_gl, live_server, jejak)
    petak = [s for u, s in jejak if "/tiles/portal/15/" in u and u.endswith(".pbf")]
    assert petak and set(petak) == {200}
    geojson = [u for u, _ in jejak if ".geojson" in u]
    assert not [u for u in geojson if "lahan-pertanian.geojson" in u]  # polygons: tiles only
    assert [u for u in geojson if "aset-desa.geojson" in u and "geometri=titik" in u]  # the asset points
    assert ponsel_gl.locator("#peta-portal canvas.maplibregl-canvas").count() == 1
    box = ponsel_gl.locator("#peta-portal").bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    pane = ponsel_gl.evaluate(
        "([x, y]) => { const e = document.elementFromPoint(x, y); const p = e && e.closest('.leaflet-pane');"
        " return p ? p.className : ''; }",
        [x, y],
    )
    assert "leaflet-sig-titik-pane" in pane  # the asset's marker lies above the GL canvas
    ponsel_gl.mouse.click(x, y)  # the point: its own popup, not the parcel's
    popup = ponsel_gl.locator(".leaflet-popup-content")
    popup.wait_for()
    assert "Gudang Gabah" in popup.inner_text()
    ponsel_gl.locator(".leaflet-popup-close-button").click()
    tunggu(lambda: popup.count() == 0)
    ponsel_gl.mouse.click(x + 60, y + 40)  # inside the parcel, away from the point
    popup.wait_for()
    teks = popup.inner_text()
    assert "Sawah Blok 1" in teks and "Padi sawah" in teks and "Irigasi teknis" in teks and " ha" in teks
    assert "padi_sawah" not in teks and "kode_persil" not in teks and "Pak Ujang" not in teks
    assert [u for u, s in jejak if f"/lapisan/lahan-pertanian/{LahanPertanian.objects.get().pk}.json" in u]
    assert masalah(ponsel_gl) == []


def test_layer_switch_and_desa_filter_apply_to_the_tiles(live_server, ponsel_gl, gudang, wilayah):  # noqa: F811
    jejak: list[tuple[str, int]] = []
    buka_vektor(ponsel_gl, live_server, jejak)
    ponsel_gl.get_by_role("button", name="Lapisan").click()
    ponsel_gl.locator('[data-lapisan="lahan-pertanian"] input').uncheck()
    tunggu(lambda: ponsel_gl.get_attribute("#peta-portal", "data-vektor") == "0")
    ponsel_gl.locator('[data-lapisan="lahan-pertanian"] input').check()
    tunggu(lambda: int(ponsel_gl.get_attribute("#peta-portal", "data-vektor") or 0) >= 1)
    ponsel_gl.select_option("#saring-desa", wilayah.desa_b.kode)  # the parcel lies in desa A
    tunggu(lambda: ponsel_gl.get_attribute("#peta-portal", "data-vektor") == "0")
    assert masalah(ponsel_gl) == []


def test_attribute_values_in_vector_popups_stay_text(live_server, page_gl, wilayah, lahan_a):
    LahanPertanian.objects.filter(pk=lahan_a.pk).update(nama=PAYLOADS[1][:150], kode_persil=PAYLOADS[2][:30])
    jejak: list[tuple[str, int]] = []
    page_gl.context.on("response", lambda r: jejak.append((r.url, r.status)))
    page_gl.goto(f"{live_server.url}/peta/#peta=17/-7.25500/107.81500&lapisan=lahan-pertanian")
    tunggu(lambda: page_gl.get_attribute("#peta-portal", "data-render") == "vektor", timeout=60)
    tunggu(lambda: int(page_gl.get_attribute("#peta-portal", "data-vektor") or 0) >= 1, timeout=60)
    box = page_gl.locator("#peta-portal").bounding_box()
    page_gl.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    popup = page_gl.locator(".leaflet-popup-content")
    popup.wait_for()
    assert PAYLOADS[1] in popup.inner_text()
    assert popup.locator("img, script, svg, iframe").count() == 0
    assert not [p for p in page_gl.problems if "dialog" in p or "pageerror" in p or "Refused" in p]
    assert not [p for p in page_gl.problems if "tile.openstreetmap.org" not in p and "ERR_" not in p]


def test_maplibre_waits_until_a_line_or_polygon_layer_is_shown(live_server, ponsel_gl, gudang):  # noqa: F811
    jejak: list[tuple[str, int]] = []
    ponsel_gl.context.on("response", lambda r: jejak.append((r.url, r.status)))
    ponsel_gl.goto(f"{live_server.url}/peta/#peta=11/-7.25500/107.81500&lapisan=lahan-pertanian,aset-desa")
    ponsel_gl.wait_for_selector("#peta-portal[data-siap='1']")
    tunggu(lambda: int(ponsel_gl.get_attribute("#peta-portal", "data-batas") or 0) >= 1)
    assert ponsel_gl.get_attribute("#peta-portal", "data-render") == "geojson"  # boundaries only at z11
    assert not [u for u, _ in jejak if "maplibre" in u or "/tiles/portal/" in u]
    for _ in range(3):  # to z14: parcels and asset lines from here on
        ponsel_gl.get_by_role("button", name="Zoom in").click()
        ponsel_gl.wait_for_timeout(400)
    tunggu(lambda: ponsel_gl.get_attribute("#peta-portal", "data-render") == "vektor", timeout=60)
    tunggu(lambda: int(ponsel_gl.get_attribute("#peta-portal", "data-vektor") or 0) >= 1, timeout=60)
    assert [u for u, s in jejak if "/tiles/portal/" in u and s == 200]
    assert ponsel_gl.locator("#peta-portal .leaflet-sig-batas-pane path").count() == 0  # boundaries: the tiles now
    assert masalah(ponsel_gl) == []
