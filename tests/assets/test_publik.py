"""Public detail pages: published only, shareable with OpenGraph; demo data of all four kinds renders."""

import re

import pytest

from assets.models import AnggaranProyek, AsetDesa, LahanPertanian, PotensiDesa, ProyekPembangunan
from sig import demo


@pytest.mark.django_db
def test_demo_creates_all_four_kinds_realistically():
    report = demo.generate()
    assert report.counts["persil lahan"] == LahanPertanian.objects.count() >= 13 * 50
    assert AsetDesa.objects.count() == report.counts["aset"] + AsetDesa.objects.exclude(proyek_asal=None).count()
    assert ProyekPembangunan.objects.count() == 39 and PotensiDesa.objects.count() == 26
    # Sawah in the valley, kopi on the slopes: mean elevation of kopi parcels is higher than of sawah.
    sawah = LahanPertanian.objects.filter(komoditas="padi_sawah")
    kopi = LahanPertanian.objects.filter(komoditas="kopi")
    assert sawah.exists() and kopi.exists()
    elev = lambda qs: sum(demo.elevasi(p.geometri.centroid.x, p.geometri.centroid.y) for p in qs) / qs.count()  # noqa: E731
    assert elev(kopi) > 1250 > 900 > elev(sawah)
    # Budgets add up: realisation never above budget, finished projects fully realised within 5%.
    for proyek in ProyekPembangunan.objects.filter(status="selesai"):
        lines = AnggaranProyek.objects.filter(proyek=proyek)
        assert sum(a.realisasi for a in lines) <= sum(a.anggaran for a in lines)
        assert sum(a.realisasi for a in lines) >= sum(a.anggaran for a in lines) * 95 / 100
    assert all(h.history_user is not None for h in AsetDesa.history.all()[:20])


@pytest.mark.django_db
@pytest.mark.parametrize("model", [AsetDesa, ProyekPembangunan, PotensiDesa])
def test_demo_detail_pages_render_with_opengraph(client, model, settings):
    settings.SITE_URL = "https://sigdesa.contoh.id"  # og:url is the site's own address (temu), not the Host header
    demo.generate()
    obj = model.objects.filter(**({"status": "terbit"} if model is PotensiDesa else {"publik": True})).first()
    response = client.get(obj.get_absolute_url())
    body = response.content.decode()
    assert response.status_code == 200
    assert f'<meta property="og:title" content="{obj.nama}' in body.replace("&#x27;", "'")
    assert re.search(r'<meta property="og:url" content="https://sigdesa.contoh.id/(aset|proyek|potensi)/\d+/">', body)
    assert 'property="og:description"' in body and '<script id="peta-data"' in body


@pytest.mark.django_db
def test_project_page_shows_budget_per_source_and_total(client, proyek_a):
    from decimal import Decimal

    AnggaranProyek.objects.create(
        proyek=proyek_a, sumber_dana="dana_desa", anggaran=Decimal("187500000"), realisasi=Decimal("150000000")
    )
    AnggaranProyek.objects.create(proyek=proyek_a, sumber_dana="swadaya", anggaran=Decimal("12500000"))
    body = client.get(proyek_a.get_absolute_url()).content.decode()
    assert "Dana Desa (DD)" in body and "Swadaya masyarakat" in body
    assert 'data-total="anggaran">Rp 200.000.000<' in body and "(75,0%)" in body


@pytest.mark.django_db
def test_unpublished_items_are_404_for_the_public(client, pengguna, aset_a, proyek_a, potensi_menunggu):
    AsetDesa.objects.filter(pk=aset_a.pk).update(publik=False)
    ProyekPembangunan.objects.filter(pk=proyek_a.pk).update(publik=False)
    for obj in (aset_a, proyek_a, potensi_menunggu):
        assert client.get(obj.get_absolute_url()).status_code == 404
    client.force_login(pengguna.warga)  # the submitter sees their own pending potensi
    assert client.get(potensi_menunggu.get_absolute_url()).status_code == 200
    assert client.get(aset_a.get_absolute_url()).status_code == 404
    client.force_login(pengguna.operator_a)
    assert client.get(aset_a.get_absolute_url()).status_code == 200


@pytest.mark.django_db
def test_citizen_submits_potensi_through_the_form(client, pengguna, wilayah):
    from allauth.account.models import EmailAddress

    client.force_login(pengguna.warga)
    assert client.get("/potensi/ajukan/").status_code == 302  # email not verified yet
    EmailAddress.objects.create(user=pengguna.warga, email=pengguna.warga.email, verified=True, primary=True)
    data = {
        "jenis": "kuliner",
        "nama": "Bakso <b>Mang</b> Ujang",
        "tagline": "",
        "deskripsi": "Enak",
        "kontak": "",
        "geometri": '{"type": "Point", "coordinates": [107.86, -7.22]}',
    }
    bot = client.post("/potensi/ajukan/", {**data, "website": "http://spam"})
    assert bot.status_code == 400 and not PotensiDesa.objects.exists()
    response = client.post("/potensi/ajukan/", data)
    assert response.status_code == 302 and response["Location"] == wilayah.desa_b.get_absolute_url()
    potensi = PotensiDesa.objects.get()
    assert potensi.desa == wilayah.desa_b and potensi.status == "menunggu"
    page = client.get(potensi.get_absolute_url()).content.decode()
    assert "Bakso &lt;b&gt;Mang&lt;/b&gt; Ujang" in page and "<b>Mang</b>" not in page
