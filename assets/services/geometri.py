"""Geometry of village data: 2D, valid (repaired with a notice), of an accepted kind, inside its desa."""

from __future__ import annotations

from typing import Any

from django.contrib.gis.geos import GEOSGeometry, MultiPolygon, Polygon, WKBWriter
from django.core.exceptions import ValidationError

from sig.geo import baca_geometri
from sig.teks import NAMA_JENIS, alasan_geometri
from sig.wilayah.models import Desa

# About 1 m: drawings snapped to the desa boundary sit on it, not a hair outside.
TOLERANSI_DERAJAT = 0.00001


def _base_kind(geom: GEOSGeometry) -> str:
    return geom.geom_type.removeprefix("Multi")


def siapkan_geometri(
    value: Any, *, desa: Desa, kinds: tuple[str, ...], multi: bool = False
) -> tuple[GEOSGeometry, list[str]]:
    """Validate and normalise a geometry for a feature of `desa`; returns it with notices for the user."""
    notices: list[str] = []
    geom = baca_geometri(value)
    if geom.empty:
        raise ValidationError({"geometri": "Geometri kosong; gambar lokasinya di peta."})
    if geom.hasz:
        geom = _force_2d(geom)
    if geom.geom_type == "GeometryCollection":
        raise ValidationError({"geometri": "Campuran beberapa jenis geometri tidak diterima; gambar satu jenis saja."})
    if not geom.valid:
        reason = alasan_geometri(geom.valid_reason)
        repaired = geom.make_valid()  # type: ignore[attr-defined]  # GEOS >= 3.8, missing from the stubs
        polygons = [g for g in _parts(repaired) if g.geom_type == "Polygon" and g.area > 0]
        if _base_kind(geom) != "Polygon" or not polygons:
            raise ValidationError({"geometri": f"Geometri tidak valid ({reason}) dan tidak dapat diperbaiki."})
        geom = polygons[0] if len(polygons) == 1 else MultiPolygon(*polygons, srid=4326)
        notices.append(f"Geometri tidak valid ({reason}) telah diperbaiki; periksa bentuknya di peta.")
    kind = _base_kind(geom)
    if kind not in kinds:
        allowed = ", ".join(NAMA_JENIS[k] for k in kinds)
        raise ValidationError(
            {"geometri": f"Jenis geometri {NAMA_JENIS.get(kind, kind)} tidak diterima; gunakan {allowed}."}
        )
    if multi and kind == "Polygon" and isinstance(geom, Polygon):
        geom = MultiPolygon(geom, srid=4326)
    assert desa.batas is not None  # a desa always has a boundary (CHECK constraint)
    batas = desa.batas.buffer(TOLERANSI_DERAJAT)
    if kind == "LineString":
        if not batas.intersects(geom):
            raise ValidationError({"geometri": f"Garis tidak menyentuh wilayah Desa {desa.nama}."})
    elif not batas.covers(geom):
        raise ValidationError({"geometri": f"Lokasi berada di luar batas Desa {desa.nama}."})
    return geom, notices


def _parts(geom: Any) -> list[GEOSGeometry]:
    if geom.geom_type in {"MultiPolygon", "GeometryCollection", "MultiLineString", "MultiPoint"}:
        return [p for g in geom for p in _parts(g)]
    return [geom]


def _force_2d(geom: GEOSGeometry) -> GEOSGeometry:
    writer = WKBWriter()
    writer.outdim = 2
    return GEOSGeometry(writer.write(geom), srid=geom.srid)
