from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.gis.geos import LineString, Point

from assets.models import AsetDesa, LahanPertanian, PotensiDesa, ProyekPembangunan
from assets.models.aset import Golongan, JenisAset
from assets.models.potensi import JenisPotensi, StatusPotensi
from sig.akun.models import Peran, User
from sig.wilayah.models import Desa, Kecamatan
from tests.factories import DesaFactory, KecamatanFactory, UserFactory, kotak

SHARED_DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data"


def pytest_configure(config):
    """A parallel worker (pytest-xdist) keeps its temporary files apart: tests that check nothing is left behind
    in the temp folder see only their own worker's."""
    import os
    import tempfile

    pekerja = os.environ.get("PYTEST_XDIST_WORKER")
    if pekerja:
        folder = Path(tempfile.gettempdir()) / f"sigdesa-uji-{pekerja}"
        folder.mkdir(exist_ok=True)
        folder.chmod(0o1777)  # like /tmp: the sandbox's and PostgreSQL's users make their folders here too
        os.environ["TMPDIR"] = str(folder)
        tempfile.tempdir = str(folder)


@pytest.fixture(autouse=True)
def _cache_kosong():
    """Every test starts with empty caches: tile entries and abuse counters never leak between tests. A fresh key
    prefix per test (no database access needed; the shared PostgreSQL cache outlives transactional tests)."""
    import uuid

    from django.core.cache import caches

    for cache in caches.all():
        cache.key_prefix = f"uji-{uuid.uuid4().hex[:12]}"
        if "locmem" in type(cache).__module__:
            cache.clear()
    yield


@pytest.fixture
def shared_data() -> Path:
    """The real boundary files in ../shared/data (skipped in a fresh clone without them)."""
    if not (SHARED_DATA / "samarang_desa.geojson").exists():
        pytest.skip(f"data batas nyata tidak ada di {SHARED_DATA} (hanya ada di mesin pengembang/CI)")
    return SHARED_DATA


@dataclass
class Wilayah:
    kecamatan: Kecamatan
    kecamatan_lain: Kecamatan
    desa_a: Desa
    desa_b: Desa
    desa_lain: Desa


@pytest.fixture
def wilayah(db) -> Wilayah:
    """Two kecamatan; the first split into desa A (west half) and B (east half)."""
    kec = KecamatanFactory(kode="32.05.07", nama="Samarang Uji", batas=kotak(107.80, -7.30, 107.90, -7.20))
    lain = KecamatanFactory(kode="32.05.08", nama="Pasirwangi Uji", batas=kotak(107.90, -7.30, 108.00, -7.20))
    return Wilayah(
        kecamatan=kec,
        kecamatan_lain=lain,
        desa_a=DesaFactory(
            kecamatan=kec, kode="32.05.07.2001", nama="Desa A", batas=kotak(107.80, -7.30, 107.85, -7.20)
        ),
        desa_b=DesaFactory(
            kecamatan=kec, kode="32.05.07.2002", nama="Desa B", batas=kotak(107.85, -7.30, 107.90, -7.20)
        ),
        desa_lain=DesaFactory(
            kecamatan=lain, kode="32.05.08.2001", nama="Desa Lain", batas=kotak(107.90, -7.30, 107.95, -7.20)
        ),
    )


@dataclass
class Pengguna:
    warga: User
    operator_a: User
    operator_b: User
    perencana: User
    admin_kecamatan: User
    admin_kecamatan_lain: User
    superadmin: User


@pytest.fixture
def pengguna(wilayah: Wilayah) -> Pengguna:
    operator_a = UserFactory(email="operator.a@contoh.id", peran=Peran.OPERATOR)
    operator_a.desa_kerja.add(wilayah.desa_a)
    operator_b = UserFactory(email="operator.b@contoh.id", peran=Peran.OPERATOR)
    operator_b.desa_kerja.add(wilayah.desa_b)
    admin = UserFactory(email="camat@contoh.id", peran=Peran.ADMIN_KECAMATAN)
    admin.kecamatan_kerja.add(wilayah.kecamatan)
    admin_lain = UserFactory(email="camat.lain@contoh.id", peran=Peran.ADMIN_KECAMATAN)
    admin_lain.kecamatan_kerja.add(wilayah.kecamatan_lain)
    return Pengguna(
        warga=UserFactory(email="warga@contoh.id", desa_domisili=wilayah.desa_a),
        operator_a=operator_a,
        operator_b=operator_b,
        perencana=UserFactory(email="perencana@contoh.id", peran=Peran.PERENCANA),
        admin_kecamatan=admin,
        admin_kecamatan_lain=admin_lain,
        superadmin=UserFactory(email="super@contoh.id", peran=Peran.SUPERADMIN),
    )


# Village data in desa A (lon 107.80–107.85) and desa B (107.85–107.90), lat -7.30 to -7.20.
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
