"""RSS and Atom per desa, kecamatan and report category: well-formed, public items only, plain text."""

from __future__ import annotations

import html

from defusedxml import ElementTree

from reports.models import KategoriPengaduan
from tests.temu.conftest import RAHASIA, SITUS, XSS, _aduan

ATOM = {"a": "http://www.w3.org/2005/Atom"}


def _rss(client, url: str):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/rss+xml")
    return ElementTree.fromstring(response.content), response.content.decode()


def test_desa_feed_lists_public_reports_potensi_and_projects_only(client, isi, wilayah):
    root, teks = _rss(client, f"/umpan/desa/{wilayah.desa_a.kode}.rss")
    kanal = root.find("channel")
    assert kanal.find("link").text == SITUS + wilayah.desa_a.get_absolute_url()
    tautan = {i.find("link").text for i in kanal.findall("item")}
    assert tautan == {SITUS + o.get_absolute_url() for o in (isi.aduan, isi.potensi, isi.proyek)}
    assert all(i.find("pubDate").text for i in kanal.findall("item"))
    assert not any(r in teks for r in RAHASIA)


def test_kecamatan_atom_feed_and_the_other_kecamatan(client, isi, wilayah):
    response = client.get(f"/umpan/kecamatan/{wilayah.kecamatan.kode}.atom")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/atom+xml")
    root = ElementTree.fromstring(response.content)
    entri = root.findall("a:entry", ATOM)
    assert len(entri) == 3
    assert all(e.find("a:updated", ATOM).text for e in entri)
    assert root.find("a:link[@rel='self']", ATOM).get("href") == f"{SITUS}/umpan/kecamatan/32.05.07.atom"
    assert not any(r in response.content.decode() for r in RAHASIA)
    lain = ElementTree.fromstring(client.get(f"/umpan/kecamatan/{wilayah.kecamatan_lain.kode}.atom").content)
    assert lain.findall("a:entry", ATOM) == []


def test_category_feed_has_only_reports_of_that_category(client, isi, wilayah):
    sampah = _aduan(wilayah.desa_b, "Sampah menumpuk")
    sampah.kategori_id = "sampah"
    sampah.save()
    root, teks = _rss(client, "/umpan/kategori/banjir.rss")
    judul = [i.find("title").text for i in root.find("channel").findall("item")]
    assert judul == ["Selokan meluap di RT 02"]
    assert not any(r in teks for r in RAHASIA)
    root, _t = _rss(client, "/umpan/kategori/sampah.rss")
    assert [i.find("title").text for i in root.find("channel").findall("item")] == ["Sampah menumpuk"]
    assert _rss(client, "/umpan/kategori/jalanrusak.rss")[0].find("channel").findall("item") == []
    KategoriPengaduan.objects.create(kode="Jalan_Desa", nama_id="Jalan desa")  # an admin's own slug
    assert _rss(client, "/umpan/kategori/Jalan_Desa.rss")[0].find("channel").find("title").text.startswith("Pengaduan")


def test_kind_filter_and_bad_requests(client, isi, wilayah):
    root, _t = _rss(client, f"/umpan/desa/{wilayah.desa_a.kode}.rss?jenis=potensi")
    assert [i.find("title").text for i in root.find("channel").findall("item")] == ["Dodol Ibu Euis"]
    asing = client.get(f"/umpan/desa/{wilayah.desa_a.kode}.rss?jenis=rahasia,aset")
    assert asing.status_code == 400 and "Jenis tidak dikenal" in asing.content.decode()
    assert client.get("/umpan/desa/32.05.07.2999.rss").status_code == 404
    assert client.get("/umpan/kategori/tidakada.rss").status_code == 404
    assert client.get("/umpan/desa/%3Cscript%3E.rss").status_code == 404
    assert client.post(f"/umpan/desa/{wilayah.desa_a.kode}.rss").status_code == 405


def test_user_text_stays_plain_text_in_feeds(client, isi, wilayah):
    isi.aduan.judul = XSS
    isi.aduan.deskripsi = "<img src=x onerror=alert(2)>"
    isi.aduan.save()
    root, teks = _rss(client, f"/umpan/desa/{wilayah.desa_a.kode}.rss")
    item = next(i for i in root.find("channel").findall("item") if "alert(1)" in i.find("title").text)
    assert item.find("title").text == XSS  # XML-escaped in transit, the exact words for the reader
    # The description is HTML for readers: the user's markup arrives escaped, shown as text, never as a tag.
    assert "&lt;img src=x" in item.find("description").text
    assert "<img" not in item.find("description").text
    assert html.unescape(item.find("description").text).endswith("<img src=x onerror=alert(2)>")
    assert "<script>" not in teks
