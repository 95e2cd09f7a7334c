"""Printable maps: the PDF opens, carries title, legend, scale bar, north arrow, date and projection, and shows the
selected layers (checked by rendering it to PNG); scope, bad input and the anonymous limit."""

from __future__ import annotations

import io

import numpy as np
import pypdfium2 as pdfium
import pytest
from django.core.cache import caches
from PIL import Image

from layers.models import Lapisan, Visibilitas
from tests.factories import lahan_kopi

KECAMATAN = "107.79,-7.31,107.91,-7.19"
KOPI = (176, 129, 113)  # #7c2d12 at 60 % over white: the printed fill of a coffee parcel


@pytest.fixture
def kebun(wilayah, lahan_a):
    """A 2 × 2 km public coffee parcel in desa B and a private one the operator of desa A may not see."""
    lahan_kopi(wilayah.desa_b, (107.86, -7.26, 107.88, -7.24))
    lahan_kopi(wilayah.desa_b, (107.885, -7.29, 107.895, -7.28), nama="Kebun rahasia", publik=False)


def teks_pdf(data: bytes) -> tuple[str, tuple[float, float]]:
    pdf = pdfium.PdfDocument(data)
    assert len(pdf) == 1
    page = pdf[0]
    return page.get_textpage().get_text_range(), page.get_size()


def piksel_peta(data: bytes, warna: tuple[int, int, int], toleransi: int = 8) -> int:
    """Pixels of a colour inside the map frame of an A4 landscape page (the legend panel excluded)."""
    if data.startswith(b"%PDF"):
        image = pdfium.PdfDocument(data)[0].render(scale=2).to_pil()
    else:
        image = Image.open(io.BytesIO(data))
    rgb = np.asarray(image.convert("RGB")).astype(int)
    h, w, _ = rgb.shape
    frame = rgb[int(h * 22 / 210) : int(h * (1 - 14 / 210)), int(w * 10 / 297) : int(w * 220 / 297)]
    return int((np.abs(frame - np.array(warna)).max(axis=2) <= toleransi).sum())


@pytest.mark.django_db
def test_printed_pdf_has_legend_scale_bar_and_the_selected_layers(client, wilayah, kebun):
    url = "/peta/cetak.pdf"
    response = client.get(url, {"lapisan": "lahan-pertanian", "bbox": KECAMATAN, "judul": "Lahan Samarang Uji"})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert response["Content-Disposition"].startswith('inline; filename="lahan-samarang-uji-')
    text, (lebar, tinggi) = teks_pdf(response.content)
    assert (round(lebar), round(tinggi)) == (842, 595)  # A4 landscape in points
    for expected in (
        "Lahan Samarang Uji",
        "Legenda",
        "Lahan pertanian (2)",  # the private parcel is not printed for the public
        "Kopi (1)",
        "Padi sawah (1)",
        "Batas desa",
        "Skala 1:",
        "km",
        "Dicetak",
        "WIB",
        "UTM zona 48S (EPSG:32748)",
        "Desa A",
        "Desa B",
    ):
        assert expected in text, expected
    assert "U" in text.splitlines()  # the north arrow's letter
    dengan = piksel_peta(response.content, KOPI)
    tanpa = piksel_peta(client.get(url, {"lapisan": "aset-desa", "bbox": KECAMATAN}).content, KOPI)
    assert dengan > 20_000 and tanpa < 50  # the coffee parcel is drawn only when its layer is selected
    black = piksel_peta(response.content, (0, 0, 0), toleransi=30)
    assert black > 500  # frame, scale bar segments and the north arrow


