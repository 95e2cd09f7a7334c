"""Default complaint categories (created after every migrate and flush; admins add or retire them later)."""

from __future__ import annotations

from typing import Any

BAWAAN = [
    # kode (= hashtag and Open311 service_code), nama_id, nama_en, kelompok
    ("banjir", "Banjir dan genangan", "Flooding", "lingkungan"),
    ("sampah", "Sampah", "Rubbish", "lingkungan"),
    ("jalanrusak", "Jalan rusak", "Damaged road", "infrastruktur"),
    ("jembatan", "Jembatan rusak", "Damaged bridge", "infrastruktur"),
    ("irigasi", "Saluran irigasi", "Irrigation channel", "infrastruktur"),
    ("airbersih", "Air bersih", "Clean water", "layanan"),
    ("penerangan", "Lampu jalan", "Street lighting", "infrastruktur"),
    ("longsor", "Longsor", "Landslide", "lingkungan"),
    ("pelayanan", "Pelayanan desa", "Village services", "layanan"),
    ("lainnya", "Lainnya", "Other", "lainnya"),
]

# Deadlines in working days (LAPOR! SP4N: 3 to respond; 5 to resolve what endangers people, else 10).
TENGGAT_TANGGAP = 3
TENGGAT_SELESAI = 10
TENGGAT_SELESAI_SEGERA = 5
SEGERA = {"banjir", "longsor", "jembatan"}


def tenggat_bawaan(kode: str) -> dict[str, int]:
    selesai = TENGGAT_SELESAI_SEGERA if kode in SEGERA else TENGGAT_SELESAI
    return {"tenggat_tanggap_hari": TENGGAT_TANGGAP, "tenggat_selesai_hari": selesai}


def pastikan_kategori_bawaan(**kwargs: Any) -> None:
    from reports.models import KategoriPengaduan

    for urutan, (kode, nama_id, nama_en, kelompok) in enumerate(BAWAAN):
        KategoriPengaduan.objects.get_or_create(
            kode=kode,
            defaults={
                "nama_id": nama_id,
                "nama_en": nama_en,
                "kelompok": kelompok,
                "urutan": urutan,
                **tenggat_bawaan(kode),
            },
        )
