"""Calendar files and the living desa/kecamatan pages."""

from __future__ import annotations

from datetime import UTC, timedelta

import pytest
from django.contrib.gis.geos import Point
from django.utils import timezone

from kabar import services
from reports.models import KategoriPengaduan, Pengaduan

pytestmark = pytest.mark.django_db


def agenda(by, desa, **extra):
    mulai = timezone.now().replace(microsecond=0) + timedelta(days=3)
    data = {
        "judul": "Musyawarah desa; RKP, APBDes",
        "isi": "Baris satu\nbaris dua",
        "jenis": "musdes",
        "mulai": mulai,
        "selesai": mulai + timedelta(hours=2),
        "tempat": "Balai desa, Jl. Raya",
        "lokasi": Point(107.82, -7.25, srid=4326),
        "terbit": True,
    } | extra
    return services.agenda_simpan(by=by, desa=desa, **data)


def unfold(body: str) -> list[str]:
    return body.replace("\r\n ", "").split("\r\n")


def test_agenda_calendar_file_follows_rfc5545(wilayah, pengguna, client):
    obj = agenda(pengguna.operator_a, wilayah.desa_a, judul="Musyawarah desa; RKP, APBDes " + "panjang " * 12)
    response = client.get(f"/agenda/{obj.pk}.ics")
    assert response.status_code == 200 and response["Content-Type"] == "text/calendar; charset=utf-8"
    body = response.content.decode()
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))
    assert "\n" not in body.replace("\r\n", "")
    lines = unfold(body)
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-2] == "END:VCALENDAR"
    assert f"UID:{obj.uid}@sigdesa" in lines
    assert f"DTSTART:{obj.mulai.astimezone(UTC).strftime('%Y%m%dT%H%M%SZ')}" in lines
    assert any(line.startswith("SUMMARY:Musyawarah desa\\; RKP\\, APBDes panjang") for line in lines)
    assert "LOCATION:Balai desa\\, Jl. Raya" in lines and "GEO:-7.250000;107.820000" in lines


def test_drafts_have_no_calendar_and_the_desa_feed_lists_public_events(wilayah, pengguna, client):
    draft = agenda(pengguna.operator_a, wilayah.desa_a, terbit=False, judul="Rapat tertutup")
    agenda(pengguna.operator_a, wilayah.desa_a, judul="Posyandu balita", jenis="posyandu")
    client.force_login(pengguna.operator_a)
    assert client.get(f"/agenda/{draft.pk}.ics").status_code == 404  # even for its operator: calendars are public
    feed = client.get(f"/desa/{wilayah.desa_a.kode}/agenda.ics").content.decode()
    assert feed.count("BEGIN:VEVENT") == 1 and "Posyandu balita" in feed and "Rapat tertutup" not in feed


def test_desa_page_is_alive(wilayah, pengguna, client, proyek_a):
    services.kabar_simpan(
        by=pengguna.operator_a, desa=wilayah.desa_a, judul="Panen raya", isi="Hasil bagus.", jenis="kabar", terbit=True
    )
    agenda(pengguna.operator_a, wilayah.desa_a, judul="Kerja bakti minggu")
    kategori = KategoriPengaduan.objects.first() or KategoriPengaduan.objects.create(kode="banjir", nama_id="Banjir")
    Pengaduan.objects.create(
        desa=wilayah.desa_a, kategori=kategori, judul="Selokan mampet", deskripsi="Air meluap ke jalan desa.",
        lokasi=Point(107.82, -7.25, srid=4326), pelapor=pengguna.warga,
    )  # fmt: skip
    page = client.get(wilayah.desa_a.get_absolute_url()).content.decode()
    for text in ("Kabar terbaru", "Panen raya", "Agenda mendatang", "Kerja bakti minggu", "Selokan mampet",
                 "Laporkan masalah", "Pembangunan", proyek_a.nama, "Kabar sepekan ini", "Kabar baru",
                 "Pengaduan baru", "Ikuti desa ini lewat surel"):  # fmt: skip
        assert text in page, text
    other = client.get(wilayah.desa_b.get_absolute_url()).content.decode()
    assert "Panen raya" not in other and "Selokan mampet" not in other


def test_kecamatan_page_ranks_its_desa(wilayah, pengguna, client):
    for i in range(3):
        services.kabar_simpan(
            by=pengguna.operator_b, desa=wilayah.desa_b, judul=f"Kabar {i}", isi="x", jenis="kabar", terbit=True
        )
    services.kabar_simpan(
        by=pengguna.admin_kecamatan,
        kecamatan=wilayah.kecamatan,
        judul="Lomba desa",
        isi="x",
        jenis="kabar",
        terbit=True,
    )
    response = client.get("/kecamatan/32.05.07/")
    page = response.content.decode()
    assert "Desa paling aktif" in page and "Lomba desa" in page
    ranking = page[page.index("Desa paling aktif") :]
    assert ranking.index("Desa B") < ranking.index("Desa A")
    rows = response.context["peringkat"]
    assert [r.desa.nama for r in rows] == ["Desa B", "Desa A"] and rows[0].skor > rows[1].skor
    assert "Kecamatan Samarang Uji" in client.get("/kecamatan/32.05.07/kabar/").content.decode()
