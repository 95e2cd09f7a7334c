from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sig.wilayah.services import WilayahError, muat_batas_wilayah


class Command(BaseCommand):
    help = "Muat batas wilayah (kabupaten, kecamatan atau desa) dari GeoJSON/GeoPackage/shapefile; upsert per kode."

    def add_arguments(self, parser):
        parser.add_argument("berkas", type=Path)
        parser.add_argument(
            "--tingkat", choices=["kabupaten", "kecamatan", "desa"], help="tingkat wilayah (default: dari pola kode)"
        )
        parser.add_argument("--srid", type=int, help="EPSG berkas bila tidak tercantum di dalamnya")
        parser.add_argument("--kabupaten-nama", help="nama kabupaten bila harus dibuat, mis. Garut")
        parser.add_argument("--provinsi", help="nama provinsi bila kabupaten harus dibuat")
        parser.add_argument("--kolom-kode", default="kode")
        parser.add_argument("--kolom-nama", default="nama")

    def handle(self, *args, **options):
        try:
            report = muat_batas_wilayah(
                path=options["berkas"],
                tingkat=options["tingkat"],
                srid=options["srid"],
                kabupaten_nama=options["kabupaten_nama"],
                provinsi=options["provinsi"],
                field_kode=options["kolom_kode"],
                field_nama=options["kolom_nama"],
            )
        except WilayahError as exc:
            raise CommandError(f"Tidak ada data yang disimpan. {exc}") from exc
        for notice in report.notices:
            self.stdout.write(self.style.WARNING(f"  catatan: {notice}"))
        self.stdout.write(self.style.SUCCESS(report.summary()))
