"""Demo kabar, pengumuman and agenda for every desa and the kecamatan: recent and upcoming, with a draft and a
scheduled item, so the living pages, feeds and ranking have something true-to-life to show."""

from __future__ import annotations

import datetime
import random

from django.contrib.gis.geos import Point
from django.utils import timezone

from kabar.isi import bersihkan, teks_polos
from kabar.models import Agenda, JenisKabar, JenisKegiatan, Kabar, StatusTerbit
from sig.demo import DemoContext, batas_desa, extension
from sig.wilayah.models import Desa

KABAR = [
    (
        "Gotong royong membersihkan saluran irigasi",
        "Warga {dusun} bersama perangkat desa membersihkan saluran irigasi "
        "sepanjang 1,2 km menjelang musim tanam.\n\nTerima kasih kepada semua yang hadir.",
    ),
    (
        "Penyaluran BLT Dana Desa tahap ini",
        "BLT Dana Desa disalurkan kepada keluarga penerima manfaat di balai desa. "
        "Bawa KTP dan KK asli.\n\nPenerima yang berhalangan dapat diwakili anggota keluarga.",
    ),
    (
        "Panen raya padi di hamparan {dusun}",
        "Kelompok tani {dusun} memanen padi varietas Inpari dengan hasil rata-rata 6 ton per hektare.",
    ),
    (
        "Pelatihan pengolahan kopi untuk petani muda",
        "Dua puluh petani muda belajar sangrai dan kemas kopi Garut bersama penyuluh pertanian.",
    ),
    (
        "Jalan lingkungan {dusun} selesai dicor",
        "Pengecoran jalan lingkungan sepanjang 350 meter selesai dikerjakan TPK desa dengan Dana Desa.",
    ),
]
PENGUMUMAN = [
    (
        "Pemadaman listrik terjadwal",
        "PLN memberitahukan pemadaman bergilir pukul 09.00–14.00 untuk pemeliharaan jaringan.",
    ),
    ("Pendaftaran posyandu lansia", "Pendaftaran posyandu lansia dibuka di kantor desa setiap hari kerja."),
]
AGENDA = [
    (JenisKegiatan.MUSDES, "Musyawarah desa RKP Desa", "Balai Desa {desa}", 19),
    (JenisKegiatan.POSYANDU, "Posyandu balita {dusun}", "Posyandu {dusun}", 8),
    (JenisKegiatan.KERJA_BAKTI, "Kerja bakti bersih kampung", "Lapangan {dusun}", 7),
    (JenisKegiatan.PELATIHAN, "Sosialisasi pengelolaan sampah", "Aula kantor desa", 13),
]


def _titik(desa: Desa, rng: random.Random) -> Point:
    area = batas_desa(desa)
    p = area.representative_point()
    return Point(p.x, p.y, srid=4326)


@extension
def kabar_demo(ctx: DemoContext) -> None:
    now = timezone.localtime().replace(minute=0, second=0, microsecond=0)  # events at local (WIB) hours
    author = ctx.users.get("operator")
    kabar, agenda = [], []
    for index, desa in enumerate(ctx.desa):
        dusun = [d.nama for d in desa.dusun.all()] or ["Kaler"]
        fill = {"desa": desa.nama, "dusun": f"Dusun {ctx.rng.choice(dusun)}"}
        # Busier desa post more: the activity ranking has something to rank.
        for j in range(1 + (len(ctx.desa) - index) % 4):
            judul, isi = KABAR[(index + j) % len(KABAR)]
            body = bersihkan(isi.format(**fill))
            kabar.append(Kabar(
                kecamatan_id=desa.kecamatan_id, desa=desa, judul=judul.format(**fill), isi=body,
                ringkasan=teks_polos(body, 300), jenis=JenisKabar.KABAR, status=StatusTerbit.TERBIT,
                terbit_pada=now - datetime.timedelta(days=ctx.rng.randint(0, 40), hours=ctx.rng.randint(0, 12)),
                penulis=author,
            ))  # fmt: skip
        if index % 3 == 0:
            judul, isi = PENGUMUMAN[index % len(PENGUMUMAN)]
            body = bersihkan(isi)
            kabar.append(Kabar(
                kecamatan_id=desa.kecamatan_id, desa=desa, judul=judul, isi=body, ringkasan=teks_polos(body),
                jenis=JenisKabar.PENGUMUMAN, status=StatusTerbit.TERBIT,
                terbit_pada=now - datetime.timedelta(days=ctx.rng.randint(0, 6)), penulis=author,
            ))  # fmt: skip
        for j in range(2):
            jenis, judul, tempat, jam = AGENDA[(index + j) % len(AGENDA)]
            mulai = now.replace(hour=jam) + datetime.timedelta(days=ctx.rng.randint(1, 30))
            body = bersihkan(f"{judul.format(**fill)} terbuka untuk seluruh warga. Mohon hadir tepat waktu.")
            agenda.append(Agenda(
                kecamatan_id=desa.kecamatan_id, desa=desa, jenis=jenis, judul=judul.format(**fill), isi=body,
                ringkasan=teks_polos(body), tempat=tempat.format(**fill), lokasi=_titik(desa, ctx.rng), mulai=mulai,
                selesai=mulai + datetime.timedelta(hours=2), status=StatusTerbit.TERBIT,
                terbit_pada=now - datetime.timedelta(days=ctx.rng.randint(0, 10)), penulis=author,
            ))  # fmt: skip
    first = ctx.desa[0]
    kabar.append(Kabar(
        kecamatan_id=first.kecamatan_id, desa=first, judul="Draf: laporan realisasi APBDes semester I",
        isi=bersihkan("Draf yang belum terbit: hanya operator yang melihatnya."), status=StatusTerbit.DRAF,
        penulis=author,
    ))  # fmt: skip
    kecamatan_id = first.kecamatan_id
    kabar.append(Kabar(
        kecamatan_id=kecamatan_id, desa=None, judul="Lomba desa tingkat kecamatan dibuka",
        isi=bersihkan("Setiap desa dapat mendaftar lomba desa tingkat kecamatan di kantor kecamatan."),
        ringkasan="Pendaftaran lomba desa tingkat kecamatan dibuka.", status=StatusTerbit.TERBIT,
        terbit_pada=now - datetime.timedelta(days=2), penulis=ctx.users.get("camat"),
    ))  # fmt: skip
    Kabar.objects.bulk_create(kabar)
    Agenda.objects.bulk_create(agenda)
    ctx.report.counts["kabar"] = len(kabar)
    ctx.report.counts["agenda"] = len(agenda)
