"""Demo complaints: a few per desa over the last months, in every state, with timelines whose response and
resolution times feed the transparency pages. Written in bulk (no e-mails)."""

from __future__ import annotations

import datetime

import shapely
from django.contrib.gis.geos import Point
from django.utils import timezone

from reports.models import (
    Instansi,
    JenisTanggapan,
    KategoriPengaduan,
    Pengaduan,
    StatusPengaduan,
    Tanggapan,
    TemplatBalasan,
    kode_lacak_baru,
)
from reports.tenggat import libur_antara, tenggat
from sig.demo import DemoContext, batas_desa, extension

CONTOH = [
    ("banjir", "Selokan mampet, air meluap ke jalan", "Setiap hujan deras air selokan meluap sampai ke rumah warga."),
    ("sampah", "Tumpukan sampah di pinggir sungai", "Sampah rumah tangga menumpuk dan berbau di dekat jembatan."),
    ("jalanrusak", "Jalan berlubang dekat sekolah", "Lubang besar di jalan desa membahayakan anak-anak bersepeda."),
    ("penerangan", "Lampu jalan mati", "Tiga lampu jalan di gang ini mati sejak sebulan lalu."),
    ("irigasi", "Saluran irigasi jebol", "Tanggul saluran jebol sehingga sawah di hilir kekurangan air."),
    ("airbersih", "Air PAMSIMAS tidak mengalir", "Sudah seminggu air bersih tidak mengalir ke RT kami."),
]
DEMO_INSTANSI = [
    ("Dinas PUPR Kabupaten", "pupr@contoh.go.id", "0262-000001"),
    ("PLN ULP setempat", "ulp@contoh.co.id", "123"),
    ("Perumda Air Minum (PDAM)", "layanan@pdam.contoh.id", "0262-000002"),
]
DEMO_TEMPLAT = [
    ("Diterima, segera ditinjau", None, "Terima kasih. Pengaduan {kode} di Desa {desa} sudah kami terima dan akan "
     "ditindaklanjuti; target penyelesaian {tenggat}."),
    ("Banjir: petugas ke lokasi", "banjir", "Petugas desa akan memeriksa genangan di lokasi pengaduan {kode} "
     "bersama warga RT setempat."),
]  # fmt: skip
TENGGAT = ("tenggat_tanggap_hari", "tenggat_selesai_hari")
ALUR = [
    [],
    ["diverifikasi"],
    ["diverifikasi", "diproses"],
    ["diverifikasi", "diproses", "selesai"],
    ["diverifikasi", "diproses", "selesai"],
    ["ditolak"],
]


@extension
def pengaduan_demo(ctx: DemoContext) -> None:
    warga, operator = ctx.users["warga"], ctx.users["operator"]
    now = timezone.now()
    rows, langkah = [], []
    hari = {k: (t, s) for k, t, s in KategoriPengaduan.objects.values_list("kode", *TENGGAT)}
    libur = libur_antara(now.date() - datetime.timedelta(days=130), now.date() + datetime.timedelta(days=400))
    for index, desa in enumerate(ctx.desa):
        area = batas_desa(desa)
        minx, miny, maxx, maxy = area.bounds
        for k in range(3):
            kategori, judul, uraian = CONTOH[(index + k) % len(CONTOH)]
            while True:
                x, y = ctx.rng.uniform(minx, maxx), ctx.rng.uniform(miny, maxy)
                if area.contains(shapely.Point(x, y)):
                    break
            dibuat = now - datetime.timedelta(days=ctx.rng.randint(3, 120), hours=ctx.rng.randint(0, 23))
            alur = ALUR[(index * 3 + k) % len(ALUR)]
            p = Pengaduan(
                kode_lacak=kode_lacak_baru(),
                desa=desa,
                kategori_id=kategori,
                judul=judul,
                deskripsi=uraian,
                lokasi=Point(x, y, srid=4326),
                pelapor=warga,
                teks_asli={"judul": judul, "deskripsi": uraian},
                status=alur[-1] if alur else StatusPengaduan.BARU,
                alasan="Lokasi berada di jalan kabupaten; diteruskan ke DPUPR." if alur[-1:] == ["ditolak"] else "",
                dukungan=ctx.rng.randint(0, 9),
            )
            waktu = dibuat
            for step in alur:
                waktu += datetime.timedelta(hours=ctx.rng.randint(4, 96))
                if p.ditanggapi_pada is None:
                    p.ditanggapi_pada = waktu
                if step == "selesai":
                    p.selesai_pada = waktu
                    p.penilaian = ctx.rng.randint(3, 5)
                langkah.append((p, step, waktu))
            p.tenggat_tanggap, p.tenggat_selesai = (tenggat(dibuat, n, libur) for n in hari[kategori])
            rows.append((p, dibuat))
    Pengaduan.objects.bulk_create([p for p, _ in rows])
    # auto_now_add ignores given values: set the report times afterwards.
    for p, dibuat in rows:
        p.dibuat = dibuat
    Pengaduan.objects.bulk_update([p for p, _ in rows], ["dibuat"])
    tanggapan: list[Tanggapan] = []
    sebelumnya: dict[int, str] = {}
    for p, step, _waktu in langkah:
        dari = sebelumnya.get(p.pk, StatusPengaduan.BARU)
        tanggapan.append(
            Tanggapan(
                pengaduan=p,
                jenis=JenisTanggapan.STATUS,
                dari_status=dari,
                ke_status=step,
                teks=p.alasan if step == "ditolak" else "",
                oleh=operator,
                oleh_staf=True,
            )
        )
        sebelumnya[p.pk] = step
    made = Tanggapan.objects.bulk_create(tanggapan)
    for t, (_, _, waktu) in zip(made, langkah, strict=True):
        t.dibuat = waktu
    Tanggapan.objects.bulk_update(made, ["dibuat"])
    ctx.report.counts["pengaduan"] = len(rows)
    _instansi_dan_templat()


def _instansi_dan_templat() -> None:
    """Agencies to forward to and reply templates, so the inbox shows both (kept if they exist)."""
    for nama, surel, telepon in DEMO_INSTANSI:
        Instansi.objects.get_or_create(nama=nama, kecamatan=None, defaults={"surel": surel, "telepon": telepon})
    for judul, kategori, teks in DEMO_TEMPLAT:
        TemplatBalasan.objects.get_or_create(judul=judul, defaults={"kategori_id": kategori, "teks": teks})
