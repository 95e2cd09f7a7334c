"""The scope function: one table of who may do what with which territory object."""

import pytest

from sig.akun import scope
from sig.akun.scope import Action
from sig.wilayah.models import Desa, Dusun, Kecamatan
from tests.factories import UserFactory

V, C, B, A, D = Action.VIEW, Action.CHANGE, Action.CHANGE_BOUNDARY, Action.ADD, Action.DELETE

# role -> {(action, target): allowed}; targets: desa_a, desa_b, desa_lain, kecamatan, kecamatan_lain
EXPECTED = {
    "anonim": {(V, "desa_a"): True, (C, "desa_a"): False, (B, "desa_a"): False, (C, "kecamatan"): False},
    "warga": {(V, "desa_a"): True, (C, "desa_a"): False, (C, "desa_b"): False, (D, "desa_a"): False},
    "operator_a": {
        (V, "desa_b"): True,
        (C, "desa_a"): True,
        (C, "desa_b"): False,
        (C, "desa_lain"): False,
        (B, "desa_a"): False,
        (D, "desa_a"): False,
        (C, "kecamatan"): False,
    },
    "operator_b": {(C, "desa_a"): False, (C, "desa_b"): True},
    "perencana": {(V, "desa_a"): True, (C, "desa_a"): False, (B, "desa_a"): False, (C, "kecamatan"): False},
    "admin_kecamatan": {
        (C, "desa_a"): True,
        (C, "desa_b"): True,
        (B, "desa_b"): True,
        (C, "desa_lain"): False,
        (C, "kecamatan"): True,
        (B, "kecamatan"): True,
        (C, "kecamatan_lain"): False,
        (D, "desa_a"): False,
    },
    "admin_kecamatan_lain": {(C, "desa_a"): False, (C, "desa_lain"): True, (C, "kecamatan"): False},
    "superadmin": {(C, "desa_a"): True, (B, "desa_lain"): True, (D, "desa_a"): True, (C, "kecamatan_lain"): True},
}


def user_for(role, pengguna):
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser() if role == "anonim" else getattr(pengguna, role)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "action", "target", "allowed"),
    [
        (role, action, target, allowed)
        for role, rules in EXPECTED.items()
        for (action, target), allowed in rules.items()
    ],
)
def test_territory_rules(pengguna, wilayah, role, action, target, allowed):
    assert scope.can(user_for(role, pengguna), action, getattr(wilayah, target)) is allowed


@pytest.mark.django_db
def test_inactive_staff_lose_everything(pengguna, wilayah):
    operator = pengguna.operator_a
    operator.is_active = False
    operator.save()
    assert not scope.can(operator, Action.CHANGE, wilayah.desa_a)


@pytest.mark.django_db
def test_querysets_follow_the_same_rules(pengguna, wilayah):
    desa = Desa.objects.all()
    assert set(scope.filter_queryset(pengguna.operator_a, Action.CHANGE, desa)) == {wilayah.desa_a}
    assert set(scope.filter_queryset(pengguna.admin_kecamatan, Action.CHANGE, desa)) == {wilayah.desa_a, wilayah.desa_b}
    assert not scope.filter_queryset(pengguna.warga, Action.CHANGE, desa).exists()
    assert not scope.filter_queryset(pengguna.perencana, Action.CHANGE, desa).exists()
    assert scope.filter_queryset(pengguna.superadmin, Action.DELETE, desa).count() == 3
    assert scope.filter_queryset(pengguna.warga, Action.VIEW, desa).count() == 3
    assert set(scope.filter_queryset(pengguna.admin_kecamatan, Action.CHANGE, Kecamatan.objects.all())) == {
        wilayah.kecamatan
    }


@pytest.mark.django_db
def test_dusun_are_managed_by_their_desa(pengguna, wilayah):
    dusun_a = Dusun.objects.create(desa=wilayah.desa_a, nama="Kaler")
    dusun_b = Dusun.objects.create(desa=wilayah.desa_b, nama="Kidul")
    assert scope.can(pengguna.operator_a, Action.DELETE, dusun_a)
    assert not scope.can(pengguna.operator_a, Action.DELETE, dusun_b)
    assert scope.can(pengguna.operator_a, Action.ADD, Dusun)
    assert not scope.can(pengguna.warga, Action.ADD, Dusun)
    assert list(scope.filter_queryset(pengguna.operator_b, Action.CHANGE, Dusun.objects.all())) == [dusun_b]


class Laporan:
    """A stand-in for later desa-scoped models (assets, complaints) to pin the generic rules."""

    scope_owner_field = "pelapor"
    citizen_contributable = True

    def __init__(self, desa, pelapor=None, is_public=False):
        self.desa_id = desa.pk
        self.pelapor_id = getattr(pelapor, "pk", None)
        self.is_public = is_public


@pytest.mark.django_db
def test_generic_desa_data_rules(pengguna, wilayah):
    draft = Laporan(wilayah.desa_a, pelapor=pengguna.warga)
    assert scope.can(pengguna.warga, Action.VIEW, draft)  # own draft
    assert not scope.can(UserFactory(), Action.VIEW, draft)  # someone else's draft
    assert scope.can(pengguna.operator_a, Action.MODERATE, draft)
    assert not scope.can(pengguna.operator_b, Action.MODERATE, draft)
    assert not scope.can(pengguna.operator_b, Action.VIEW, draft)
    assert scope.can(pengguna.perencana, Action.VIEW, draft)
    assert not scope.can(pengguna.perencana, Action.MODERATE, draft)
    assert scope.can(pengguna.warga, Action.ADD, Laporan(wilayah.desa_b))
    published = Laporan(wilayah.desa_b, is_public=True)
    from django.contrib.auth.models import AnonymousUser

    assert scope.can(AnonymousUser(), Action.VIEW, published)
    assert not scope.can(AnonymousUser(), Action.ADD, published)
    assert not scope.can(pengguna.warga, Action.CHANGE, published)
