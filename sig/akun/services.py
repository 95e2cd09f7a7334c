"""Writes to accounts: citizen profile, staff roles and their territory scope."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.urls import reverse

from sig.akun import scope
from sig.akun.models import Peran, User
from sig.situs import url_mutlak
from sig.teks import satu_baris
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


# ---- Operators managed by their admin kecamatan (rules: sig.akun.scope.penolakan_kelola_operator) ------------

PESAN_TANPA_DESA = (
    "Operator desa harus ditugaskan ke sedikitnya satu desa; nonaktifkan akunnya bila ia tidak lagi bertugas."
)


PESAN_TERDAFTAR = "Email ini sudah terdaftar. Akun yang sudah ada hanya dapat dijadikan operator oleh superadmin."


def _tolak(refusal: str | None) -> None:
    if refusal:
        raise PermissionDenied(refusal)


def _ids(desa: Iterable[Desa | int]) -> set[int]:
    return {d if isinstance(d, int) else d.pk for d in desa}


@transaction.atomic
def operator_atur_desa(*, operator: User, desa: Iterable[Desa | int], by: User) -> User:
    """Set which desa of `by`'s kecamatan the operator works in; its desa elsewhere stay as they are."""
    operator = User.objects.select_for_update().get(pk=operator.pk)
    pilihan = _ids(desa)
    _tolak(scope.penolakan_kelola_operator(by, operator, desa=pilihan))
    reach = scope.desa_kelola_operator(by)
    lain = set() if reach is scope.ALL else set(operator.desa_kerja.exclude(pk__in=reach).values_list("pk", flat=True))
    if not pilihan | lain:
        raise ValidationError({"desa": PESAN_TANPA_DESA})
    operator.desa_kerja.set(pilihan | lain)
    operator.__dict__.pop("_scope_cache", None)
    return operator


@transaction.atomic
def operator_atur_aktif(*, operator: User, aktif: bool, by: User) -> User:
    """Deactivate (signed out at its next request, no mail, no API) or reactivate an operator account."""
    operator = User.objects.select_for_update().get(pk=operator.pk)
    _tolak(scope.penolakan_kelola_operator(by, operator, aktif=aktif))
    if operator.is_active != aktif:
        operator.is_active = aktif
        operator.save(update_fields=["is_active"])
    return operator


@transaction.atomic
def operator_undang(*, email: str, nama: str, desa: Iterable[Desa | int], by: User) -> User:
    """Create an operator account for desa of `by`'s kecamatan and e-mail the invitation; the person sets a
    password through "lupa kata sandi" (the link goes to their mailbox: no secret is kept in the outbox)."""
    from allauth.account.models import EmailAddress

    from sig.surel import antrekan

    pilihan = _ids(desa)
    _tolak(scope.penolakan_kelola_operator(by, None, desa=pilihan))
    email, nama = satu_baris(email).strip().lower(), satu_baris(nama).strip()
    errors = {}
    try:
        validate_email(email)
    except ValidationError:
        errors["email"] = "Alamat email tidak sah."
    if not nama:
        errors["nama"] = "Nama operator wajib diisi."
    if not pilihan:
        errors["desa"] = "Pilih sedikitnya satu desa tugas."
    if not errors and (
        User.objects.filter(email__iexact=email).exists() or EmailAddress.objects.filter(email__iexact=email).exists()
    ):
        errors["email"] = PESAN_TERDAFTAR
    if errors:
        raise ValidationError(errors)
    user = User(email=email, nama=nama[:150], peran=Peran.OPERATOR)
    user.set_unusable_password()
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError as exc:  # the same address registered a moment ago (sign-up or a second camat)
        raise ValidationError({"email": PESAN_TERDAFTAR}) from exc
    user.desa_kerja.set(pilihan)
    # The address is confirmed by using the password link sent to it; no second confirmation mail.
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    context = {
        "user": user,
        "oleh": by,
        "desa": list(Desa.objects.filter(pk__in=pilihan).order_by("nama").values_list("nama", flat=True)),
        "url_sandi": url_mutlak(reverse("account_reset_password")),
        "url_masuk": url_mutlak(reverse("account_login")),
    }
    antrekan([email], "operator_undangan", context)
    return user
