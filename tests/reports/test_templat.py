"""Reply templates: placeholders filled as plain text (never code, never HTML), offered per category, applied
only by handlers of the complaint's desa, refused with a reason otherwise."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from reports.models import Pengaduan, Tanggapan, TemplatBalasan
from reports.services.templat import isi_templat, templat_terapkan


@pytest.fixture
def templat(wilayah):
    return TemplatBalasan.objects.create(
        judul="Diterima, dicek",
        kategori_id="banjir",
        teks="Pengaduan {kode} di Desa {desa} ({kategori}) sudah kami terima; petugas meninjau lokasi.",
    )


def test_placeholders_filled_with_the_complaints_values(aduan, templat):
    teks = isi_templat(templat.teks, aduan)
    assert teks == (
        f"Pengaduan {aduan.kode_lacak} di Desa Desa A (Banjir dan genangan) sudah kami terima; petugas meninjau lokasi."
    )


@pytest.mark.parametrize(
    "teks",
    ["{kode.__class__}", "{desa.kecamatan.kabupaten}", "{0}", "{}", "{pelapor}", "{p.pelapor.email}"],
)
def test_unknown_placeholders_are_never_evaluated_and_refused_on_save(aduan, teks):
    assert isi_templat(teks, aduan) == teks  # left as typed, nothing looked up
    with pytest.raises(ValidationError, match="Penanda tidak dikenal"):
        TemplatBalasan(judul="x", teks=teks).full_clean()


def test_values_with_markup_stay_text_on_the_handling_screen(aduan, pengguna, templat, client):
    Pengaduan.objects.filter(pk=aduan.pk).update(judul='<img src=x onerror="alert(1)">')
    TemplatBalasan.objects.create(judul="Judul", teks="Tentang: {judul}")
    client.force_login(pengguna.operator_a)
    html = client.get(f"/kelola/pengaduan/{aduan.kode_lacak}/").content.decode()
    assert '<img src=x onerror="alert(1)">' not in html
    data = json.loads(html.split('id="templat-balasan" type="application/json">')[1].split("</script>")[0])
    assert {"Judul": 'Tentang: <img src=x onerror="alert(1)">'}.items() <= {t["judul"]: t["teks"] for t in data}.items()


def test_operator_picks_a_template_without_script(aduan, pengguna, templat, client):
    client.force_login(pengguna.operator_a)
    html = client.get(f"/kelola/pengaduan/{aduan.kode_lacak}/?templat={templat.pk}").content.decode()
    kotak = html.split('id="balas_teks"')[1].split("</textarea>")[0]
    assert f"Pengaduan {aduan.kode_lacak} di Desa Desa A" in kotak
    # Edited before sending: what is sent is what the operator wrote.
    r = client.post(f"/kelola/pengaduan/{aduan.kode_lacak}/balas/", {"teks": "Diubah: besok pagi.", "publik": "on"})
    assert r.status_code == 302 and Tanggapan.objects.get().teks == "Diubah: besok pagi."


def test_templates_offered_per_category(aduan, pengguna, templat, client):
    TemplatBalasan.objects.create(judul="Untuk semua", teks="Terima kasih atas laporan {kode}.")
    TemplatBalasan.objects.create(judul="Khusus sampah", kategori_id="sampah", teks="Truk sampah datang.")
    TemplatBalasan.objects.create(judul="Usang", teks="lama", aktif=False)
    client.force_login(pengguna.operator_a)
    html = client.get(f"/kelola/pengaduan/{aduan.kode_lacak}/").content.decode()
    pilihan = html.split('id="pilih-templat"')[1].split("</select>")[0]
    assert "Diterima, dicek" in pilihan and "Untuk semua" in pilihan
    assert "Khusus sampah" not in pilihan and "Usang" not in pilihan


@pytest.mark.parametrize("role", ["operator_b", "perencana", "admin_kecamatan_lain", "warga"])
def test_template_cannot_be_applied_to_another_desas_complaint(aduan, pengguna, templat, client, role):
    user = getattr(pengguna, role)
    with pytest.raises(PermissionDenied):
        templat_terapkan(templat_id=templat.pk, pengaduan=aduan, by=user)
    client.force_login(user)
    r = client.get(f"/kelola/pengaduan/{aduan.kode_lacak}/?templat={templat.pk}")
    assert r.status_code == 403 and f"Pengaduan {aduan.kode_lacak} di Desa" not in r.content.decode()


@pytest.mark.parametrize("nilai", ["999999", "abc", "1;DROP", "", "-3", "9" * 40])
def test_unknown_template_is_refused_in_indonesian(aduan, pengguna, templat, client, nilai):
    client.force_login(pengguna.operator_a)
    r = client.get(f"/kelola/pengaduan/{aduan.kode_lacak}/", {"templat": nilai})
    assert r.status_code == 400 and "Templat" in r.content.decode()
    assert not Tanggapan.objects.exists()


@pytest.mark.parametrize("jenis", ["kategori-lain", "tidak-aktif"])
def test_template_of_another_category_or_inactive_is_refused(aduan, pengguna, client, jenis):
    if jenis == "kategori-lain":
        t = TemplatBalasan.objects.create(judul="Sampah", kategori_id="sampah", teks="Truk datang.")
    else:
        t = TemplatBalasan.objects.create(judul="Lama", teks="Lama.", aktif=False)
    with pytest.raises(ValidationError, match="bukan untuk kategori ini"):
        templat_terapkan(templat_id=t.pk, pengaduan=aduan, by=pengguna.operator_a)
    client.force_login(pengguna.operator_a)
    assert client.get(f"/kelola/pengaduan/{aduan.kode_lacak}/?templat={t.pk}").status_code == 400


@pytest.mark.parametrize("role", ["warga", "operator_a", "admin_kecamatan"])
def test_only_superadmins_manage_templates(pengguna, client, role):
    client.force_login(getattr(pengguna, role))
    r = client.post("/admin/reports/templatbalasan/add/", {"judul": "x", "teks": "y", "urutan": 1, "aktif": "on"})
    assert r.status_code in (302, 403) and not TemplatBalasan.objects.exists()


def test_admin_refuses_a_template_with_a_typo(pengguna, client):
    client.force_login(pengguna.superadmin)
    data = {"judul": "Salah ketik", "teks": "Laporan {kdoe} diterima.", "urutan": 1, "aktif": "on"}
    r = client.post("/admin/reports/templatbalasan/add/", data)
    assert r.status_code == 200 and "Penanda tidak dikenal: {kdoe}" in r.content.decode()
    assert not TemplatBalasan.objects.exists()
    data["teks"] = "Laporan {kode} diterima."
    assert client.post("/admin/reports/templatbalasan/add/", data).status_code == 302
