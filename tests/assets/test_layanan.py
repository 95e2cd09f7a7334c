"""Services of village data: geometry rules, money, progress, history and revert, moderation."""

import datetime
import json
from decimal import Decimal

import pytest
from django.contrib.gis.geos import LineString, Point, Polygon
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from assets.models import AnggaranProyek, AsetDesa, LahanPertanian, PotensiDesa, ProyekPembangunan
from assets.models.aset import Kondisi
from assets.models.potensi import StatusPotensi
from assets.services import fitur as layanan
from assets.services.potensi import potensi_ajukan, potensi_moderasi
from assets.services.proyek import anggaran_atur, progres_tambah, proyek_selesaikan, total_anggaran
from tests.conftest import titik_a
from tests.factories import kotak

ASET = {"nama": "Posyandu Mawar", "golongan": "gedung_bangunan", "jenis": "posyandu", "kondisi": "baik"}


def simpan_aset(user, desa, geometri, **extra):
    return layanan.fitur_simpan(obj=AsetDesa(), data={**ASET, "desa": desa, "geometri": geometri, **extra}, by=user)


@pytest.mark.django_db
def test_polygon_outside_its_desa_is_refused_clearly(wilayah, pengguna):
    outside = kotak(107.86, -7.26, 107.87, -7.25).json  # in desa B
    with pytest.raises(ValidationError) as err:
        simpan_aset(pengguna.operator_a, wilayah.desa_a, outside)
    assert err.value.message_dict["geometri"] == ["Lokasi berada di luar batas Desa Desa A."]
    assert not AsetDesa.objects.exists()


@pytest.mark.django_db
def test_lines_need_only_touch_the_desa(wilayah, pengguna):
    crossing = LineString((107.84, -7.25), (107.86, -7.25), srid=4326)
    assert simpan_aset(
        pengguna.operator_a, wilayah.desa_a, crossing.json, jenis="jalan_desa", golongan="jalan_irigasi_jaringan"
    ).obj.pk
    far = LineString((107.86, -7.25), (107.88, -7.25), srid=4326)
    with pytest.raises(ValidationError, match="tidak menyentuh"):
        simpan_aset(
            pengguna.operator_a, wilayah.desa_a, far.json, jenis="jalan_desa", golongan="jalan_irigasi_jaringan"
        )


@pytest.mark.django_db
def test_bowtie_polygon_is_repaired_with_a_notice_never_stored_invalid(wilayah, pengguna):
    bowtie = Polygon(((107.81, -7.26), (107.82, -7.25), (107.82, -7.26), (107.81, -7.25), (107.81, -7.26)), srid=4326)
    assert not bowtie.valid
    hasil = simpan_aset(pengguna.operator_a, wilayah.desa_a, bowtie.json, golongan="tanah", jenis="tanah_kas_desa")
    assert any("diperbaiki" in n for n in hasil.notices)
    stored = AsetDesa.objects.get()
    assert stored.geometri.valid and stored.geometri.geom_type == "MultiPolygon"
    with pytest.raises(IntegrityError), transaction.atomic():
        AsetDesa.objects.filter(pk=stored.pk).update(geometri=bowtie)  # the database refuses it too


@pytest.mark.django_db
def test_z_coordinates_are_dropped_and_wrong_kinds_refused(wilayah, pengguna, lahan_a):
    point_z = json.dumps({"type": "Point", "coordinates": [107.82, -7.25, 812.5]})
    obj = simpan_aset(pengguna.operator_a, wilayah.desa_a, point_z).obj
    assert not AsetDesa.objects.get(pk=obj.pk).geometri.hasz
    with pytest.raises(ValidationError, match="garis tidak diterima; gunakan poligon"):
        layanan.fitur_simpan(
            obj=lahan_a, data={"geometri": LineString((107.81, -7.25), (107.82, -7.25)).json}, by=pengguna.operator_a
        )
    for bad in ["", "bukan geometri", '{"type": "GeometryCollection", "geometries": []}', "POINT(1 2 3 4 5)"]:
        with pytest.raises(ValidationError):
            simpan_aset(pengguna.operator_a, wilayah.desa_a, bad)


