"""Login lockout is per account and address, for allauth's form and the admin alike, and every limit sees the
real client behind the proxies."""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from axes.models import AccessAttempt
from django.test import Client, RequestFactory

from sig.klien import alamat_klien
from tests.factories import UserFactory

SANDI = "kata-sandi-uji-123"


def klien(ip: str, xff: str | None = None) -> Client:
    extra = {"REMOTE_ADDR": ip}
    if xff is not None:
        extra["HTTP_X_FORWARDED_FOR"] = xff
    return Client(**extra)


def masuk(client: Client, email: str, sandi: str):
    return client.post("/akun/login/", {"login": email, "password": sandi})


def terverifikasi(**kw):
    user = UserFactory(**kw)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def berhasil(response) -> bool:
    return response.status_code == 302 and "_auth_user_id" in response.client.session


@pytest.mark.django_db
def test_failures_lock_one_account_from_one_address_only(settings):
    a, b = terverifikasi(email="a@contoh.id"), terverifikasi(email="b@contoh.id")
    penyerang = klien("203.0.113.7")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert masuk(penyerang, "A@Contoh.id ", "salah").status_code == 200  # the form says why, no lockout yet
    masuk(penyerang, "A@Contoh.id ", "salah")
    locked = masuk(penyerang, a.email, SANDI)
    assert locked.status_code == 429 and "Akun terkunci sementara" in locked.content.decode()
    assert AccessAttempt.objects.get().username == "a@contoh.id"  # normalised: case and spaces
    assert berhasil(masuk(klien("203.0.113.7"), b.email, SANDI)), "akun lain dari alamat yang sama ikut terkunci"
    assert berhasil(masuk(klien("198.51.100.20"), a.email, SANDI)), "akun ini dari alamat lain ikut terkunci"


@pytest.mark.django_db
def test_admin_login_is_locked_per_account_too(settings):
    admin = UserFactory(email="super@contoh.id", peran="superadmin", is_staff=True, is_superuser=True)
    admin.set_password(SANDI)
    admin.save()
    other = UserFactory(email="super2@contoh.id", peran="superadmin", is_staff=True, is_superuser=True)
    other.set_password(SANDI)
    other.save()
    penyerang = klien("203.0.113.9")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        penyerang.post("/admin/login/", {"username": admin.email, "password": "salah"})
    assert penyerang.post("/admin/login/", {"username": admin.email, "password": SANDI}).status_code == 429
    assert AccessAttempt.objects.get().username == admin.email
    ok = klien("203.0.113.9").post("/admin/login/", {"username": other.email, "password": SANDI, "next": "/admin/"})
    assert ok.status_code == 302


@pytest.mark.django_db
def test_behind_two_proxies_each_client_has_its_own_address(settings):
    settings.PROXY_TEPERCAYA = 2  # TLS terminator → nginx → gunicorn
    a = terverifikasi(email="a@contoh.id")
    # Two citizens behind the same proxies: REMOTE_ADDR is nginx for both; a forged first hop is ignored.
    satu = klien("10.0.0.2", "1.2.3.4, 203.0.113.50, 10.0.0.1")
    dua = klien("10.0.0.2", "203.0.113.60, 10.0.0.1")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        masuk(satu, a.email, "salah")
    assert masuk(satu, a.email, SANDI).status_code == 429
    assert AccessAttempt.objects.get().ip_address == "203.0.113.50"
    assert berhasil(masuk(dua, a.email, SANDI))


@pytest.mark.parametrize(
    ("count", "remote", "xff", "expected"),
    [
        (0, "203.0.113.5", "1.1.1.1", "203.0.113.5"),  # no proxy: the header is the client's word, ignored
        (1, "10.0.0.1", "203.0.113.5", "203.0.113.5"),
        (1, "10.0.0.1", "6.6.6.6, 203.0.113.5", "203.0.113.5"),
        (2, "10.0.0.2", "6.6.6.6, 203.0.113.5, 10.0.0.1", "203.0.113.5"),
        (2, "10.0.0.2", "[2001:db8::1]:443, 10.0.0.1", "2001:db8::1"),
        (1, "10.0.0.1", "bukan-alamat", ""),
        (1, "10.0.0.1", "", "10.0.0.1"),
    ],
)
def test_one_rule_for_the_client_address(settings, count, remote, xff, expected):
    settings.PROXY_TEPERCAYA = count
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=xff)
    assert alamat_klien(request) == expected
