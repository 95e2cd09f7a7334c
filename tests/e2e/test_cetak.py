"""Printing from the portal: the print form follows the map view (area, layers, filters) and its PDF shows them."""

import pypdfium2 as pdfium
import pytest

from tests.e2e.test_pengaduan import tunggu
from tests.factories import lahan_kopi
from tests.maps.test_cetak import KOPI, piksel_peta

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_portal_prints_the_current_view(live_server, page, wilayah, lahan_a):
    lahan_kopi(wilayah.desa_b, (107.86, -7.26, 107.88, -7.24))
    page.set_viewport_size({"width": 1100, "height": 850})
    page.goto(f"{live_server.url}/peta/#peta=13/-7.25/107.85&lapisan=lahan-pertanian,aset-desa")
    page.wait_for_selector("#peta-portal[data-siap='1']")
    page.click(".cetak-peta summary")
    page.locator("[data-lapisan='aset-desa'] input[type=checkbox]").uncheck()
    form = page.locator("#form-cetak")
    tunggu(lambda: form.locator("[name=lapisan]").input_value() == "lahan-pertanian")
    bbox = [float(v) for v in form.locator("[name=bbox]").input_value().split(",")]
    assert bbox[0] < 107.85 < bbox[2] and bbox[1] < -7.25 < bbox[3]
    form.locator("[name=judul]").fill("Peta kopi Samarang")
    form.locator("[name=kertas]").select_option("A4")

    context = page.context
    with page.expect_popup() as popup, context.expect_event("response", lambda r: "/peta/cetak.pdf?" in r.url) as info:
        form.locator("button", has_text="PDF").click()
    response = info.value
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    popup.value.close()
    data = page.request.get(response.url).body()  # the viewer tab keeps its bytes; fetch the same URL again
    text = pdfium.PdfDocument(data)[0].get_textpage().get_text_range()
    assert "Peta kopi Samarang" in text and "Legenda" in text and "Skala 1:" in text
    assert "Lahan pertanian (2)" in text and "Aset desa" not in text  # the layers on screen, no others
    assert piksel_peta(data, KOPI) > 5000
    assert [p for p in page.problems if "tile.openstreetmap.org" not in p and "ERR_FAILED" not in p] == []
