"""The one place that decides who may do what with which object.

Every view, API, export, tile and admin screen asks `can(user, action, obj)` for one object and
`filter_queryset(user, action, qs)` for lists. Domain models only describe themselves:

- where they are: a `desa` foreign key (or `scope_desa_field = "<path>"`), or they are territory;
- whether the public may see them: an `is_public` attribute (default: public);
- who contributed them: `scope_owner_field = "<field>"` (owners see and edit their own drafts);
- whether they may belong to a kecamatan instead of a desa: `scope_kecamatan_field = "<field>"` (a row
  without desa is then managed by the admin kecamatan of that kecamatan);
- whether citizens may contribute them: `citizen_contributable = True`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from enum import StrEnum
from typing import Any

from django.db import models
from django.db.models import Q

from sig.akun.models import AnyUser, Peran, User
from sig.wilayah.models import Desa, Dusun, Kabupaten, Kecamatan


class Action(StrEnum):
    VIEW = "lihat"
    ADD = "tambah"
    CHANGE = "ubah"
    DELETE = "hapus"
    MODERATE = "moderasi"
    ANALYSE = "analisis"
    CHANGE_BOUNDARY = "ubah_batas"  # codes, names and boundaries of territory


ALL = None  # a reach of ALL means every desa
STAFF_WRITE = {Action.ADD, Action.CHANGE, Action.DELETE, Action.MODERATE, Action.CHANGE_BOUNDARY}


def _akun(user: AnyUser | None) -> User | None:
    """The active signed-in account behind `user` (None for anonymous visitors and inactive accounts)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    return user


def _role(user: AnyUser | None) -> str | None:
    akun = _akun(user)
    return akun.peran if akun is not None else None


def _cached(user: User, key: str, compute: Callable[[], Iterable[int]]) -> frozenset[int]:
    cache = user.__dict__.setdefault("_scope_cache", {})
    if key not in cache:
        cache[key] = frozenset(compute())
    return cache[key]


def _operator_desa(user: User) -> frozenset[int]:
    return _cached(user, "desa", lambda: user.desa_kerja.values_list("pk", flat=True))


def _admin_kecamatan(user: User) -> frozenset[int]:
    return _cached(user, "kecamatan", lambda: user.kecamatan_kerja.values_list("pk", flat=True))


def _admin_desa(user: User) -> frozenset[int]:
    return _cached(
        user,
        "kecamatan_desa",
        lambda: Desa.objects.filter(kecamatan__in=_admin_kecamatan(user)).values_list("pk", flat=True),
    )


def desa_reach(user: AnyUser, action: Action) -> frozenset[int] | None:
    """Desa ids where the user may do `action` to non-public data; None means every desa."""
    akun = _akun(user)
    if akun is None:
        return frozenset()
    role = akun.peran
    if role == Peran.SUPERADMIN:
        return ALL
    if role == Peran.PERENCANA and action in {Action.VIEW, Action.ANALYSE}:
        return ALL
    if role == Peran.ADMIN_KECAMATAN:
        return _admin_desa(akun)
    if role == Peran.OPERATOR and action != Action.CHANGE_BOUNDARY:
        return _operator_desa(akun)
    return frozenset()


def kecamatan_reach(user: AnyUser) -> frozenset[int] | None:
    """Kecamatan ids whose own (kecamatan-level, desa-less) data `user` manages; None means every kecamatan."""
    akun = _akun(user)
    if akun is None:
        return frozenset()
    if akun.peran == Peran.SUPERADMIN:
        return ALL
    if akun.peran == Peran.ADMIN_KECAMATAN:
        return _admin_kecamatan(akun)
    return frozenset()


def _in_reach(reach: frozenset[int] | None, desa_id: int | None) -> bool:
    return reach is ALL or (desa_id is not None and desa_id in reach)


def desa_id_of(obj: Any) -> int | None:
    """The desa an object belongs to (None for kecamatan/kabupaten-level objects)."""
    if isinstance(obj, Desa):
        return obj.pk
    field = getattr(obj, "scope_desa_field", "desa")
    if "__" in field:
        value: Any = obj
        for part in field.split("__"):
            value = getattr(value, part, None)
        return getattr(value, "pk", value)
    return getattr(obj, f"{field}_id", None)


