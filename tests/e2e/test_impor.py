"""The import wizard on a 360×740 phone, without JavaScript and with it: target → file → preview (counts, the
unmapped column, nothing saved) → save; nothing wider than the screen."""

import geopandas as gpd
import pytest
import shapely

from assets.models import LahanPertanian
from importers.models import ImportRun
from tests.e2e.test_operator import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _unggahan(settings, tmp_path):
    settings.IMPORT_UPLOAD_DIR = tmp_path / "impor"
    settings.IMPOR_LATAR = False


def berkas(tmp_path):
    rows = [{"ID_PERSIL": f"P-{i}", "KOMODITI": "padi", "NAMA_BLOK": f"Blok {i}"} for i in range(3)]
    geoms = [shapely.box(107.81 + i * 0.002, -7.26, 107.8115 + i * 0.002, -7.2585) for i in range(3)]
    path = tmp_path / "persil.geojson"
    gpd.GeoDataFrame(rows, geometry=geoms, crs=4326).to_file(path, engine="pyogrio")
    return path


def lebar_halaman(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


@pytest.mark.parametrize("js", [False, True], ids=["tanpa-js", "dengan-js"])
def test_operator_imports_step_by_step_on_a_phone(live_server, browser, pengguna, wilayah, tmp_path, js):
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="id-ID", java_script_enabled=js)
    page = context.new_page()
    page.route("https://tile.openstreetmap.org/**", lambda route: route.abort())
    try:
        login(page, live_server, pengguna.operator_a)
        page.goto(f"{live_server.url}/impor/")
        assert page.locator(".langkah [aria-current=step]").inner_text() == "Tujuan"
        assert page.locator("input[type=file]").count() == 0
        page.click("a[data-tujuan=lahan]")
        assert page.locator(".langkah [aria-current=step]").inner_text() == "Berkas"
        assert page.locator("#id_jenis_raster").count() == 0 and page.locator("#id_nama_lapisan").count() == 0
        page.set_input_files("#id_berkas", str(berkas(tmp_path)))
        page.select_option("#id_desa", str(wilayah.desa_a.pk))
        page.click("form.formulir button[type=submit]")
        page.wait_for_selector("[data-hitung=dibuat]")
        assert page.locator(".langkah [aria-current=step]").inner_text() == "Pemetaan dan pratinjau"
        assert page.locator("[data-hitung=dibuat]").inner_text() == "3"
        assert page.locator("[data-kolom]").is_visible()
        assert "Kolom NAMA_BLOK tidak dipetakan dan tidak akan disimpan." in page.locator("[data-kolom]").inner_text()
        assert not LahanPertanian.objects.exists()
        if js:
            assert lebar_halaman(page) <= 360
        page.click("text=Simpan ke basis data")
        page.wait_for_selector(".langkah [aria-current=step]:has-text('Simpan')")
        assert page.locator("[data-hitung=dibuat]").inner_text() == "3"
        assert ImportRun.objects.filter(dry_run=False).get().status == "selesai"
        assert LahanPertanian.objects.count() == 3
    finally:
        context.close()
