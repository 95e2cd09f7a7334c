"""Imagery the kecamatan owns is a basemap on the operator's drawing screen: chosen in the layer switcher, the
map moves to it and draws its tiles; its empty tiles outside the photo are not taken for an outage."""

import pytest

from importers.pipeline import Permintaan, run_import
from survei.models import CitraUdara
from tests.e2e.test_operator import login
from tests.importers.test_citra import tulis_citra

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_operator_draws_over_the_desa_imagery(live_server, page, pengguna, wilayah, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "privat"
    path = tulis_citra(tmp_path / "drone.tif")
    p = Permintaan(berkas=path, nama_berkas="drone.tif", target="citra", desa=wilayah.desa_a, nama_lapisan="Foto A")
    assert run_import(p).status == "selesai"
    citra = CitraUdara.objects.get()
    page.set_viewport_size({"width": 1000, "height": 800})
    login(page, live_server, pengguna.operator_a)
    page.goto(f"{live_server.url}/kelola/aset/tambah/")
    page.wait_for_selector(".peta-edit[data-siap='1']")
    page.locator(".peta-edit .leaflet-control-layers").hover()
    with page.expect_response(lambda r: f"/citra/{citra.pk}/" in r.url and r.status == 200):
        page.get_by_label("Foto A").check()
    page.wait_for_function(
        "() => [...document.querySelectorAll('.peta-edit img.leaflet-tile-loaded')]"
        ".some(i => i.src.includes('/citra/'))"
    )
    assert page.locator(".peta-edit").get_attribute("data-peta-dasar") == f"citra-{citra.pk}"
    page.wait_for_timeout(1500)  # its empty tiles (204 beside the photo) never switch it to the offline map
    assert page.locator(".peta-edit").get_attribute("data-peta-dasar") == f"citra-{citra.pk}"
    page.screenshot(path=str(tmp_path.parent / "citra.png"))
    assert [p for p in page.problems if "tile.openstreetmap.org" not in p and "ERR_FAILED" not in p] == []