def _is_owner(user: AnyUser, obj: Any) -> bool:
    field = getattr(obj, "scope_owner_field", None)
    return bool(field and _role(user) and getattr(obj, f"{field}_id", None) == user.pk)


def _can_territory(user: AnyUser, action: Action, obj: Any) -> bool:
    if action == Action.VIEW:
        return True
    akun = _akun(user)
    if akun is None:
        return False
    role = akun.peran
    if role == Peran.SUPERADMIN:
        return True
    if role != Peran.ADMIN_KECAMATAN and role != Peran.OPERATOR:
        return False
    if isinstance(obj, Kabupaten) or obj is Kabupaten:
        return False
    if isinstance(obj, Kecamatan) or obj is Kecamatan:
        if role != Peran.ADMIN_KECAMATAN or action not in {Action.CHANGE, Action.CHANGE_BOUNDARY}:
            return False
        return obj is Kecamatan or obj.pk in _admin_kecamatan(akun)
    if isinstance(obj, Desa) or obj is Desa:
        # New desa and removing desa follow Kemendagri decisions: superadmin only.
        if action not in {Action.CHANGE, Action.CHANGE_BOUNDARY, Action.MODERATE}:
            return False
        if obj is Desa:
            return bool(desa_reach(user, action))
        return _in_reach(desa_reach(user, action), obj.pk)
    # Dusun: managed by the desa's operators and the kecamatan admin.
    if obj is Dusun:
        return bool(desa_reach(user, action))
    return _in_reach(desa_reach(user, action), obj.desa_id)


TERRITORY = (Kabupaten, Kecamatan, Desa, Dusun)


def can(user: AnyUser, action: Action | str, obj: Any) -> bool:
    """May `user` do `action` with `obj` (an instance, or a model class for 'any such object')?"""
    action = Action(action)
    if _role(user) == Peran.SUPERADMIN:
        return True
    if isinstance(obj, TERRITORY) or obj in TERRITORY:
        return _can_territory(user, action, obj)
    role = _role(user)
    if isinstance(obj, type):  # model-level question, e.g. may this user add assets at all?
        if action == Action.VIEW:
            return True
        if action == Action.ADD and role is not None and getattr(obj, "citizen_contributable", False):
            return True
        return bool(desa_reach(user, action))
    reach = desa_reach(user, action)
    in_scope = _in_reach(reach, desa_id_of(obj))
    kecamatan_field = getattr(obj, "scope_kecamatan_field", None)
    if kecamatan_field and desa_id_of(obj) is None:
        in_scope = reach is ALL or _in_reach(kecamatan_reach(user), getattr(obj, f"{kecamatan_field}_id", None))
    if action == Action.VIEW:
        return bool(getattr(obj, "is_public", True)) or in_scope or _is_owner(user, obj)
    if action == Action.ADD and role is not None and getattr(obj, "citizen_contributable", False):
        return desa_id_of(obj) is not None
    if action in {Action.CHANGE, Action.DELETE} and _is_owner(user, obj):
        return in_scope or bool(getattr(obj, "owner_may_edit", False))
    return in_scope


def boundary_file_refusal(user: AnyUser, level: str, existing: list[Any], new_codes: list[str]) -> str | None:
    """Why `user` may not load a boundary file of `level` that changes `existing` and creates `new_codes`
    (None when allowed). Creating territory and loading kecamatan/kabupaten files is for superadmins; an admin
    kecamatan may update desa of their own kecamatan only."""
    if _role(user) == Peran.SUPERADMIN:
        return None
    if level != "desa":
        return "Hanya superadmin yang dapat memuat batas kecamatan atau kabupaten."
    if new_codes:
        return (
            f"Desa {', '.join(new_codes[:5])} belum terdaftar; hanya superadmin yang dapat menambah desa "
            "(mengikuti keputusan Kemendagri)."
        )
    outside = [obj.kode for obj in existing if not can(user, Action.CHANGE_BOUNDARY, obj)]
    if outside:
        return f"Anda tidak berwenang mengubah batas desa {', '.join(outside[:5])} (di luar wilayah kerja Anda)."
    return None


