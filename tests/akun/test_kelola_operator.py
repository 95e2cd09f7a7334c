"""The admin kecamatan manages the operators of their kecamatan: list, invite, assign desa, (de)activate.
Each attack (another kecamatan, a role change, a superadmin, themselves, operators and citizens) is refused
with a clear Indonesian message and changes nothing."""

from __future__ import annotations

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.exceptions import PermissionDenied

from reports.models import Notifikasi
from sig.akun import scope, services
from sig.akun.models import Peran, User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

DAFTAR = "/akun/operator/"


def ubah(user):
    return f"/akun/operator/{user.pk}/"


def aktif(user):
    return f"/akun/operator/{user.pk}/aktif/"


@pytest.fixture
def operator_lain(wilayah):
    op = UserFactory(email="operator.lain@contoh.id", nama="Operator Pasirwangi", peran=Peran.OPERATOR)
    op.desa_kerja.add(wilayah.desa_lain)
    return op


@pytest.fixture
def camat(client, pengguna, settings):
    settings.SITE_URL = "https://sigdesa.contoh.id"
    client.force_login(pengguna.admin_kecamatan)
    return pengguna.admin_kecamatan


def desa_of(user):
    return set(User.objects.get(pk=user.pk).desa_kerja.values_list("nama", flat=True))


def test_camat_sees_only_the_operators_of_their_kecamatan(client, camat, pengguna, operator_lain):
    html = client.get(DAFTAR).content.decode()
    assert pengguna.operator_a.email in html and pengguna.operator_b.email in html
    assert operator_lain.email not in html and pengguna.superadmin.email not in html
    assert pengguna.perencana.email not in html and pengguna.warga.email not in html
    assert "Undang operator baru" in html and 'href="/akun/operator/"' in html  # linked from the navigation
    # The choices of the invitation form are the camat's own desa only.
    assert "Desa A" in html and "Desa B" in html and "Desa Lain" not in html


def test_camat_assigns_and_unassigns_desa_of_their_kecamatan(client, camat, pengguna, wilayah):
    op = pengguna.operator_a
    response = client.post(ubah(op), {"desa": [wilayah.desa_a.pk, wilayah.desa_b.pk]})
    assert response.status_code == 302 and desa_of(op) == {"Desa A", "Desa B"}
    assert "tersimpan" in client.get(response["Location"]).content.decode()
    assert client.post(ubah(op), {"desa": [wilayah.desa_b.pk]}).status_code == 302
    assert desa_of(op) == {"Desa B"}
    response = client.post(ubah(op), {})  # nothing left: refused, deactivate instead
    assert response.status_code == 400 and "sedikitnya satu desa" in response.content.decode()
    assert desa_of(op) == {"Desa B"}


def test_camat_cannot_assign_a_desa_of_another_kecamatan(client, camat, pengguna, wilayah):
    op = pengguna.operator_a
    response = client.post(ubah(op), {"desa": [wilayah.desa_a.pk, wilayah.desa_lain.pk]})
    assert response.status_code == 400 and "hanya desa di kecamatan Anda" in response.content.decode()
    assert desa_of(op) == {"Desa A"}
    with pytest.raises(PermissionDenied, match="Desa Lain di luar kecamatan Anda"):
        services.operator_atur_desa(operator=op, desa=[wilayah.desa_lain], by=camat)
    for nilai in ("abc", "-1", "99999999999999999999", "1 OR 1=1"):
        response = client.post(ubah(op), {"desa": [nilai]})
        assert response.status_code == 400, nilai
    assert desa_of(op) == {"Desa A"}


def test_camat_of_another_kecamatan_cannot_see_or_change_these_operators(client, pengguna, wilayah, operator_lain):
    client.force_login(pengguna.admin_kecamatan_lain)
    op = pengguna.operator_a
    assert op.email not in client.get(DAFTAR).content.decode()
    for response in (
        client.get(ubah(op)),
        client.post(ubah(op), {"desa": [wilayah.desa_lain.pk]}),
        client.post(aktif(op), {"aktif": "0"}),
    ):
        assert response.status_code == 403 and "tidak bertugas di kecamatan Anda" in response.content.decode()
    op.refresh_from_db()
    assert op.is_active and desa_of(op) == {"Desa A"}
    assert client.get(ubah(operator_lain)).status_code == 200  # their own operator


