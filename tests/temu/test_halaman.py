"""What a shareable page carries: OpenGraph and Twitter meta, JSON-LD, feeds, share links, the copy button;
hostile text never breaks out of an attribute or the JSON-LD block; the CSP stays without unsafe-inline."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.temu.conftest import SITUS, XSS


class Kepala(HTMLParser):
    """Meta tags, links, JSON-LD blocks, share links and every <script> of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.meta: dict[str, str] = {}
        self.link: list[dict[str, str]] = []
        self.a: dict[str, str] = {}
        self.skrip: list[dict[str, str]] = []
        self.jsonld: list[str] = []
        self._dalam: str | None = None
        self.tombol_salin: dict[str, str] | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if tag == "meta" and ("property" in a or "name" in a):
            self.meta[a.get("property") or a["name"]] = a.get("content", "")
        elif tag == "link":
            self.link.append(a)
        elif tag == "a" and a.get("class", "").startswith("bagikan-"):
            self.a[a["class"].removeprefix("bagikan-")] = a["href"]
        elif tag == "button" and "data-temu-salin" in a:
            self.tombol_salin = a
        elif tag == "script":
            self.skrip.append(a)
            self._dalam = a.get("type")

    def handle_endtag(self, tag):
        if tag == "script":
            self._dalam = None

    def handle_data(self, data):
        if self._dalam == "application/ld+json":
            self.jsonld.append(data)


def _baca(client, url: str) -> tuple[Kepala, str]:
    response = client.get(url)
    assert response.status_code == 200, url
    teks = response.content.decode()
    k = Kepala()
    k.feed(teks)
    return k, teks


def test_desa_page_has_og_twitter_jsonld_and_feeds(client, isi, wilayah):
    desa = wilayah.desa_a
    desa.telepon_kantor = "0262-123456"
    desa.save()
    k, _t = _baca(client, desa.get_absolute_url())
    url = SITUS + desa.get_absolute_url()
    assert k.meta["og:url"] == url
    assert k.meta["og:image"] == f"{SITUS}/bagikan/desa/{desa.kode}.png"
    assert (k.meta["og:image:width"], k.meta["og:image:height"]) == ("1200", "630")
    assert k.meta["twitter:card"] == "summary_large_image" and k.meta["og:description"]
    assert {"rel": "canonical", "href": url} in k.link
    feeds = {lnk["type"]: lnk["href"] for lnk in k.link if lnk.get("rel") == "alternate"}
    assert feeds == {"application/rss+xml": f"{SITUS}/umpan/desa/{desa.kode}.rss",
                     "application/atom+xml": f"{SITUS}/umpan/desa/{desa.kode}.atom"}  # fmt: skip
    [blok] = k.jsonld
    data = json.loads(blok)
    organisasi, tempat = data["@graph"]
    assert organisasi["@type"] == "GovernmentOrganization" and organisasi["telephone"] == "0262-123456"
    assert organisasi["areaServed"] == {"@id": tempat["@id"]}
    assert tempat["@type"] == "Place" and tempat["identifier"] == desa.kode
    assert -7.30 < tempat["geo"]["latitude"] < -7.20 and 107.80 < tempat["geo"]["longitude"] < 107.85
    assert tempat["containedInPlace"]["name"] == "Kecamatan Samarang Uji"
    assert tempat["containedInPlace"]["url"] == SITUS + wilayah.kecamatan.get_absolute_url()


def test_kecamatan_page_jsonld_sits_in_its_kabupaten(client, wilayah):
    k, _t = _baca(client, wilayah.kecamatan.get_absolute_url())
    organisasi, tempat = json.loads(k.jsonld[0])["@graph"]
    assert organisasi["@type"] == "GovernmentOrganization" and organisasi["name"] == "Pemerintah Kecamatan Samarang Uji"
    assert tempat["@type"] == "Place" and tempat["containedInPlace"]["name"] == "Garut"
    assert k.meta["og:image"] == f"{SITUS}/bagikan/kecamatan/{wilayah.kecamatan.kode}.png"


