"""Personal data hidden in public text is found whatever the separators or digit forms; titles stay on one
line (a CR/LF in a title never reaches an e-mail header); spreadsheet headers are formula-safe too."""

from __future__ import annotations

import pytest
from django.core import mail

from reports.services.lapor import pengaduan_buat
from reports.services.privasi import data_pribadi, samarkan
from sig.unduhan import aman_formula
from tests.reports.conftest import LOKASI


@pytest.mark.parametrize(
    ("teks", "jenis"),
    [
        ("NIK saya 3205071201010001", "NIK"),
        ("NIK 3205/0712/0101/0001", "NIK"),
        ("NIK 3205.0712.0101.0001", "NIK"),
        ("NIK 3205 0712 0101 0001", "NIK"),
        ("hubungi 081234567890", "nomor telepon"),
        ("hubungi 0812 - 3456 - 7890", "nomor telepon"),
        ("telp (0812) 3456-7890", "nomor telepon"),
        ("WA +62 812-3456-7890", "nomor telepon"),
        ("WA 62.812.3456.7890", "nomor telepon"),
        ("HP ０８１２３４５６７８９０", "nomor telepon"),
        ("NIK ３２０５０７１２０１０１０００１", "NIK"),
        ("kirim ke budi.santoso@gmail.com ya", "alamat e-mail"),
        ("kirim ke budi [at] gmail.com", "alamat e-mail"),
    ],
)
def test_personal_data_is_found_and_masked(teks, jenis):
    assert jenis in data_pribadi(teks)
    masked = samarkan(teks)
    assert not data_pribadi(masked), masked
    assert "disamarkan" in masked


@pytest.mark.parametrize(
    "teks",
    ["RT 03 RW 05, rumah no. 12", "tahun 2026 bulan 12 tanggal 1", "harga Rp 1.500.000", "jalan 2,5 km", "kode 123456"],
)
def test_ordinary_numbers_are_not_personal_data(teks):
    assert data_pribadi(teks) == []


@pytest.mark.django_db
def test_line_breaks_in_a_title_never_reach_a_mail_header(
    warga, pengguna, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        p = pengaduan_buat(
            kategori="banjir",
            judul="Banjir\r\nBcc: korban@contoh.id\x00\x1b[31m",
            deskripsi="Baris satu\r\nBaris dua\x07 selesai.",
            by=warga,
            **LOKASI,
        ).pengaduan
    assert p.judul == "Banjir Bcc: korban@contoh.id [31m"
    assert p.deskripsi == "Baris satu\nBaris dua selesai."
    assert mail.outbox, "e-mail petugas tidak terkirim"
    for message in mail.outbox:
        assert "\n" not in message.subject and "\r" not in message.subject
        assert "korban@contoh.id" not in message.recipients()


def test_header_cells_of_exports_are_formula_safe():
    import pandas as pd

    frame = aman_formula(pd.DataFrame({'=HYPERLINK("http://x")': ["=1+1"], "nama": ["aman"]}))
    assert list(frame.columns) == ['\'=HYPERLINK("http://x")', "nama"]
    assert frame.iloc[0, 0] == "'=1+1"
