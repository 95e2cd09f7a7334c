"""Where desa overlap, a location belongs to the boundary in force: the one that came into force last, then the
smallest, then the code. Complaints, citizen pins and boundary previews all ask the same SQL function."""

from datetime import timedelta

import pytest
from django.contrib.gis.geos import Point
from django.db import connection
from django.utils import timezone

from sig.wilayah.models import Desa
from sig.wilayah.selectors import desa_di_lokasi
from tests.factories import DesaFactory, kotak

TITIK = Point(107.845, -7.25, srid=4326)  # in desa A and in the overlapping desa below


def berlaku(point: Point) -> int | None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT wilayah_desa_berlaku(ST_GeomFromEWKB(%s))", [bytes(point.ewkb)])
        return cursor.fetchone()[0]


@pytest.mark.django_db
def test_the_most_recent_boundary_wins_whatever_its_code(wilayah):
    # A later import puts a desa (lowest code of all) over the A/B border.
    baru = DesaFactory(
        kecamatan=wilayah.kecamatan, kode="32.05.07.1001", nama="Baru", batas=kotak(107.84, -7.26, 107.86, -7.24)
    )
    assert berlaku(TITIK) == baru.pk and desa_di_lokasi(TITIK) == baru
    # Outside the overlap nothing changes.
    assert berlaku(Point(107.81, -7.25, srid=4326)) == wilayah.desa_a.pk


@pytest.mark.django_db
def test_a_changed_boundary_comes_into_force_but_a_profile_edit_does_not(wilayah):
    baru = DesaFactory(
        kecamatan=wilayah.kecamatan, kode="32.05.07.2009", nama="Baru", batas=kotak(107.84, -7.26, 107.86, -7.24)
    )
    a = Desa.objects.get(pk=wilayah.desa_a.pk)
    a.kepala_desa = "Pak Kades"
    a.save()  # not a boundary change: the newer boundary stays in force
    assert berlaku(TITIK) == baru.pk
    before = Desa.objects.get(pk=a.pk).batas_sejak
    a.batas = kotak(107.80, -7.30, 107.8501, -7.20)  # A's boundary is corrected (through the admin, an import…)
    a.save()
    a.refresh_from_db()
    assert a.batas_sejak > before and berlaku(TITIK) == a.pk


@pytest.mark.django_db
def test_boundaries_in_force_since_the_same_moment_go_to_the_smallest_then_the_code(wilayah):
    moment = timezone.now() + timedelta(minutes=1)
    kecil = DesaFactory(
        kecamatan=wilayah.kecamatan, kode="32.05.07.2009", nama="Kecil", batas=kotak(107.844, -7.251, 107.846, -7.249)
    )
    Desa.objects.filter(pk__in=[kecil.pk, wilayah.desa_a.pk, wilayah.desa_b.pk]).update(batas_sejak=moment)
    assert berlaku(TITIK) == kecil.pk
    Desa.objects.filter(pk=kecil.pk).delete()
    # A point on the shared A/B border, both in force since the same moment and of the same size: the code.
    assert berlaku(Point(107.85, -7.25, srid=4326)) == wilayah.desa_a.pk


@pytest.mark.django_db
def test_complaints_are_routed_by_the_boundary_in_force(wilayah, pengguna):
    from allauth.account.models import EmailAddress

    from reports.services.lapor import pengaduan_buat

    EmailAddress.objects.create(user=pengguna.warga, email=pengguna.warga.email, verified=True, primary=True)
    baru = DesaFactory(
        kecamatan=wilayah.kecamatan, kode="32.05.07.1001", nama="Baru", batas=kotak(107.84, -7.26, 107.86, -7.24)
    )
    hasil = pengaduan_buat(
        kategori="jalanrusak",
        judul="Jalan rusak",
        deskripsi="Lubang besar di jalan desa.",
        lon=TITIK.x,
        lat=TITIK.y,
        by=pengguna.warga,
    )
    assert hasil.pengaduan.desa == baru


@pytest.mark.django_db
def test_a_boundary_file_moves_batas_sejak_only_for_boundaries_it_changes(wilayah):
    import geopandas as gpd
    import shapely

    from sig.wilayah.services import muat_batas_frame

    before = {d.kode: d.batas_sejak for d in Desa.objects.all()}
    frame = gpd.GeoDataFrame(
        [{"kode": "32.05.07.2001", "nama": "Desa A Baru"}, {"kode": "32.05.07.2002", "nama": "Desa B"}],
        geometry=[shapely.from_wkt(wilayah.desa_a.batas.wkt), shapely.box(107.85, -7.30, 107.91, -7.20)],
        crs=4326,
    )
    report = muat_batas_frame(frame=frame, epsg=4326)
    assert (report.created, report.updated, report.unchanged) == ([], ["32.05.07.2001", "32.05.07.2002"], [])
    after = {d.kode: d.batas_sejak for d in Desa.objects.all()}
    assert after["32.05.07.2001"] == before["32.05.07.2001"]  # renamed only: its boundary is as old as it was
    assert after["32.05.07.2002"] > before["32.05.07.2002"]
    assert berlaku(Point(107.905, -7.25, srid=4326)) == wilayah.desa_b.pk  # B now reaches into the other kecamatan
