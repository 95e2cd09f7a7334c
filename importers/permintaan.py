"""One import request: the file, its target and every option, declared once. It travels form → run (stored in
`ImportRun.opsi` by `to_run`) → background job (`from_run`) → pipeline, so no driver spells the options out."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings

from importers.models import ImportRun

if TYPE_CHECKING:
    from sig.akun.models import User
    from sig.wilayah.models import Desa


def folder_unggahan() -> Path:
    """Private folder for uploads waiting for their import (never under MEDIA_ROOT, which is public)."""
    path = Path(getattr(settings, "IMPORT_UPLOAD_DIR", Path(settings.MEDIA_ROOT).parent / "impor"))
    path.mkdir(parents=True, exist_ok=True)
    return path


@dataclass(frozen=True)
class Permintaan:
    berkas: Path
    nama_berkas: str
    target: str
    by: User | None = None  # None: the system (command line)
    desa: Desa | None = None
    dry_run: bool = False
    # Options, stored on the run as they are (see OPSI):
    pemetaan: dict[str, str] | None = None
    epsg: int | None = None
    encoding: str | None = None
    layer: str | None = None
    ketat: bool = False
    ganti: bool = False
    paksa: bool = False
    nama_lapisan: str = ""
    jenis_raster: str = "lainnya"
    publik: bool = False  # imagery: shown to everyone, else to the staff of its desa
    # Boundaries loaded from the server's disk: the level and the names of the parents when the file lacks them.
    tingkat: str | None = None
    kabupaten_nama: str | None = None
    provinsi: str | None = None

    def to_run(self, run: ImportRun | None = None) -> ImportRun:
        """This request on a run (new and unsaved, or the given one): its target, desa, author and options.
        Results the pipeline adds to `opsi` later (e.g. `dihapus`) are left alone."""
        run = run or ImportRun()
        run.target, run.nama_berkas = self.target, self.nama_berkas[:255]
        run.desa, run.dry_run = self.desa, self.dry_run
        run.dibuat_oleh = self.by if self.by is not None and self.by.is_authenticated else None
        run.opsi = {**(run.opsi or {}), "berkas": self.berkas.name, **{k: getattr(self, k) for k in OPSI}}
        return run

    @classmethod
    def from_run(cls, run: ImportRun, **ubah: Any) -> Permintaan:
        """The request a stored run carries (its file in the upload folder), with `ubah` changed, e.g. a preview's
        request saved for real: `Permintaan.from_run(preview, dry_run=False)`."""
        o = run.opsi or {}
        p = cls(
            berkas=folder_unggahan() / str(o.get("berkas", "")),
            nama_berkas=run.nama_berkas,
            target=run.target,
            by=run.dibuat_oleh,
            desa=run.desa,
            dry_run=run.dry_run,
            **{k: o[k] for k in OPSI if k in o},
        )
        return replace(p, **ubah)


OPSI = tuple(
    f.name for f in fields(Permintaan) if f.name not in {"berkas", "nama_berkas", "target", "by", "desa", "dry_run"}
)
