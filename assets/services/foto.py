"""Photos of village data: cleaned by sig.foto, stored under random names, at most a few per feature."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Model

from assets.models import Foto
from assets.services.fitur import _require
from sig.akun.scope import Action
from sig.foto import FotoError, bersihkan_foto

if TYPE_CHECKING:
    from sig.akun.models import User

MAKS_FOTO_PER_FITUR = 12


def foto_tambah(
    *, objek: Model, berkas: Any, by: User, keterangan: str = ""
) -> tuple[Foto, tuple[float, float] | None]:
    """Attach a photo; returns it and the GPS position read from it (a location suggestion, not stored)."""
    _require(by, Action.CHANGE, objek)
    content_type = ContentType.objects.get_for_model(objek)
    if Foto.objects.filter(content_type=content_type, object_id=objek.pk).count() >= MAKS_FOTO_PER_FITUR:
        raise ValidationError(f"Paling banyak {MAKS_FOTO_PER_FITUR} foto untuk satu data.")
    size = getattr(berkas, "size", None)
    if size is not None and size > 12 * 1024 * 1024:
        raise ValidationError("Foto terlalu besar; batasnya 12 MB.")
    try:
        bersih = bersihkan_foto(berkas.read(12 * 1024 * 1024 + 1))
    except FotoError as exc:
        raise ValidationError(str(exc)) from exc
    name = f"{uuid.uuid4().hex}.jpg"
    foto = Foto(
        content_type=content_type,
        object_id=objek.pk,
        keterangan=keterangan[:200],
        diunggah_oleh=by,
        lebar=bersih.lebar,
        tinggi=bersih.tinggi,
    )
    with transaction.atomic():
        foto.berkas.save(name, ContentFile(bersih.data), save=False)
        foto.thumbnail.save(name, ContentFile(bersih.thumbnail), save=False)
        try:
            foto.save()
        except BaseException:  # no orphan files when the row cannot be written
            foto.berkas.delete(save=False)
            foto.thumbnail.delete(save=False)
            raise
    return foto, bersih.gps


def foto_hapus(*, foto: Foto, by: User) -> None:
    _require(by, Action.CHANGE, foto.objek)
    foto.berkas.delete(save=False)
    foto.thumbnail.delete(save=False)
    foto.delete()


def foto_dari(objek: Model) -> list[Foto]:
    content_type = ContentType.objects.get_for_model(objek)
    return list(Foto.objects.filter(content_type=content_type, object_id=objek.pk))
