"""A desa with public and private items of every kind the registry knows."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.contrib.gis.geos import Point

from assets.models import AsetDesa, PotensiDesa, ProyekPembangunan
from assets.models.aset import Golongan, JenisAset
from assets.models.potensi import JenisPotensi, StatusPotensi
from reports.models import Pengaduan

SITUS = "https://sigdesa.contoh.id"
XSS = "</script><script>alert(1)</script> \"kutip\" 'tunggal' & <b>"


@pytest.fixture(autouse=True)
def situs(settings):
    settings.SITE_URL = SITUS


@dataclass
class Isi:
    aduan: Pengaduan
    aduan_sembunyi: Pengaduan
    aduan_sunting: Pengaduan
    potensi: PotensiDesa
    potensi_menunggu: PotensiDesa
    proyek: ProyekPembangunan
    proyek_privat: ProyekPembangunan
    aset: AsetDesa
    aset_privat: AsetDesa


def _aduan(desa, judul: str, **extra) -> Pengaduan:
    return Pengaduan.objects.create(desa=desa, kategori_id="banjir", judul=judul, deskripsi="Air meluap ke jalan.",
                                    lokasi=Point(107.82, -7.25, srid=4326), **extra)  # fmt: skip


def _potensi(desa, nama: str, status: str) -> PotensiDesa:
    return PotensiDesa.objects.create(desa=desa, jenis=JenisPotensi.KULINER, nama=nama, tagline="Legit",
                                      status=status, geometri=Point(107.821, -7.251, srid=4326))  # fmt: skip


def _proyek(desa, nama: str, publik: bool) -> ProyekPembangunan:
    return ProyekPembangunan.objects.create(desa=desa, nama=nama, tahun_anggaran=2026, publik=publik,
                                            geometri=Point(107.822, -7.252, srid=4326))  # fmt: skip


def _aset(desa, nama: str, publik: bool) -> AsetDesa:
    return AsetDesa.objects.create(desa=desa, nama=nama, golongan=Golongan.GEDUNG_BANGUNAN,
                                   jenis=JenisAset.BALAI_DESA, publik=publik,
                                   geometri=Point(107.823, -7.253, srid=4326))  # fmt: skip


@pytest.fixture
def isi(wilayah) -> Isi:
    d = wilayah.desa_a
    return Isi(
        aduan=_aduan(d, "Selokan meluap di RT 02"),
        aduan_sembunyi=_aduan(d, "Aduan tersembunyi RAHASIA1", tersembunyi=True),
        aduan_sunting=_aduan(d, "Aduan berisi nomor KTP RAHASIA2", perlu_sunting=True),
        potensi=_potensi(d, "Dodol Ibu Euis", StatusPotensi.TERBIT),
        potensi_menunggu=_potensi(d, "Potensi belum terbit RAHASIA3", StatusPotensi.MENUNGGU),
        proyek=_proyek(d, "Rabat beton Dusun Kaler", True),
        proyek_privat=_proyek(d, "Proyek internal RAHASIA4", False),
        aset=_aset(d, "Balai Desa A", True),
        aset_privat=_aset(d, "Gudang internal RAHASIA5", False),
    )


RAHASIA = ("RAHASIA1", "RAHASIA2", "RAHASIA3", "RAHASIA4", "RAHASIA5")
