"""The Django admin asks the scope function: an operator of desa A cannot change desa B."""

import re

import pytest
from django.urls import reverse

from sig.wilayah.models import Desa

INLINE = {
    "dusun-TOTAL_FORMS": "0",
    "dusun-INITIAL_FORMS": "0",
    "dusun-MIN_NUM_FORMS": "0",
    "dusun-MAX_NUM_FORMS": "1000",
}


def change_url(desa):
    return reverse("admin:wilayah_desa_change", args=[desa.pk])


def profile_post(**extra):
    data = {
        "kepala_desa": "Kades Baru",
        "alamat_kantor": "Jl. Baru 1",
        "telepon_kantor": "",
        "jumlah_penduduk": "4000",
        "deskripsi": "Diubah",
        **INLINE,
    }
    data.update(extra)
    return data


@pytest.mark.django_db
def test_operator_edits_own_desa_profile_but_not_its_boundary_or_code(client, pengguna, wilayah):
    client.force_login(pengguna.operator_a)
    page = client.get(change_url(wilayah.desa_a))
    assert page.status_code == 200
    assert b'name="kepala_desa"' in page.content
    assert b'name="kode"' not in page.content and b'name="batas"' not in page.content
    response = client.post(change_url(wilayah.desa_a), profile_post(kode="32.05.07.2999", nama="Diganti"))
    assert response.status_code == 302
    desa = Desa.objects.get(pk=wilayah.desa_a.pk)
    assert desa.kepala_desa == "Kades Baru" and desa.jumlah_penduduk == 4000
    assert desa.kode == "32.05.07.2001" and desa.nama == "Desa A"


@pytest.mark.django_db
def test_operator_cannot_change_another_desa_in_admin(client, pengguna, wilayah):
    client.force_login(pengguna.operator_a)
    page = client.get(change_url(wilayah.desa_b))
    # Read-only view: no save button, no editable profile fields.
    assert page.status_code == 200
    assert b'name="kepala_desa"' not in page.content and b'name="_save"' not in page.content
    response = client.post(change_url(wilayah.desa_b), profile_post())
    assert response.status_code == 403
    assert Desa.objects.get(pk=wilayah.desa_b.pk).kepala_desa == ""


@pytest.mark.django_db
def test_operator_cannot_delete_or_add_desa(client, pengguna, wilayah):
    client.force_login(pengguna.operator_a)
    assert (
        client.post(reverse("admin:wilayah_desa_delete", args=[wilayah.desa_a.pk]), {"post": "yes"}).status_code == 403
    )
    assert client.get(reverse("admin:wilayah_desa_add")).status_code == 403
    assert Desa.objects.filter(pk=wilayah.desa_a.pk).exists()


@pytest.mark.django_db
def test_admin_kecamatan_changes_boundaries_only_in_own_kecamatan(client, pengguna, wilayah):
    client.force_login(pengguna.admin_kecamatan)
    assert b'name="batas"' in client.get(change_url(wilayah.desa_b)).content
    assert client.post(change_url(wilayah.desa_lain), profile_post()).status_code == 403


@pytest.mark.django_db
def test_only_superadmin_manages_accounts(client, pengguna):
    url = reverse("admin:akun_user_changelist")
    for user in (pengguna.operator_a, pengguna.admin_kecamatan, pengguna.perencana):
        client.force_login(user)
        assert client.get(url).status_code == 403
    client.force_login(pengguna.superadmin)
    assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_warga_has_no_admin(client, pengguna):
    client.force_login(pengguna.warga)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


@pytest.mark.django_db
def test_admin_speaks_indonesian_with_leaflet_widget(client, pengguna, wilayah):
    client.force_login(pengguna.superadmin)
    response = client.get(change_url(wilayah.desa_a))
    page = response.content.decode()
    assert "Simpan" in page and "Administrasi" in page
    assert "leaflet" in page and 'name="batas"' in page
    # The map widget's inline script runs by nonce, not by 'unsafe-inline'.
    nonce = re.search(r"script-src [^;]*'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
    assert f'<script nonce="{nonce}">' in page
    assert "unsafe-inline" not in re.search(r"script-src ([^;]*)", response["Content-Security-Policy"]).group(1)
