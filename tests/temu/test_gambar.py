"""Share images: a 1200×630 PNG map from the print engine, only of public items, cached per version."""

from __future__ import annotations

import io

import pytest
from django.core.cache import cache
from PIL import Image

from temu import gambar, registri


def _png(response) -> Image.Image:
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    img = Image.open(io.BytesIO(response.content))
    assert img.format == "PNG"
    return img


@pytest.mark.parametrize("jenis", ["desa", "kecamatan", "pengaduan", "potensi", "proyek", "aset"])
def test_every_public_kind_has_a_1200x630_png(client, isi, wilayah, jenis):
    obj = {
        "desa": wilayah.desa_a,
        "kecamatan": wilayah.kecamatan,
        "pengaduan": isi.aduan,
        "potensi": isi.potensi,
        "proyek": isi.proyek,
        "aset": isi.aset,
    }[jenis]
    kunci = registri.ambil(jenis).nilai_kunci(obj)
    img = _png(client.get(f"/bagikan/{jenis}/{kunci}.png"))
    assert img.size == (1200, 630)
    # A map was drawn: the highlighted desa's fill (light green) covers part of the picture, not just the band.
    warna = {c for _n, c in img.convert("RGB").getcolors(1_000_000)}
    assert len(warna) > 50


def test_private_items_have_no_share_image_even_for_staff(client, isi, pengguna):
    client.force_login(pengguna.superadmin)
    for obj, jenis in (
        (isi.aduan_sembunyi, "pengaduan"),
        (isi.aduan_sunting, "pengaduan"),
        (isi.potensi_menunggu, "potensi"),
        (isi.proyek_privat, "proyek"),
        (isi.aset_privat, "aset"),
    ):
        assert client.get(f"/bagikan/{jenis}/{registri.ambil(jenis).nilai_kunci(obj)}.png").status_code == 404


def test_unknown_kinds_and_malformed_keys_are_404(client, isi):
    for url in (
        "/bagikan/rahasia/1.png",
        "/bagikan/proyek/abc.png",
        "/bagikan/proyek/99999999.png",
        "/bagikan/pengaduan/ADU-0000-0000.png",
        "/bagikan/proyek/1%27%3B--.png",
        "/bagikan/desa/99.99.99.9999.png",
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/bagikan/proyek/{isi.proyek.pk}.png").status_code == 405


def test_image_is_cached_per_version_and_revalidated_by_etag(client, isi, monkeypatch):
    url = f"/bagikan/proyek/{isi.proyek.pk}.png"
    pertama = client.get(url)
    etag = pertama["ETag"]
    assert "public" in pertama["Cache-Control"]
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    panggil = []
    asli = gambar.gambar_baru
    monkeypatch.setattr(gambar, "gambar_baru", lambda j, o: panggil.append(o.pk) or asli(j, o))
    assert client.get(url).content == pertama.content and panggil == []  # from the cache
    isi.proyek.nama = "Rabat beton Dusun Kidul"
    isi.proyek.save()  # a new version: a new drawing, a new ETag
    kedua = client.get(url)
    assert panggil == [isi.proyek.pk] and kedua["ETag"] != etag
    assert cache.get(gambar.kunci_cache(registri.ambil("proyek"), isi.proyek)) == kedua.content


def test_a_hidden_report_loses_its_image_at_once(client, isi):
    url = f"/bagikan/pengaduan/{isi.aduan.kode_lacak}.png"
    assert client.get(url).status_code == 200
    isi.aduan.tersembunyi = True
    isi.aduan.save()
    assert client.get(url).status_code == 404  # the cached picture is not served: the scope is asked first


def test_hostile_title_is_drawn_as_text(client, isi):
    isi.aduan.judul = (r"$\frac{1}{0}$ </script> " + "x" * 200)[:120]
    isi.aduan.save()
    assert _png(client.get(f"/bagikan/pengaduan/{isi.aduan.kode_lacak}.png")).size == (1200, 630)


def test_new_drawings_are_limited_per_address_cached_ones_are_not(client, isi, monkeypatch):
    monkeypatch.setattr(gambar, "BATAS_BARU_PER_JAM", 1)
    assert client.get(f"/bagikan/proyek/{isi.proyek.pk}.png").status_code == 200
    ditolak = client.get(f"/bagikan/aset/{isi.aset.pk}.png")
    assert ditolak.status_code == 429 and "Terlalu banyak" in ditolak.content.decode()
    assert client.get(f"/bagikan/proyek/{isi.proyek.pk}.png").status_code == 200  # from the cache
