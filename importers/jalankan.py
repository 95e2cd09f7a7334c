"""One entry for the upload screen and the background job: run an ImportRun stored with its options."""

from __future__ import annotations

import tempfile
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

from importers.models import ImportRun, Target
from importers.permintaan import Permintaan
from importers.pipeline import run_import

if TYPE_CHECKING:
    from sig.akun.models import User


def jalankan_run(run_id: str) -> ImportRun:
    run = ImportRun.objects.select_related("desa", "dibuat_oleh").get(pk=run_id)
    p = Permintaan.from_run(run)
    if not p.berkas.is_file():
        run.status, run.pesan = ImportRun.Status.GAGAL, "Berkas unggahan sudah tidak ada; unggah ulang."
        run.save(update_fields=["status", "pesan"])
        return run
    run = run_import(p, run=run)  # an unexpected error propagates and keeps the file for the job's retry
    # A preview keeps its file for saving or another mapping; a saved run needs it no more, nor does a failed
    # run whose file no other run shares (a failed save or re-preview leaves its preview savable).
    shared = ImportRun.objects.filter(opsi__berkas=p.berkas.name).exclude(pk=run.pk).exists()
    if (not run.dry_run and run.status == ImportRun.Status.SELESAI) or (
        run.status == ImportRun.Status.GAGAL and not shared
    ):
        p.berkas.unlink(missing_ok=True)
    return run


def tandai_impor_macet(menit: int = 30) -> int:
    """Runs left 'berjalan' by a killed worker (no sign of life for `menit` minutes) are marked failed; their
    transaction died with the worker, so nothing of them was written."""
    from datetime import timedelta

    from django.db.models import Q
    from django.utils import timezone

    batas = timezone.now() - timedelta(minutes=menit)
    return (
        ImportRun.objects.filter(status=ImportRun.Status.BERJALAN)
        .filter(Q(denyut__lt=batas) | Q(denyut__isnull=True, mulai__lt=batas))
        .update(
            status=ImportRun.Status.GAGAL,
            progres=100,
            selesai=timezone.now(),
            pesan="Impor terhenti (pekerja mati); tidak ada data yang disimpan. Jalankan ulang.",
        )
    )


def muat_batas_berkas(
    path: Path,
    *,
    tingkat: str | None = None,
    srid: int | None = None,
    kabupaten_nama: str | None = None,
    provinsi: str | None = None,
    kolom_kode: str | None = None,
    kolom_nama: str | None = None,
    by: User | None = None,
) -> ImportRun:
    """Load a boundary file from the server's disk (the `load_wilayah` command) through the same sandboxed
    pipeline as uploads; a shapefile is packed with its sidecar files first. Reloading is an upsert."""
    path = Path(path)
    if not path.is_file():
        run = ImportRun.objects.create(target=Target.DESA, nama_berkas=path.name[:255], status=ImportRun.Status.GAGAL)
        run.pesan = f"Berkas {path.name} tidak ada."
        run.save(update_fields=["pesan"])
        return run
    with tempfile.TemporaryDirectory(prefix="sigdesa-batas-") as folder:
        berkas = path
        if path.suffix.lower() == ".shp":
            berkas = Path(folder) / f"{path.stem}.zip"
            with zipfile.ZipFile(berkas, "w") as zf:
                for sibling in path.parent.iterdir():
                    if sibling.stem == path.stem and sibling.is_file():
                        zf.write(sibling, sibling.name)
        mapping = {k: v for k, v in {"kode": kolom_kode, "nama": kolom_nama}.items() if v}
        return run_import(
            Permintaan(
                berkas=berkas,
                nama_berkas=berkas.name,
                target=Target.DESA,
                by=by,
                pemetaan=mapping or None,
                epsg=srid,
                paksa=True,
                tingkat=tingkat,
                kabupaten_nama=kabupaten_nama,
                provinsi=provinsi,
            )
        )
