"""What a boundary import tells the operator, in the preview and in the saved report alike (both come from the
same run, before its transaction commits or rolls back): counts per level, names that are unknown, overlaps
with existing desa, a map of what changes, and the village data that now lies in another desa."""

from __future__ import annotations

import json
import logging
from functools import partial
from typing import TYPE_CHECKING, Any

import pandas as pd
from django.apps import apps
from django.contrib.gis.db.models import GeometryField
from django.db import connection, transaction
from django.db.models import Model

from importers.baca import Bacaan
from importers.keputusan import Batal, pesan_pratinjau, tak_dipetakan
from importers.models import ImportRun
from importers.readers import MAKS_MASALAH, Catatan, ImporError, Masalah
from sig.akun import scope
from sig.impor import normal
from sig.log import waktu_langkah
from sig.wilayah import staging
from sig.wilayah.models import Desa
from sig.wilayah.services import TINGKAT_TABEL, LoadReport, normal_kode

TABEL_DESA = Desa._meta.db_table
logger = logging.getLogger(__name__)

if TYPE_CHECKING:
    from importers.permintaan import Permintaan

MAKS_CONTOH_PINDAH = 20
MAKS_PETA = 500  # features in the preview map (a national file changes ~83k desa: the table gives the counts)
NAMA_TINGKAT = {"kabupaten": "Kabupaten", "kecamatan": "Kecamatan", "desa": "Desa"}


def _data_desa() -> list[tuple[type[Model], str]]:
    """Village data tied to one desa by location: every model with a `desa` foreign key and a geometry (not
    territory itself, not history records)."""
    found = []
    for model in apps.get_models():
        names = {f.name for f in model._meta.concrete_fields}
        if model._meta.app_label == "wilayah" or "history_id" in names:
            continue
        desa = next((f for f in model._meta.concrete_fields if f.name == "desa" and f.related_model is Desa), None)
        geom = next((f for f in model._meta.concrete_fields if isinstance(f, GeometryField)), None)
        if desa is not None and geom is not None:
            found.append((model, geom.column))
    return sorted(found, key=lambda m: m[0]._meta.label)


def perpindahan(kode_desa: list[str]) -> list[dict[str, Any]]:
    """Village data whose location now falls in another desa (by the boundaries in force, the same rule that
    routes new complaints: wilayah_desa_berlaku) because these desa were created or changed. Stored data
    keeps its desa; the list says what an operator may want to move."""
    # One array parameter (a national file has more codes than a query has slots), written as an array literal of
    # the checked codes: psycopg adapts a list at ~5 µs per element. The ids come back the same way.
    with connection.cursor() as cursor:
        larik = "{" + ",".join(kode_desa) + "}"
        cursor.execute(f"SELECT array_agg(id)::text FROM {TABEL_DESA} WHERE kode = ANY(%s::text[])", [larik])
        ids = cursor.fetchone()[0]
    if not ids:
        return []
    names: dict[int, str] = {}
    hasil = []
    for model, geom in _data_desa():
        table = model._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                f"""SELECT id, lama, baru FROM (
                      SELECT t.id, t.desa_id AS lama, wilayah_desa_berlaku(ST_PointOnSurface(t.{geom})) AS baru
                      FROM {table} t
                      WHERE t.desa_id IN (SELECT unnest(%s::bigint[])) OR EXISTS (SELECT 1 FROM {TABEL_DESA} d
                            WHERE d.batas && t.{geom} AND ST_Intersects(d.batas, t.{geom})
                            AND d.id IN (SELECT unnest(%s::bigint[])))) s
                    WHERE baru IS DISTINCT FROM lama ORDER BY id""",
                [ids, ids],
            )
            rows = cursor.fetchall()
        if not rows:
            continue
        names = names or dict(Desa.objects.values_list("pk", "nama"))
        labels = {obj.pk: str(obj) for obj in model._default_manager.filter(pk__in=[r[0] for r in rows[:20]])}
        hasil.append(
            {
                "data": str(model._meta.verbose_name_plural),
                "jumlah": len(rows),
                "contoh": [
                    {
                        "id": pk,
                        "teks": labels.get(pk, f"#{pk}"),
                        "dari": names.get(lama, "?"),
                        "ke": names.get(baru, "") if baru else "",
                    }
                    for pk, lama, baru in rows[:MAKS_CONTOH_PINDAH]
                ],
            }
        )
    return hasil


