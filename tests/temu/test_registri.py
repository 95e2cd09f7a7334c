"""One declaration adds a kind to the sitemap, the feeds and the share images; visibility stays the scope's."""

from __future__ import annotations

import pytest
from defusedxml import ElementTree
from django.http import Http404

from assets.models import AsetDesa
from reports.models import Pengaduan
from temu import registri
from temu.registri import Jenis
from tests.temu.conftest import RAHASIA, SITUS

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


@pytest.fixture
def jenis_baru():
    """A kind declared by 'another app' (here village assets listed in feeds too), removed afterwards."""
    jenis = registri.daftarkan(Jenis(slug="uji", model=AsetDesa, label="Uji", judul=lambda a: f"Uji {a.nama}",
                                     di_umpan=True, schema="Place"))  # fmt: skip
    yield jenis
    registri._JENIS.pop("uji")


def test_one_declaration_reaches_sitemap_feeds_and_share_image(client, isi, wilayah, jenis_baru):
    indeks = ElementTree.fromstring(client.get("/sitemap.xml").content)
    assert f"{SITUS}/sitemap-uji.xml" in [s.find("s:loc", NS).text for s in indeks.findall("s:sitemap", NS)]
    bagian = client.get("/sitemap-uji.xml").content.decode()
    assert SITUS + isi.aset.get_absolute_url() in bagian and "RAHASIA5" not in bagian
    umpan = client.get(f"/umpan/desa/{wilayah.desa_a.kode}.rss?jenis=uji")
    judul = [i.find("title").text for i in ElementTree.fromstring(umpan.content).find("channel").findall("item")]
    assert judul == ["Uji Balai Desa A"]
    assert client.get(f"/bagikan/uji/{isi.aset.pk}.png").status_code == 200
    assert client.get(f"/bagikan/uji/{isi.aset_privat.pk}.png").status_code == 404


def test_a_slug_belongs_to_one_model():
    with pytest.raises(ValueError):
        registri.daftarkan(Jenis(slug="pengaduan", model=AsetDesa, label="x", judul=str))
    assert registri.ambil("pengaduan").model is Pengaduan


def test_public_lookup_asks_the_scope(isi):
    assert registri.publik_atau_404("pengaduan", isi.aduan.kode_lacak)[1] == isi.aduan
    for slug, kunci in (("pengaduan", isi.aduan_sembunyi.kode_lacak), ("proyek", "1 OR 1=1"), ("proyek", "²"),
                        ("tidakada", "1"), ("proyek", "9" * 30)):  # fmt: skip
        with pytest.raises(Http404):
            registri.publik_atau_404(slug, kunci)
    terlihat = {p.judul for p in registri.ambil("pengaduan").publik()}
    assert not any(r in j for j in terlihat for r in RAHASIA)
