"""A person opens the kecamatan home page on a phone, sees the village map, and taps into a desa."""

import pytest

from sig import demo

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_kecamatan_map_renders_and_leads_to_a_desa(live_server, page):
    demo.generate()
    page.goto(f"{live_server.url}/")
    page.wait_for_url("**/kecamatan/32.05.07/")
    page.wait_for_selector("#peta[data-siap='13']")
    assert page.locator("h1").inner_text() == "Kecamatan Samarang"
    assert page.locator("#peta path.leaflet-interactive").count() == 13
    assert page.locator(".leaflet-control-scale").is_visible()
    # Tap a village polygon on the map: its page opens with its own boundary and dusun.
    page.locator("#peta path.leaflet-interactive").first.click(force=True)
    page.wait_for_url("**/desa/32.05.07.*/")
    page.wait_for_selector("#peta[data-siap]")
    assert page.locator("#peta path.leaflet-interactive").count() >= 4  # desa + 3-5 dusun
    assert (
        int(page.locator("#peta").get_attribute("data-siap")) == page.locator("#peta path.leaflet-interactive").count()
    )
    errors = [p for p in page.problems if "tile.openstreetmap.org" not in p and "ERR_FAILED" not in p]
    assert errors == []


def test_language_switch_and_tooltip_text_is_not_html(live_server, page):
    report = demo.generate()
    from sig.wilayah.models import Desa

    desa = Desa.objects.order_by("kode").first()
    desa.nama = '<img src=x onerror="alert(1)">Samarang'
    desa.save()
    page.goto(f"{live_server.url}/kecamatan/32.05.07/")
    page.wait_for_selector("#peta[data-siap='13']")
    page.locator("#peta path.leaflet-interactive").first.hover(force=True)
    tooltip = page.wait_for_selector(".leaflet-tooltip")
    assert '<img src=x onerror="alert(1)">Samarang' in tooltip.inner_text()
    assert page.locator(".leaflet-tooltip img").count() == 0
    page.get_by_role("button", name="English").click()
    page.wait_for_selector("text=Villages in this sub-district")
    assert page.locator("html").get_attribute("lang") == "en"
    assert not [p for p in page.problems if p.startswith(("dialog", "pageerror"))]
    assert report.desa == 13
