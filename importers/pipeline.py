"""run_import(): check → read → map → validate → transform → write → report, for every driver
(management command, background job, upload screen). Writes are all or nothing; a dry run is the same
pipeline rolled back."""

from __future__ import annotations

import hashlib
import json
import logging
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import psycopg
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.utils import timezone

from importers import baca, batas, citra, raster, survei, tulis
from importers.baca import Bacaan, Potongan, SumberInfo
from importers.keputusan import Batal, pesan_pratinjau, tak_dipetakan
from importers.models import ImportRun, Target
from importers.permintaan import Permintaan
from importers.readers import MAKS_MASALAH, Catatan, ImporError, Masalah, Tolakan
from importers.readers.raster import NAMA_COG
from importers.siapkan import HasilAtribut, ubah_atribut
from importers.targets import IMPORTERS
from sig.akun import scope
from sig.akun.scope import Action
from sig.impor import Importer
from sig.wilayah.models import Desa

logger = logging.getLogger(__name__)
MAKS_BYTE = 500 * 1024 * 1024
MAKS_BATAS_WEB = 20_000
CHUNK_BATAS = 5_000  # boundaries have ~200 vertices each (parcels ~5): smaller chunks keep memory flat


def checksum(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1024 * 1024):
            digest.update(chunk)
    return digest.hexdigest()


class Progres:
    """Progress written on its own connection, so pollers see it while the import transaction is open."""

    def __init__(self, run: ImportRun) -> None:
        self.run_id = run.pk
        self.conn: psycopg.Connection | None = None

    def __call__(self, pct: int) -> None:
        try:
            if self.conn is None:
                params = connection.get_connection_params()
                self.conn = psycopg.connect(**params, autocommit=True)
            self.conn.execute(
                "UPDATE importers_importrun SET progres = %s, denyut = now() WHERE id = %s",
                [min(pct, 100), self.run_id],
            )
        except psycopg.Error:
            self.conn = None  # progress is a courtesy; the import goes on

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()


def _izin(p: Permintaan) -> None:
    if p.by is None:  # the management command runs as the system
        return
    if p.target == Target.DESA:
        if not scope.can(p.by, Action.CHANGE_BOUNDARY, Desa):
            raise PermissionDenied("Hanya admin kecamatan atau superadmin yang dapat mengimpor batas desa.")
        return
    if p.target == Target.RASTER:
        if not scope.can(p.by, Action.ANALYSE, Desa) and not scope.desa_reach(p.by, Action.ADD):
            raise PermissionDenied("Anda tidak dapat mendaftarkan raster.")
        return
    if p.target == Target.CITRA:
        citra.izin(p.by, p.desa, p.publik)
        return
    reach = scope.desa_reach(p.by, Action.ADD)
    if p.desa is None or (reach is not scope.ALL and p.desa.pk not in reach):
        raise PermissionDenied("Anda tidak dapat mengimpor data ke desa ini.")


def run_import(
    p: Permintaan, *, run: ImportRun | None = None, progres: Callable[[int], None] | None = None
) -> ImportRun:
    """Run one import end to end and return its ImportRun (status selesai, pratinjau or gagal)."""
    run = p.to_run(run)
    run.status = ImportRun.Status.BERJALAN
    run.denyut = timezone.now()
    run.save()
    tracker = Progres(run)
    report = progres or tracker
    workdir = Path(tempfile.mkdtemp(prefix="sigdesa-impor-", dir=getattr(settings, "IMPORT_TMP", None)))
    try:
        _izin(p)
        _jalankan(p, run, workdir, report)
    except (ImporError, PermissionDenied) as exc:
        run.status = ImportRun.Status.GAGAL
        run.pesan = str(exc)
        run.masalah = [Masalah("run", str(exc)).as_dict(), *run.masalah][:MAKS_MASALAH]
    except Exception:
        # Recorded for the operator, then raised for the log and the job's retry; the data transaction
        # has rolled back, so the previous data is intact.
        logger.exception("Impor %s gagal", run.pk)
        run.status = ImportRun.Status.GAGAL
        run.pesan = "Impor gagal karena kesalahan tak terduga; tidak ada data yang disimpan. Coba lagi."
        raise
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
        tracker.close()
        run.selesai = timezone.now()
        run.progres = 100
        run.save()
    return run


