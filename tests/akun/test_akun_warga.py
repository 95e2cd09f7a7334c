"""akun warga: sign-up with email verification and home desa, login lockout, profile, roles."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from sig.akun import services
from sig.akun.models import Peran, User


@pytest.mark.django_db
def test_signup_requires_email_verification_and_links_home_desa(client, wilayah):
    response = client.post(
        "/akun/signup/",
        {
            "email": "Siti@Contoh.id",
            "password1": "kopi-garut-2026",
            "password2": "kopi-garut-2026",
            "nama": "Siti Aminah",
            "desa_domisili": wilayah.desa_b.pk,
        },
    )
    assert response.status_code == 302 and "confirm-email" in response["Location"]
    user = User.objects.get(email="siti@contoh.id")
    assert user.peran == Peran.WARGA and not user.is_staff
    assert user.nama == "Siti Aminah" and user.desa_domisili == wilayah.desa_b
    assert not EmailAddress.objects.get(user=user).verified
    # Not verified: logging in leads to the verification page, not a session.
    client.logout()
    client.post("/akun/login/", {"login": "siti@contoh.id", "password": "kopi-garut-2026"})
    assert "_auth_user_id" not in client.session
    link = re.search(r"(/akun/confirm-email/[^\s]+/)", mail.outbox[-1].body).group(1)
    client.post(link)
    assert EmailAddress.objects.get(user=user).verified
    client.post("/akun/login/", {"login": "siti@contoh.id", "password": "kopi-garut-2026"})
    assert client.session["_auth_user_id"] == str(user.pk)


@pytest.mark.django_db
def test_signup_without_home_desa_is_refused_in_indonesian(client, wilayah):
    response = client.post(
        "/akun/signup/",
        {
            "email": "a@contoh.id",
            "password1": "kopi-garut-2026",
            "password2": "kopi-garut-2026",
            "nama": "A",
        },
    )
    assert response.status_code == 200
    assert "Bidang ini harus diisi" in response.content.decode()
    assert not User.objects.exists()


@pytest.mark.django_db
def test_repeated_failed_logins_lock_the_account(client, pengguna, settings):
    EmailAddress.objects.create(user=pengguna.warga, email=pengguna.warga.email, verified=True, primary=True)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/akun/login/", {"login": pengguna.warga.email, "password": "salah"})
    locked = client.post("/akun/login/", {"login": pengguna.warga.email, "password": "kata-sandi-uji-123"})
    assert locked.status_code == 429
    assert "Akun terkunci sementara" in locked.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_profile_page_updates_home_desa(client, pengguna, wilayah):
    client.force_login(pengguna.warga)
    response = client.post(
        "/akun/profil/", {"nama": "Warga Baru", "telepon": "0812", "desa_domisili": wilayah.desa_lain.pk}
    )
    assert response.status_code == 302
    pengguna.warga.refresh_from_db()
    assert pengguna.warga.desa_domisili == wilayah.desa_lain and pengguna.warga.nama == "Warga Baru"
    bad = client.post("/akun/profil/", {"nama": "", "desa_domisili": "999999"})
    assert bad.status_code == 400 and "Masukkan pilihan yang valid" in bad.content.decode()


def test_profile_needs_login(client):
    response = client.get("/akun/profil/")
    assert response.status_code == 302 and response["Location"].startswith("/akun/login/")


@pytest.mark.django_db
def test_roles_are_handed_out_by_superadmin_with_territory(pengguna, wilayah):
    user = pengguna.warga
    with pytest.raises(PermissionDenied):
        services.pengguna_atur_peran(
            user=user, peran=Peran.OPERATOR, desa=[wilayah.desa_a], by=pengguna.admin_kecamatan
        )
    with pytest.raises(ValidationError, match="sedikitnya satu desa"):
        services.pengguna_atur_peran(user=user, peran=Peran.OPERATOR, by=pengguna.superadmin)
    services.pengguna_atur_peran(user=user, peran=Peran.OPERATOR, desa=[wilayah.desa_a], by=pengguna.superadmin)
    user.refresh_from_db()
    assert user.is_staff and not user.is_superuser and list(user.desa_kerja.all()) == [wilayah.desa_a]
    services.pengguna_atur_peran(user=user, peran=Peran.WARGA, by=pengguna.superadmin)
    user.refresh_from_db()
    assert not user.is_staff and not user.desa_kerja.exists()


@pytest.mark.django_db
def test_createsuperuser_becomes_superadmin():
    user = User.objects.create_superuser("Root@Contoh.id", "rahasia-panjang-123")
    assert user.peran == Peran.SUPERADMIN and user.is_superuser and user.is_staff and user.email == "root@contoh.id"
