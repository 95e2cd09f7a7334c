"""Generic survey layers: every attribute kept as JSON, column types inferred; replacing a layer keeps the
previous version (restorable)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd
from django.db import connection

from importers.readers import ImporError, Masalah, Tolakan
from importers.tulis import Hitungan, tolak_di_luar_desa
from sig.impor import Importer
from survei.models import FiturSurvei, LapisanSurvei

STAGING = "impor_survei"

if TYPE_CHECKING:
    from importers.baca import SumberInfo
    from importers.models import ImportRun
    from importers.permintaan import Permintaan


class _SemuaJenis(Importer):
    geometri = ("Point", "LineString", "Polygon")


IMPORTER = _SemuaJenis()


def tipe_kolom(series: pd.Series) -> str:
    values = series.dropna()
    if values.empty:
        return "teks"
    if pd.api.types.is_bool_dtype(values):
        return "boolean"
    if pd.api.types.is_numeric_dtype(values):
        return "angka"
    if pd.api.types.is_datetime64_any_dtype(values):
        return "tanggal"
    text = values.astype(str)
    if pd.to_numeric(text.str.replace(",", ".", regex=False), errors="coerce").notna().all():
        return "angka"
    return "teks"


class PenulisSurvei:
    """Writes every attribute of the file as JSON into a survey layer (a new version when replacing)."""

    def __init__(self, p: Permintaan, sumber: SumberInfo) -> None:
        self.p = p
        self.sumber = sumber
        self.kolom: dict[str, str] = {}
        self.tabel = STAGING
        self.catatan: list[Masalah] = []

    def mulai(self) -> None:
        if self.p.desa is None:
            raise ImporError("Pilih desa pemilik lapisan survei.")
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {STAGING}")
            cursor.execute(
                f"CREATE TEMP TABLE {STAGING} (n integer PRIMARY KEY, geom geometry, atribut jsonb) ON COMMIT DROP"
            )

    def siapkan(self, frame: pd.DataFrame) -> tuple[dict[str, str], list[str]]:
        """The chunk's column kinds and one JSON object per row, straight from pandas (no parse and re-dump per
        row in Python)."""
        kinds = {str(column): tipe_kolom(frame[column]) for column in frame.columns}
        if frame.columns.empty:
            return kinds, ["{}"] * len(frame)
        text = frame.to_json(orient="records", lines=True, date_format="iso", force_ascii=False)
        return kinds, text.rstrip("\n").split("\n")  # newlines inside values are escaped; U+2028 is not split

    def chunk(
        self, frame: pd.DataFrame, geom_rows: pd.DataFrame, siap: tuple[dict[str, str], list[str]]
    ) -> dict[int, Masalah]:
        kinds, records = siap
        for column, kind in kinds.items():
            self.kolom[column] = kind if self.kolom.get(column, kind) == kind else "teks"
        raw = connection.connection
        with raw.cursor() as cursor, cursor.copy(f"COPY {STAGING} (n, geom, atribut) FROM STDIN") as copy:
            for row in zip(frame.index.tolist(), geom_rows["geom"].tolist(), records, strict=True):
                copy.write_row(row)
        return {}

    def selesai(self, run: ImportRun) -> tuple[Hitungan, Tolakan]:
        desa = self.p.desa
        assert desa is not None  # checked in mulai()
        rejected = tolak_di_luar_desa(desa.pk, desa.nama, STAGING)
        nama = (self.p.nama_lapisan or self.sumber.layer or "Survei").strip()[:150]
        lapisan, created = LapisanSurvei.objects.get_or_create(
            desa=desa,
            nama=nama,
            defaults={"kolom": self.kolom, "dibuat_oleh": self.p.by},
        )
        if not created and self.p.ganti:
            lapisan.versi += 1
        lapisan.kolom = {**lapisan.kolom, **self.kolom}
        lapisan.save()
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {FiturSurvei._meta.db_table} (lapisan_id, versi, kunci, atribut, geometri) "
                f"SELECT %s, %s, '', atribut, geom FROM {STAGING} ORDER BY n",
                [lapisan.pk, lapisan.versi],
            )
            count = cursor.rowcount
        run.opsi = {**run.opsi, "lapisan_id": lapisan.pk, "versi": lapisan.versi}
        return Hitungan(dibuat=count), rejected


def lapisan_pulihkan_versi(lapisan: LapisanSurvei, versi: int) -> None:
    """Show an earlier version of a replaced survey layer again."""
    if not FiturSurvei.objects.filter(lapisan=lapisan, versi=versi).exists():
        raise ImporError(f"Versi {versi} lapisan ini tidak ada.")
    lapisan.versi = versi
    lapisan.save(update_fields=["versi"])