@pytest.mark.django_db
def test_requested_scale_sets_extent_and_scale_bar(client, wilayah, kebun):
    from django.contrib.auth.models import AnonymousUser
    from django.http import QueryDict

    from maps import cetak

    p = cetak.baca_permintaan(AnonymousUser(), QueryDict(f"bbox={KECAMATAN}&skala=25000"), "pdf")
    hasil = cetak.cetak(AnonymousUser(), p)
    assert hasil.skala == 25000 and hasil.epsg == 32748
    text, _ = teks_pdf(hasil.data)
    assert "Skala 1:25.000" in text and "500 m" in text and "1 km" in text  # 22 % of 211 mm × 25,000 → 1 km


def test_scale_bar_segments_add_up_to_the_labelled_length():
    from maps import kartografi as k

    page = k.halaman("A4", "lanskap")
    k.bingkai(page.peta, (0, 0, 5275, 4350), ".")
    k.skala_batang(page.peta, (0, 0, 5275, 4350), 25000, "Skala", ".")
    segments = [p for p in page.peta.patches if p.get_zorder() == 91]
    assert len(segments) == 4 and sum(p.get_width() for p in segments) == pytest.approx(1000)
    assert k.panjang_bulat(1160) == 1000 and k.panjang_bulat(4999) == 2000 and k.panjang_bulat(7) == 5


@pytest.mark.django_db
def test_png_portrait_a3_and_math_like_titles_print_literally(client, wilayah, kebun):
    response = client.get(
        "/peta/cetak.png",
        {
            "lapisan": "lahan-pertanian",
            "kertas": "A3",
            "orientasi": "potret",
            "dpi": "72",
            "judul": "Biaya $x^2$ & <b>",
        },
    )
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    image = Image.open(io.BytesIO(response.content))
    assert image.size == (int(297 / 25.4 * 72), int(420 / 25.4 * 72))
    pdf = client.get("/peta/cetak.pdf", {"judul": "Biaya $x^2$ & <b>"}).content
    assert "Biaya $x^2$ & <b>" in teks_pdf(pdf)[0]


@pytest.mark.django_db
def test_print_shows_only_rows_and_layers_the_user_may_see(client, pengguna, wilayah, kebun):
    from django.contrib.auth.models import AnonymousUser
    from django.http import QueryDict

    from maps import cetak

    def jumlah(user, query="lapisan=lahan-pertanian"):
        return cetak.cetak(user, cetak.baca_permintaan(user, QueryDict(query), "png")).jumlah

    assert jumlah(AnonymousUser()) == {"lahan-pertanian": 2}
    assert jumlah(pengguna.operator_a) == {"lahan-pertanian": 2}  # desa B's private parcel stays out
    assert jumlah(pengguna.operator_b) == {"lahan-pertanian": 3}
    assert jumlah(pengguna.admin_kecamatan) == {"lahan-pertanian": 3}
    assert jumlah(pengguna.admin_kecamatan, "lapisan=lahan-pertanian&desa=32.05.07.2001") == {"lahan-pertanian": 1}
    Lapisan.objects.create(slug="lahan-internal", judul_id="Lahan internal", jenis="lahan",
                           visibilitas=Visibilitas.INTERNAL)  # fmt: skip
    client.force_login(pengguna.warga)
    assert client.get("/peta/cetak.pdf", {"lapisan": "lahan-internal"}).status_code == 404
    assert client.get("/peta/cetak.pdf", {"alat": "agregasi", "a.lapisan": "lahan-internal"}).status_code == 404
    client.force_login(pengguna.operator_a)
    assert client.get("/peta/cetak.png", {"lapisan": "lahan-internal", "dpi": "72"}).status_code == 200
    client.logout()
    assert client.get("/peta/cetak.pdf", {"alat": "agregasi", "a.lapisan": "lahan-pertanian"}).status_code == 404


