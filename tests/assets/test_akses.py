"""Who may do what with village data, through the operator screens, the API and the admin."""

import json

import pytest
from django.urls import reverse

from assets.models import AsetDesa, PotensiDesa
from tests.conftest import titik_a


def form_aset(desa, **extra):
    return {
        "desa": desa.pk,
        "nama": "Posyandu Baru",
        "golongan": "gedung_bangunan",
        "jenis": "posyandu",
        "kondisi": "baik",
        "geometri": titik_a(0.002).json,
        "publik": "on",
        **extra,
    }


@pytest.mark.django_db
def test_operator_creates_edits_and_deletes_in_own_desa(client, pengguna, wilayah):
    client.force_login(pengguna.operator_a)
    response = client.post("/kelola/aset/tambah/", form_aset(wilayah.desa_a))
    assert response.status_code == 302
    aset = AsetDesa.objects.get(nama="Posyandu Baru")
    assert aset.desa == wilayah.desa_a and aset.dibuat_oleh == pengguna.operator_a
    response = client.post(
        f"/kelola/aset/{aset.pk}/", form_aset(wilayah.desa_a, nama="Posyandu Mawar", kondisi="rusak_ringan")
    )
    assert response.status_code == 302
    aset.refresh_from_db()
    assert (aset.nama, aset.kondisi) == ("Posyandu Mawar", "rusak_ringan")
    page = client.get(f"/kelola/aset/{aset.pk}/riwayat/").content.decode()
    assert page.count('data-history="') == 2 and "kondisi" in page
    assert client.get(f"/kelola/aset/{aset.pk}/hapus/").status_code == 200
    assert client.post(f"/kelola/aset/{aset.pk}/hapus/").status_code == 302
    assert not AsetDesa.objects.filter(pk=aset.pk).exists()


@pytest.mark.django_db
def test_operator_gets_404_on_other_desa_objects(client, pengguna, aset_b):
    client.force_login(pengguna.operator_a)
    for url in (f"/kelola/aset/{aset_b.pk}/", f"/kelola/aset/{aset_b.pk}/hapus/", f"/kelola/aset/{aset_b.pk}/riwayat/"):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/kelola/aset/{aset_b.pk}/hapus/").status_code == 404
    assert client.post(f"/kelola/aset/{aset_b.pk}/", form_aset(aset_b.desa, nama="Dibajak")).status_code == 404
    assert AsetDesa.objects.get(pk=aset_b.pk).nama == "Balai Desa B"


@pytest.mark.django_db
def test_operator_cannot_create_in_other_desa(client, pengguna, wilayah):
    client.force_login(pengguna.operator_a)
    response = client.post(
        "/kelola/aset/tambah/", form_aset(wilayah.desa_b, geometri='{"type":"Point","coordinates":[107.87,-7.25]}')
    )
    assert response.status_code == 400
    assert "Masukkan pilihan yang valid" in response.content.decode()
    assert not AsetDesa.objects.exists()


@pytest.mark.django_db
def test_list_shows_only_own_desa_for_operators_and_all_for_perencana(client, pengguna, aset_a, aset_b):
    client.force_login(pengguna.operator_a)
    page = client.get("/kelola/aset/").content.decode()
    assert "Balai Desa A" in page and "Balai Desa B" not in page
    client.force_login(pengguna.perencana)
    page = client.get("/kelola/aset/").content.decode()
    assert "Balai Desa A" in page and "Balai Desa B" in page
    assert client.post(f"/kelola/aset/{aset_a.pk}/", form_aset(aset_a.desa)).status_code == 403
    assert client.get("/kelola/aset/tambah/").status_code == 403


@pytest.mark.django_db
def test_warga_and_anonymous_cannot_manage(client, pengguna, aset_a):
    assert client.get("/kelola/aset/").status_code == 302  # to login
    client.force_login(pengguna.warga)
    assert client.get("/kelola/aset/").status_code == 403
    assert client.post("/kelola/aset/tambah/", form_aset(aset_a.desa)).status_code == 403
    assert client.post(f"/kelola/aset/{aset_a.pk}/hapus/").status_code == 403
    assert AsetDesa.objects.count() == 1


