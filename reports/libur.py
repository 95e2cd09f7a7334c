"""Holidays seeded on a new installation: the national holidays and cuti bersama of 2026 (SKB 3 Menteri) and
the national holidays of 2027, whose lunar feasts are marked 'perkiraan' until the SKB for 2027 is out. Admins
correct and extend the list in the admin (HariLibur); it is seeded again only when it is empty (a flushed
database), never over an admin's edits."""

from __future__ import annotations

from typing import Any

LIBUR = [
    # (date, name, kind)
    ("2026-01-01", "Tahun Baru 2026 Masehi", "nasional"),
    ("2026-01-16", "Isra Mikraj Nabi Muhammad SAW", "nasional"),
    ("2026-02-16", "Cuti bersama Tahun Baru Imlek", "cuti_bersama"),
    ("2026-02-17", "Tahun Baru Imlek 2577 Kongzili", "nasional"),
    ("2026-03-18", "Cuti bersama Hari Suci Nyepi", "cuti_bersama"),
    ("2026-03-19", "Hari Suci Nyepi Tahun Baru Saka 1948", "nasional"),
    ("2026-03-20", "Idul Fitri 1447 H", "nasional"),
    ("2026-03-21", "Idul Fitri 1447 H", "nasional"),
    ("2026-03-23", "Cuti bersama Idul Fitri", "cuti_bersama"),
    ("2026-03-24", "Cuti bersama Idul Fitri", "cuti_bersama"),
    ("2026-04-03", "Wafat Yesus Kristus", "nasional"),
    ("2026-04-05", "Kebangkitan Yesus Kristus (Paskah)", "nasional"),
    ("2026-05-01", "Hari Buruh Internasional", "nasional"),
    ("2026-05-14", "Kenaikan Yesus Kristus", "nasional"),
    ("2026-05-15", "Cuti bersama Kenaikan Yesus Kristus", "cuti_bersama"),
    ("2026-05-27", "Idul Adha 1447 H", "nasional"),
    ("2026-05-28", "Cuti bersama Idul Adha", "cuti_bersama"),
    ("2026-05-31", "Hari Raya Waisak 2570 BE", "nasional"),
    ("2026-06-01", "Hari Lahir Pancasila", "nasional"),
    ("2026-06-16", "Tahun Baru Islam 1448 H", "nasional"),
    ("2026-08-17", "Proklamasi Kemerdekaan RI", "nasional"),
    ("2026-08-25", "Maulid Nabi Muhammad SAW", "nasional"),
    ("2026-12-24", "Cuti bersama Hari Raya Natal", "cuti_bersama"),
    ("2026-12-25", "Hari Raya Natal", "nasional"),
    ("2027-01-01", "Tahun Baru 2027 Masehi", "nasional"),
    ("2027-01-06", "Isra Mikraj Nabi Muhammad SAW (perkiraan)", "nasional"),
    ("2027-02-06", "Tahun Baru Imlek 2578 Kongzili", "nasional"),
    ("2027-03-08", "Hari Suci Nyepi Tahun Baru Saka 1949 (perkiraan)", "nasional"),
    ("2027-03-10", "Idul Fitri 1448 H (perkiraan)", "nasional"),
    ("2027-03-11", "Idul Fitri 1448 H (perkiraan)", "nasional"),
    ("2027-03-26", "Wafat Yesus Kristus", "nasional"),
    ("2027-03-28", "Kebangkitan Yesus Kristus (Paskah)", "nasional"),
    ("2027-05-01", "Hari Buruh Internasional", "nasional"),
    ("2027-05-06", "Kenaikan Yesus Kristus", "nasional"),
    ("2027-05-17", "Idul Adha 1448 H (perkiraan)", "nasional"),
    ("2027-05-20", "Hari Raya Waisak 2571 BE (perkiraan)", "nasional"),
    ("2027-06-01", "Hari Lahir Pancasila", "nasional"),
    ("2027-06-06", "Tahun Baru Islam 1449 H (perkiraan)", "nasional"),
    ("2027-08-15", "Maulid Nabi Muhammad SAW (perkiraan)", "nasional"),
    ("2027-08-17", "Proklamasi Kemerdekaan RI", "nasional"),
    ("2027-12-25", "Hari Raya Natal", "nasional"),
]


def pastikan_libur_bawaan(**kwargs: Any) -> None:
    """post_migrate: an empty holiday list (new or flushed database) gets the seeded one."""
    from reports.models import HariLibur

    if not HariLibur.objects.exists():
        HariLibur.objects.bulk_create(HariLibur(tanggal=t, nama=n, jenis=j) for t, n, j in LIBUR)
