"""Territory integrity lives in the database: codes, hierarchy, containment, validity, areas."""

from decimal import Decimal

import pytest
from django.contrib.gis.geos import GEOSGeometry, MultiPolygon, Polygon
from django.db import IntegrityError, connection, transaction

from sig.wilayah.models import Desa, Dusun, Kecamatan
from tests.factories import DesaFactory, KecamatanFactory, kotak


def geography_ha(table: str, pk: int) -> float:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT ST_Area(batas::geography) / 10000 FROM {table} WHERE id = %s", [pk])  # noqa: S608
        return cursor.fetchone()[0]


def metre_square_ha(lon: float, lat: float, side_m: float) -> MultiPolygon:
    """A side_m x side_m square built in UTM 48S and stored in 4326."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT ST_AsEWKT(ST_Multi(ST_Transform(ST_Expand(ST_Transform("
            "ST_SetSRID(ST_Point(%s, %s), 4326), 32748), %s), 4326)))",
            [lon, lat, side_m / 2],
        )
        return GEOSGeometry(cursor.fetchone()[0])


@pytest.mark.django_db
def test_luas_of_a_one_hectare_square_matches_geography(wilayah):
    square = metre_square_ha(107.82, -7.25, 100.0)
    desa = DesaFactory(kecamatan=wilayah.kecamatan, kode="32.05.07.2009", batas=square)
    desa.refresh_from_db()
    assert abs(float(desa.luas_ha) - geography_ha("wilayah_desa", desa.pk)) < 0.0001
    # 100 m x 100 m in UTM is 1 ha up to the UTM scale factor (0.9996^2) at this spot.
    assert float(desa.luas_ha) == pytest.approx(1.0, rel=0.002)


@pytest.mark.django_db
def test_luas_follows_boundary_changes(wilayah):
    desa = wilayah.desa_a
    before = desa.luas_ha
    desa.batas = kotak(107.80, -7.30, 107.825, -7.20)
    desa.save()
    desa.refresh_from_db()
    assert desa.luas_ha < before
    assert float(desa.luas_ha) == pytest.approx(geography_ha("wilayah_desa", desa.pk), rel=1e-6)
    assert isinstance(desa.luas_ha, Decimal)


@pytest.mark.django_db
@pytest.mark.parametrize("kode", ["32.05.07.201", "32.5.07.2001", "32.05.07.3001", "x", "32.05.07.2001 "])
def test_desa_code_format_is_enforced_by_the_database(wilayah, kode):
    with pytest.raises(IntegrityError), transaction.atomic():
        Desa.objects.create(
            kecamatan=wilayah.kecamatan, kode=kode, nama="Salah", batas=kotak(107.8, -7.3, 107.81, -7.29)
        )


@pytest.mark.django_db
def test_codes_are_unique(wilayah):
    with pytest.raises(IntegrityError), transaction.atomic():
        Desa.objects.create(
            kecamatan=wilayah.kecamatan,
            kode=wilayah.desa_a.kode,
            nama="Kembar",
            batas=kotak(107.8, -7.3, 107.81, -7.29),
        )


@pytest.mark.django_db
def test_desa_code_must_sit_under_its_kecamatan_code(wilayah):
    with pytest.raises(IntegrityError, match="tidak berada di bawah kode kecamatan"), transaction.atomic():
        Desa.objects.create(
            kecamatan=wilayah.kecamatan,
            kode="32.05.08.2005",
            nama="Salah induk",
            batas=kotak(107.80, -7.30, 107.81, -7.29),
        )
    assert not Desa.objects.filter(kode="32.05.08.2005").exists()


@pytest.mark.django_db
def test_kecamatan_code_must_sit_under_its_kabupaten_code(wilayah):
    with pytest.raises(IntegrityError, match="kode kabupaten"), transaction.atomic():
        Kecamatan.objects.create(kabupaten=wilayah.kecamatan.kabupaten, kode="32.06.01", nama="Salah")


@pytest.mark.django_db
def test_desa_outside_its_kecamatan_is_refused(wilayah):
    with pytest.raises(IntegrityError, match="di luar kecamatan"), transaction.atomic():
        Desa.objects.create(
            kecamatan=wilayah.kecamatan, kode="32.05.07.2010", nama="Nyasar", batas=kotak(107.95, -7.30, 108.00, -7.25)
        )


@pytest.mark.django_db
def test_desa_mostly_inside_is_accepted_like_real_data(wilayah):
    # Real datasets do not nest exactly: 30% of this desa lies across the kecamatan line.
    desa = Desa.objects.create(
        kecamatan=wilayah.kecamatan, kode="32.05.07.2011", nama="Perbatasan", batas=kotak(107.86, -7.30, 107.93, -7.28)
    )
    assert desa.pk


@pytest.mark.django_db
def test_shrinking_a_kecamatan_away_from_its_desa_is_refused(wilayah):
    kecamatan = wilayah.kecamatan
    kecamatan.batas = kotak(107.80, -7.30, 107.84, -7.20)
    with pytest.raises(IntegrityError, match="tidak lagi memuat desa: Desa B"), transaction.atomic():
        kecamatan.save()


@pytest.mark.django_db
def test_invalid_boundary_is_refused(wilayah):
    bowtie = MultiPolygon(
        Polygon(((107.80, -7.30), (107.82, -7.28), (107.82, -7.30), (107.80, -7.28), (107.80, -7.30))), srid=4326
    )
    with pytest.raises(IntegrityError, match="desa_batas_valid"), transaction.atomic():
        Desa.objects.create(kecamatan=wilayah.kecamatan, kode="32.05.07.2012", nama="Kupu", batas=bowtie)


@pytest.mark.django_db
def test_dusun_must_lie_in_its_desa(wilayah):
    Dusun.objects.create(desa=wilayah.desa_a, nama="Kaler", batas=kotak(107.80, -7.25, 107.85, -7.20))
    with pytest.raises(IntegrityError, match="di luar desanya"), transaction.atomic():
        Dusun.objects.create(desa=wilayah.desa_a, nama="Jauh", batas=kotak(107.86, -7.25, 107.89, -7.20))


@pytest.mark.django_db
def test_kecamatan_without_boundary_accepts_desa():
    kec = KecamatanFactory(kode="32.05.30", batas=None)
    desa = DesaFactory(kecamatan=kec, kode="32.05.30.1001")
    assert desa.jenis == Desa.Jenis.DESA  # set by the loader from the code; the default here
