from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.choices import CallableChoiceIterator
from django.utils.translation import gettext_lazy as _

from reports.models import Instansi, KategoriPengaduan, StatusPengaduan
from sig.akun.models import User
from sig.wilayah.models import Desa


def _kategori() -> list[tuple[str, str]]:
    return [("", str(_("— pilih kategori —")))] + [
        (k.kode, f"#{k.kode} {k.nama}") for k in KategoriPengaduan.objects.filter(aktif=True)
    ]


class BanyakFotoInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class BanyakFotoField(forms.FileField):
    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        return [super(BanyakFotoField, self).clean(f, initial) for f in files]


class PengaduanForm(forms.Form):
    # Choices are read only when the form is drawn; the service checks the category (no query on the hot path).
    kategori = forms.CharField(
        label=_("Kategori"), max_length=30, widget=forms.Select(choices=CallableChoiceIterator(_kategori))
    )
    judul = forms.CharField(label=_("Judul singkat"), max_length=120)
    deskripsi = forms.CharField(
        label=_("Uraian masalah"), max_length=4000, min_length=10, widget=forms.Textarea(attrs={"rows": 4})
    )
    lon = forms.FloatField(widget=forms.HiddenInput, min_value=-180, max_value=180)
    lat = forms.FloatField(widget=forms.HiddenInput, min_value=-90, max_value=90)
    foto = BanyakFotoField(
        label=_("Foto (paling banyak 4)"),
        required=False,
        widget=BanyakFotoInput(attrs={"accept": "image/jpeg,image/png,image/webp", "capture": "environment"}),
    )
    anonim = forms.BooleanField(label=_("Sembunyikan nama saya dari warga lain"), required=False)
    client_id = forms.UUIDField(widget=forms.HiddenInput, required=False)
    # Honeypot: hidden from people by CSS, filled by bots.
    website = forms.CharField(
        label=_("Jangan diisi"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("website"):
            raise forms.ValidationError(_("Pengiriman ditolak."))
        if "lon" in self.errors or "lat" in self.errors:
            self.errors.pop("lon", None)
            self.errors.pop("lat", None)
            self.add_error(None, _("Tentukan lokasi di peta (ketuk peta atau gunakan GPS)."))
        return data


class CatatPetugasForm(PengaduanForm):
    """Staff recording a complaint brought to the office or phoned in: the caller's name and phone are optional."""

    pelapor_nama = forms.CharField(label=_("Nama pelapor (boleh kosong)"), max_length=120, required=False)
    pelapor_telepon = forms.CharField(label=_("Telepon pelapor (boleh kosong)"), max_length=20, required=False)
    # None removes an inherited field (Django's way); the stubs expect a field.
    anonim = None  # type: ignore[assignment]
    client_id = None  # type: ignore[assignment]
    website = None  # type: ignore[assignment]
    field_order = ["pelapor_nama", "pelapor_telepon", "kategori", "judul", "deskripsi", "foto"]


class StatusForm(forms.Form):
    ke = forms.ChoiceField(label=_("Ubah status menjadi"), choices=StatusPengaduan.choices)
    teks = forms.CharField(
        label=_("Keterangan untuk pelapor"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
    publik = forms.BooleanField(label=_("Tampilkan keterangan di lini masa publik"), required=False, initial=True)
    versi = forms.IntegerField(widget=forms.HiddenInput)


class BalasForm(forms.Form):
    teks = forms.CharField(label=_("Balasan"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))
    publik = forms.BooleanField(label=_("Balasan publik (dikirim ke pelapor)"), required=False, initial=True)

    def __init__(self, data: Mapping[str, Any] | None = None, **kwargs: Any) -> None:
        super().__init__(data, auto_id="balas_%s", **kwargs)  # the template picker fills #balas_teks


class TeruskanForm(forms.Form):
    # The service checks the agency (unknown, inactive, other kecamatan) and says which it is.
    instansi = forms.CharField(label=_("Instansi tujuan"), required=False, max_length=12)
    teks = forms.CharField(
        label=_("Keterangan untuk pelapor"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
    versi = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(
        self, data: Mapping[str, Any] | None = None, *, instansi_qs: Iterable[Instansi] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(data, auto_id="teruskan_%s", **kwargs)
        pilihan = [("", str(_("— pilih instansi —")))] + [(str(i.pk), i.nama) for i in instansi_qs or []]
        self.fields["instansi"].widget = forms.Select(choices=pilihan)


class TugaskanForm(forms.Form):
    petugas = forms.ModelChoiceField(
        queryset=User.objects.none(), label=_("Petugas"), required=False, empty_label=_("— tidak ada —")
    )
    versi = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, petugas_qs: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["petugas"]).queryset = petugas_qs


class GabungForm(forms.Form):
    induk = forms.CharField(label=_("Kode lacak pengaduan utama"), max_length=13)
    versi = forms.IntegerField(widget=forms.HiddenInput)


class SuntingForm(forms.Form):
    judul = forms.CharField(label=_("Judul (publik)"), max_length=120)
    deskripsi = forms.CharField(label=_("Uraian (publik)"), max_length=4000, widget=forms.Textarea(attrs={"rows": 5}))
    tersembunyi = forms.BooleanField(label=_("Sembunyikan dari publik"), required=False)
    versi = forms.IntegerField(widget=forms.HiddenInput)


class BlokirForm(forms.Form):
    sasaran = forms.ChoiceField(
        label=_("Blokir"),
        choices=[
            ("akun", _("Akun pelapor (sampai dicabut)")),
            ("alamat", _("Alamat jaringan pelapor, sementara — ikut memblokir semua orang di jaringan yang sama")),
        ],
        initial="akun",
        widget=forms.RadioSelect,
    )
    jam = forms.IntegerField(
        label=_("Lama blokir alamat (jam)"), min_value=1, max_value=168, initial=24, required=False
    )


class KonfirmasiForm(forms.Form):
    selesai = forms.TypedChoiceField(choices=[("ya", "ya"), ("tidak", "tidak")], coerce=lambda v: v == "ya")
    teks = forms.CharField(
        label=_("Keterangan"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class NilaiForm(forms.Form):
    nilai = forms.TypedChoiceField(label=_("Penilaian"), choices=[(str(i), str(i)) for i in range(1, 6)], coerce=int)
    komentar = forms.CharField(label=_("Komentar"), required=False, max_length=500)


class LanggananForm(forms.Form):
    desa = forms.ModelChoiceField(queryset=Desa.objects.order_by("nama"), label=_("Desa"))
    kategori = forms.ModelChoiceField(
        KategoriPengaduan.objects.filter(aktif=True),
        label=_("Kategori"),
        required=False,
        empty_label=_("semua kategori"),
    )
