from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from importers.jalankan import muat_batas_berkas
from importers.models import ImportRun


class Command(BaseCommand):
    help = (
        "Muat batas wilayah (kabupaten, kecamatan atau desa) dari GeoJSON/GeoPackage/shapefile/KML; upsert per kode. "
        "Tanpa batas jumlah fitur (unggahan web dibatasi)."
    )

    def add_arguments(self, parser):
        parser.add_argument("berkas", type=Path)
        parser.add_argument(
            "--tingkat", choices=["kabupaten", "kecamatan", "desa"], help="tingkat wilayah (default: dari pola kode)"
        )
        parser.add_argument("--srid", type=int, help="EPSG berkas bila tidak tercantum di dalamnya")
        parser.add_argument("--kabupaten-nama", help="nama kabupaten bila harus dibuat, mis. Garut")
        parser.add_argument("--provinsi", help="nama provinsi bila kabupaten harus dibuat")
        parser.add_argument("--kolom-kode", help="kolom kode Kemendagri (default: tebakan, mis. kode, KDEPUM)")
        parser.add_argument("--kolom-nama", help="kolom nama (default: tebakan, mis. nama, WADMKD)")

    def handle(self, *args, **options):
        run = muat_batas_berkas(
            options["berkas"],
            tingkat=options["tingkat"],
            srid=options["srid"],
            kabupaten_nama=options["kabupaten_nama"],
            provinsi=options["provinsi"],
            kolom_kode=options["kolom_kode"],
            kolom_nama=options["kolom_nama"],
        )
        if run.status != ImportRun.Status.SELESAI:
            raise CommandError(f"Tidak ada data yang disimpan. {run.pesan}")
        for notice in run.masalah:
            self.stdout.write(self.style.WARNING(f"  catatan: {notice['pesan']}"))
        self.stdout.write(self.style.SUCCESS(run.pesan))
