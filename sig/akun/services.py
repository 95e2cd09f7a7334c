"""Writes to accounts: citizen profile, staff roles and their territory scope."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from sig.akun.models import Peran, User
from sig.wilayah.models import Desa, Kecamatan


def warga_lengkapi_profil(*, user: User, nama: str, desa_domisili: Desa | None, telepon: str = "") -> User:
    """Set a citizen's name, home desa and phone (sign-up and profile page)."""
    user.nama = nama.strip()
    user.desa_domisili = desa_domisili
    if telepon:
        user.telepon = telepon.strip()
    user.save(update_fields=["nama", "desa_domisili", "telepon"])
    return user


@transaction.atomic
def pengguna_atur_peran(
    *,
    user: User,
    peran: str,
    by: User,
    desa: Iterable[Desa] = (),
    kecamatan: Iterable[Kecamatan] = (),
) -> User:
    """Give a user a role with its territory; only a superadmin hands out roles."""
    if not (by.is_active and by.peran == Peran.SUPERADMIN):
        raise PermissionDenied("Hanya superadmin yang dapat mengatur peran pengguna.")
    peran = Peran(peran)
    desa, kecamatan = list(desa), list(kecamatan)
    if peran == Peran.OPERATOR and not desa:
        raise ValidationError("Operator desa harus ditugaskan ke sedikitnya satu desa.")
    if peran == Peran.ADMIN_KECAMATAN and not kecamatan:
        raise ValidationError("Admin kecamatan harus ditugaskan ke sedikitnya satu kecamatan.")
    user.peran = peran
    user.save()
    user.desa_kerja.set(desa if peran == Peran.OPERATOR else [])
    user.kecamatan_kerja.set(kecamatan if peran == Peran.ADMIN_KECAMATAN else [])
    user.__dict__.pop("_scope_cache", None)
    return user


@transaction.atomic
def akun_hapus(*, user: User) -> None:
    """Delete an account (UU PDP): contributions stay, anonymised; every reference to the person is removed,
    history tables included; contact data in outboxes, login logs and sessions is deleted."""
    from django.apps import apps
    from django.contrib.sessions.models import Session

    email = user.email
    # Contributions stay public without their author; the address hash of complaints goes too.
    Pengaduan = apps.get_model("reports", "Pengaduan")
    Pengaduan.objects.filter(pelapor=user).update(anonim=True, ip_hash="")
    Blokir = apps.get_model("reports", "Blokir")
    Blokir.objects.filter(pengguna=user, ip_hash="").delete()
    Blokir.objects.filter(pengguna=user).update(pengguna=None)  # an address block outlives the account
    # Every nullable reference to the person, in every table (historical copies included), becomes NULL.
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if field.is_relation and field.related_model is User and field.null:
                model._base_manager.filter(**{field.attname: user.pk}).update(**{field.attname: None})
    apps.get_model("reports", "Notifikasi").objects.filter(penerima__iexact=email).delete()
    for name in ("AccessAttempt", "AccessLog", "AccessFailureLog"):
        apps.get_model("axes", name).objects.filter(username__iexact=email).delete()
    for session in Session.objects.all().iterator():
        if session.get_decoded().get("_auth_user_id") == str(user.pk):
            session.delete()
    user.delete()
