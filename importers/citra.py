"""Drone/orthophoto imagery as a basemap: who may register it, and recording the COG the sandbox made
(importers.readers.raster) under a server-made name. Tiles: layers.citra."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.contrib.gis.geos import Polygon
from django.core.exceptions import PermissionDenied

from importers.raster import _salin_biasa
from importers.readers import ImporError
from sig.akun import scope
from sig.akun.scope import Action
from sig.penyimpanan import folder_privat
from sig.wilayah.models import Desa, Kecamatan
from survei.models import CitraUdara

if TYPE_CHECKING:
    from sig.akun.models import User


def izin(by: User | None, desa: Desa | None, publik: bool) -> None:
    """Imagery of a desa: its staff (operator, admin kecamatan); imagery of the whole install: public only,
    registered by an admin kecamatan or superadmin. The command line (by None) may do both."""
    if by is None:
        return
    if desa is None:
        if not publik:
            raise PermissionDenied("Citra yang tidak publik harus milik satu desa; pilih desanya.")
        if not scope.can(by, Action.CHANGE, Kecamatan):
            raise PermissionDenied("Hanya admin kecamatan atau superadmin yang dapat mendaftarkan citra tanpa desa.")
        return
    if not scope.can(by, Action.ADD, _DiDesa(desa.pk)):
        raise PermissionDenied("Anda tidak dapat mendaftarkan citra untuk desa ini.")


class _DiDesa:  # what the scope function reads of a new row of a desa
    def __init__(self, desa_id: int) -> None:
        self.desa_id = desa_id


def daftarkan(
    path: Path,
    info: dict[str, Any] | None,
    *,
    nama: str,
    desa: Desa | None,
    publik: bool,
    by: User | None,
    dry_run: bool,
) -> dict[str, Any]:
    """Record checked imagery (`info` from the sandbox, with its zooms) as a basemap; a dry run records nothing."""
    if info is None or "maks_zoom" not in info:
        raise ImporError("Berkas citra tidak dapat dibaca.")
    if dry_run:
        return info
    footprint = Polygon.from_bbox(tuple(info["cakupan"]))
    footprint.srid = 4326
    target = folder_privat("citra") / f"{uuid.uuid4().hex}.tif"  # served only as scoped tiles
    _salin_biasa(path, target)
    try:
        citra = CitraUdara.objects.create(
            nama=nama[:150],
            desa=desa,
            publik=publik,
            berkas=str(target),
            epsg=info["epsg"],
            lebar=info["lebar"],
            tinggi=info["tinggi"],
            jumlah_band=info["jumlah_band"],
            min_zoom=info["min_zoom"],
            maks_zoom=info["maks_zoom"],
            cakupan=footprint,
            dibuat_oleh=by if getattr(by, "is_authenticated", False) else None,
        )
    except BaseException:
        target.unlink(missing_ok=True)  # nothing kept when the record is not
        raise
    return {**info, "id": citra.pk}
