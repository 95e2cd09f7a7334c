"""Working-day deadlines: the arithmetic (weekends, holidays, filed after office hours or on a day off, year
boundary), deadlines fixed on new complaints, the inbox's overdue-first order and badge, and the transparency
share within deadline per desa."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.gis.geos import Point
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reports.models import HariLibur, KategoriPengaduan, Pengaduan
from reports.services.alur import pengaduan_ubah_status
from reports.services.lapor import pengaduan_buat
from reports.tenggat import hari_kerja, hari_nol, q_lewat, tambah_hari_kerja, tenggat
from tests.reports.conftest import LOKASI

WIB = ZoneInfo("Asia/Jakarta")
D = datetime.date


def jam(y, m, d, h=10, mi=0):
    return datetime.datetime(y, m, d, h, mi, tzinfo=WIB)


def hari_tenggat(diterima, n, libur=()):
    return timezone.localtime(tenggat(diterima, n, set(libur))).date()


# 2026-12-07 is a Monday.
@pytest.mark.parametrize(
    ("diterima", "n", "libur", "hari"),
    [
        (jam(2026, 12, 7), 3, (), D(2026, 12, 10)),  # Mon morning → Thu
        (jam(2026, 12, 7, 15, 59), 3, (), D(2026, 12, 10)),  # a minute before closing still counts Monday
        (jam(2026, 12, 7, 16, 0), 3, (), D(2026, 12, 11)),  # at closing: day 0 is Tuesday → Fri
        (jam(2026, 12, 9), 3, (), D(2026, 12, 14)),  # Wed → over the weekend → Mon
        (jam(2026, 12, 11, 17), 1, (), D(2026, 12, 15)),  # Fri evening → day 0 Mon → Tue
        (jam(2026, 12, 12), 3, (), D(2026, 12, 17)),  # Saturday → day 0 Mon → Thu
        (jam(2026, 12, 13, 23, 59), 3, (), D(2026, 12, 17)),  # Sunday night → same
        (jam(2026, 12, 7), 0, (), D(2026, 12, 7)),  # zero days: the same working day
        (jam(2026, 12, 7), 3, (D(2026, 12, 8),), D(2026, 12, 11)),  # a holiday inside the span is skipped
        (jam(2026, 12, 7), 3, (D(2026, 12, 8), D(2026, 12, 9)), D(2026, 12, 14)),  # two holidays + weekend
        (jam(2026, 12, 7), 3, (D(2026, 12, 12),), D(2026, 12, 10)),  # a holiday on a Saturday changes nothing
        (jam(2026, 12, 8), 2, (D(2026, 12, 8),), D(2026, 12, 11)),  # filed on a holiday → day 0 Wed → Fri
        # Year boundary: Thu 24 Dec 2026 (cuti bersama), 25 Dec (Natal) and 1 Jan 2027 off.
        (jam(2026, 12, 23), 3, (D(2026, 12, 24), D(2026, 12, 25), D(2027, 1, 1)), D(2026, 12, 30)),
        (jam(2026, 12, 23), 5, (D(2026, 12, 24), D(2026, 12, 25), D(2027, 1, 1)), D(2027, 1, 4)),
        (jam(2026, 12, 31, 18), 1, (D(2027, 1, 1),), D(2027, 1, 5)),  # Thu evening → day 0 Mon 4 Jan → Tue
        (jam(2026, 12, 7), 10, (), D(2026, 12, 21)),  # ten working days = two weeks
    ],
)
def test_deadline_counts_working_days(diterima, n, libur, hari):
    assert hari_tenggat(diterima, n, libur) == hari


def test_deadline_is_the_end_of_the_day_in_local_time():
    batas = tenggat(jam(2026, 12, 7), 3, set())
    lokal = timezone.localtime(batas)
    assert (lokal.date(), lokal.hour, lokal.minute) == (D(2026, 12, 10), 23, 59)
    assert tenggat(jam(2026, 12, 7), 3, set()) < jam(2026, 12, 11, 0, 0)


def test_time_is_read_in_local_time_not_utc():
    # 09:30 UTC is 16:30 WIB: after closing, so Monday does not count.
    utc = datetime.datetime(2026, 12, 7, 9, 30, tzinfo=datetime.UTC)
    assert hari_nol(utc, set()) == D(2026, 12, 8)


def test_negative_or_huge_counts_refused():
    with pytest.raises(ValueError, match="hari kerja"):
        tambah_hari_kerja(D(2026, 12, 7), -1, set())
    with pytest.raises(ValueError):
        tambah_hari_kerja(D(2026, 12, 7), 10_000, set())


def test_a_year_of_holidays_is_refused_not_looped_forever():
    semua = {D(2026, 1, 1) + datetime.timedelta(days=i) for i in range(800)}
    with pytest.raises(ValueError, match="hari libur"):
        tambah_hari_kerja(D(2026, 1, 1), 1, semua)


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    st.integers(min_value=0, max_value=400),
    st.integers(min_value=0, max_value=30),
    st.sets(st.integers(min_value=0, max_value=460), max_size=20),
)
def test_exactly_n_working_days_lie_after_day_zero(mulai, n, libur):
    awal = D(2026, 10, 1)  # spans a year boundary
    mulai, libur = awal + datetime.timedelta(days=mulai), {awal + datetime.timedelta(days=i) for i in libur}
    akhir = tambah_hari_kerja(mulai, n, libur)
    assert akhir >= mulai and (n == 0 or hari_kerja(akhir, libur))
    hari = [mulai + datetime.timedelta(days=i) for i in range(1, (akhir - mulai).days + 1)]
    assert sum(hari_kerja(h, libur) for h in hari) == n


@pytest.mark.django_db
def test_seeded_holidays_cover_2026_and_2027():
    assert HariLibur.objects.filter(tanggal=D(2026, 8, 17)).exists()
    assert HariLibur.objects.filter(tanggal=D(2027, 12, 25)).exists()
    assert HariLibur.objects.filter(tanggal__year=2026).count() >= 17
    assert KategoriPengaduan.objects.get(pk="banjir").tenggat_selesai_hari == 5
    assert KategoriPengaduan.objects.get(pk="sampah").tenggat_selesai_hari == 10


def _aduan(wilayah, warga, judul, diterima=None, kategori="sampah", **kw):
    """A complaint received at `diterima` (the deadline hook reads the given time; the row keeps it)."""
    p = Pengaduan.objects.create(
        desa=wilayah.desa_a,
        kategori_id=kategori,
        judul=judul,
        deskripsi="Uraian masalah cukup panjang.",
        lokasi=Point(LOKASI["lon"], LOKASI["lat"], srid=4326),
        pelapor=warga,
        dibuat=diterima,
    )
    if diterima is not None:
        Pengaduan.objects.filter(pk=p.pk).update(dibuat=diterima, **kw)
    p.refresh_from_db()
    return p


@pytest.mark.django_db
def test_new_complaint_gets_deadlines_from_its_category_and_holidays(wilayah, warga):
    p = _aduan(wilayah, warga, "Banjir", jam(2026, 8, 14), kategori="banjir")  # Fri; Mon 17 Aug is a holiday
    assert timezone.localtime(p.tenggat_tanggap).date() == D(2026, 8, 20)  # Fri=0, Tue 1, Wed 2, Thu 3
    assert timezone.localtime(p.tenggat_selesai).date() == D(2026, 8, 24)  # 5 working days (Fri 21 = 4)


@pytest.mark.django_db
def test_every_channel_gets_deadlines(warga):
    p = pengaduan_buat(kategori="banjir", judul="Banjir", deskripsi="Air masuk rumah warga RT 3.", by=warga, **LOKASI)
    p = Pengaduan.objects.get(pk=p.pengaduan.pk)
    assert p.tenggat_tanggap is not None and p.tenggat_tanggap < p.tenggat_selesai
    assert p.tenggat_tanggap > p.dibuat


@pytest.mark.django_db
def test_an_admin_added_holiday_moves_new_deadlines(wilayah, warga):
    sebelum = _aduan(wilayah, warga, "Sampah 1", jam(2026, 12, 7))
    HariLibur.objects.create(tanggal=D(2026, 12, 9), nama="Pilkada serentak", jenis="daerah")
    sesudah = _aduan(wilayah, warga, "Sampah 2", jam(2026, 12, 7))
    assert timezone.localtime(sebelum.tenggat_tanggap).date() == D(2026, 12, 10)
    assert timezone.localtime(sesudah.tenggat_tanggap).date() == D(2026, 12, 11)


@pytest.mark.django_db
def test_inbox_lists_overdue_first_with_a_badge(wilayah, warga, pengguna, client):
    lama = _aduan(wilayah, warga, "Aduan lama belum ditanggapi", jam(2026, 6, 1))
    dijawab = _aduan(wilayah, warga, "Aduan sudah ditanggapi", jam(2026, 6, 2), ditanggapi_pada=jam(2026, 6, 2, 11))
    baru = _aduan(wilayah, warga, "Aduan baru")  # received now: nothing due
    client.force_login(pengguna.operator_a)
    html = client.get("/kelola/pengaduan/").content.decode()
    assert html.index(lama.kode_lacak) < html.index(baru.kode_lacak)  # overdue first, although older

    def baris(p):
        return html.split(f'data-kode="{p.kode_lacak}"')[1].split("</tr>")[0]

    assert "lewat tenggat" in baris(lama)  # never answered
    assert "lewat tenggat" in baris(dijawab)  # answered in time, but not resolved in 10 working days
    assert "lewat tenggat" not in baris(baru)
    hanya = client.get("/kelola/pengaduan/?tenggat=lewat").content.decode()
    assert lama.kode_lacak in hanya and baru.kode_lacak not in hanya
    detail = client.get(f"/kelola/pengaduan/{lama.kode_lacak}/").content.decode()
    assert "lewat tenggat" in detail and "Tanggapi paling lambat" in detail


@pytest.mark.django_db
def test_closed_complaints_are_never_overdue(wilayah, warga, pengguna):
    p = _aduan(wilayah, warga, "Aduan ditolak", jam(2026, 6, 1))
    pengaduan_ubah_status(pengaduan=p, ke="ditolak", teks="Bukan wewenang.", by=pengguna.operator_a, versi=p.versi)
    p.refresh_from_db()
    assert not p.lewat_tenggat
    assert not Pengaduan.objects.filter(q_lewat(timezone.now())).exists()


@pytest.mark.django_db
def test_transparency_counts_share_within_deadline_per_desa(wilayah, warga, client):
    # Received Tue 2 Jun 2026: respond by Fri 5 Jun; resolve in 10 working days by Wed 17 Jun (16 Jun a holiday).
    t = jam(2026, 6, 2)
    _aduan(wilayah, warga, "Tepat", t, ditanggapi_pada=jam(2026, 6, 3), selesai_pada=jam(2026, 6, 17, 15),
           status="selesai")  # fmt: skip
    _aduan(wilayah, warga, "Telat", t, ditanggapi_pada=jam(2026, 6, 8), status="diproses")
    _aduan(wilayah, warga, "Ditolak", t, ditanggapi_pada=jam(2026, 6, 3), status="ditolak")
    _aduan(wilayah, warga, "Belum jatuh tempo")  # received now, not answered: not counted yet
    html = client.get(f"/transparansi/kecamatan/{wilayah.kecamatan.kode}/").content.decode()
    baris = html.split(f'data-desa="{wilayah.desa_a.kode}"')[1].split("</tr>")[0]
    tanggap = baris.split('data-angka="tanggap">')[1].split("</td>")[0]
    selesai = baris.split('data-angka="selesai">')[1].split("</td>")[0]
    assert "(2/3)" in tanggap and "66,7" in tanggap  # answered in time: 2 of 3
    assert "(1/2)" in selesai and "50" in selesai  # resolved in time: 1 of 2 (the refused one is not counted)
    lain = html.split(f'data-desa="{wilayah.desa_b.kode}"')[1].split("</tr>")[0]
    assert "—" in lain and "%" not in lain
