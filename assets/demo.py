"""Demo village data for a Garut kecamatan: sawah in the valley, vegetables higher up, kopi on the slopes;
assets every village has; projects whose budgets add up; potentials, mostly published."""

from __future__ import annotations

import datetime
import math
import random
from decimal import Decimal

import numpy as np
import shapely
from django.contrib.gis.geos import GEOSGeometry
from shapely.geometry import LineString, Point
from shapely.geometry.base import BaseGeometry
from simple_history.utils import bulk_create_with_history

from assets.models import AnggaranProyek, AsetDesa, LahanPertanian, PotensiDesa, ProgresProyek, ProyekPembangunan
from assets.models.aset import Golongan, JenisAset, Kondisi
from assets.models.lahan import Irigasi, Komoditas, Penggunaan, Penguasaan
from assets.models.potensi import JenisPotensi, StatusPotensi
from assets.models.proyek import BidangProyek, StatusProyek
from assets.services.fitur import _save_with_history
from sig.demo import DemoContext, batas_desa, elevasi, extension, geos_multipolygon

PARSIL_PER_DESA = 60
CELL = 0.0009  # degrees, ~100 m: parcels of about 1 ha
TAHUN_INI = 2026


def _geos(geom: BaseGeometry) -> GEOSGeometry:
    return GEOSGeometry(memoryview(shapely.to_wkb(geom)), srid=4326)


def _juta(rng: random.Random, low: int, high: int) -> Decimal:
    """A rupiah amount in whole thousands between low and high million."""
    return Decimal(rng.randrange(low * 1000, high * 1000)) * 1000


def _komoditas(elev: float, rng: random.Random) -> tuple[str, str, str, Decimal, int]:
    if elev < 900:
        irigasi = rng.choice([Irigasi.TEKNIS, Irigasi.TEKNIS, Irigasi.SETENGAH_TEKNIS, Irigasi.SEDERHANA])
        return (
            Penggunaan.SAWAH,
            Komoditas.PADI_SAWAH,
            irigasi,
            Decimal(rng.randint(520, 680)) / 100,
            rng.choice([2, 2, 3]),
        )
    if elev < 1250:
        komoditas = rng.choice([Komoditas.HORTIKULTURA, Komoditas.CABAI, Komoditas.TOMAT, Komoditas.JAGUNG])
        return (
            Penggunaan.TEGALAN,
            komoditas,
            rng.choice([Irigasi.SEDERHANA, Irigasi.TADAH_HUJAN]),
            Decimal(rng.randint(800, 2200)) / 100,
            2,
        )
    komoditas = rng.choice([Komoditas.KOPI, Komoditas.KOPI, Komoditas.KOPI, Komoditas.KENTANG, Komoditas.TEH])
    produktivitas = (
        Decimal(rng.randint(60, 110)) / 100 if komoditas == Komoditas.KOPI else Decimal(rng.randint(1500, 2500)) / 100
    )
    return Penggunaan.KEBUN, komoditas, Irigasi.TADAH_HUJAN, produktivitas, 1


