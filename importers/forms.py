from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from django import forms
from django.utils.translation import gettext_lazy as _

from assets.forms import desa_pilihan
from importers.models import ProfilPemetaan, Target
from importers.permintaan import Permintaan
from sig.akun.scope import Action
from sig.crs import ALLOWED_EPSG
from survei.models import LapisanRaster

if TYPE_CHECKING:
    from sig.akun.models import User

ENCODINGS = [
    ("", _("Otomatis (.cpg atau deteksi)")),
    ("utf-8", "UTF-8"),
    ("cp1252", "Windows-1252 (cp1252)"),
    ("latin-1", "ISO-8859-1"),
]


# Step 2 of the wizard shows only what applies to the chosen target.
BIDANG_DOMAIN = ("berkas", "desa", "profil", "epsg", "encoding", "layer", "ketat", "ganti", "paksa")
BIDANG = {
    Target.ASET: BIDANG_DOMAIN,
    Target.LAHAN: BIDANG_DOMAIN,
    Target.PROYEK: BIDANG_DOMAIN,
    Target.POTENSI: BIDANG_DOMAIN,
    Target.SURVEI: ("berkas", "desa", "nama_lapisan", "epsg", "encoding", "layer", "ketat", "ganti", "paksa"),
    Target.DESA: ("berkas", "epsg", "encoding", "layer", "paksa"),
    Target.RASTER: ("berkas", "nama_lapisan", "jenis_raster", "epsg", "paksa"),
    Target.CITRA: ("berkas", "desa", "nama_lapisan", "publik", "epsg", "paksa"),
}
KETERANGAN = {
    Target.ASET: _("Aset desa (Permendagri 1/2016): titik, garis atau poligon, diperbarui menurut kode register."),
    Target.LAHAN: _("Persil lahan pertanian (poligon), diperbarui menurut kode persil."),
    Target.PROYEK: _("Proyek pembangunan dengan tahun, bidang dan anggaran."),
    Target.POTENSI: _("Potensi desa: UMKM, wisata, kuliner, budaya (titik atau poligon)."),
    Target.DESA: _("Batas desa, kecamatan atau kabupaten menurut kode Kemendagri (admin kecamatan/superadmin)."),
    Target.SURVEI: _("Lapisan survei apa saja: semua kolom berkas disimpan sebagai atribut."),
    Target.RASTER: _("GeoTIFF untuk analisis: DEM, kemiringan, curah hujan, NDVI."),
    Target.CITRA: _("Foto udara drone/ortofoto (GeoTIFF RGB 8-bit) sebagai peta dasar di semua peta."),
}


