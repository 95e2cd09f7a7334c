"""The local basemap (maps.peta_lokal): drawn from our own public data, offered in every map, the fallback
when the configured basemap cannot be reached; tiles cached per data version."""

from __future__ import annotations

import io
import json

import pytest
from django.contrib.gis.geos import LineString
from PIL import Image

from survei.models import FiturSurvei, LapisanSurvei
from tests.layers.test_lapisan import tile_of

DARAT = (242, 239, 233)


def gambar(response) -> Image.Image:
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    image = Image.open(io.BytesIO(response.content)).convert("RGB")
    assert image.size == (256, 256)
    return image


def bukan_darat(image: Image.Image) -> int:
    return sum(1 for p in image.getdata() if max(abs(a - b) for a, b in zip(p, DARAT, strict=True)) > 20)


def jalan(wilayah, publik: bool) -> None:
    lapisan = LapisanSurvei.objects.create(nama=f"Jalan {publik}", desa=wilayah.desa_a, publik=publik)
    line = LineString((107.8105, -7.2505), (107.8195, -7.2595), srid=4326)
    FiturSurvei.objects.create(lapisan=lapisan, versi=1, kunci="j1", atribut={"nama": "Jl. Desa"}, geometri=line)


@pytest.mark.django_db
def test_tiles_draw_boundaries_and_public_survey_lines_only(client, wilayah):
    z, x, y = tile_of(107.815, -7.255, 15)
    kosong = bukan_darat(gambar(client.get(f"/peta-dasar/lokal/{z}/{x}/{y}.png")))
    jalan(wilayah, publik=False)
    assert bukan_darat(gambar(client.get(f"/peta-dasar/lokal/{z}/{x}/{y}.png"))) == kosong  # a private road: never
    jalan(wilayah, publik=True)
    assert bukan_darat(gambar(client.get(f"/peta-dasar/lokal/{z}/{x}/{y}.png"))) > kosong + 100
    z, x, y = tile_of(107.85, -7.25, 13)  # the line between desa A and B
    assert bukan_darat(gambar(client.get(f"/peta-dasar/lokal/{z}/{x}/{y}.png"))) > 200


@pytest.mark.django_db
def test_tiles_are_cached_per_data_version(client, wilayah):
    z, x, y = tile_of(107.85, -7.25, 12)
    first = client.get(f"/peta-dasar/lokal/{z}/{x}/{y}.png")
    assert first["Cache-Control"] == "public, max-age=3600"
    assert client.get(f"/peta-dasar/lokal/{z}/{x}/{y}.png", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    wilayah.desa_b.nama = "Desa B Baru"
    wilayah.desa_b.save()  # a boundary edit is a new data version
    assert client.get(f"/peta-dasar/lokal/{z}/{x}/{y}.png", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "pesan"),
    [("/peta-dasar/lokal/30/1/1.png", "Zoom harus 0–22"), ("/peta-dasar/lokal/3/99/1.png", "di luar rentang")],
)
def test_tiles_outside_the_grid_are_refused(client, path, pesan):
    response = client.get(path)
    assert response.status_code == 400 and pesan in response.content.decode()


@pytest.mark.django_db
def test_every_map_offers_the_local_basemap(client):
    html = client.get("/peta/").content.decode()
    start = html.index(">", html.index('id="sig-peta-konfigurasi"')) + 1
    dasar = json.loads(html[start : html.index("</script>", start)])["dasar"]
    assert [d["kode"] for d in dasar] == ["osm", "luring"]
    assert dasar[1]["url"] == "/peta-dasar/lokal/{z}/{x}/{y}.png" and dasar[1]["lokal"] is True
