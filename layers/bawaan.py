"""Default layers for every domain model, (re)created after every migrate and flush; admins restyle or hide
them later (existing layers are never overwritten)."""

from __future__ import annotations

from typing import Any

BAWAAN = [
    # slug, judul_id, judul_en, jenis, min_zoom, urutan, gaya
    (
        "batas-desa",
        "Batas desa",
        "Village boundaries",
        "wilayah",
        8,
        10,
        {"stroke": "#166534", "fill": "#4ade80", "fillOpacity": 0.1, "weight": 2},
    ),
    (
        "lahan-pertanian",
        "Lahan pertanian",
        "Farmland",
        "lahan",
        14,
        20,
        {
            "by": "komoditas",
            "stroke": "#854d0e",
            "weight": 0.5,
            "fillOpacity": 0.6,
            "rules": {"padi_sawah": "#84cc16", "kopi": "#7c2d12", "hortikultura": "#22c55e", "teh": "#15803d"},
            "fill": "#facc15",
        },
    ),
    (
        "proyek-pembangunan",
        "Proyek pembangunan",
        "Development projects",
        "proyek",
        12,
        30,
        {
            "by": "status",
            "rules": {"rencana": "#64748b", "berjalan": "#2563eb", "selesai": "#16a34a", "mangkrak": "#dc2626"},
            "weight": 4,
        },
    ),
    (
        "aset-desa",
        "Aset desa",
        "Village assets",
        "aset",
        12,
        40,
        {
            "by": "golongan",
            "rules": {
                "gedung_bangunan": "#9333ea",
                "jalan_irigasi_jaringan": "#475569",
                "tanah": "#a16207",
                "peralatan_mesin": "#0891b2",
            },
            "radius": 6,
        },
    ),
    (
        "potensi-desa",
        "Potensi desa",
        "Village potentials",
        "potensi",
        11,
        50,
        {"by": "jenis", "fill": "#f97316", "radius": 7},
    ),
    (
        "pengaduan-warga",
        "Pengaduan warga",
        "Citizen complaints",
        "pengaduan",
        10,
        60,
        {
            "by": "status",
            "rules": {
                "baru": "#dc2626",
                "diverifikasi": "#f59e0b",
                "diproses": "#2563eb",
                "selesai": "#16a34a",
                "ditolak": "#6b7280",
                "duplikat": "#9ca3af",
            },
            "radius": 7,
            "cluster": True,
        },
    ),
]


def pastikan_lapisan_bawaan(**kwargs: Any) -> None:
    from layers.models import Lapisan

    for slug, judul_id, judul_en, jenis, min_zoom, urutan, gaya in BAWAAN:
        Lapisan.objects.get_or_create(
            slug=slug,
            defaults={
                "judul_id": judul_id,
                "judul_en": judul_en,
                "jenis": jenis,
                "min_zoom": min_zoom,
                "urutan": urutan,
                "gaya": gaya,
                "atribusi": "SIG Desa",
            },
        )
