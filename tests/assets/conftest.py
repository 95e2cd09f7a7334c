from decimal import Decimal

import pytest
from django.contrib.gis.geos import LineString, Point

from assets.models import AsetDesa, LahanPertanian, PotensiDesa, ProyekPembangunan
from assets.models.aset import Golongan, JenisAset
from assets.models.potensi import JenisPotensi, StatusPotensi
from tests.factories import kotak

# desa A: lon 107.80–107.85, desa B: 107.85–107.90 (lat -7.30 to -7.20), see tests/conftest.py


def titik_a(dx: float = 0.0) -> Point:
    return Point(107.82 + dx, -7.25, srid=4326)


@pytest.fixture
def aset_a(wilayah, pengguna):
    return AsetDesa.objects.create(
        desa=wilayah.desa_a,
        nama="Balai Desa A",
        golongan=Golongan.GEDUNG_BANGUNAN,
        jenis=JenisAset.BALAI_DESA,
        nilai_perolehan=Decimal("450000000.00"),
        tahun_perolehan=2015,
        geometri=titik_a(),
    )


@pytest.fixture
def aset_b(wilayah, pengguna):
    return AsetDesa.objects.create(
        desa=wilayah.desa_b,
        nama="Balai Desa B",
        golongan=Golongan.GEDUNG_BANGUNAN,
        jenis=JenisAset.BALAI_DESA,
        geometri=Point(107.87, -7.25, srid=4326),
    )


@pytest.fixture
def lahan_a(wilayah):
    return LahanPertanian.objects.create(
        desa=wilayah.desa_a,
        nama="Sawah Blok 1",
        penggunaan="sawah",
        komoditas="padi_sawah",
        irigasi="teknis",
        penguasaan="milik",
        penggarap="Pak Ujang",
        produktivitas_ton_ha=Decimal("6.00"),
        panen_per_tahun=2,
        geometri=kotak(107.81, -7.26, 107.82, -7.25),
    )


@pytest.fixture
def proyek_a(wilayah):
    return ProyekPembangunan.objects.create(
        desa=wilayah.desa_a,
        nama="Rabat beton Dusun Kaler",
        tahun_anggaran=2026,
        geometri=LineString((107.81, -7.25), (107.83, -7.25), srid=4326),
    )


@pytest.fixture
def potensi_menunggu(wilayah, pengguna):
    return PotensiDesa.objects.create(
        desa=wilayah.desa_a,
        jenis=JenisPotensi.KULINER,
        nama="Dodol Ibu Euis",
        tagline="Legit",
        status=StatusPotensi.MENUNGGU,
        diajukan_oleh=pengguna.warga,
        geometri=titik_a(0.001),
        teks_asli={"nama": "Dodol Ibu Euis", "tagline": "Legit", "deskripsi": "", "kontak": ""},
    )