@pytest.mark.django_db
def test_geojson_crs_member_never_reaches_gdal(wilayah, pengguna, monkeypatch):
    from django.contrib.gis import gdal

    monkeypatch.setattr(gdal.SpatialReference, "__init__", lambda *a, **k: (_ for _ in ()).throw(AssertionError("SRS")))
    hostile = json.dumps(
        {
            "type": "Point",
            "coordinates": [107.82, -7.25],
            "crs": {"type": "name", "properties": {"name": "/vsicurl/http://169.254.169.254/"}},
        }
    )
    with pytest.raises(ValidationError, match="CRS lain ditolak"):
        simpan_aset(pengguna.operator_a, wilayah.desa_a, hostile)
    crs84 = json.loads(hostile)
    crs84["crs"]["properties"]["name"] = "urn:ogc:def:crs:OGC:1.3:CRS84"
    obj = simpan_aset(pengguna.operator_a, wilayah.desa_a, json.dumps(crs84)).obj
    assert obj.geometri.srid == 4326 and obj.geometri.coords == (107.82, -7.25)


@pytest.mark.django_db
def test_asset_class_and_sub_type_must_match(wilayah, pengguna):
    with pytest.raises(ValidationError, match="tidak termasuk golongan"):
        simpan_aset(pengguna.operator_a, wilayah.desa_a, titik_a().json, golongan="tanah", jenis="posyandu")


@pytest.mark.django_db
def test_money_totals_add_up_exactly(proyek_a, pengguna):
    lines = [
        {"sumber_dana": "dana_desa", "anggaran": Decimal("187654321.10"), "realisasi": Decimal("100000000.10")},
        {"sumber_dana": "add", "anggaran": Decimal("0.20"), "realisasi": Decimal("0.10")},
        {"sumber_dana": "swadaya", "anggaran": Decimal("12345678.70"), "realisasi": Decimal("0.10")},
    ]
    anggaran_atur(proyek=proyek_a, baris=lines, by=pengguna.operator_a)
    assert total_anggaran(proyek_a) == (Decimal("200000000.00"), Decimal("100000000.30"))
    with pytest.raises(ValidationError, match="sekali"):
        anggaran_atur(proyek=proyek_a, baris=[lines[0], lines[0]], by=pengguna.operator_a)
    with pytest.raises(ValidationError, match="tidak negatif"):
        anggaran_atur(proyek=proyek_a, baris=[{**lines[0], "anggaran": Decimal("-1")}], by=pengguna.operator_a)
    assert AnggaranProyek.objects.count() == 3
    with pytest.raises(PermissionDenied):
        anggaran_atur(proyek=proyek_a, baris=lines, by=pengguna.operator_b)


@pytest.mark.django_db
def test_progress_outside_0_100_is_refused(proyek_a, pengguna):
    today = datetime.date.today()
    for bad in (Decimal("100.01"), Decimal("-1")):
        with pytest.raises(ValidationError, match="antara 0 dan 100"):
            progres_tambah(proyek=proyek_a, tanggal=today, persen=bad, by=pengguna.operator_a)
    with pytest.raises(IntegrityError), transaction.atomic():
        ProyekPembangunan.objects.filter(pk=proyek_a.pk).update(progres_persen=Decimal("150"))
    progres_tambah(proyek=proyek_a, tanggal=today, persen=Decimal("40"), by=pengguna.operator_a)
    proyek_a.refresh_from_db()
    assert proyek_a.progres_persen == Decimal("40") and proyek_a.status == "berjalan"


@pytest.mark.django_db
def test_finished_project_becomes_an_asset_valued_at_its_realisation(proyek_a, pengguna):
    anggaran_atur(
        proyek=proyek_a,
        by=pengguna.operator_a,
        baris=[
            {"sumber_dana": "dana_desa", "anggaran": Decimal("250000000"), "realisasi": Decimal("248500000")},
            {"sumber_dana": "swadaya", "anggaran": Decimal("10000000"), "realisasi": Decimal("9000000")},
        ],
    )
    hasil = proyek_selesaikan(
        proyek=proyek_a,
        by=pengguna.operator_a,
        aset_golongan="jalan_irigasi_jaringan",
        aset_jenis="jalan_desa",
        tanggal=datetime.date(2026, 10, 1),
    )
    aset = AsetDesa.objects.get(proyek_asal=proyek_a)
    assert hasil.obj == aset
    assert aset.nilai_perolehan == Decimal("257500000") and aset.sumber_dana == "dana_desa"
    assert aset.tahun_perolehan == 2026 and aset.geometri.equals_exact(proyek_a.geometri, 1e-12)
    assert float(aset.panjang_m) == pytest.approx(2208, rel=0.01)  # 0.02° of longitude at 7°S
    proyek_a.refresh_from_db()
    assert proyek_a.status == "selesai" and proyek_a.progres_persen == 100
    proyek_selesaikan(
        proyek=proyek_a,
        by=pengguna.operator_a,
        aset_golongan="jalan_irigasi_jaringan",
        aset_jenis="jalan_desa",
        aset_nama="Jalan Kaler",
    )
    assert AsetDesa.objects.get(proyek_asal=proyek_a).nama == "Jalan Kaler"  # updated, not duplicated