def _jalankan(p: Permintaan, run: ImportRun, workdir: Path, progres: Callable[[int], None]) -> None:
    size = p.berkas.stat().st_size
    if size > MAKS_BYTE:
        raise ImporError(f"Berkas terlalu besar ({size // 1024**2} MB); batasnya {MAKS_BYTE // 1024**2} MB.")
    run.ukuran = size
    run.checksum = checksum(p.berkas)
    run.pratinjau = {}
    awal = Catatan()  # run-level notices, first in the report: the same in a preview and in a save
    awal.tambah(_duplikat(p, run))
    upload = workdir / "unggahan"
    shutil.copyfile(p.berkas, upload)
    importer = IMPORTERS.get(p.target)
    jenis: tuple[str, ...] = survei.IMPORTER.geometri
    if p.target == Target.DESA:
        jenis = ("Polygon",)
    elif importer is not None:
        jenis = importer.geometri
    bacaan = baca.buka(
        upload,
        workdir,
        nama=p.nama_berkas,
        layer=p.layer,
        encoding=p.encoding,
        epsg=p.epsg,
        jenis=jenis,
        cog=p.target in {Target.RASTER, Target.CITRA} and not p.dry_run,
        citra=p.target == Target.CITRA,
        chunk=CHUNK_BATAS if p.target == Target.DESA else None,
        **(_batas_wilayah(p) if p.target == Target.DESA else {}),
    )
    try:
        _baca(p, run, bacaan, upload, progres, awal)
    finally:
        bacaan.tutup()


def _duplikat(p: Permintaan, run: ImportRun) -> list[Masalah]:
    """The same file saved before (same checksum, target and desa): a save stops unless 'impor ulang' is ticked;
    a preview says so first (with when and by whom), so the save never surprises."""
    earlier = (
        ImportRun.objects.filter(
            checksum=run.checksum, target=p.target, desa=p.desa, dry_run=False, status=ImportRun.Status.SELESAI
        )
        .exclude(pk=run.pk)
        .select_related("dibuat_oleh")
        .first()
    )
    if earlier is None:
        return []
    oleh = earlier.dibuat_oleh
    siapa = (getattr(oleh, "nama", "") or getattr(oleh, "email", "")) if oleh else "sistem (baris perintah)"
    pesan = (
        f"Berkas ini sudah pernah diimpor pada {timezone.localtime(earlier.mulai):%d-%m-%Y %H:%M} oleh {siapa} "
        "(checksum sama)."
    )
    run.pratinjau = {**(run.pratinjau or {}), "duplikat": {"run": str(earlier.pk), "pesan": pesan}}
    if p.paksa:
        return [Masalah("peringatan", f"{pesan} Diimpor ulang karena 'impor ulang' dicentang.")]
    pesan += " Centang 'impor ulang' bila memang ingin mengimpornya lagi."
    if not p.dry_run:
        raise ImporError(pesan)
    return [Masalah("run", pesan)]


def _batas_wilayah(p: Permintaan) -> dict[str, Any]:
    """The web upload keeps a size limit for boundary files; the CLI (no user) and a superadmin's background job
    (every upload runs as one) load any size, e.g. the ~83k desa of Indonesia."""
    if p.by is None or scope.desa_reach(p.by, Action.CHANGE_BOUNDARY) is scope.ALL:
        return {}
    return {
        "maks_fitur": MAKS_BATAS_WEB,
        "pesan_maks": f"Berkas batas wilayah berisi lebih dari {MAKS_BATAS_WEB:,} fitur. Muat berkas sebesar ini "
        "dengan perintah `sig manage load_wilayah` di server.".replace(",", "."),
    }


