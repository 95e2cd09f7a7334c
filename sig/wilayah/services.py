"""Writes to territory: loading boundary files (kabupaten, kecamatan, desa) with upsert by Kemendagri code."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import shapely
from django.conf import settings
from django.db import transaction
from shapely.geometry.base import BaseGeometry

from sig.crs import INDONESIA_BBOX
from sig.log import waktu_langkah
from sig.teks import alasan_geometri
from sig.wilayah import muat, staging
from sig.wilayah.models import KODE_DESA, KODE_KABUPATEN, KODE_KECAMATAN

logger = logging.getLogger(__name__)
TINGKAT_PATTERN = {"kabupaten": KODE_KABUPATEN, "kecamatan": KODE_KECAMATAN, "desa": KODE_DESA}


class WilayahError(ValueError):
    """A boundary file cannot be loaded; nothing was written. The message is for the operator."""


TINGKAT_TABEL = {"kabupaten": "wilayah_kabupaten", "kecamatan": "wilayah_kecamatan", "desa": "wilayah_desa"}
# Overlaps smaller than this are digitising slivers between sources, not a second polygon on the same land.
MIN_TUMPANG_HA = 0.1
MAKS_TUMPANG = 200


@dataclass
class LoadReport:
    """What a boundary file did (or, in a preview, would do): codes per level and state, names that are
    unknown, overlaps with other existing territory of the same level."""

    tingkat: str
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    induk: dict[str, dict[str, list[str]]] = field(default_factory=dict)  # parent level -> state -> codes
    tanpa_nama: list[str] = field(default_factory=list)  # codes of territory whose name is unknown
    tumpang: list[dict[str, Any]] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"{self.tingkat}: {len(self.created)} baru, {len(self.updated)} diperbarui, "
            f"{len(self.unchanged)} tetap" + (f", {len(self.notices)} catatan" if self.notices else "")
        )

    def per_tingkat(self) -> dict[str, dict[str, list[str]]]:
        """Every level the file touches, from the top: {'kecamatan': {'baru': [...], ...}, 'desa': {...}}."""
        levels = {
            **self.induk,
            self.tingkat: {"baru": self.created, "diperbarui": self.updated, "tetap": self.unchanged},
        }
        return {t: levels[t] for t in TINGKAT_PATTERN if t in levels}

    def _catat(self, level: str, state: str, kode: str) -> None:
        bucket = self.induk.setdefault(level, {"baru": [], "diperbarui": [], "tetap": []})
        if kode not in bucket[state]:
            bucket[state].append(kode)


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


def muat_batas_staging(
    *,
    tingkat: str | None = None,
    kabupaten_nama: str | None = None,
    provinsi: str | None = None,
    izin: Callable[[str, list[Any], list[str]], str | None] | None = None,
    notices: list[str] | None = None,
) -> LoadReport:
    """Load the boundaries staged in sig.wilayah.staging.STAGING (this transaction), all or nothing.

    `izin(level, existing, new_codes)` (the caller's scope rule) may refuse before anything is written: it gets
    the level, the existing objects the file would change and the codes it would create."""
    with waktu_langkah(logger, "Muat batas: pemeriksaan"):
        level = muat.periksa(tingkat, WilayahError)
        if izin is not None:
            existing, baru = muat.izin_dari_staging(level)
            reason = izin(level, existing, baru)
            if reason:
                raise WilayahError(reason)
    report = LoadReport(tingkat=level, notices=list(notices or []))
    with transaction.atomic():
        muat.muat(report, level, kabupaten_nama=kabupaten_nama, provinsi=provinsi, galat=WilayahError)
        with waktu_langkah(logger, "Muat batas: tumpang tindih"):
            report.tumpang = muat.tumpang_tindih(level, MIN_TUMPANG_HA, MAKS_TUMPANG)
    return report


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
    """Load boundaries from a (geo)data frame in an allow-listed CRS, all or nothing (through the staging table)."""
    features, notices = _features(frame, epsg, field_kode, field_nama)
    rows = pd.DataFrame(
        {"kode": [f.kode for f in features], "nama": [f.nama for f in features]}, index=[f.number for f in features]
    )
    geoms = shapely.set_srid(np.array([f.geometry for f in features], dtype=object), settings.STORAGE_SRID)
    with transaction.atomic():
        staging.buat_staging()
        penampung = staging.Penampung()
        try:
            penampung.tambah(rows, shapely.to_wkb(geoms, include_srid=True))
            penampung.gabung()
        finally:
            penampung.tutup()
        return muat_batas_staging(
            tingkat=tingkat, kabupaten_nama=kabupaten_nama, provinsi=provinsi, izin=izin, notices=notices
        )