@pytest.mark.django_db
def test_revert_restores_geometry_and_attributes_exactly(wilayah, pengguna):
    original = simpan_aset(pengguna.operator_a, wilayah.desa_a, titik_a().json, nilai_perolehan=Decimal("123.45")).obj
    first = original.history.earliest().history_id
    layanan.fitur_simpan(
        obj=original,
        by=pengguna.operator_a,
        data={
            "nama": "Diganti",
            "kondisi": Kondisi.RUSAK_BERAT,
            "nilai_perolehan": Decimal("999"),
            "geometri": Point(107.83, -7.27, srid=4326).json,
        },
    )
    layanan.riwayat_pulihkan(model=AsetDesa, pk=original.pk, history_id=first, by=pengguna.operator_a)
    restored = AsetDesa.objects.get(pk=original.pk)
    assert (restored.nama, restored.kondisi, restored.nilai_perolehan) == ("Posyandu Mawar", "baik", Decimal("123.45"))
    assert restored.geometri.equals_exact(titik_a(), 0)
    latest = restored.history.latest()
    assert latest.history_user == pengguna.operator_a and latest.history_change_reason.startswith("Dipulihkan")
    assert restored.history.count() == 3


@pytest.mark.django_db
def test_deleted_feature_can_be_restored_from_history(aset_a, pengguna):
    pk = aset_a.pk
    layanan.fitur_hapus(obj=aset_a, by=pengguna.operator_a)
    assert not AsetDesa.objects.filter(pk=pk).exists()
    deleted = AsetDesa.history.get(id=pk, history_type="-")
    assert deleted.history_user == pengguna.operator_a
    version = AsetDesa.history.get(id=pk, history_type="+")
    with pytest.raises(PermissionDenied):
        layanan.riwayat_pulihkan(model=AsetDesa, pk=pk, history_id=version.history_id, by=pengguna.operator_b)
    layanan.riwayat_pulihkan(model=AsetDesa, pk=pk, history_id=version.history_id, by=pengguna.operator_a)
    assert AsetDesa.objects.get(pk=pk).nama == "Balai Desa A"


@pytest.mark.django_db
def test_bulk_change_leaves_history_per_feature(wilayah, pengguna, aset_a):
    others = [simpan_aset(pengguna.operator_a, wilayah.desa_a, titik_a(0.001 * i).json).obj for i in range(1, 3)]
    count = layanan.fitur_ubah_massal(
        queryset=AsetDesa.objects.filter(desa=wilayah.desa_a),
        changes={"kondisi": Kondisi.RUSAK_RINGAN},
        by=pengguna.operator_a,
    )
    assert count == 3
    for aset in [aset_a, *others]:
        latest = aset.history.latest()
        assert latest.kondisi == Kondisi.RUSAK_RINGAN and latest.history_user == pengguna.operator_a


@pytest.mark.django_db
def test_bulk_change_refuses_other_desa(wilayah, pengguna, aset_a, aset_b):
    with pytest.raises(PermissionDenied):
        layanan.fitur_ubah_massal(
            queryset=AsetDesa.objects.all(), changes={"kondisi": "rusak_berat"}, by=pengguna.operator_a
        )
    assert set(AsetDesa.objects.values_list("kondisi", flat=True)) == {"baik"}