@pytest.mark.parametrize("jenis", ["aduan", "potensi", "proyek", "aset"])
def test_item_pages_carry_share_image_jsonld_and_share_bar(client, isi, jenis):
    obj = getattr(isi, jenis)
    k, _t = _baca(client, obj.get_absolute_url())
    assert k.meta["og:image"].startswith(f"{SITUS}/bagikan/") and k.meta["og:image"].endswith(".png")
    assert json.loads(k.jsonld[0])["url"] == SITUS + obj.get_absolute_url()
    assert set(k.a) >= {"whatsapp", "telegram", "facebook", "x"}
    assert k.tombol_salin["data-tautan"] == SITUS + obj.get_absolute_url()


def test_share_links_are_percent_encoded(client, isi):
    isi.aduan.judul = "Jalan & jembatan #rusak? 100% = parah"
    isi.aduan.save()
    k, _t = _baca(client, isi.aduan.get_absolute_url())
    url = SITUS + isi.aduan.get_absolute_url()
    wa = urlsplit(k.a["whatsapp"])
    assert (wa.scheme, wa.netloc, wa.path) == ("https", "wa.me", "/")
    assert parse_qs(wa.query) == {"text": [f"Jalan & jembatan #rusak? 100% = parah {url}"]}
    assert "#" not in k.a["whatsapp"] and " " not in k.a["whatsapp"]
    tg = urlsplit(k.a["telegram"])
    assert tg.netloc + tg.path == "t.me/share/url"
    assert parse_qs(tg.query) == {"url": [url], "text": ["Jalan & jembatan #rusak? 100% = parah"]}
    fb = urlsplit(k.a["facebook"])
    assert fb.netloc + fb.path == "www.facebook.com/sharer/sharer.php" and parse_qs(fb.query) == {"u": [url]}
    x = urlsplit(k.a["x"])
    assert x.netloc + x.path == "x.com/intent/tweet"
    assert parse_qs(x.query) == {"text": ["Jalan & jembatan #rusak? 100% = parah"], "url": [url]}


def test_hostile_report_title_breaks_neither_jsonld_nor_meta(client, isi):
    isi.aduan.judul = XSS
    isi.aduan.deskripsi = XSS
    isi.aduan.save()
    k, teks = _baca(client, isi.aduan.get_absolute_url())
    assert "<script>alert(1)" not in teks
    data = json.loads(k.jsonld[0])  # the block still ends where it should and parses
    assert data["name"] == XSS
    assert k.meta["twitter:title"] == XSS and k.meta["og:image:alt"] == XSS
    assert XSS.split()[0] in k.meta["og:description"]
    # Only our own scripts: the JSON-LD data block and same-origin files; none with inline code.
    assert all(s.get("src", "").startswith("/") or s.get("type") in {"application/ld+json", "application/json"}
               for s in k.skrip)  # fmt: skip
    assert "alert(1)" not in "".join(s.get("src", "") for s in k.skrip)


def test_csp_needs_no_unsafe_inline_for_json_ld(client, wilayah):
    response = client.get(wilayah.desa_a.get_absolute_url())
    csp = response["Content-Security-Policy"]
    script_src = next(d for d in csp.split(";") if d.strip().startswith("script-src"))
    assert "unsafe-inline" not in script_src
    assert 'type="application/ld+json"' in response.content.decode()


def test_a_private_report_seen_by_staff_is_not_advertised(client, isi, pengguna):
    client.force_login(pengguna.operator_a)
    k, teks = _baca(client, isi.aduan_sembunyi.get_absolute_url())
    assert k.meta.get("robots") == "noindex"
    assert "og:image" not in k.meta and k.jsonld == [] and k.a == {}
    assert "data-temu-bagikan" not in teks


def test_home_page_with_several_kecamatan_has_its_own_url(client, wilayah):
    k, _t = _baca(client, "/")
    assert k.meta["og:url"] == f"{SITUS}/" and k.meta["twitter:card"] == "summary"


def test_transparency_page_shares_its_own_address_with_the_area_image(client, isi, wilayah):
    desa = wilayah.desa_a
    k, _t = _baca(client, f"/transparansi/desa/{desa.kode}/")
    assert k.meta["og:url"] == f"{SITUS}/transparansi/desa/{desa.kode}/"
    assert k.meta["og:image"] == f"{SITUS}/bagikan/desa/{desa.kode}.png"
    assert k.jsonld == []  # the desa's structured data lives on the desa page
    assert k.tombol_salin["data-tautan"] == f"{SITUS}/transparansi/desa/{desa.kode}/"