@pytest.mark.django_db
def test_list_filters_and_map(client, pengguna, aset_a, wilayah):
    client.force_login(pengguna.superadmin)
    page = client.get("/kelola/aset/", {"kategori": "gedung_bangunan", "q": "Balai", "desa": wilayah.desa_a.pk})
    assert 'data-jumlah="1"' in page.content.decode()
    data = json.loads(
        page.content.decode().split('<script id="peta-data" type="application/json">')[1].split("</script>")[0]
    )
    boundary, feature = data["features"]  # the desa managed, then the filtered asset
    assert boundary["properties"]["tingkat"] == "desa" and boundary["properties"]["url"] is None
    assert feature["properties"]["url"] == f"/kelola/aset/{aset_a.pk}/"
    assert 'data-jumlah="0"' in client.get("/kelola/aset/", {"kategori": "tanah"}).content.decode()
    for bad in ({"desa": "abc"}, {"tahun": "20x6"}, {"hal": "-1"}, {"q": "'; DROP TABLE x;--"}):
        assert client.get("/kelola/aset/", bad).status_code == 200
    assert client.get("/kelola/tidakada/").status_code == 404


@pytest.mark.django_db
def test_api_scope(client, pengguna, wilayah, aset_a, aset_b):
    feature = {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [107.821, -7.251]},
        "properties": {
            "desa": wilayah.desa_a.pk,
            "nama": "Sumur",
            "golongan": "jalan_irigasi_jaringan",
            "jenis": "sumur",
            "kondisi": "baik",
        },
    }
    body = {
        "desa": wilayah.desa_a.pk,
        "nama": "Sumur",
        "golongan": "jalan_irigasi_jaringan",
        "jenis": "sumur",
        "kondisi": "baik",
        "geometri": feature["geometry"],
    }
    assert client.post("/api/aset/", body, content_type="application/json").status_code == 403  # anonymous
    client.force_login(pengguna.operator_a)
    created = client.post("/api/aset/", body, content_type="application/json")
    assert created.status_code == 201, created.content
    assert created.json()["properties"]["nama"] == "Sumur"
    other = client.post(
        "/api/aset/",
        {**body, "desa": wilayah.desa_b.pk, "geometri": {"type": "Point", "coordinates": [107.87, -7.24]}},
        content_type="application/json",
    )
    assert other.status_code == 403
    assert client.patch(f"/api/aset/{aset_b.pk}/", {"nama": "x"}, content_type="application/json").status_code == 403
    assert client.delete(f"/api/aset/{aset_b.pk}/").status_code == 403
    assert (
        client.patch(f"/api/aset/{aset_a.pk}/", {"kondisi": "rusak_berat"}, content_type="application/json").status_code
        == 200
    )
    outside = client.post(
        "/api/aset/",
        {**body, "geometri": {"type": "Point", "coordinates": [107.87, -7.24]}},
        content_type="application/json",
    )
    assert outside.status_code == 400 and "di luar batas Desa Desa A" in outside.content.decode()
    assert AsetDesa.objects.get(pk=aset_b.pk).nama == "Balai Desa B"
    client.force_login(pengguna.warga)
    assert client.post("/api/aset/", body, content_type="application/json").status_code == 403


@pytest.mark.django_db
def test_api_hides_private_rows_and_internal_attributes(client, pengguna, lahan_a, potensi_menunggu):
    listing = client.get("/api/lahan/").json()
    assert listing["type"] == "FeatureCollection"
    assert "penggarap" not in listing["features"][0]["properties"]
    assert client.get("/api/potensi/").json()["features"] == []
    assert client.get(f"/api/potensi/{potensi_menunggu.pk}/").status_code == 404
    client.force_login(pengguna.operator_a)
    assert client.get("/api/lahan/").json()["features"][0]["properties"]["penggarap"] == "Pak Ujang"
    assert len(client.get("/api/potensi/").json()["features"]) == 1
    assert client.get("/api/aset/?desa=abc").status_code == 400


