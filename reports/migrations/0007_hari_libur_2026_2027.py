"""Seed the holidays of 2026 and 2027 (reports/libur.py), default deadlines for the built-in urgent categories,
and deadlines for complaints received since 2026 (earlier years have no holiday list)."""

import datetime

from django.db import migrations

SEJAK = datetime.date(2026, 1, 1)


def isi(apps, schema_editor):
    from reports.kategori import tenggat_bawaan
    from reports.libur import LIBUR
    from reports.tenggat import tenggat

    HariLibur = apps.get_model("reports", "HariLibur")
    Kategori = apps.get_model("reports", "KategoriPengaduan")
    Pengaduan = apps.get_model("reports", "Pengaduan")
    for tanggal, nama, jenis in LIBUR:
        HariLibur.objects.get_or_create(tanggal=tanggal, defaults={"nama": nama, "jenis": jenis})
    hari = {}
    for k in Kategori.objects.all():
        for field, value in tenggat_bawaan(k.kode).items():
            setattr(k, field, value)
        k.save(update_fields=["tenggat_tanggap_hari", "tenggat_selesai_hari"])
        hari[k.kode] = (k.tenggat_tanggap_hari, k.tenggat_selesai_hari)
    libur = set(HariLibur.objects.values_list("tanggal", flat=True))
    rows = list(Pengaduan.objects.filter(dibuat__date__gte=SEJAK, tenggat_tanggap__isnull=True))
    for p in rows:
        p.tenggat_tanggap, p.tenggat_selesai = (tenggat(p.dibuat, n, libur) for n in hari[p.kategori_id])
    Pengaduan.objects.bulk_update(rows, ["tenggat_tanggap", "tenggat_selesai"], batch_size=1000)


def kosongkan(apps, schema_editor):
    from reports.libur import LIBUR

    apps.get_model("reports", "HariLibur").objects.filter(tanggal__in=[t for t, _n, _j in LIBUR]).delete()


class Migration(migrations.Migration):
    dependencies = [("reports", "0006_alur_tenggat_instansi")]
    operations = [migrations.RunPython(isi, kosongkan)]