def _baca(
    p: Permintaan, run: ImportRun, bacaan: Bacaan, upload: Path, progres: Callable[[int], None], awal: Catatan
) -> None:
    sumber = bacaan.sumber
    run.format, run.layer, run.encoding, run.epsg = sumber.format, sumber.layer or "", sumber.encoding, sumber.epsg
    if p.target in {Target.RASTER, Target.CITRA} or sumber.format == "geotiff":
        if p.target not in {Target.RASTER, Target.CITRA}:
            raise ImporError("GeoTIFF adalah raster; pilih tujuan 'Raster (GeoTIFF)' atau 'Citra udara/ortofoto'.")
        if sumber.format != "geotiff":
            raise ImporError("Tujuan 'Raster' dan 'Citra' hanya menerima GeoTIFF.")
        nama = p.nama_lapisan or Path(p.nama_berkas).stem
        if p.target == Target.CITRA:
            hasil = citra.daftarkan(
                upload.parent / NAMA_COG, bacaan.raster, nama=nama, desa=p.desa, publik=p.publik, by=p.by,
                dry_run=p.dry_run,
            )  # fmt: skip
        else:
            hasil = raster.daftarkan(
                upload.parent / NAMA_COG, bacaan.raster, nama=nama, jenis=p.jenis_raster, by=p.by, dry_run=p.dry_run
            )
        run.dibuat = 0 if p.dry_run else 1
        run.pratinjau = {**run.pratinjau, **hasil}
        run.masalah = [m.as_dict() for m in awal.isi]
        run.status = ImportRun.Status.PRATINJAU if p.dry_run else ImportRun.Status.SELESAI
        if p.dry_run:
            run.pesan = pesan_pratinjau(awal)
        return
    if sumber.epsg is None:
        raise ImporError(
            "Sistem koordinat (CRS) berkas tidak diketahui (tidak ada .prj). Pilih CRS-nya, mis. "
            "EPSG:32748 (UTM 48S) untuk Jawa Barat; SIG Desa tidak menebak."
        )
    if sumber.jumlah == 0:
        raise ImporError("Berkas tidak berisi fitur.")
    if p.target == Target.DESA:
        batas.impor(p, run, bacaan, awal)
        return
    if p.target == Target.SURVEI:
        if sumber.kolom:
            awal.tambah(
                [
                    Masalah(
                        "kolom",
                        f"Lapisan survei menyimpan semua {len(sumber.kolom)} kolom berkas sebagai atribut: "
                        f"{', '.join(sumber.kolom[:50])}{' …' if len(sumber.kolom) > 50 else ''}.",
                    )
                ]
            )
        _impor_umum(p, run, bacaan, progres, survei.PenulisSurvei(p, sumber), awal)
        return
    importer = IMPORTERS.get(p.target)
    if importer is None:
        raise ImporError(f"Tujuan impor '{p.target}' tidak dikenal.")
    if p.desa is None:
        raise ImporError("Pilih desa tujuan impor.")
    mapping = _pemetaan(p, importer, sumber)
    run.pemetaan = mapping
    awal.tambah(tak_dipetakan(sumber.kolom, mapping.values()))
    _impor_umum(p, run, bacaan, progres, PenulisDomain(importer, mapping, p), awal)


def _pemetaan(p: Permintaan, importer: Importer, sumber: SumberInfo) -> dict[str, str]:
    mapping = dict(p.pemetaan) if p.pemetaan else importer.saran_pemetaan(sumber.kolom)
    fields = importer.by_name()
    for target, source in mapping.items():
        if target not in fields:
            raise ImporError(f"Kolom tujuan '{target}' tidak dikenal.")
        if source not in sumber.kolom:
            raise ImporError(f"Kolom sumber '{source}' tidak ada di berkas. Kolom berkas: {', '.join(sumber.kolom)}.")
    missing = [k.nama for k in importer.kolom if k.wajib and k.nama not in mapping]
    if missing:
        raise ImporError(f"Kolom wajib belum dipetakan: {', '.join(missing)}. Kolom berkas: {', '.join(sumber.kolom)}.")
    return mapping


class PenulisDomain:
    """Writes mapped features into a domain model (aset, lahan, proyek, potensi), chunk by chunk: each chunk is
    checked (desa, keys seen earlier in the file) and written while the sandbox reads the next one. All of it is
    one transaction; a strict run with rejects or a preview rolls it back."""

    def __init__(self, importer: Importer, mapping: dict[str, str], p: Permintaan) -> None:
        self.importer, self.mapping, self.p = importer, mapping, p
        self.staging: tulis.Staging | None = None
        self.tabel = tulis.STAGING
        self.catatan: list[Masalah] = []
        self.hitungan = tulis.Hitungan()
        self.ditolak = Tolakan()
        self.sampai_id = 0

    def mulai(self) -> None:
        assert self.p.desa is not None  # checked by the pipeline
        self.staging = tulis.Staging(self.importer)
        if self.p.ganti:
            self.sampai_id = tulis.id_terakhir(self.importer, self.p.desa.pk)

    def siapkan(self, frame: pd.DataFrame) -> HasilAtribut:
        return ubah_atribut(frame, self.importer, self.mapping)

    def chunk(self, frame: pd.DataFrame, geom_rows: pd.DataFrame, siap: HasilAtribut) -> dict[int, Masalah]:
        attrs = siap
        rows = geom_rows.join(attrs.baris)
        rejected = {**attrs.ditolak}
        rows = rows[~rows.index.isin(list(rejected))]
        self.catatan = attrs.catatan
        if rows.empty:
            return rejected
        assert self.staging is not None and self.p.desa is not None
        self.staging.copy(rows)
        antara = (int(rows.index.min()), int(rows.index.max()))
        late = tulis.tolak_di_luar_desa(self.p.desa.pk, self.p.desa.nama, antara=antara)
        if self.importer.kunci:
            ganda = tulis.tolak_kunci_ganda(self.importer.kunci, antara)
            late.tambah(ganda.contoh, jumlah=ganda.jumlah)
        self.ditolak.tambah(late.contoh, jumlah=late.jumlah)
        if self.p.ketat and (rejected or self.ditolak):
            return rejected  # the run rolls back: writing more is wasted
        counts = tulis.upsert(
            self.importer, desa_id=self.p.desa.pk, user_id=self._user_id(), alasan=self._alasan(), antara=antara
        )
        self.hitungan.dibuat += counts.dibuat
        self.hitungan.diperbarui += counts.diperbarui
        self.hitungan.tidak_berubah += counts.tidak_berubah
        return rejected

    def selesai(self, run: ImportRun) -> tuple[tulis.Hitungan, Tolakan]:
        assert self.p.desa is not None
        if self.p.ketat and self.ditolak:
            return tulis.Hitungan(), self.ditolak
        if self.p.ganti:
            self.hitungan.dihapus = tulis.hapus_yang_tidak_ada(
                self.importer,
                desa_id=self.p.desa.pk,
                sampai_id=self.sampai_id,
                user_id=self._user_id(),
                alasan=self._alasan(),
            )
        return self.hitungan, self.ditolak

    def _user_id(self) -> int | None:
        return self.p.by.pk if self.p.by else None

    def _alasan(self) -> str:
        return f"Impor {self.p.nama_berkas}"


