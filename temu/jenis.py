"""The public kinds that exist today: kecamatan and desa pages, citizen reports, potensi, projects and assets.
Another app declares its own kinds in its `temu.py` (autodiscovered)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assets.models import AsetDesa, PotensiDesa, ProyekPembangunan
from reports.models import Pengaduan
from sig.wilayah.models import Desa, Kecamatan
from temu.registri import Jenis, daftarkan


def _kecamatan(k: Kecamatan) -> str:
    return _("Kecamatan %(nama)s") % {"nama": k.nama_tampil}


def _desa(d: Desa) -> str:
    return f"{d.get_jenis_display()} {d.nama}"


def _ringkasan_kecamatan(k: Kecamatan) -> str:
    return _("Kecamatan %(nama)s, %(kabupaten)s: peta desa, anggaran pembangunan, potensi dan pengaduan warga.") % {
        "nama": k.nama_tampil,
        "kabupaten": k.kabupaten.nama_tampil,
    }


def _ringkasan_desa(d: Desa) -> str:
    tempat = _("%(desa)s, Kecamatan %(kecamatan)s") % {"desa": _desa(d), "kecamatan": d.kecamatan.nama_tampil}
    return f"{tempat}. {d.deskripsi}".strip() if d.deskripsi else tempat


def _ringkasan_pengaduan(p: Pengaduan) -> str:
    return f"{p.get_status_display()} · #{p.kategori_id} · {p.deskripsi}"


def _ringkasan_potensi(p: PotensiDesa) -> str:
    return " · ".join(s for s in (p.get_jenis_display(), p.tagline, p.deskripsi) if s)


def _ringkasan_proyek(p: ProyekPembangunan) -> str:
    bagian: list[Any] = [p.get_status_display(), _("tahun anggaran %(t)s") % {"t": p.tahun_anggaran}]
    bagian.append(_("progres %(p)s%%") % {"p": f"{p.progres_persen:.0f}"})
    return " · ".join(str(b) for b in [*bagian, p.deskripsi] if b)


def _ringkasan_aset(a: AsetDesa) -> str:
    return " · ".join(str(s) for s in (a.get_jenis_display(), a.get_kondisi_display(), a.keterangan) if s)


daftarkan(
    Jenis(
        slug="kecamatan",
        model=Kecamatan,
        label=gettext_lazy("Kecamatan"),
        judul=_kecamatan,
        ringkasan=_ringkasan_kecamatan,
        kunci="kode",
        desa=None,
        geometri="batas",
        schema="Place",
        prioritas=0.9,
        frekuensi="daily",
    )
)
daftarkan(
    Jenis(
        slug="desa",
        model=Desa,
        label=gettext_lazy("Desa"),
        judul=_desa,
        ringkasan=_ringkasan_desa,
        kunci="kode",
        desa=None,
        geometri="batas",
        schema="Place",
        prioritas=0.8,
        frekuensi="daily",
    )
)
daftarkan(
    Jenis(
        slug="pengaduan",
        model=Pengaduan,
        label=gettext_lazy("Pengaduan warga"),
        judul=lambda p: p.judul,
        ringkasan=_ringkasan_pengaduan,
        kunci="kode_lacak",
        kategori="kategori",
        geometri="lokasi",
        di_umpan=True,
        frekuensi="daily",
    )
)
daftarkan(
    Jenis(
        slug="potensi",
        model=PotensiDesa,
        label=gettext_lazy("Potensi desa"),
        judul=lambda p: p.nama,
        ringkasan=_ringkasan_potensi,
        terbit="terbit_pada",
        di_umpan=True,
        schema="Place",
    )
)
daftarkan(
    Jenis(
        slug="proyek",
        model=ProyekPembangunan,
        label=gettext_lazy("Proyek pembangunan"),
        judul=lambda p: p.nama,
        ringkasan=_ringkasan_proyek,
        di_umpan=True,
    )
)
daftarkan(
    Jenis(
        slug="aset",
        model=AsetDesa,
        label=gettext_lazy("Aset desa"),
        judul=lambda a: a.nama,
        ringkasan=_ringkasan_aset,
        prioritas=0.4,
        frekuensi="monthly",
    )
)
