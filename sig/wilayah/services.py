"""Writes to territory: loading boundary files (kabupaten, kecamatan, desa) with upsert by Kemendagri code."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, cast

import shapely
from django.conf import settings
from django.contrib.gis.geos import GEOSGeometry, MultiPolygon
from django.db import IntegrityError, transaction
from django.utils import timezone
from shapely.geometry.base import BaseGeometry

from sig.crs import INDONESIA_BBOX
from sig.teks import alasan_geometri
from sig.wilayah.models import KODE_DESA, KODE_KABUPATEN, KODE_KECAMATAN, Desa, Kabupaten, Kecamatan

TINGKAT_PATTERN = {"kabupaten": KODE_KABUPATEN, "kecamatan": KODE_KECAMATAN, "desa": KODE_DESA}


class WilayahError(ValueError):
    """A boundary file cannot be loaded; nothing was written. The message is for the operator."""


@dataclass
class LoadReport:
    tingkat: str
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return f"{self.tingkat}: {len(self.created)} baru, {len(self.updated)} diperbarui" + (
            f", {len(self.notices)} catatan" if self.notices else ""
        )


@dataclass
class _Feature:
    number: int
    kode: str
    nama: str
    geometry: BaseGeometry


def _multipolygon(geom: BaseGeometry | None, number: int, notices: list[str]) -> BaseGeometry:
    if geom is None or geom.is_empty:
        raise WilayahError(f"Fitur #{number}: geometri kosong.")
    geom = shapely.force_2d(geom)
    if not geom.is_valid:
        reason = alasan_geometri(shapely.is_valid_reason(geom))
        geom = shapely.make_valid(geom)
        notices.append(f"Fitur #{number}: geometri tidak valid ({reason}) diperbaiki.")
    polygons = [g for g in shapely.get_parts(geom) if g.geom_type in {"Polygon", "MultiPolygon"}]
    parts = [p for g in polygons for p in shapely.get_parts(g)]
    if not parts:
        raise WilayahError(f"Fitur #{number}: geometri {geom.geom_type} bukan poligon.")
    return shapely.MultiPolygon(parts)


def _to_geos(geom: BaseGeometry) -> MultiPolygon:
    return cast(MultiPolygon, GEOSGeometry(memoryview(shapely.to_wkb(geom)), srid=settings.STORAGE_SRID))


def normal_kode(value: Any) -> str:
    """Kemendagri codes as written with dots; '3205072001' and '32.05.07.2001' both become the latter."""
    text = str(value or "").strip()
    if text.isdecimal() and len(text) in {4, 6, 10}:
        parts = [text[0:2], text[2:4], text[4:6], text[6:10]]
        return ".".join(p for p in parts if p)
    return text


def _features(frame: Any, source: int, field_kode: str, field_nama: str) -> tuple[list[_Feature], list[str]]:
    for column in (field_kode, field_nama):
        if column not in frame.columns:
            raise WilayahError(f"Kolom '{column}' tidak ada. Kolom yang tersedia: {', '.join(frame.columns[:-1])}.")
    frame = frame.set_crs(source, allow_override=True)
    if source != settings.STORAGE_SRID:
        frame = frame.to_crs(settings.STORAGE_SRID)
    notices: list[str] = []
    features = []
    for number, row in enumerate(frame.itertuples(index=False), start=1):
        kode = normal_kode(getattr(row, field_kode))
        nama = str(getattr(row, field_nama) or "").strip()
        if not nama:
            raise WilayahError(f"Fitur #{number}: nama kosong.")
        geom = _multipolygon(row.geometry, number, notices)
        minx, miny, maxx, maxy = geom.bounds
        if minx < INDONESIA_BBOX[0] or maxx > INDONESIA_BBOX[2] or miny < INDONESIA_BBOX[1] or maxy > INDONESIA_BBOX[3]:
            raise WilayahError(
                f"Fitur #{number} ({kode}): koordinat di luar Indonesia ({minx:.4f}, {miny:.4f}); periksa CRS."
            )
        features.append(_Feature(number, kode, nama, geom))
    if not features:
        raise WilayahError("Berkas tidak berisi fitur.")
    return features, notices


def _tingkat_of(features: list[_Feature], tingkat: str | None) -> str:
    """The level given, or the one the first recognisable code belongs to; every code must then fit it."""
    if tingkat is None:
        tingkat = next(
            (name for f in features for name, pattern in TINGKAT_PATTERN.items() if re.match(pattern, f.kode)),
            None,
        )
    bad = next((f for f in features if tingkat is None or not re.match(TINGKAT_PATTERN[tingkat], f.kode)), None)
    if bad is not None or tingkat is None:
        bad = bad or features[0]
        raise WilayahError(
            f"Fitur #{bad.number}: kode '{bad.kode}' bukan kode Kemendagri {tingkat or 'yang dikenal'} "
            "(contoh: 32.05 kabupaten, 32.05.07 kecamatan, 32.05.07.2001 desa)."
        )
    return tingkat


def _kabupaten(kode: str, nama: str | None, provinsi: str | None, report: LoadReport) -> Kabupaten:
    kabupaten = Kabupaten.objects.filter(kode=kode).first()
    if kabupaten is None:
        kabupaten = Kabupaten.objects.create(kode=kode, nama=nama or f"Kabupaten {kode}", provinsi=provinsi or "")
        report.notices.append(f"Kabupaten {kode} dibuat ({kabupaten.nama}).")
    elif nama and kabupaten.nama != nama:
        kabupaten.nama = nama
        kabupaten.save(update_fields=["nama", "diubah"])
    return kabupaten


def _upsert(model: type[Any], rows: list[dict[str, Any]], report: LoadReport) -> None:
    existing = set(model.objects.filter(kode__in=[r["kode"] for r in rows]).values_list("kode", flat=True))
    objects = [model(**row) for row in rows]
    update_fields = [k for k in rows[0] if k != "kode"] + ["diubah"]
    now = timezone.now()
    for obj in objects:
        obj.dibuat = obj.diubah = now
    model.objects.bulk_create(objects, update_conflicts=True, unique_fields=["kode"], update_fields=update_fields)
    for row in rows:
        (report.updated if row["kode"] in existing else report.created).append(row["kode"])


def muat_batas_frame(
    *,
    frame: Any,
    epsg: int,
    tingkat: str | None = None,
    kabupaten_nama: str | None = None,
    provinsi: str | None = None,
    field_kode: str = "kode",
    field_nama: str = "nama",
    izin: Callable[[str, list[Any], list[str]], str | None] | None = None,
) -> LoadReport:
    """Load boundaries from a (geo)data frame in an allow-listed CRS, all or nothing.

    `izin(level, existing, new_codes)` (the caller's scope rule) may refuse before anything is written: it gets
    the level, the existing objects the file would change and the codes it would create."""
    features, notices = _features(frame, epsg, field_kode, field_nama)
    level = _tingkat_of(features, tingkat)
    codes = [f.kode for f in features]
    duplicates = sorted({c for c in codes if codes.count(c) > 1})
    if duplicates:
        raise WilayahError(f"Kode ganda di berkas: {', '.join(duplicates)}.")
    if izin is not None:
        model: Any = {"kabupaten": Kabupaten, "kecamatan": Kecamatan, "desa": Desa}[level]
        existing = list(model.objects.filter(kode__in=codes))
        known = {obj.kode for obj in existing}
        reason = izin(level, existing, [c for c in codes if c not in known])
        if reason:
            raise WilayahError(reason)
    report = LoadReport(tingkat=level, notices=notices)
    try:
        with transaction.atomic():
            if level == "kabupaten":
                _upsert(
                    Kabupaten,
                    [
                        {"kode": f.kode, "nama": f.nama, "batas": _to_geos(f.geometry), "provinsi": provinsi or ""}
                        for f in features
                    ],
                    report,
                )
            elif level == "kecamatan":
                parents = {k: _kabupaten(k, kabupaten_nama, provinsi, report) for k in {c[:5] for c in codes}}
                _upsert(
                    Kecamatan,
                    [
                        {
                            "kode": f.kode,
                            "nama": f.nama,
                            "batas": _to_geos(f.geometry),
                            "kabupaten": parents[f.kode[:5]],
                        }
                        for f in features
                    ],
                    report,
                )
            else:
                _ensure_kecamatan(features, kabupaten_nama, provinsi, report)
                kecamatan = {k.kode: k for k in Kecamatan.objects.filter(kode__in={c[:8] for c in codes})}
                _upsert(
                    Desa,
                    [
                        {
                            "kode": f.kode,
                            "nama": f.nama,
                            "batas": _to_geos(f.geometry),
                            "kecamatan": kecamatan[f.kode[:8]],
                            "jenis": Desa.Jenis.KELURAHAN if f.kode[9] == "1" else Desa.Jenis.DESA,
                        }
                        for f in features
                    ],
                    report,
                )
    except IntegrityError as exc:
        raise WilayahError(_database_message(exc)) from exc
    return report


def _ensure_kecamatan(
    features: list[_Feature], kabupaten_nama: str | None, provinsi: str | None, report: LoadReport
) -> None:
    groups: dict[str, list[BaseGeometry]] = defaultdict(list)
    for f in features:
        groups[f.kode[:8]].append(f.geometry)
    known = set(Kecamatan.objects.filter(kode__in=groups).values_list("kode", flat=True))
    for kode, geoms in groups.items():
        if kode in known:
            continue
        union = _multipolygon(shapely.union_all(geoms), 0, [])
        kabupaten = _kabupaten(kode[:5], kabupaten_nama, provinsi, report)
        Kecamatan.objects.create(kode=kode, nama=f"Kecamatan {kode}", kabupaten=kabupaten, batas=_to_geos(union))
        report.notices.append(
            f"Kecamatan {kode} belum ada: dibuat dari gabungan batas desanya; "
            "muat berkas kecamatan untuk nama resminya."
        )


def _database_message(exc: IntegrityError) -> str:
    cause = getattr(exc, "__cause__", None)
    diag = getattr(cause, "diag", None)
    primary = getattr(diag, "message_primary", None)
    return primary or str(exc).splitlines()[0]
