"""sitemap.xml and robots.txt: well-formed, absolute links on SITE_URL, only what the public may open."""

from __future__ import annotations

from defusedxml import ElementTree

from tests.temu.conftest import SITUS

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def _xml(client, url: str, **headers):
    response = client.get(url, **headers)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/xml")
    return ElementTree.fromstring(response.content)


def _semua_loc(client) -> dict[str, list[tuple[str, str | None]]]:
    indeks = _xml(client, "/sitemap.xml")
    hasil = {}
    for sitemap in indeks.findall("s:sitemap", NS):
        loc = sitemap.find("s:loc", NS).text
        assert loc.startswith(f"{SITUS}/sitemap-"), loc
        bagian = _xml(client, loc.removeprefix(SITUS))
        hasil[loc] = [(u.find("s:loc", NS).text, getattr(u.find("s:lastmod", NS), "text", None))
                      for u in bagian.findall("s:url", NS)]  # fmt: skip
    return hasil


def test_sitemap_lists_public_pages_with_lastmod_and_never_private_ones(client, isi, wilayah):
    bagian = _semua_loc(client)
    semua = {loc for daftar in bagian.values() for loc, _m in daftar}
    lastmod = {loc: m for daftar in bagian.values() for loc, m in daftar}
    for obj in (isi.aduan, isi.potensi, isi.proyek, isi.aset, wilayah.desa_a, wilayah.kecamatan):
        assert SITUS + obj.get_absolute_url() in semua
        assert lastmod[SITUS + obj.get_absolute_url()].startswith(str(obj.diubah.year))
    assert f"{SITUS}/transparansi/desa/{wilayah.desa_a.kode}/" in semua
    assert f"{SITUS}/pengaduan/" in semua
    for obj in (isi.aduan_sembunyi, isi.aduan_sunting, isi.potensi_menunggu, isi.proyek_privat, isi.aset_privat):
        assert SITUS + obj.get_absolute_url() not in semua
    assert all(loc.startswith(SITUS + "/") for loc in semua)
    assert set(bagian) >= {f"{SITUS}/sitemap-{s}.xml" for s in ("pengaduan", "potensi", "proyek", "aset", "desa")}


def test_a_forged_host_never_enters_the_sitemap(client, isi):
    indeks = client.get("/sitemap.xml", HTTP_HOST="127.0.0.1", HTTP_X_FORWARDED_HOST="jahat.example")
    assert b"jahat" not in indeks.content
    assert b"jahat" not in client.get("/sitemap-pengaduan.xml", HTTP_X_FORWARDED_HOST="jahat.example").content


def test_unknown_section_or_page_is_404(client, isi):
    assert client.get("/sitemap-rahasia.xml").status_code == 404
    assert client.get("/sitemap-pengaduan.xml?p=99").status_code == 404
    assert client.get("/sitemap-pengaduan.xml?p=abc").status_code == 404


def test_a_home_page_that_redirects_is_not_listed(client, isi, wilayah):
    semua = {loc for daftar in _semua_loc(client).values() for loc, _m in daftar}
    assert f"{SITUS}/" in semua  # two kecamatan: the home page lists them
    wilayah.desa_lain.delete()
    wilayah.kecamatan_lain.delete()
    semua = {loc for daftar in _semua_loc(client).values() for loc, _m in daftar}
    assert f"{SITUS}/" not in semua  # one kecamatan: "/" redirects to it


def test_robots_txt(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/plain")
    baris = response.content.decode().splitlines()
    assert baris[:2] == ["User-agent: *", "Allow: /"]
    for tertutup in ("/kelola/", "/admin/", "/akun/", "/api/", "/dasbor/", "/impor/", "/pengaduan/baru/"):
        assert f"Disallow: {tertutup}" in baris
    assert f"Sitemap: {SITUS}/sitemap.xml" in baris
    assert not any(b.startswith("Disallow: /desa") or b == "Disallow: /" for b in baris)
    assert client.post("/robots.txt").status_code == 405
