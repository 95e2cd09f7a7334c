"""Staff record a phoned-in complaint on a 360×740 phone: tap the map, fill the optional caller fields, save;
the handling page shows the caller to staff and the complaint is marked as recorded by staff."""

from __future__ import annotations

import re

import pytest

from reports.models import Pengaduan
from tests.e2e.test_operator import login
from tests.e2e.test_pengaduan import masalah

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_staff_record_a_phoned_in_complaint_on_a_phone(live_server, ponsel, wilayah, pengguna, tmp_path, settings):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "privat"
    page = ponsel
    login(page, live_server, pengguna.admin_kecamatan)
    page.goto(f"{live_server.url}/kelola/pengaduan/")
    page.get_by_role("link", name="Catat laporan warga (datang/telepon)").click()
    page.wait_for_selector("#peta-pin[data-siap='1']")
    box = page.locator("#peta-pin").bounding_box()
    page.mouse.click(box["x"] + box["width"] * 0.3, box["y"] + box["height"] * 0.5)
    assert page.input_value("[name=lon]") != "" and "Lokasi:" in page.inner_text("#lokasi-teks")
    page.fill("[name=pelapor_nama]", "Ibu Enok <b>Sutinah</b>")
    page.fill("[name=pelapor_telepon]", "0813-1111-2222")
    page.select_option("[name=kategori]", "longsor")
    page.fill("[name=judul]", "Tebing longsor ke jalan")
    page.fill("[name=deskripsi]", "Tebing di atas jalan dusun longsor sebagian, jalan tertutup tanah.")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360  # nothing wider than the phone
    page.locator("#form-catat button[type=submit]").click()
    page.wait_for_url(re.compile(r"/kelola/pengaduan/ADU-"))
    p = Pengaduan.objects.get()
    assert p.desa in (wilayah.desa_a, wilayah.desa_b) and p.desa.batas.contains(p.lokasi)
    assert (p.sumber, p.pelapor_nama, p.dicatat_oleh) == (
        "petugas",
        "Ibu Enok <b>Sutinah</b>",
        pengguna.admin_kecamatan,
    )
    assert "Ibu Enok <b>Sutinah</b>" in page.inner_text("body")  # text, not markup
    assert page.locator("[data-sumber='petugas']").count() == 1
    assert masalah(page) == []