def _lahan(ctx: DemoContext) -> int:
    per_desa = max(1, math.ceil(ctx.fitur / len(ctx.desa))) if ctx.fitur else PARSIL_PER_DESA
    admin = ctx.users["admin"]
    rows: list[LahanPertanian] = []
    total = 0
    for desa in ctx.desa:
        area = batas_desa(desa)
        minx, miny, maxx, maxy = area.bounds
        # Cell size so that about `per_desa` parcels fit in 60% of the desa.
        cell = min(CELL, math.sqrt(area.area * 0.6 / per_desa)) if ctx.fitur else CELL
        xs = np.arange(minx, maxx, cell)
        ys = np.arange(miny, maxy, cell)
        gx, gy = np.meshgrid(xs, ys)
        boxes = shapely.box(gx.ravel(), gy.ravel(), gx.ravel() + cell * 0.97, gy.ravel() + cell * 0.97)
        inside = boxes[shapely.contains(area, boxes)]
        order = list(range(len(inside)))
        ctx.rng.shuffle(order)
        for n, index in enumerate(order[:per_desa]):
            parcel = inside[index]
            c = parcel.centroid
            penggunaan, komoditas, irigasi, produktivitas, panen = _komoditas(elevasi(c.x, c.y), ctx.rng)
            rows.append(
                LahanPertanian(
                    desa=desa,
                    kode_persil=f"{desa.kode[-4:]}-{n + 1:04d}",
                    nama=f"Blok {desa.nama} {n + 1}",
                    penggunaan=penggunaan,
                    komoditas=komoditas,
                    irigasi=irigasi,
                    penguasaan=ctx.rng.choice(
                        [Penguasaan.MILIK] * 5 + [Penguasaan.SEWA, Penguasaan.BAGI_HASIL, Penguasaan.TANAH_KAS_DESA]
                    ),
                    penggarap=ctx.rng.choice(["Pak Ujang", "Bu Euis", "Pak Dadang", "Kelompok Tani Mekar"]),
                    produktivitas_ton_ha=produktivitas,
                    panen_per_tahun=panen,
                    geometri=geos_multipolygon(shapely.MultiPolygon([parcel])),
                    dibuat_oleh=admin,
                )
            )
        if len(rows) >= 5000:
            total += len(bulk_create_with_history(rows, LahanPertanian, batch_size=2000, default_user=admin))
            rows = []
    if rows:
        total += len(bulk_create_with_history(rows, LahanPertanian, batch_size=2000, default_user=admin))
    return total


ASET_TITIK = [
    ("Balai Desa", Golongan.GEDUNG_BANGUNAN, JenisAset.BALAI_DESA, 350, 800),
    ("Kantor Desa", Golongan.GEDUNG_BANGUNAN, JenisAset.KANTOR_DESA, 400, 900),
    ("Posyandu Mawar", Golongan.GEDUNG_BANGUNAN, JenisAset.POSYANDU, 60, 150),
    ("Posyandu Melati", Golongan.GEDUNG_BANGUNAN, JenisAset.POSYANDU, 60, 150),
    ("Masjid Jami", Golongan.GEDUNG_BANGUNAN, JenisAset.MASJID, 300, 900),
    ("PAUD Tunas Harapan", Golongan.GEDUNG_BANGUNAN, JenisAset.SEKOLAH, 120, 300),
    ("TPS Terpadu", Golongan.GEDUNG_BANGUNAN, JenisAset.TPS, 40, 120),
    ("Sumur Bor", Golongan.JALAN_IRIGASI_JARINGAN, JenisAset.SUMUR, 30, 90),
    ("Jembatan Leuwi", Golongan.JALAN_IRIGASI_JARINGAN, JenisAset.JEMBATAN, 150, 450),
    ("Traktor Tangan", Golongan.PERALATAN_MESIN, JenisAset.MESIN_PERTANIAN, 25, 45),
]


def _titik(area: BaseGeometry, rng: random.Random) -> Point:
    minx, miny, maxx, maxy = area.bounds
    while True:
        p = Point(rng.uniform(minx, maxx), rng.uniform(miny, maxy))
        if area.buffer(-0.0005).contains(p):
            return p