class UnggahForm(forms.Form):
    berkas = forms.FileField(label=_("Berkas (shapefile .zip, GeoPackage, GeoJSON, KML/KMZ, CSV/XLSX, GeoTIFF)"))
    target = forms.ChoiceField(label=_("Impor ke"), choices=Target.choices)
    desa: forms.ModelChoiceField = forms.ModelChoiceField(label=_("Desa"), queryset=None, required=False)
    epsg = forms.TypedChoiceField(
        label=_("CRS berkas"),
        coerce=int,
        empty_value=None,
        required=False,
        choices=[("", _("Dari berkas (.prj/metadata)"))]
        + [(c, f"EPSG:{c} — {n}") for c, n in sorted(ALLOWED_EPSG.items())],
    )
    encoding = forms.ChoiceField(label=_("Encoding atribut"), choices=ENCODINGS, required=False)
    layer = forms.CharField(
        label=_("Lapisan (GeoPackage/arsip berisi beberapa shapefile)"), max_length=255, required=False
    )
    nama_lapisan = forms.CharField(label=_("Nama lapisan survei/raster"), max_length=150, required=False)
    jenis_raster = forms.ChoiceField(label=_("Jenis raster"), choices=LapisanRaster.Jenis.choices, required=False)
    publik = forms.BooleanField(label=_("Citra publik (tampil untuk semua orang)"), required=False)
    ketat = forms.BooleanField(label=_("Mode ketat: batalkan semua bila ada fitur bermasalah"), required=False)
    ganti = forms.BooleanField(label=_("Ganti data desa ini (versi lama tetap dapat dipulihkan)"), required=False)
    paksa = forms.BooleanField(label=_("Impor ulang walau berkas yang sama sudah pernah diimpor"), required=False)
    profil: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Profil pemetaan tersimpan"), queryset=None, required=False
    )

    def __init__(self, *args, user, tujuan=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["desa"].queryset = desa_pilihan(user, Action.ADD)
        self.fields["desa"].empty_label = _("— pilih desa —")
        if len(pilihan := list(self.fields["desa"].queryset[:2])) == 1:  # an operator of one desa: chosen already
            self.fields["desa"].initial = pilihan[0].pk
        self.fields["profil"].queryset = ProfilPemetaan.objects.filter(desa__in=self.fields["desa"].queryset)
        if tujuan in BIDANG:  # the target is chosen: it travels hidden, and only its options are shown
            self.fields["target"].widget = forms.HiddenInput()
            self.fields["target"].initial = tujuan
            self.fields["profil"].queryset = self.fields["profil"].queryset.filter(target=tujuan)
        self.fields["profil"].label_from_instance = lambda p: f"{p.nama} ({p.get_target_display()}, {p.desa.nama})"
        self.fields["desa"].label_from_instance = lambda d: f"{d.nama} (Kec. {d.kecamatan.nama_tampil})"
        if tujuan in BIDANG:
            for name in [n for n in self.fields if n != "target" and n not in BIDANG[tujuan]]:
                del self.fields[name]

    def clean(self):
        data = super().clean()
        if data.get("target") == Target.CITRA:
            if not data.get("desa") and not data.get("publik"):
                self.add_error("desa", _("Citra yang tidak publik harus milik satu desa; pilih desanya."))
        elif data.get("target") not in {Target.DESA, Target.RASTER} and not data.get("desa") and "desa" in self.fields:
            self.add_error("desa", _("Pilih desa tujuan impor."))
        profil = data.get("profil")
        if profil and profil.target != data.get("target"):
            self.add_error("profil", _("Profil ini untuk tujuan lain."))
        return data

    def permintaan(self, berkas: Path, *, by: User) -> Permintaan:
        """The preview this form asks for, of the upload stored at `berkas` (options of other targets unset)."""
        data = self.cleaned_data
        return Permintaan(
            berkas=berkas,
            nama_berkas=data["berkas"].name,
            target=data["target"],
            by=by,
            desa=data.get("desa"),
            dry_run=True,
            pemetaan=data["profil"].pemetaan if data.get("profil") else None,
            epsg=data.get("epsg"),
            encoding=data.get("encoding") or None,
            layer=data.get("layer") or None,
            ketat=bool(data.get("ketat")),
            ganti=bool(data.get("ganti")),
            paksa=bool(data.get("paksa")),
            nama_lapisan=data.get("nama_lapisan") or "",
            jenis_raster=data.get("jenis_raster") or "lainnya",
            publik=bool(data.get("publik")),
        )


class PemetaanForm(forms.Form):
    """Change a preview: column mapping, CRS and encoding; optionally keep the mapping as a profile."""

    epsg = UnggahForm.base_fields["epsg"]
    encoding = UnggahForm.base_fields["encoding"]
    nama_profil = forms.CharField(
        label=_("Simpan pemetaan sebagai profil (nama sumber)"), max_length=120, required=False
    )

    def __init__(self, *args, kolom_tujuan, kolom_sumber, awal, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "—")] + [(c, c) for c in kolom_sumber]
        for name in kolom_tujuan:
            self.fields[f"peta_{name}"] = forms.ChoiceField(
                label=name, choices=choices, required=False, initial=awal.get(name, "")
            )

    def pemetaan(self) -> dict[str, str]:
        return {k.removeprefix("peta_"): v for k, v in self.cleaned_data.items() if k.startswith("peta_") and v}
