import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from importers.models import ImportRun, Target
from importers.permintaan import Permintaan
from importers.pipeline import Progres, run_import
from sig.akun.models import User
from sig.wilayah.models import Desa


class Command(BaseCommand):
    help = "Impor berkas survei (shapefile .zip, GeoPackage, GeoJSON, KML/KMZ, CSV/XLSX, GeoTIFF) ke SIG Desa."

    def add_arguments(self, parser):
        parser.add_argument("berkas", type=Path)
        parser.add_argument("--tujuan", required=True, choices=Target.values)
        parser.add_argument("--desa", help="kode desa tujuan, mis. 32.05.07.2001")
        parser.add_argument("--pemetaan", default="", help="kolom_tujuan=KOLOM_BERKAS,… (default: saran otomatis)")
        parser.add_argument("--epsg", type=int, help="CRS berkas bila tidak tercantum (mis. 32748)")
        parser.add_argument("--encoding", help="encoding atribut (mis. cp1252) bila tidak ada .cpg")
        parser.add_argument("--layer", help="lapisan GeoPackage / shapefile di dalam arsip")
        parser.add_argument("--nama-lapisan", default="", help="nama lapisan survei atau raster")
        parser.add_argument(
            "--jenis-raster", default="lainnya", choices=["dem", "lereng", "curah_hujan", "ndvi", "lainnya"]
        )
        parser.add_argument("--publik", action="store_true", help="citra udara: tampil untuk semua orang")
        parser.add_argument("--ketat", action="store_true", help="batalkan semua bila ada satu fitur bermasalah")
        parser.add_argument("--pratinjau", action="store_true", help="jalankan tanpa menyimpan (dry run)")
        parser.add_argument(
            "--ganti", action="store_true", help="ganti data desa/lapisan (versi lama tetap di riwayat)"
        )
        parser.add_argument("--paksa", action="store_true", help="impor ulang walau checksum berkas sama")
        parser.add_argument("--oleh", help="email pengguna yang tercatat (default: sistem)")

    def handle(self, *args, **o):
        path: Path = o["berkas"]
        if not path.is_file():
            raise CommandError(f"Berkas {path} tidak ada.")
        desa = None
        if o["desa"]:
            desa = Desa.objects.filter(kode=o["desa"]).first()
            if desa is None:
                raise CommandError(f"Desa {o['desa']} tidak ditemukan.")
        by = None
        if o["oleh"]:
            by = User.objects.filter(email=o["oleh"].lower()).first()
            if by is None:
                raise CommandError(f"Pengguna {o['oleh']} tidak ditemukan.")
        try:
            mapping = dict(pair.split("=", 1) for pair in o["pemetaan"].split(",") if pair.strip()) or None
        except ValueError as exc:
            raise CommandError("Format --pemetaan: kolom_tujuan=KOLOM_BERKAS,…") from exc
        run = ImportRun(target=o["tujuan"], nama_berkas=path.name)
        run.save()
        tracker = Progres(run)

        def progres(pct: int) -> None:
            tracker(pct)
            bar = "#" * (pct // 4)
            sys.stderr.write(f"\r[{bar:<25}] {pct:3d}%")
            sys.stderr.flush()

        p = Permintaan(
            berkas=path,
            nama_berkas=path.name,
            target=o["tujuan"],
            by=by,
            desa=desa,
            pemetaan=mapping,
            epsg=o["epsg"],
            encoding=o["encoding"],
            layer=o["layer"],
            ketat=o["ketat"],
            dry_run=o["pratinjau"],
            ganti=o["ganti"],
            paksa=o["paksa"],
            nama_lapisan=o["nama_lapisan"],
            jenis_raster=o["jenis_raster"],
            publik=o["publik"],
        )
        try:
            run = run_import(p, run=run, progres=progres)
            progres(100)
        finally:
            tracker.close()
        sys.stderr.write("\n")
        self.stdout.write(f"Impor {run.id}: {run.get_status_display()} — {run.pesan}")
        if run.pemetaan:
            self.stdout.write("Pemetaan: " + ", ".join(f"{k}←{v}" for k, v in run.pemetaan.items()))
        self.stdout.write(f"CRS EPSG:{run.epsg}  encoding {run.encoding}  format {run.format}")
        for m in run.masalah[:25]:
            where = f"fitur #{m['fitur']} " if m.get("fitur") else ""
            column = f"[{m['kolom']}={m['nilai']!r}] " if m.get("kolom") else ""
            self.stdout.write(f"  {m['tingkat']:<5} {where}{column}{m['pesan']}")
        if len(run.masalah) > 25:
            self.stdout.write(f"  … dan {len(run.masalah) - 25} masalah lain")
        if run.status == ImportRun.Status.GAGAL:
            raise CommandError("Impor gagal; tidak ada data yang disimpan.")
