"""Factories for territory and people; geometry helpers in degrees around Garut."""

from __future__ import annotations

import factory
from django.contrib.gis.geos import MultiPolygon, Polygon

from sig.akun.models import Peran, User
from sig.wilayah.models import Desa, Dusun, Kabupaten, Kecamatan

PASSWORD = "kata-sandi-uji-123"


def kotak(x0: float, y0: float, x1: float, y1: float) -> MultiPolygon:
    """An axis-aligned rectangle as a MultiPolygon in EPSG:4326."""
    ring = ((x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0))
    return MultiPolygon(Polygon(ring), srid=4326)


class KabupatenFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Kabupaten
        django_get_or_create = ("kode",)

    kode = "32.05"
    nama = "Garut"
    provinsi = "Jawa Barat"


class KecamatanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Kecamatan

    kabupaten = factory.SubFactory(KabupatenFactory)
    kode = factory.Sequence(lambda n: f"32.05.{50 + n % 40:02d}")
    nama = factory.Sequence(lambda n: f"Kecamatan Uji {n}")
    batas = factory.LazyFunction(lambda: kotak(107.80, -7.30, 107.90, -7.20))


class DesaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Desa

    kecamatan = factory.SubFactory(KecamatanFactory)
    kode = factory.LazyAttributeSequence(lambda o, n: f"{o.kecamatan.kode}.{2001 + n % 999}")
    nama = factory.Sequence(lambda n: f"Desa Uji {n}")
    batas = factory.LazyFunction(lambda: kotak(107.80, -7.30, 107.85, -7.25))


class DusunFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Dusun

    desa = factory.SubFactory(DesaFactory)
    nama = factory.Sequence(lambda n: f"Dusun {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"pengguna{n}@contoh.id")
    nama = factory.Sequence(lambda n: f"Pengguna {n}")
    peran = Peran.WARGA
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def simpan(self, create, extracted, **kwargs):
        if create:
            self.save()


def lahan_kopi(desa, box: tuple[float, float, float, float], **extra):
    """A coffee parcel over an axis-aligned box (pass publik=False for a private one)."""
    from assets.models import LahanPertanian

    fields = {"nama": "Kebun kopi", "penggunaan": "kebun", "komoditas": "kopi", "irigasi": "tadah_hujan", **extra}
    return LahanPertanian.objects.create(desa=desa, geometri=kotak(*box), **fields)