@pytest.mark.django_db
def test_admin_respects_scope_for_village_data(client, pengguna, aset_a, aset_b):
    client.force_login(pengguna.operator_a)
    change_b = reverse("admin:assets_asetdesa_change", args=[aset_b.pk])
    assert client.post(change_b, {"nama": "Dibajak"}).status_code == 403
    assert client.post(reverse("admin:assets_asetdesa_delete", args=[aset_b.pk]), {"post": "yes"}).status_code == 403
    assert client.get(reverse("admin:assets_asetdesa_change", args=[aset_a.pk])).status_code == 200
    assert AsetDesa.objects.get(pk=aset_b.pk).nama == "Balai Desa B"


@pytest.mark.django_db
def test_moderation_screen(client, pengguna, potensi_menunggu):
    client.force_login(pengguna.operator_b)
    url = f"/kelola/potensi/{potensi_menunggu.pk}/moderasi/"
    assert client.post(url, {"keputusan": "terbit", "nama": "x"}).status_code == 404
    client.force_login(pengguna.operator_a)
    client.post(url, {"keputusan": "tolak", "nama": "Dodol", "alasan": ""})
    assert PotensiDesa.objects.get().status == "menunggu"
    client.post(
        url, {"keputusan": "terbit", "nama": "Dodol Garut Ibu Euis", "tagline": "Legit", "deskripsi": "", "kontak": ""}
    )
    potensi = PotensiDesa.objects.get()
    assert potensi.status == "terbit" and potensi.nama == "Dodol Garut Ibu Euis"
    assert potensi.teks_asli["nama"] == "Dodol Ibu Euis"
    assert client.get(potensi.get_absolute_url()).status_code == 200


@pytest.mark.django_db
def test_project_screens_budget_progress_and_completion(client, pengguna, proyek_a):
    from decimal import Decimal

    url = f"/kelola/proyek/{proyek_a.pk}/"
    client.force_login(pengguna.operator_b)
    assert client.post(f"{url}progres/", {"tanggal": "2026-05-01", "persen": "40"}).status_code == 404
    client.force_login(pengguna.operator_a)
    budget = {
        "anggaran-TOTAL_FORMS": "2",
        "anggaran-INITIAL_FORMS": "0",
        "anggaran-MIN_NUM_FORMS": "0",
        "anggaran-MAX_NUM_FORMS": "10",
        "anggaran-0-sumber_dana": "dana_desa",
        "anggaran-0-anggaran": "150000000",
        "anggaran-0-realisasi": "149500000.50",
        "anggaran-1-sumber_dana": "swadaya",
        "anggaran-1-anggaran": "0.50",
    }
    page = client.post(f"/kelola/proyek/{proyek_a.pk}/anggaran/", budget, follow=True).content.decode()
    assert "Anggaran tersimpan" in page and 'data-total="anggaran">Rp 150.000.000,50<' in page
    bad = client.post(f"{url}progres/", {"tanggal": "2026-05-01", "persen": "101"}, follow=True).content.decode()
    assert "100" in bad and proyek_a.progres.count() == 0
    client.post(f"{url}progres/", {"tanggal": "2026-05-01", "persen": "40"})
    proyek_a.refresh_from_db()
    assert proyek_a.progres_persen == Decimal("40") and proyek_a.status == "berjalan"
    done = client.post(
        f"{url}selesai/",
        {
            "tanggal": "2026-09-30",
            "buat_aset": "on",
            "aset_golongan": "jalan_irigasi_jaringan",
            "aset_jenis": "jalan_desa",
            "aset_nama": "Jalan Kaler",
        },
        follow=True,
    )
    assert "Aset &#x27;Jalan Kaler&#x27; dibuat" in done.content.decode()
    assert AsetDesa.objects.get(proyek_asal=proyek_a).nilai_perolehan == Decimal("149500000.50")
    mismatch = client.post(
        f"{url}selesai/",
        {"tanggal": "2026-09-30", "buat_aset": "on", "aset_golongan": "tanah", "aset_jenis": "jalan_desa"},
        follow=True,
    )
    assert "tidak termasuk golongan" in mismatch.content.decode()