# Levels of `Model.atribut_internal`: who may see an internal attribute of a row of a desa.
TINGKAT_ATRIBUT = {"lihat": Action.VIEW, "ubah": Action.CHANGE}


def atribut_internal(model: Any) -> dict[str, str]:
    """The internal attributes a model (or instance, or history record of one) declares, with their level."""
    declared = getattr(model, "atribut_internal", None)
    if declared is None:  # django-simple-history records: the declaration of the model they record
        declared = getattr(getattr(model, "instance_type", None), "atribut_internal", {})
    return dict(declared)


def jangkauan_atribut(user: AnyUser, model: Any, nama: str) -> frozenset[int] | None:
    """Desa ids whose rows show attribute `nama` to `user` (ALL: every desa); public attributes are ALL."""
    level = atribut_internal(model).get(nama)
    if level is None:
        return ALL
    return desa_reach(user, TINGKAT_ATRIBUT[level])


def atribut_tersembunyi(user: AnyUser, obj: Any, desa_id: int | None = None) -> set[str]:
    """Internal attributes of `obj` that `user` may not see: of an instance (its desa), of a model row in
    `desa_id`, or, for a model without a desa (a new row: the user chooses among their own desa), those the
    user may see in no desa at all."""
    desa = desa_id if desa_id is not None or isinstance(obj, type) else desa_id_of(obj)
    hidden = set()
    for nama in atribut_internal(obj):
        reach = jangkauan_atribut(user, obj, nama)
        if reach is ALL:
            continue
        if (desa is None and not reach) or (desa is not None and desa not in reach):
            hidden.add(nama)
    return hidden


def pengguna_terlihat(user: AnyUser, qs: models.QuerySet) -> models.QuerySet:
    """Accounts `user` may pick in a form (assignments, authors): superadmins all; admin kecamatan and operators
    the staff working in the desa they manage, and themselves; everyone else only themselves."""
    role = _role(user)
    if role == Peran.SUPERADMIN:
        return qs
    if role not in {Peran.ADMIN_KECAMATAN, Peran.OPERATOR}:
        return qs.filter(pk=user.pk)
    reach = desa_reach(user, Action.CHANGE) or frozenset()
    colleagues = Q(desa_kerja__in=reach) | Q(kecamatan_kerja__desa__in=reach)
    return qs.filter(Q(pk=user.pk) | (Q(is_active=True) & colleagues)).distinct()


def pilihan(user: AnyUser, qs: models.QuerySet) -> models.QuerySet:
    """The choices of a foreign key in a form: what `user` may change (territory, village data, layers), the
    accounts they may pick, their own rows of owned models; unscoped lookups (categories) as they are."""
    from django.contrib.auth import get_user_model

    model = qs.model
    if _role(user) == Peran.SUPERADMIN:
        return qs
    if model is get_user_model():
        return pengguna_terlihat(user, qs)
    if model in TERRITORY or model is Desa:
        return filter_queryset(user, Action.CHANGE, qs)
    if "desa" in {f.name for f in model._meta.get_fields()} or hasattr(model, "scope_desa_field"):
        return filter_queryset(user, Action.CHANGE, qs)
    owner = getattr(model, "scope_owner_field", None)
    if owner:
        return qs.filter(**{owner: user.pk})
    return qs


def _desa_lookup(model: type[models.Model]) -> str:
    if model is Desa:
        return "pk"
    return getattr(model, "scope_desa_field", "desa")