def _impor_umum(
    p: Permintaan, run: ImportRun, bacaan: Bacaan, progres: Callable[[int], None], penulis: tulis.Penulis, awal: Catatan
) -> None:
    issues = Catatan()
    rejected = Tolakan()
    contoh: list[str] = []
    try:
        with transaction.atomic():
            penulis.mulai()
            done = 0
            for pot in bacaan.potongan(penulis.siapkan):
                issues.tambah(pot.catatan)
                rejected.tambah(pot.ditolak)
                if done == 0:
                    contoh = _contoh_teks(pot)
                ok = pot.diterima()
                rejected.tambah(penulis.chunk(pot.atribut[ok], pot.geom[ok], pot.siap))
                issues.tambah(penulis.catatan)
                done += len(pot.atribut)
                progres(int(80 * done / max(bacaan.sumber.jumlah, 1)))
            counts, late = penulis.selesai(run)
            rejected.tambah(late.contoh, jumlah=late.jumlah)
            run.pratinjau = {**run.pratinjau, **_pratinjau(bacaan.sumber, penulis, contoh)}
            if p.ketat and rejected:
                raise Batal
            run.dibuat, run.diperbarui, run.tidak_berubah = counts.dibuat, counts.diperbarui, counts.tidak_berubah
            run.opsi = {**run.opsi, "dihapus": counts.dihapus}
            progres(95)
            if p.dry_run:
                raise Batal
            _laporan(p, run, rejected, issues, awal)
            run.save()  # the report commits with the data, or neither does
    except Batal:
        _laporan(p, run, rejected, issues, awal)


def _laporan(p: Permintaan, run: ImportRun, rejected: Tolakan, issues: Catatan, awal: Catatan) -> None:
    run.ditolak = len(rejected)
    run.masalah = [m.as_dict() for m in awal.isi + rejected.urut() + issues.isi][:MAKS_MASALAH]
    if p.ketat and rejected:
        run.status = ImportRun.Status.GAGAL
        run.pesan = f"Mode ketat: {len(rejected)} fitur bermasalah, tidak ada yang disimpan."
        run.dibuat = run.diperbarui = run.tidak_berubah = 0
    elif p.dry_run:
        run.status = ImportRun.Status.PRATINJAU
        run.pesan = pesan_pratinjau(awal)
    else:
        run.status = ImportRun.Status.SELESAI
        run.pesan = f"{run.dibuat} baru, {run.diperbarui} diperbarui, {run.tidak_berubah} tetap, {run.ditolak} ditolak."


def _contoh_teks(pot: Potongan) -> list[str]:
    """Decoded non-ASCII texts of the first rows, to check the encoding."""
    head = pot.atribut.head(200)
    texts = [str(v) for c in head.columns for v in head[c].dropna().astype(str) if not v.isascii()]
    return texts[:8]


def _pratinjau(sumber: SumberInfo, penulis: tulis.Penulis, contoh: list[str]) -> dict[str, Any]:
    """A map sample (first 300 staged features) and decoded text samples to check the encoding."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"""SELECT json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(json_build_object(
                 'type', 'Feature', 'id', n, 'geometry', ST_AsGeoJSON(geom, 6)::json,
                 'properties', json_build_object('nama', '#' || n))), '[]'))::text
                FROM (SELECT n, geom FROM {penulis.tabel} ORDER BY n LIMIT 300) s"""
        )
        peta = cursor.fetchone()[0]
    return {
        "peta": json.loads(peta),
        "kolom": sumber.kolom,
        "contoh_teks": contoh,
        "encoding": sumber.encoding,
        "encoding_asal": sumber.encoding_asal,
        "jumlah": sumber.jumlah,
    }