def test_no_role_is_ever_handed_out(client, camat, pengguna, wilayah):
    op = pengguna.operator_a
    client.post(ubah(op), {"desa": [wilayah.desa_a.pk], "peran": "superadmin", "is_superuser": "on"})
    op.refresh_from_db()
    assert op.peran == Peran.OPERATOR and not op.is_superuser
    response = client.post(
        DAFTAR,
        {
            "email": "baru@contoh.id",
            "nama": "Operator Baru",
            "desa": [wilayah.desa_a.pk],
            "peran": "admin_kecamatan",
            "kecamatan_kerja": [wilayah.kecamatan.pk],
        },
    )
    baru = User.objects.get(email="baru@contoh.id")
    assert response.status_code == 302 and baru.peran == Peran.OPERATOR and not baru.is_superuser
    assert not baru.kecamatan_kerja.exists()
    # Accounts of other roles are not managed here at all.
    for target, peran in ((pengguna.superadmin, "superadmin"), (pengguna.perencana, "perencana")):
        for response in (
            client.get(ubah(target)),
            client.post(ubah(target), {"desa": [wilayah.desa_a.pk]}),
            client.post(aktif(target), {"aktif": "0"}),
        ):
            assert response.status_code == 403 and f"berperan {peran}" in response.content.decode()
        target.refresh_from_db()
        assert target.is_active and target.peran == peran and not target.desa_kerja.exists()


def test_camat_cannot_deactivate_themselves_or_another_camat(client, camat, pengguna):
    response = client.post(aktif(camat), {"aktif": "0"})
    assert response.status_code == 403 and "akun Anda sendiri" in response.content.decode()
    response = client.post(aktif(pengguna.admin_kecamatan_lain), {"aktif": "0"})
    assert response.status_code == 403 and "bukan operator desa" in response.content.decode()
    camat.refresh_from_db()
    pengguna.admin_kecamatan_lain.refresh_from_db()
    assert camat.is_active and pengguna.admin_kecamatan_lain.is_active


@pytest.mark.parametrize("peran", ["operator_a", "operator_b", "perencana", "warga"])
def test_operators_planners_and_citizens_are_refused(client, pengguna, wilayah, peran):
    client.force_login(getattr(pengguna, peran))
    target = pengguna.operator_b if peran == "operator_a" else pengguna.operator_a
    for response in (
        client.get(DAFTAR),
        client.post(DAFTAR, {"email": "x@contoh.id", "nama": "X", "desa": [wilayah.desa_a.pk]}),
        client.get(ubah(target)),
        client.post(ubah(target), {"desa": [wilayah.desa_b.pk]}),
        client.post(aktif(target), {"aktif": "0"}),
    ):
        assert response.status_code == 403
        assert "Hanya admin kecamatan yang dapat mengelola operator desa." in response.content.decode()
    assert not User.objects.filter(email="x@contoh.id").exists()
    target.refresh_from_db()
    assert target.is_active
    assert 'href="/akun/operator/"' not in client.get("/").content.decode()


def test_anonymous_visitors_sign_in_first(client, pengguna):
    response = client.get(DAFTAR)
    assert response.status_code == 302 and "/akun/login/" in response["Location"]


def test_deactivated_operator_is_signed_out_and_hears_nothing(client, camat, pengguna):
    from django.test import Client

    op = pengguna.operator_a
    sesi = Client()
    sesi.force_login(op)
    assert sesi.get("/kelola/pengaduan/").status_code == 200
    response = client.post(aktif(op), {"aktif": "0"})
    assert response.status_code == 302
    op.refresh_from_db()
    assert not op.is_active
    assert "dinonaktifkan" in client.get(response["Location"]).content.decode()
    assert "/akun/login/" in sesi.get("/kelola/pengaduan/")["Location"]
    assert op.email in client.get(DAFTAR).content.decode()  # still listed, to be reactivated
    assert client.post(aktif(op), {"aktif": "1"}).status_code == 302
    op.refresh_from_db()
    assert op.is_active
    response = client.post(aktif(op), {"aktif": "ya"})
    assert response.status_code == 400 and "aktifkan atau nonaktifkan" in response.content.decode()
    assert client.post("/akun/operator/99999999/aktif/", {"aktif": "0"}).status_code == 404


def test_operator_shared_with_another_kecamatan(client, camat, pengguna, wilayah):
    op = pengguna.operator_a
    op.desa_kerja.add(wilayah.desa_lain)
    html = client.get(ubah(op)).content.decode()
    assert "Juga bertugas di luar kecamatan Anda" in html and "Desa Lain" in html
    response = client.post(aktif(op), {"aktif": "0"})
    assert response.status_code == 403 and "hanya superadmin" in response.content.decode()
    # The camat releases their own desa; the other kecamatan's desa stays.
    assert client.post(ubah(op), {}).status_code == 302
    assert desa_of(op) == {"Desa Lain"} and User.objects.get(pk=op.pk).is_active
    assert op.email not in client.get(DAFTAR).content.decode()


