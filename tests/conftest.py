from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from sig.akun.models import Peran, User
from sig.wilayah.models import Desa, Kecamatan
from tests.factories import DesaFactory, KecamatanFactory, UserFactory, kotak

SHARED_DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data"


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
