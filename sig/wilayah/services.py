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
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from shapely.geometry.base import BaseGeometry

from sig.crs import INDONESIA_BBOX
from sig.teks import alasan_geometri
from sig.wilayah.models import KODE_DESA, KODE_KABUPATEN, KODE_KECAMATAN, Desa, Kabupaten, Kecamatan

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
        kabupaten = Kabupaten.objects.create(kode=kode, nama=nama or "", provinsi=provinsi or "")
        report._catat("kabupaten", "baru", kode)
        report.notices.append(f"Kabupaten {kode} dibuat ({kabupaten.nama_tampil}).")
    elif nama and kabupaten.nama != nama:
        kabupaten.nama = nama
        kabupaten.save(update_fields=["nama", "diubah"])
        report._catat("kabupaten", "diperbarui", kode)
    else:
        report._catat("kabupaten", "tetap", kode)
    if not kabupaten.nama and kode not in report.tanpa_nama:
        report.tanpa_nama.append(kode)
    return kabupaten


def _sama(old: Any, row: dict[str, Any]) -> bool:
    """Whether an existing row already holds these values (the boundary compared exactly, coordinate by
    coordinate: a re-import of the same file changes nothing)."""
    for name, value in row.items():
        if name == "batas":
            if old.batas is None or not old.batas.equals_exact(value, 0):
                return False
        elif isinstance(value, Kabupaten | Kecamatan):
            if getattr(old, f"{name}_id") != value.pk:
                return False
        elif getattr(old, name) != value:
            return False
    return True


def _upsert(model: type[Any], rows: list[dict[str, Any]], report: LoadReport) -> None:
    """Insert new codes, update changed ones; identical rows are left alone (their boundary stays in force
    since when it was, see Desa.batas_sejak) and counted as unchanged."""
    existing = {obj.kode: obj for obj in model.objects.filter(kode__in=[r["kode"] for r in rows])}
    write = []
    for row in rows:
        old = existing.get(row["kode"])
        if old is None:
            report.created.append(row["kode"])
        elif _sama(old, row):
            report.unchanged.append(row["kode"])
            continue
        else:
            report.updated.append(row["kode"])
        write.append(row)
    if not write:
        return
    objects = [model(**row) for row in write]
    update_fields = [k for k in write[0] if k != "kode"] + ["diubah"]
    now = timezone.now()
    for obj in objects:
        obj.dibuat = obj.diubah = now
        if model is Desa:  # every boundary the file changes comes into force at one moment
            old = existing.get(obj.kode)
            same = old is not None and old.batas is not None and old.batas.equals_exact(obj.batas, 0)
            obj.batas_sejak = old.batas_sejak if same and old is not None else now
    if model is Desa:
        update_fields.append("batas_sejak")
    model.objects.bulk_create(objects, update_conflicts=True, unique_fields=["kode"], update_fields=update_fields)


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
                parents = {k: _kabupaten(k, kabupaten_nama, provinsi, report) for k in sorted({c[:5] for c in codes})}
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
            report.tumpang = tumpang_tindih(level, codes)
    except IntegrityError as exc:
        raise WilayahError(_database_message(exc)) from exc
    return report


def tumpang_tindih(level: str, codes: list[str]) -> list[dict[str, Any]]:
    """Overlaps (at least MIN_TUMPANG_HA, on the spheroid) of the given territory with existing territory of
    the same level and another code, largest first."""
    if level not in {"kecamatan", "desa"}:
        return []
    table = TINGKAT_TABEL[level]
    with connection.cursor() as cursor:
        cursor.execute(
            f"""SELECT kode, nama, kode_lain, nama_lain, ha FROM (
                  SELECT n.kode, n.nama, e.kode AS kode_lain, e.nama AS nama_lain,
                         ST_Area(ST_Intersection(n.batas, e.batas)::geography) / 10000.0 AS ha
                  FROM {table} n JOIN {table} e ON n.batas && e.batas AND ST_Intersects(n.batas, e.batas)
                   AND e.kode <> ALL(%s)
                  WHERE n.kode = ANY(%s)) s
                WHERE ha >= %s ORDER BY ha DESC, kode, kode_lain LIMIT %s""",
            [codes, codes, MIN_TUMPANG_HA, MAKS_TUMPANG],
        )
        return [
            {"kode": k, "nama": n, "kode_lain": kl, "nama_lain": nl, "luas_ha": round(float(ha), 2)}
            for k, n, kl, nl, ha in cursor.fetchall()
        ]


def _ensure_kecamatan(
    features: list[_Feature], kabupaten_nama: str | None, provinsi: str | None, report: LoadReport
) -> None:
    """Kecamatan of the file's desa: existing ones are left as they are; missing ones are created from the
    union of their desa, without a name (unknown until the kecamatan file is loaded; never invented)."""
    groups: dict[str, list[BaseGeometry]] = defaultdict(list)
    for f in features:
        groups[f.kode[:8]].append(f.geometry)
    known = {k.kode: k for k in Kecamatan.objects.filter(kode__in=groups)}
    for kode, geoms in sorted(groups.items()):
        if kode in known:
            report._catat("kecamatan", "tetap", kode)
            if not known[kode].nama:
                report.tanpa_nama.append(kode)
            continue
        union = _multipolygon(shapely.union_all(geoms), 0, [])
        kabupaten = _kabupaten(kode[:5], kabupaten_nama, provinsi, report)
        Kecamatan.objects.create(kode=kode, nama="", kabupaten=kabupaten, batas=_to_geos(union))
        report._catat("kecamatan", "baru", kode)
        report.tanpa_nama.append(kode)
        report.notices.append(
            f"Kecamatan {kode} belum ada: dibuat dari gabungan batas desanya, nama belum diketahui; "
            "muat berkas kecamatan untuk nama resminya."
        )


def _database_message(exc: IntegrityError) -> str:
    cause = getattr(exc, "__cause__", None)
    diag = getattr(cause, "diag", None)
    primary = getattr(diag, "message_primary", None)
    return primary or str(exc).splitlines()[0]
