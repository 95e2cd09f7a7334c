"""An operator draws a polygon on the map (Geoman, snapping to the desa boundary) and saves an asset."""

import pytest
from django.conf import settings
from django.test import Client

from assets.models import AsetDesa

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def login(page, live_server, user):
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )


def test_operator_draws_a_polygon_asset(live_server, page, pengguna, wilayah):
    page.set_viewport_size({"width": 1000, "height": 900})
    login(page, live_server, pengguna.operator_a)
    page.goto(f"{live_server.url}/kelola/aset/tambah/")
    page.wait_for_selector(".peta-edit[data-siap='1']")
    # Only desa A is offered to this operator.
    assert page.locator("#id_desa option:checked").inner_text().startswith("Desa A")
    page.locator(".leaflet-pm-icon-polygon").click()
    box = page.locator(".peta-edit").bounding_box()
    corners = [(0.45, 0.35), (0.55, 0.35), (0.55, 0.6), (0.45, 0.6), (0.45, 0.35)]
    for fx, fy in corners:
        page.mouse.click(box["x"] + box["width"] * fx, box["y"] + box["height"] * fy)
    assert '"type":"Polygon"' in page.locator("#id_geometri").input_value()
    page.fill("#id_nama", "Tanah Kas Desa Blok Kidul")
    page.select_option("#id_golongan", "tanah")
    page.select_option("#id_jenis", "tanah_kas_desa")
    page.locator("form.formulir button[type=submit]").click()
    page.wait_for_selector("text=Data tersimpan")
    aset = AsetDesa.objects.get(nama="Tanah Kas Desa Blok Kidul")
    assert aset.geometri.geom_type == "Polygon" and wilayah.desa_a.batas.contains(aset.geometri)
    assert aset.luas_m2 > 0 and aset.history.count() == 1
    page.goto(f"{live_server.url}{aset.get_absolute_url()}")  # its public page draws it too
    page.wait_for_selector("#peta[data-siap='2']")
    assert page.locator("#peta path.leaflet-interactive").count() == 2  # the desa outline and the asset
    assert [p for p in page.problems if "tile.openstreetmap.org" not in p and "ERR_FAILED" not in p] == []


def test_planner_runs_an_analysis_and_sees_the_result(live_server, page, pengguna, wilayah, aset_a):
    page.set_viewport_size({"width": 1000, "height": 900})
    login(page, live_server, pengguna.perencana)
    page.goto(f"{live_server.url}/analisis/")
    page.select_option("#alat", "agregasi")
    page.select_option("#lapisan", "aset-desa")
    page.click("#jalankan")
    page.wait_for_selector("#form-analisis[data-selesai='1']")
    assert "Desa A" in page.inner_text("#tabel-analisis")
    assert page.get_attribute("#unduh", "href").endswith("&unduh=1")
    cetak = page.get_attribute("#cetak", "href")  # the printed map of this result, with the analysed layer
    assert cetak.startswith("/peta/cetak.pdf?") and "alat=agregasi" in cetak and "a.lapisan=aset-desa" in cetak
    pdf = page.request.get(live_server.url + cetak)
    assert pdf.status == 200 and pdf.body().startswith(b"%PDF")
    assert [p for p in page.problems if "tile.openstreetmap.org" not in p and "ERR_FAILED" not in p] == []
    page.goto(f"{live_server.url}/dasbor/kecamatan/{wilayah.kecamatan.kode}/")
    page.wait_for_selector("canvas.grafik[data-siap='1']")
    assert page.locator("canvas.grafik[data-siap='1']").count() >= 1
    assert [p for p in page.problems if "tile.openstreetmap.org" not in p and "ERR_FAILED" not in p] == []
