from django.core.management.base import BaseCommand, CommandError

from sig import demo


class Command(BaseCommand):
    help = "Buat data demo di Kecamatan Samarang (Garut): 13 desa nyata, dusun, isi desa, akun per peran."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--kecamatan",
            type=int,
            default=1,
            help="jumlah kecamatan (1–9): Samarang lalu kecamatan fiktif untuk benchmark",
        )
        parser.add_argument("--desa", type=int, default=13, help="jumlah desa per kecamatan fiktif")
        parser.add_argument(
            "--fitur",
            type=int,
            default=0,
            help="jumlah persil lahan seluruhnya untuk benchmark (default: realistis, ±60 per desa)",
        )
        parser.add_argument("--once", action="store_true", help="lewati bila data demo sudah ada")

    def handle(self, *args, **options):
        if demo.demo_exists():
            if options["once"]:
                self.stdout.write("Data demo sudah ada; tidak dibuat ulang.")
                return
            raise CommandError("Data demo sudah ada. Gunakan basis data kosong atau --once.")
        try:
            report = demo.generate(
                seed=options["seed"],
                kecamatan=options["kecamatan"],
                desa=options["desa"],
                fitur=options["fitur"],
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Data demo dibuat: {', '.join(report.kecamatan)}; {report.desa} desa, {report.dusun} dusun"
                + "".join(f", {n} {kind}" for kind, n in report.counts.items())
                + "."
            )
        )
        self.stdout.write(f"\nAkun demo (kata sandi semua: {demo.PASSWORD})")
        for peran, email, wilayah in report.logins:
            self.stdout.write(f"  {peran:<16} {email:<42} {wilayah}")