def test_superadmin_manages_every_operator(client, pengguna, wilayah, operator_lain):
    client.force_login(pengguna.superadmin)
    assert operator_lain.email in client.get(DAFTAR).content.decode()
    assert client.post(aktif(operator_lain), {"aktif": "0"}).status_code == 302
    assert not User.objects.get(pk=operator_lain.pk).is_active


def test_camat_invites_an_operator_who_sets_their_own_password(
    client, camat, wilayah, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            DAFTAR, {"email": "Ujang@Contoh.id", "nama": "Ujang Operator", "desa": [wilayah.desa_b.pk]}
        )
    assert response.status_code == 302
    op = User.objects.get(email="ujang@contoh.id")
    assert op.peran == Peran.OPERATOR and op.is_staff and not op.has_usable_password()
    assert desa_of(op) == {"Desa B"} and EmailAddress.objects.get(user=op).verified
    [undangan] = mail.outbox
    assert undangan.to == ["ujang@contoh.id"] and "Desa B" in undangan.body
    assert "https://sigdesa.contoh.id/akun/password/reset/" in undangan.body
    assert Notifikasi.objects.get(penerima="ujang@contoh.id").terkirim_pada is not None  # through the outbox
    assert "key" not in undangan.body.lower() and "/akun/password/reset/key/" not in undangan.body  # no secret
    # The invited person asks for the password link and sets a password.
    from django.test import Client

    tamu = Client()
    assert tamu.post("/akun/password/reset/", {"email": "ujang@contoh.id"}).status_code == 302
    link = re.search(r"(/akun/password/reset/key/[^\s]+/)", mail.outbox[-1].body).group(1)
    form = tamu.get(link, follow=True)
    sandi = "kopi-samarang-2026"
    assert tamu.post(form.redirect_chain[-1][0], {"password1": sandi, "password2": sandi}).status_code == 302
    assert User.objects.get(pk=op.pk).check_password(sandi)


def test_invitation_refuses_existing_accounts_and_bad_input(client, camat, pengguna, wilayah):
    warga = pengguna.warga
    response = client.post(DAFTAR, {"email": warga.email.upper(), "nama": "Ambil alih", "desa": [wilayah.desa_a.pk]})
    assert response.status_code == 400 and "sudah terdaftar" in response.content.decode()
    warga.refresh_from_db()
    assert warga.peran == Peran.WARGA and not warga.desa_kerja.exists()
    cases = [
        ({"email": "a@contoh.id\nBcc: korban@contoh.id", "nama": "X", "desa": [wilayah.desa_a.pk]}, "email tidak sah"),
        ({"email": "b@contoh.id", "nama": "X", "desa": [wilayah.desa_lain.pk]}, "hanya desa di kecamatan Anda"),
        ({"email": "c@contoh.id", "nama": "X"}, "sedikitnya satu desa"),
        ({"email": "d@contoh.id", "nama": "", "desa": [wilayah.desa_a.pk]}, "wajib"),
    ]
    for data, pesan in cases:
        response = client.post(DAFTAR, data)
        assert response.status_code == 400 and pesan in response.content.decode(), data
    assert User.objects.filter(peran=Peran.OPERATOR).count() == 2 and not Notifikasi.objects.exists()
    with pytest.raises(PermissionDenied, match="di luar kecamatan Anda"):
        services.operator_undang(email="e@contoh.id", nama="E", desa=[wilayah.desa_lain], by=camat)


def test_names_are_shown_as_text(client, camat, wilayah):
    client.post(DAFTAR, {"email": "xss@contoh.id", "nama": "<img src=x onerror=alert(1)>", "desa": [wilayah.desa_a.pk]})
    html = client.get(DAFTAR).content.decode()
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html


def test_the_rule_lives_in_scope(pengguna, wilayah):
    camat, lain = pengguna.admin_kecamatan, pengguna.admin_kecamatan_lain
    assert scope.desa_kelola_operator(camat) == {wilayah.desa_a.pk, wilayah.desa_b.pk}
    assert scope.desa_kelola_operator(pengguna.operator_a) == frozenset()
    assert scope.desa_kelola_operator(pengguna.superadmin) is scope.ALL
    assert set(scope.operator_terkelola(lain, User.objects.all())) == set()
    assert scope.penolakan_kelola_operator(camat, pengguna.operator_a, aktif=False) is None
    assert "tidak bertugas" in scope.penolakan_kelola_operator(lain, pengguna.operator_a)
