"""Planner dashboards: figures from visible rows only, CSV/XLSX downloads."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.contrib.gis.geos import Point
from django.utils import timezone
from openpyxl import load_workbook

from assets.models import AnggaranProyek
from reports.models import Pengaduan
from tests.factories import lahan_kopi


@pytest.fixture
def data(wilayah, aset_a, proyek_a, lahan_a):
    AnggaranProyek.objects.create(
        proyek=proyek_a, sumber_dana="dana_desa", anggaran=Decimal(100), realisasi=Decimal(40)
    )
    dibuat = timezone.now() - timezone.timedelta(days=1)
    aduan = Pengaduan.objects.create(
        desa=wilayah.desa_a,
        kategori_id="banjir",
        judul="Banjir",
        deskripsi="Air meluap.",
        lokasi=Point(107.82, -7.25, srid=4326),
        ditanggapi_pada=dibuat + timezone.timedelta(hours=3),
    )
    Pengaduan.objects.filter(pk=aduan.pk).update(dibuat=dibuat)
    lahan_kopi(wilayah.desa_b, (107.86, -7.26, 107.87, -7.25), nama="Kebun rahasia", penggunaan="sawah", publik=False)


@pytest.mark.django_db
def test_dashboard_counts_only_visible_rows(client, pengguna, wilayah, data):
    url = f"/dasbor/kecamatan/{wilayah.kecamatan.kode}/"
    assert client.get(url).status_code == 302
    client.force_login(pengguna.warga)
    assert client.get(url).status_code == 403
    client.force_login(pengguna.operator_a)  # desa B's private parcel is not counted for desa A's operator
    tabel = client.get(url).context["tabel"]
    assert [r[:3] for r in tabel["lahan"]["baris"]] == [["Sawah", "Padi sawah", 1]]
    assert tabel["anggaran"]["baris"] == [[2026, "Dana Desa (DD)", 100.0, 40.0]]
    assert tabel["anggaran"]["tampil"] == [["2026", "Dana Desa (DD)", "Rp 100", "Rp 40"]]
    assert tabel["aset"]["baris"][0][:3] == ["Gedung dan bangunan", "Baik", 1]
    _bulan, masuk, selesai, jam = tabel["pengaduan_bulan"]["baris"][0]
    assert (masuk, selesai, jam) == (1, 0, 3.0)
    client.force_login(pengguna.admin_kecamatan)
    assert len(client.get(url).context["tabel"]["lahan"]["baris"]) == 2
    desa = client.get(f"/dasbor/desa/{wilayah.desa_a.kode}/")
    assert desa.status_code == 200 and len(desa.context["tabel"]["lahan"]["baris"]) == 1
    client.force_login(pengguna.superadmin)
    kosong = client.get(f"/dasbor/kecamatan/{wilayah.kecamatan_lain.kode}/?x=1")
    assert kosong.status_code == 200
    from sig.wilayah.models import Kecamatan

    tanpa_desa = Kecamatan.objects.create(
        kode="32.05.55", nama="Baru", kabupaten=wilayah.kecamatan.kabupaten, batas=wilayah.kecamatan.batas
    )
    assert client.get(f"/dasbor/kecamatan/{tanpa_desa.kode}/").context["tabel"]["pengaduan_bulan"]["baris"] == []


@pytest.mark.django_db
def test_tables_download_as_csv_and_xlsx(client, pengguna, wilayah, data):
    client.force_login(pengguna.admin_kecamatan)
    url = f"/dasbor/kecamatan/{wilayah.kecamatan.kode}/"
    csv = client.get(url, {"tabel": "lahan", "format": "csv"})
    assert csv["Content-Disposition"] == 'attachment; filename="lahan.csv"'
    assert "penggunaan,komoditas,jumlah persil,luas (ha)" in csv.content.decode("utf-8-sig")
    xlsx = client.get(url, {"tabel": "anggaran", "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert [c.value for c in sheet[1]] == ["tahun", "sumber dana", "anggaran (Rp)", "realisasi (Rp)"]
    assert [c.value for c in sheet[2]] == [2026, "Dana Desa (DD)", 100, 40]
    assert client.get(url, {"tabel": "rahasia"}).status_code == 404
    assert client.get(url, {"tabel": "lahan", "format": "exe"}).status_code == 404
