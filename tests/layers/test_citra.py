"""Imagery basemap tiles (layers.citra): PNG/WebP of the right size, empty outside, cached per data version,
and never shown outside the scope."""

from __future__ import annotations

import io
import json
import shutil

import morecantile
import pytest
from PIL import Image

from importers.pipeline import Permintaan, run_import
from survei.models import CitraUdara
from tests.importers.test_citra import tulis_citra

TMS = morecantile.tms.get("WebMercatorQuad")


@pytest.fixture
def citra(wilayah, settings, tmp_path):
    """Desa A's private drone photo and a public one, imported from the command line (no user)."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "privat"
    hasil = {}
    for nama, publik in (("privat", False), ("publik", True)):
        path = tulis_citra(tmp_path / f"{nama}.tif")
        p = Permintaan(
            berkas=path, nama_berkas=path.name, target="citra", desa=wilayah.desa_a, publik=publik, paksa=True
        )
        run = run_import(p, run=None)
        assert run.status == "selesai", run.pesan
        hasil[nama] = CitraUdara.objects.get(publik=publik)
    return hasil


def url(c: CitraUdara, z: int, x: int, y: int, fmt: str = "png") -> str:
    return f"/citra/{c.pk}/{z}/{x}/{y}.{fmt}"


def tengah(c: CitraUdara, z: int) -> morecantile.Tile:
    lon, lat = c.cakupan.centroid.coords
    return TMS.tile(lon, lat, z)


@pytest.mark.django_db
def test_a_tile_inside_is_an_image_of_the_right_size_outside_it_is_empty(client, citra):
    c = citra["publik"]
    t = tengah(c, 19)
    response = client.get(url(c, t.z, t.x, t.y))
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    gambar = Image.open(io.BytesIO(response.content))
    assert gambar.size == (256, 256) and gambar.mode == "RGBA"
    _, g, b, a = gambar.getpixel((128, 128))
    assert (g, b, a) == pytest.approx((120, 60, 255), abs=6)  # the photo's colour (JPEG keeps it close)
    webp = client.get(url(c, t.z, t.x, t.y, "webp"))
    assert webp.status_code == 200 and webp["Content-Type"] == "image/webp"
    assert Image.open(io.BytesIO(webp.content)).size == (256, 256)
    assert client.get(url(c, 19, t.x + 40, t.y)).status_code == 204  # beside the photo
    assert client.get(url(c, c.min_zoom - 1, *tengah(c, c.min_zoom - 1)[:2])).status_code == 204  # too far out


@pytest.mark.django_db
def test_tiles_are_cached_per_data_version(client, citra):
    c = citra["publik"]
    t = tengah(c, 18)
    first = client.get(url(c, t.z, t.x, t.y))
    assert first["Cache-Control"] == "public, max-age=86400" and first["ETag"]
    again = client.get(url(c, t.z, t.x, t.y), HTTP_IF_NONE_MATCH=f"W/{first['ETag']}")
    assert again.status_code == 304 and again.content == b""
    baru = c.berkas.replace(".tif", "-baru.tif")  # a replaced file is a new data version
    shutil.move(c.berkas, baru)
    c.berkas = baru
    c.save()
    assert client.get(url(c, t.z, t.x, t.y), HTTP_IF_NONE_MATCH=first["ETag"]).status_code != 304


@pytest.mark.django_db
def test_private_imagery_only_for_its_desa_staff(client, citra, pengguna):
    c = citra["privat"]
    t = tengah(c, 19)
    assert client.get(url(c, t.z, t.x, t.y)).status_code == 404  # the public
    for orang in (pengguna.operator_b, pengguna.warga):
        client.force_login(orang)
        assert client.get(url(c, t.z, t.x, t.y)).status_code == 404
        assert client.get(url(c, t.z, t.x, t.y), HTTP_IF_NONE_MATCH="x").status_code == 404
        assert f"citra-{c.pk}" not in client.get("/peta/").content.decode()
    for orang in (pengguna.operator_a, pengguna.admin_kecamatan):
        client.force_login(orang)
        response = client.get(url(c, t.z, t.x, t.y))
        assert response.status_code == 200 and response["Cache-Control"] == "private, max-age=3600"


@pytest.mark.django_db
def test_every_map_offers_the_imagery_this_user_may_see(client, citra, pengguna):
    def dasar() -> dict[str, dict]:
        html = client.get("/peta/").content.decode()
        start = html.index(">", html.index('id="sig-peta-konfigurasi"')) + 1
        return {d["kode"]: d for d in json.loads(html[start : html.index("</script>", start)])["dasar"]}

    publik, privat = citra["publik"], citra["privat"]
    anon = dasar()
    assert set(anon) == {"osm", "luring", f"citra-{publik.pk}"}
    entry = anon[f"citra-{publik.pk}"]
    assert entry["url"] == f"/citra/{publik.pk}/{{z}}/{{x}}/{{y}}.png" and entry["citra"] is True
    assert entry["asli_zoom"] == 21 and len(entry["batas"]) == 4
    client.force_login(pengguna.operator_a)
    assert f"citra-{privat.pk}" in dasar()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "status"),
    [("/citra/{pk}/19/1/1.gif", 400), ("/citra/{pk}/30/1/1.png", 400), ("/citra/{pk}/3/99/1.png", 400),
     ("/citra/999999/19/1/1.png", 404), ("/citra/{pk}/-1/1/1.png", 404)],
)  # fmt: skip
def test_odd_tile_requests_get_a_clear_answer(client, citra, path, status):
    response = client.get(path.format(pk=citra["publik"].pk))
    assert response.status_code == status