def peta(report: LoadReport) -> dict[str, Any]:
    """The file's territory as it would stand, simplified (~20 m), each with its state (baru/diperbarui/tetap)."""
    state = {
        **{k: "baru" for k in report.created},
        **{k: "diperbarui" for k in report.updated},
        **{k: "tetap" for k in report.unchanged},
    }
    table = TINGKAT_TABEL[report.tingkat]
    shown = sorted(state)[:MAKS_PETA]
    with connection.cursor() as cursor:
        cursor.execute(
            f"""SELECT coalesce(json_agg(json_build_object('type', 'Feature', 'id', kode,
                  'geometry', ST_AsGeoJSON(ST_SimplifyPreserveTopology(batas, 0.0002), 5)::json,
                  'properties', json_build_object('kode', kode, 'nama', nama)) ORDER BY kode), '[]')::text
                FROM {table} WHERE kode IN (SELECT unnest(%s::text[]))""",
            [shown],
        )
        features = json.loads(cursor.fetchone()[0])
        lain = sorted({t["kode_lain"] for t in report.tumpang})
        cursor.execute(
            f"""SELECT coalesce(json_agg(json_build_object('type', 'Feature', 'id', 'ada-' || kode,
                  'geometry', ST_AsGeoJSON(ST_SimplifyPreserveTopology(batas, 0.0002), 5)::json,
                  'properties', json_build_object('kode', kode, 'nama', nama)) ORDER BY kode), '[]')::text
                FROM {table} WHERE kode = ANY(%s)""",
            [lain],
        )
        overlapped = json.loads(cursor.fetchone()[0])
    label = NAMA_TINGKAT[report.tingkat]
    for f in features:
        props = f["properties"]
        props["status"] = state[props["kode"]]
        props["nama"] = f"{label} {props['nama'] or props['kode']} ({props['kode']}): {props['status']}"
    for f in overlapped:
        props = f["properties"]
        props["status"] = "tumpang"
        props["nama"] = f"{label} {props['nama']} ({props['kode']}): sudah ada, tumpang tindih"
    hasil: dict[str, Any] = {"type": "FeatureCollection", "features": overlapped + features}
    if len(state) > len(shown):
        hasil["terpotong"] = f"Peta menampilkan {len(shown):,} dari {len(state):,} wilayah.".replace(",", ".")
    return hasil


def catatan(report: LoadReport, pindah: list[dict[str, Any]]) -> list[Masalah]:
    """Warnings an operator must read before saving: unknown names, overlaps, data now in another desa."""
    hasil = []
    for kode in report.tanpa_nama:
        level = "Kabupaten" if len(kode) == 5 else "Kecamatan"
        hasil.append(
            Masalah(
                "peringatan",
                f"{level} {kode}: nama belum diketahui (berkas ini hanya memuat kodenya); "
                f"muat berkas {level.lower()} untuk nama resminya.",
                kolom="nama",
                nilai=kode,
            )
        )
    label = NAMA_TINGKAT[report.tingkat]
    for t in report.tumpang:
        luas = f"{t['luas_ha']:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".")
        hasil.append(
            Masalah(
                "peringatan",
                f"{label} {t['nama']} ({t['kode']}) tumpang tindih {luas} ha dengan {label.lower()} "
                f"{t['nama_lain']} ({t['kode_lain']}) yang sudah ada.",
                kolom="batas",
                nilai=t["kode_lain"],
            )
        )
    for kelompok in pindah:
        for c in kelompok["contoh"]:
            ke = f"Desa {c['ke']}" if c["ke"] else "di luar semua desa"
            hasil.append(
                Masalah(
                    "peringatan",
                    f"{kelompok['data'].capitalize()} '{c['teks']}' kini berada di {ke} menurut batas baru "
                    f"(tercatat di Desa {c['dari']}; tidak dipindahkan otomatis).",
                    kolom="desa",
                    nilai=str(c["id"]),
                )
            )
    return hasil


def pratinjau(report: LoadReport, pindah: list[dict[str, Any]]) -> dict[str, Any]:
    """The boundary part of run.pratinjau (same in a preview and a saved run)."""
    return {
        "tingkat": report.tingkat,
        "baru": report.created,
        "diperbarui": report.updated,
        "tetap": report.unchanged,
        "per_tingkat": [
            {
                "tingkat": level,
                "label": NAMA_TINGKAT[level],
                "baru": len(s["baru"]),
                "diperbarui": len(s["diperbarui"]),
                "tetap": len(s["tetap"]),
            }
            for level, s in report.per_tingkat().items()
        ],
        "tanpa_nama": report.tanpa_nama,
        "tumpang": report.tumpang,
        "pindah": pindah,
        "peta": peta(report),
    }