def _aset(ctx: DemoContext) -> int:
    admin = ctx.users["admin"]
    rows = []
    for desa in ctx.desa:
        area = batas_desa(desa)
        center = area.representative_point()
        for i, (nama, golongan, jenis, low, high) in enumerate(ASET_TITIK):
            point = center if i == 0 else _titik(area, ctx.rng)
            rows.append(
                AsetDesa(
                    desa=desa,
                    nama=f"{nama} {desa.nama}",
                    golongan=golongan,
                    jenis=jenis,
                    kode_register=f"{desa.kode[-4:]}.{golongan[:3].upper()}.{i + 1:03d}",
                    kondisi=ctx.rng.choice([Kondisi.BAIK] * 6 + [Kondisi.RUSAK_RINGAN] * 3 + [Kondisi.RUSAK_BERAT]),
                    tahun_perolehan=ctx.rng.randint(1995, TAHUN_INI - 1),
                    nilai_perolehan=_juta(ctx.rng, low, high),
                    sumber_dana=ctx.rng.choice(["dana_desa", "add", "apbd_kab", "swadaya"]),
                    geometri=_geos(point),
                    dibuat_oleh=admin,
                )
            )
        minx, _miny, maxx, maxy = area.bounds
        road = LineString([(minx, center.y), (center.x, center.y), (maxx, (center.y + maxy) / 2)]).intersection(area)
        if road.geom_type == "MultiLineString":
            road = max(road.geoms, key=lambda g: g.length)
        rows.append(
            AsetDesa(
                desa=desa,
                nama=f"Jalan Desa {desa.nama}",
                golongan=Golongan.JALAN_IRIGASI_JARINGAN,
                jenis=JenisAset.JALAN_DESA,
                kode_register=f"{desa.kode[-4:]}.JAL.001",
                kondisi=Kondisi.RUSAK_RINGAN,
                tahun_perolehan=2012,
                nilai_perolehan=_juta(ctx.rng, 400, 1200),
                sumber_dana="apbd_kab",
                geometri=_geos(road),
                dibuat_oleh=admin,
            )
        )
        square = _titik(area, ctx.rng).buffer(0.0007, cap_style="square").intersection(area)
        rows.append(
            AsetDesa(
                desa=desa,
                nama=f"Tanah Kas Desa {desa.nama}",
                golongan=Golongan.TANAH,
                jenis=JenisAset.TANAH_KAS_DESA,
                kode_register=f"{desa.kode[-4:]}.TAN.001",
                tahun_perolehan=1980 + ctx.rng.randint(0, 20),
                nilai_perolehan=_juta(ctx.rng, 200, 600),
                geometri=_geos(square),
                dibuat_oleh=admin,
            )
        )
    return len(bulk_create_with_history(rows, AsetDesa, batch_size=1000, default_user=admin))


PROYEK = [
    ("Rabat beton jalan Dusun {dusun}", BidangProyek.INFRASTRUKTUR, "350 m × 3 m", 180, 320),
    ("Rehabilitasi Posyandu Dusun {dusun}", BidangProyek.KESEHATAN, "1 unit", 60, 140),
    ("Pembangunan saluran irigasi Blok {dusun}", BidangProyek.EKONOMI, "420 m", 120, 260),
]


