"""The portal page, its search, the PWA files and the transparency pages."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from django.utils import timezone

from assets.models import AnggaranProyek
from layers.models import Lapisan
from reports.models import Pengaduan


def konfigurasi(response):
    html = response.content.decode()
    start = html.index(">", html.index('id="portal-konfigurasi"')) + 1
    return json.loads(html[start : html.index("</script>", start)])


def test_portal_lists_public_layers_only(client, wilayah, pengguna):
    Lapisan.objects.create(slug="rahasia", judul_id="Rahasia", jenis="aset", visibilitas="internal")
    response = client.get("/peta/")
    assert response.status_code == 200
    slugs = [lap["slug"] for lap in konfigurasi(response)["lapisan"]]
    assert {"aset-desa", "pengaduan-warga", "lahan-pertanian"} <= set(slugs) and "rahasia" not in slugs
    client.force_login(pengguna.operator_a)
    assert "rahasia" in [lap["slug"] for lap in konfigurasi(client.get("/peta/"))["lapisan"]]


def test_portal_per_kecamatan_and_desa(client, wilayah):
    conf = konfigurasi(client.get(f"/peta/kecamatan/{wilayah.kecamatan.kode}/"))
    assert [d[0] for d in conf["desa"]] == [wilayah.desa_a.kode, wilayah.desa_b.kode]
    desa = client.get(f"/peta/desa/{wilayah.desa_a.kode}/")
    assert konfigurasi(desa)["desa_awal"] == wilayah.desa_a.kode
    assert client.get("/peta/desa/32.05.07.9999/").status_code == 404


def test_search_places_features_and_codes(client, wilayah, aset_a, pengguna):
    hasil = client.get("/peta/cari/", {"q": "Desa A"}).json()["hasil"]
    assert any(h["label"].startswith("Desa A") for h in hasil)
    assert any("Balai Desa A" in h["label"] for h in client.get("/peta/cari/", {"q": "balai"}).json()["hasil"])
    assert client.get("/peta/cari/", {"q": "x"}).status_code == 400


def test_pwa_files(client, db):
    manifest = client.get("/manifest.webmanifest")
    assert manifest["Content-Type"] == "application/manifest+json" and manifest.json()["start_url"] == "/peta/"
    sw = client.get("/sw.js")
    assert sw["Content-Type"].startswith("text/javascript") and sw["Service-Worker-Allowed"] == "/"
    assert '"/pengaduan/baru/"' in sw.content.decode()


def test_transparency_page_figures(client, wilayah, proyek_a, aduan_selesai):
    AnggaranProyek.objects.create(
        proyek=proyek_a, sumber_dana="dana_desa", anggaran=Decimal(100_000_000), realisasi=Decimal(40_000_000)
    )
    AnggaranProyek.objects.create(
        proyek=proyek_a, sumber_dana="add", anggaran=Decimal(50_000_000), realisasi=Decimal(50_000_000)
    )
    response = client.get(f"/transparansi/desa/{wilayah.desa_a.kode}/")
    html = response.content.decode()
    assert response.status_code == 200 and 'property="og:description"' in html
    assert "Dana Desa (DD)" in html and "40.0" in html and "100.0" in html
    stat = response.context["statistik"]
    assert (stat.diterima, stat.selesai, stat.terbuka) == (2, 1, 1)
    assert stat.median_tanggap_jam == 3.0 and stat.median_selesai_hari == 2.0
    kec = client.get(f"/transparansi/kecamatan/{wilayah.kecamatan.kode}/")
    assert kec.status_code == 200 and kec.context["statistik"].diterima == 2
    assert client.get(f"/transparansi/desa/{wilayah.desa_lain.kode}/").context["statistik"].diterima == 0


def test_transparency_ignores_hidden_and_duplicates(client, wilayah, aduan_selesai):
    Pengaduan.objects.update(tersembunyi=True)
    assert client.get(f"/transparansi/desa/{wilayah.desa_a.kode}/").context["statistik"].diterima == 0


@pytest.fixture
def aduan_selesai(wilayah, pengguna):
    """Two complaints: one answered after 3 h and resolved after 2 days, one open answered after 3 h."""
    from django.contrib.gis.geos import Point

    now = timezone.now()
    rows = []
    for status, selesai in (("selesai", now), ("diproses", None)):
        dibuat = now - timezone.timedelta(days=2)
        p = Pengaduan.objects.create(
            desa=wilayah.desa_a,
            kategori_id="banjir",
            judul="Banjir",
            deskripsi="Banjir setinggi lutut.",
            lokasi=Point(107.82, -7.25, srid=4326),
            status=status,
            pelapor=pengguna.warga,
            ditanggapi_pada=dibuat + timezone.timedelta(hours=3),
            selesai_pada=selesai,
        )
        Pengaduan.objects.filter(pk=p.pk).update(dibuat=dibuat)
        rows.append(p)
    return rows