TEBAKAN = {
    "kode": ("kode", "kdepum", "kode_desa", "kd_desa", "kode_kemendagri", "kdebps"),
    "nama": ("nama", "wadmkd", "namobj", "nama_desa", "desa"),
    # Names of the parents, when the file states them per feature (the BIG data does): a national desa file
    # creates its kecamatan and kabupaten with their names, and each kabupaten with its provinsi.
    "kecamatan": ("wadmkc", "kecamatan", "nama_kec", "nama_kecamatan", "nm_kec"),
    "kabupaten": ("wadmkk", "kabupaten", "nama_kab", "nama_kabupaten", "kab_kota", "nm_kab"),
    "provinsi": ("wadmpr", "provinsi", "nama_prov", "nama_provinsi", "nm_prov"),
}


def _kolom(p: Permintaan, kolom: list[str]) -> dict[str, str]:
    """Target -> source column: the chosen mapping, else the first known name present."""
    mapping = p.pemetaan or {}
    guesses = {normal(c): c for c in kolom}
    found = {}
    for target, names in TEBAKAN.items():
        source = mapping.get(target) or next((guesses[g] for g in names if g in guesses), None)
        if source:
            found[target] = source
    if "kode" not in found or "nama" not in found:
        raise ImporError(f"Pilih kolom kode dan nama desa. Kolom berkas: {', '.join(kolom)}.")
    return found


def _teks(series: pd.Series) -> pd.Series:
    """Cell values as stripped text ('' for missing), as str() of the value would give."""
    return series.astype("object").where(series.notna(), "").map(lambda v: str(v).strip())


def _tahap(bacaan: Bacaan, kolom: dict[str, str]) -> list[str]:
    """COPY every chunk into the staging table of sig.wilayah.staging; the notices of the geometry checks."""
    notices: list[str] = []
    penampung = staging.Penampung()
    try:
        for pot in bacaan.potongan():
            if pot.ditolak:
                first = min(pot.ditolak.values(), key=lambda m: m.fitur or 0)
                raise ImporError(f"Fitur #{first.fitur}: {first.pesan}")
            notices += [m.pesan if m.fitur is None else f"Fitur #{m.fitur}: {m.pesan}" for m in pot.catatan]
            rows = pd.DataFrame(index=pot.atribut.index)
            rows["kode"] = _teks(pot.atribut[kolom["kode"]]).map(normal_kode)
            for target in ("nama", "kecamatan", "kabupaten", "provinsi"):
                if target in kolom:
                    rows[target] = _teks(pot.atribut[kolom[target]])
            penampung.tambah(rows, pot.wkb)
        with waktu_langkah(logger, "Muat batas: garis kecamatan dari desa"):
            penampung.gabung()
    finally:
        penampung.tutup()
    return notices


def impor(p: Permintaan, run: ImportRun, bacaan: Bacaan, awal: Catatan) -> None:
    """Boundaries go through the territory service (codes, hierarchy, containment in the database); who may
    load which codes is the scope's rule, checked before anything is written. A preview runs the very same
    load and its report, then rolls back."""
    from sig.wilayah.services import WilayahError, muat_batas_staging

    kolom = _kolom(p, bacaan.sumber.kolom)
    run.pemetaan = kolom
    awal.tambah(tak_dipetakan(bacaan.sumber.kolom, kolom.values()))
    try:
        with transaction.atomic():
            staging.buat_staging()
            with waktu_langkah(logger, "Muat batas: baca dan salin ke staging"):
                notices = _tahap(bacaan, kolom)
            report = muat_batas_staging(
                tingkat=p.tingkat,
                kabupaten_nama=p.kabupaten_nama,
                provinsi=p.provinsi,
                izin=None if p.by is None else partial(scope.boundary_file_refusal, p.by),
            )
            with waktu_langkah(logger, "Muat batas: laporan"):
                pindah = perpindahan(report.created + report.updated) if report.tingkat == "desa" else []
                run.pratinjau = {**run.pratinjau, **pratinjau(report, pindah)}
            run.dibuat, run.diperbarui = len(report.created), len(report.updated)
            run.tidak_berubah = len(report.unchanged)
            masalah = awal.isi + catatan(report, pindah)
            masalah += [Masalah("nilai", n) for n in notices + report.notices]
            run.masalah = [m.as_dict() for m in masalah][:MAKS_MASALAH]
            if p.dry_run:
                run.status, run.pesan = ImportRun.Status.PRATINJAU, f"{pesan_pratinjau(awal)} {report.summary()}."
                raise Batal
            run.status, run.pesan = ImportRun.Status.SELESAI, report.summary()
            run.save()  # the report commits with the boundaries, or neither does
    except Batal:
        pass
    except WilayahError as exc:
        raise ImporError(str(exc)) from exc