def filter_queryset(user: AnyUser, action: Action | str, qs: models.QuerySet) -> models.QuerySet:
    """Only the rows of `qs` that `user` may do `action` with."""
    action = Action(action)
    model = qs.model
    if _role(user) == Peran.SUPERADMIN:
        return qs
    if model in (Kabupaten, Kecamatan):
        if action == Action.VIEW:
            return qs
        akun = _akun(user)
        if (
            model is Kecamatan
            and akun is not None
            and akun.peran == Peran.ADMIN_KECAMATAN
            and action in {Action.CHANGE, Action.CHANGE_BOUNDARY}
        ):
            return qs.filter(pk__in=_admin_kecamatan(akun))
        return qs.none()
    if model is Desa and action in {Action.ADD, Action.DELETE}:
        return qs.none()
    reach = desa_reach(user, action)
    condition = Q() if reach is ALL else Q(**{f"{_desa_lookup(model)}__in": reach})
    kecamatan_field = getattr(model, "scope_kecamatan_field", None)
    if kecamatan_field and reach is not ALL:
        kecamatan = kecamatan_reach(user)
        own = Q() if kecamatan is ALL else Q(**{f"{kecamatan_field}__in": kecamatan})
        condition |= Q(**{f"{_desa_lookup(model)}__isnull": True}) & own
    if action == Action.VIEW and reach is not ALL:
        public = getattr(model, "scope_public_q", None)
        if public is None:  # nothing private about this model
            return qs
        condition |= public()
        owner = getattr(model, "scope_owner_field", None)
        if owner and _role(user):
            condition |= Q(**{owner: user.pk})
    return qs.filter(condition)


# ---- Operator accounts: an admin kecamatan appoints and manages the operators of their kecamatan's desa -----

PESAN_BUKAN_PENGELOLA = "Hanya admin kecamatan yang dapat mengelola operator desa."


def desa_kelola_operator(user: AnyUser) -> frozenset[int] | None:
    """Desa whose operators `user` manages (None: every desa, for superadmins; admin kecamatan: their desa)."""
    akun = _akun(user)
    if akun is None:
        return frozenset()
    if akun.peran == Peran.SUPERADMIN:
        return ALL
    if akun.peran == Peran.ADMIN_KECAMATAN:
        return _admin_desa(akun)
    return frozenset()


def boleh_kelola_operator(user: AnyUser) -> bool:
    """May `user` open the operator screen at all?"""
    reach = desa_kelola_operator(user)
    return reach is ALL or bool(reach)


def operator_terkelola(user: AnyUser, qs: models.QuerySet) -> models.QuerySet:
    """The operator accounts `user` manages: operators with at least one desa in reach, inactive ones too."""
    reach = desa_kelola_operator(user)
    qs = qs.filter(peran=Peran.OPERATOR)
    if reach is ALL:
        return qs
    return qs.filter(pk__in=qs.filter(desa_kerja__in=reach or ()).values("pk"))


def penolakan_kelola_operator(
    user: AnyUser, operator: User | None = None, *, desa: Iterable[int | str] = (), aktif: bool | None = None
) -> str | None:
    """Why `user` may not manage `operator` (None: a new account) by assigning it the desa `desa` (ids, within
    the user's reach; desa elsewhere stay as they are) or by (de)activating it; None when allowed. Roles are
    never handed out here: the account is and stays an operator."""
    reach = desa_kelola_operator(user)
    if reach is not ALL and not reach:
        return PESAN_BUKAN_PENGELOLA
    if operator is not None:
        if operator.pk == user.pk:
            return "Anda tidak dapat mengubah atau menonaktifkan akun Anda sendiri."
        if operator.peran != Peran.OPERATOR:
            return (
                f"Akun ini berperan {operator.get_peran_display().lower()}, bukan operator desa; peran dan status "
                "akun selain operator hanya diatur oleh superadmin."
            )
        milik = frozenset(operator.desa_kerja.values_list("pk", flat=True))
        if reach is not ALL and not milik & reach:
            return "Operator ini tidak bertugas di kecamatan Anda."
        if aktif is False and reach is not ALL and milik - reach:
            return (
                "Operator ini juga bertugas di desa di luar kecamatan Anda; hanya superadmin yang dapat "
                "menonaktifkan akunnya. Anda dapat melepas desa kecamatan Anda darinya."
            )
    luar = sorted({int(pk) for pk in desa} - reach) if reach is not ALL else []
    if luar:
        nama = ", ".join(Desa.objects.filter(pk__in=luar).order_by("nama").values_list("nama", flat=True)[:5])
        return (
            f"Desa {nama or luar[0]} di luar kecamatan Anda; Anda hanya dapat menugaskan operator ke desa di "
            "kecamatan Anda sendiri."
        )
    return None