@pytest.mark.django_db
def test_farmland_area_and_potential_production(lahan_a):
    from django.db import connection

    lahan_a.refresh_from_db()
    with connection.cursor() as cursor:
        cursor.execute("SELECT ST_Area(geometri::geography)/10000 FROM assets_lahanpertanian WHERE id=%s", [lahan_a.pk])
        geography_ha = cursor.fetchone()[0]
    assert float(lahan_a.luas_ha) == pytest.approx(geography_ha, rel=1e-6)
    assert lahan_a.potensi_produksi_ton == (Decimal(geography_ha).quantize(Decimal("0.0001")) * 12).quantize(
        Decimal("0.01")
    ) or float(lahan_a.potensi_produksi_ton) == pytest.approx(geography_ha * 12, rel=1e-4)
    LahanPertanian.objects.filter(pk=lahan_a.pk).update(panen_per_tahun=3)
    lahan_a.refresh_from_db()
    assert float(lahan_a.potensi_produksi_ton) == pytest.approx(geography_ha * 18, rel=1e-4)


def luas_geografi_ha(pk: int) -> float:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT ST_Area(geometri::geography) / 10000 FROM assets_lahanpertanian WHERE id = %s", [pk])
        return cursor.fetchone()[0]


@pytest.mark.django_db
def test_farmland_area_is_the_databases_on_every_path(lahan_a):
    # Known on insert, without a reload (returned like a generated column).
    assert float(lahan_a.luas_ha) == pytest.approx(luas_geografi_ha(lahan_a.pk), rel=1e-6)
    # A new boundary through save(): both values follow; a value written to them is not kept.
    lahan_a.geometri = kotak(107.81, -7.26, 107.83, -7.25)
    lahan_a.luas_ha = Decimal("1.0000")
    lahan_a.save()
    lahan_a.refresh_from_db()
    ha = luas_geografi_ha(lahan_a.pk)
    assert float(lahan_a.luas_ha) == pytest.approx(ha, rel=1e-6) and ha > 200
    assert float(lahan_a.potensi_produksi_ton) == pytest.approx(ha * 12, rel=1e-4)
    LahanPertanian.objects.filter(pk=lahan_a.pk).update(luas_ha=5, potensi_produksi_ton=5)
    lahan_a.refresh_from_db()
    assert float(lahan_a.luas_ha) == pytest.approx(ha, rel=1e-6)
    assert float(lahan_a.potensi_produksi_ton) == pytest.approx(ha * 12, rel=1e-4)


@pytest.mark.django_db
def test_citizen_potensi_is_assigned_to_its_desa_and_waits_for_moderation(wilayah, pengguna):
    data = {
        "jenis": "wisata",
        "nama": "Curug Cikaso",
        "tagline": "Sejuk",
        "deskripsi": "Air terjun",
        "kontak": "",
        "geometri": Point(107.87, -7.24, srid=4326).json,
    }
    hasil = potensi_ajukan(data=data, by=pengguna.warga)
    potensi = PotensiDesa.objects.get()
    assert potensi.desa == wilayah.desa_b and potensi.status == StatusPotensi.MENUNGGU
    assert potensi.teks_asli["nama"] == "Curug Cikaso" and "diverifikasi" in hasil.notices[0]
    with pytest.raises(PermissionDenied):
        potensi_moderasi(potensi=potensi, keputusan="terbit", by=pengguna.operator_a)
    with pytest.raises(ValidationError, match="alasan"):
        potensi_moderasi(potensi=potensi, keputusan="tolak", by=pengguna.operator_b)
    potensi_moderasi(
        potensi=potensi,
        keputusan="terbit",
        by=pengguna.operator_b,
        perubahan={"nama": "Curug Cikaso Indah", "deskripsi": "Air terjun setinggi 30 m"},
    )
    potensi.refresh_from_db()
    assert potensi.status == StatusPotensi.TERBIT and potensi.nama == "Curug Cikaso Indah"
    assert potensi.teks_asli == {"nama": "Curug Cikaso", "tagline": "Sejuk", "deskripsi": "Air terjun", "kontak": ""}


@pytest.mark.django_db
def test_potensi_outside_every_desa_is_refused(wilayah, pengguna):
    data = {"jenis": "wisata", "nama": "Di laut", "geometri": Point(106.0, -8.5, srid=4326).json}
    with pytest.raises(ValidationError, match="desa"):
        potensi_ajukan(data=data, by=pengguna.warga)
    assert not PotensiDesa.objects.exists()