@pytest.mark.django_db
def test_analysis_result_is_printed_on_top(client, pengguna, wilayah, kebun):
    client.force_login(pengguna.admin_kecamatan)
    response = client.get(
        "/peta/cetak.pdf",
        {"lapisan": "lahan-pertanian", "alat": "agregasi", "a.lapisan": "lahan-pertanian", "bbox": KECAMATAN},
    )
    assert response.status_code == 200
    text, _ = teks_pdf(response.content)
    # aggregation per desa as a choropleth: desa A has 1 parcel, desa B 2 (the darkest class, #bd0026 at 60 %)
    assert "Hasil analisis: Luas dan jumlah per wilayah (2)" in text and "jumlah 1" in text and "jumlah 2" in text
    assert piksel_peta(response.content, (215, 102, 125), toleransi=12) > 50_000


@pytest.mark.django_db
def test_raster_layer_is_warped_into_the_frame_with_its_ramp(client, wilayah, tmp_path):
    from survei.models import LapisanRaster
    from tests.layers.test_raster_analisis import daftar_raster

    data = np.full((100, 100), 500.0)
    data[:, 50:] = 1000.0
    raster = daftar_raster(tmp_path / "dem.tif", LapisanRaster.Jenis.DEM, data)
    raster.statistik = {"min": 500.0, "max": 1000.0}
    raster.save()
    Lapisan.objects.create(slug="dem", judul_id="Elevasi", jenis="raster", raster=raster)
    response = client.get("/peta/cetak.png", {"lapisan": "dem", "bbox": "107.805,-7.255,107.825,-7.235", "dpi": "100"})
    assert response.status_code == 200
    hijau = piksel_peta(response.content, (64, 155, 64), toleransi=10)  # the ramp's low end at 86 % opacity
    assert hijau > 5000
    text, _ = teks_pdf(
        client.get("/peta/cetak.pdf", {"lapisan": "dem", "bbox": "107.805,-7.255,107.825,-7.235"}).content
    )
    assert "Elevasi" in text and "500 – 1000 m" in text


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "pesan"),
    [
        ({"judul": "x" * 121}, "Judul peta paling panjang 120 karakter."),
        ({"bbox": "107.9,-7.2,107.8,-7.3"}, "bbox di luar rentang atau terbalik"),
        ({"bbox": "1,2,3"}, "bbox harus berisi 4 angka"),
        ({"kertas": "A0"}, "kertas harus salah satu dari: A4, A3."),
        ({"orientasi": "miring"}, "orientasi harus salah satu dari: lanskap, potret."),
        ({"skala": "10"}, "skala harus bilangan bulat 500–5000000."),
        ({"dpi": "1200"}, "dpi harus bilangan bulat 72–300."),
        ({"dpi": "³⁰⁰"}, "dpi harus bilangan bulat 72–300."),
        ({"tahun": "dua"}, "tahun harus bilangan bulat 1900–2100."),
        ({"desa": "x"}, "Kode desa tidak sah"),
        ({"lapisan": ",".join(["aset-desa"] * 13)}, "Paling banyak 12 lapisan"),
        ({"bbox": "95,-11,141,6"}, "Area terlalu luas untuk dicetak"),
        ({"alat": "sihir"}, "Analisis tidak dikenal"),
    ],
)
def test_bad_print_requests_get_a_specific_400(client, pengguna, wilayah, query, pesan):
    client.force_login(pengguna.perencana)
    response = client.get("/peta/cetak.pdf", query)
    assert response.status_code == 400
    assert pesan in response.content.decode()


@pytest.mark.django_db
def test_unknown_layer_is_404_and_anonymous_prints_are_limited(client, wilayah, settings):
    assert client.get("/peta/cetak.pdf", {"lapisan": "tidak-ada"}).status_code == 404
    assert client.get("/peta/cetak.svg").status_code == 404
    assert client.post("/peta/cetak.pdf").status_code == 405
    settings.CETAK_BATAS_ANONIM_PER_JAM = 2
    caches["batas"].clear()  # the requests above counted too
    assert [client.get("/peta/cetak.png", {"dpi": "72"}).status_code for _ in range(3)] == [200, 200, 429]
    assert "Terlalu banyak permintaan cetak" in client.get("/peta/cetak.png").content.decode()
