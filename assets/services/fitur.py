"""Create, change and delete village data, for every model, with scope checks and history."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Model, QuerySet
from simple_history.utils import bulk_update_with_history, get_history_manager_for_model

from assets.services.geometri import siapkan_geometri
from sig.akun import scope
from sig.akun.scope import Action
from sig.wilayah.models import Desa

if TYPE_CHECKING:
    from sig.akun.models import AnyUser, User


@dataclass
class HasilSimpan:
    obj: Any
    notices: list[str] = field(default_factory=list)


def _require(user: AnyUser, action: Action, obj: Any) -> None:
    if not scope.can(user, action, obj):
        raise PermissionDenied("Anda tidak berwenang untuk tindakan ini pada data desa tersebut.")


def fitur_simpan(*, obj: Any, data: dict[str, Any], by: User) -> HasilSimpan:
    """Create (obj without pk) or change a feature from cleaned field values; geometry validated against its desa."""
    creating = obj.pk is None
    if not creating:
        _require(by, Action.CHANGE, obj)  # in its current desa
    for name, value in data.items():
        if name != "geometri":
            setattr(obj, name, value)
    desa = obj.desa if getattr(obj, "desa_id", None) else None
    if desa is None:
        raise ValidationError({"desa": "Pilih desa."})
    _require(by, Action.ADD if creating else Action.CHANGE, obj)  # in its (possibly new) desa
    notices: list[str] = []
    if "geometri" in data or creating:
        geometri, notices = siapkan_geometri(
            data.get("geometri"),
            desa=desa,
            kinds=type(obj).geometry_kinds,
            multi=getattr(type(obj)._meta.get_field("geometri"), "geom_type", "") == "MULTIPOLYGON",
        )
        obj.geometri = geometri
    if creating and hasattr(obj, "dibuat_oleh_id") and by is not None and by.is_authenticated:
        obj.dibuat_oleh = by
    obj.full_clean()
    with transaction.atomic():
        _save_with_history(obj, by)
    return HasilSimpan(obj, notices)


# `_history_user`: the author django-simple-history records for the next version (an attribute it reads, undeclared).
def _save_with_history(obj: Model, by: User, **kwargs: Any) -> None:
    obj._history_user = by if getattr(by, "is_authenticated", False) else None  # type: ignore[attr-defined]
    obj.save(**kwargs)


def _delete_with_history(obj: Model, by: User) -> None:
    obj._history_user = by  # type: ignore[attr-defined]
    obj.delete()


def fitur_hapus(*, obj: Model, by: User) -> None:
    """Delete a feature; its history keeps the last version (restorable)."""
    _require(by, Action.DELETE, obj)
    _delete_with_history(obj, by)


def fitur_ubah_massal(*, queryset: QuerySet, changes: dict[str, Any], by: User) -> int:
    """Set the same field values on many features at once; each change is recorded in history."""
    objects = list(queryset)
    for obj in objects:
        _require(by, Action.CHANGE, obj)
        for name, value in changes.items():
            setattr(obj, name, value)
        obj.full_clean(exclude=["geometri"])
    with transaction.atomic():
        bulk_update_with_history(
            objects, type(objects[0]) if objects else queryset.model, list(changes), default_user=by, batch_size=500
        )
    return len(objects)


def riwayat_pulihkan(*, model: type[Model], pk: int, history_id: int, by: User) -> HasilSimpan:
    """Restore a feature (also a deleted one) to an earlier version from its history, geometry included."""
    record = get_history_manager_for_model(model).filter(id=pk, history_id=history_id).first()
    if record is None:
        raise ValidationError("Versi riwayat tidak ditemukan.")
    restored = record.instance
    current = model._default_manager.filter(pk=pk).first()
    _require(by, Action.CHANGE, current or restored)
    _require(by, Action.CHANGE, restored)
    if not Desa.objects.filter(pk=restored.desa_id).exists():
        raise ValidationError("Desa versi ini sudah tidak ada.")
    with transaction.atomic():
        restored._change_reason = f"Dipulihkan ke versi {record.history_date:%d-%m-%Y %H:%M}"
        _save_with_history(restored, by)
    return HasilSimpan(restored, [f"Data dipulihkan ke versi {record.history_date:%d-%m-%Y %H:%M}."])