def _proyek(ctx: DemoContext) -> int:
    admin = ctx.users["admin"]
    created = 0
    for desa in ctx.desa:
        area = batas_desa(desa)
        dusun = [d.nama for d in desa.dusun.all()] or ["Kaler"]
        for i, (nama, bidang, volume, low, high) in enumerate(PROYEK):
            tahun = TAHUN_INI - 2 + i  # finished, running, planned
            start = _titik(area, ctx.rng)
            geometri = (
                LineString([start, (start.x + 0.0025, start.y + 0.0012)]).intersection(area)
                if bidang != BidangProyek.KESEHATAN
                else start
            )
            status = [StatusProyek.SELESAI, StatusProyek.BERJALAN, StatusProyek.RENCANA][i]
            if i == 1 and ctx.rng.random() < 0.1:
                status = StatusProyek.MANGKRAK
            progres = {
                StatusProyek.SELESAI: 100,
                StatusProyek.BERJALAN: ctx.rng.randint(25, 80),
                StatusProyek.MANGKRAK: 35,
                StatusProyek.RENCANA: 0,
            }[status]
            proyek = ProyekPembangunan(
                desa=desa,
                nama=nama.format(dusun=ctx.rng.choice(dusun)),
                bidang=bidang,
                tahun_anggaran=tahun,
                status=status,
                pelaksana="TPK Desa " + desa.nama,
                volume=volume,
                progres_persen=progres,
                tanggal_mulai=datetime.date(tahun, 4, 1) if progres else None,
                tanggal_selesai=datetime.date(tahun, 9, 30) if status == StatusProyek.SELESAI else None,
                geometri=_geos(geometri),
                dibuat_oleh=admin,
                deskripsi=f"Kegiatan {bidang.label.lower()} tahun anggaran {tahun} di Desa {desa.nama}.",
            )
            _save_with_history(proyek, admin)
            dana_desa = _juta(ctx.rng, low, high)
            lines = [("dana_desa", dana_desa)]
            if ctx.rng.random() < 0.6:
                lines.append(("add", _juta(ctx.rng, 10, 60)))
            if ctx.rng.random() < 0.5:
                lines.append(("swadaya", _juta(ctx.rng, 5, 25)))
            total_realisasi = Decimal(0)
            for sumber, anggaran in lines:
                share = Decimal(progres) / 100
                realisasi = (anggaran * share * Decimal(ctx.rng.randint(95, 100)) / 100).quantize(Decimal("1000"))
                total_realisasi += realisasi
                _save_with_history(
                    AnggaranProyek(proyek=proyek, sumber_dana=sumber, anggaran=anggaran, realisasi=realisasi), admin
                )
            for step in range(1, 4 if progres else 0):
                catatan = ["Pengadaan material", "Pekerjaan fisik", "Penyelesaian"][step - 1]
                _save_with_history(
                    ProgresProyek(
                        proyek=proyek,
                        tanggal=datetime.date(tahun, 4 + step * 2, 1),
                        persen=Decimal(progres * step // 3),
                        catatan=catatan,
                        dicatat_oleh=admin,
                    ),
                    admin,
                )
            if status == StatusProyek.SELESAI and bidang == BidangProyek.INFRASTRUKTUR:
                _save_with_history(
                    AsetDesa(
                        desa=desa,
                        nama=proyek.nama,
                        golongan=Golongan.JALAN_IRIGASI_JARINGAN,
                        jenis=JenisAset.JALAN_DESA,
                        tahun_perolehan=tahun,
                        nilai_perolehan=total_realisasi,
                        sumber_dana="dana_desa",
                        geometri=proyek.geometri,
                        proyek_asal=proyek,
                        dibuat_oleh=admin,
                    ),
                    admin,
                )
            created += 1
    return created


POTENSI = [
    (JenisPotensi.PRODUK_UNGGULAN, "Kopi Arabika {desa}", "Kopi gunung dari lereng Cikuray"),
    (JenisPotensi.PETERNAKAN, "Domba Garut {desa}", "Domba adu dan pedaging khas Garut"),
    (JenisPotensi.WISATA, "Curug {desa}", "Air terjun di tengah kebun"),
    (JenisPotensi.KULINER, "Dodol {desa}", "Dodol ketan buatan ibu-ibu PKK"),
    (JenisPotensi.KERAJINAN, "Anyaman Bambu {desa}", "Bakul dan boboko dari bambu tali"),
]


def _potensi(ctx: DemoContext) -> int:
    operator, warga = ctx.users["operator"], ctx.users["warga"]
    rows = []
    for index, desa in enumerate(ctx.desa):
        area = batas_desa(desa)
        for k in range(2):
            jenis, nama, tagline = POTENSI[(index + k) % len(POTENSI)]
            pending = k == 1 and index % 4 == 0
            teks = {
                "nama": nama.format(desa=desa.nama),
                "tagline": tagline,
                "deskripsi": f"{tagline}. Hubungi kelompok usaha di Desa {desa.nama}.",
                "kontak": "0812-0000-0000",
            }
            rows.append(
                PotensiDesa(
                    desa=desa,
                    jenis=jenis,
                    status=StatusPotensi.MENUNGGU if pending else StatusPotensi.TERBIT,
                    diajukan_oleh=warga if pending else operator,
                    teks_asli=teks,
                    geometri=_geos(_titik(area, ctx.rng)),
                    terbit_pada=None if pending else datetime.datetime(TAHUN_INI, 1, 15, tzinfo=datetime.UTC),
                    dibuat_oleh=warga if pending else operator,
                    **teks,
                )
            )
    return len(bulk_create_with_history(rows, PotensiDesa, batch_size=1000, default_user=operator))


@extension
def data_desa(ctx: DemoContext) -> None:
    ctx.report.counts["persil lahan"] = _lahan(ctx)
    ctx.report.counts["aset"] = _aset(ctx)
    ctx.report.counts["proyek"] = _proyek(ctx)
    ctx.report.counts["potensi"] = _potensi(ctx)
