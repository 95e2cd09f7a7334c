"""Forms of the kabar/agenda screens: the place comes from the user's scope, the body is cleaned by services."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from assets.forms import PetaWidget
from kabar.models import Frekuensi, JenisKabar, JenisKegiatan
from sig.akun import scope
from sig.akun.scope import Action
from sig.geo import baca_geometri
from sig.wilayah.models import Desa, Kecamatan
from sig.wilayah.selectors import batas_desa_geojson_ids

if TYPE_CHECKING:
    from sig.akun.models import AnyUser

KECAMATAN_PREFIX = "kec:"
WAKTU = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def desa_boleh(user: AnyUser) -> QuerySet[Desa]:
    """The desa `user` may publish for."""
    reach = scope.desa_reach(user, Action.ADD)
    return Desa.objects.all() if reach is None else Desa.objects.filter(pk__in=reach)


def pilihan_tempat(user: AnyUser) -> list[tuple[str, str]]:
    """Where `user` may publish: their desa, and their kecamatan itself for admin kecamatan."""
    desa = desa_boleh(user).order_by("kode")
    choices = [(d.kode, f"{d.get_jenis_display()} {d.nama}") for d in desa]
    reach = scope.kecamatan_reach(user)
    kecamatan = Kecamatan.objects.all() if reach is None else Kecamatan.objects.filter(pk__in=reach)
    return [(f"{KECAMATAN_PREFIX}{k.kode}", f"{_('Kecamatan')} {k.nama}") for k in kecamatan.order_by("kode")] + choices


class TerbitanForm(forms.Form):
    tempat_terbit = forms.ChoiceField(label=_("Diterbitkan oleh"))
    judul = forms.CharField(label=_("Judul"), max_length=150)
    ringkasan = forms.CharField(
        label=_("Ringkasan"),
        max_length=300,
        required=False,
        help_text=_("Satu-dua kalimat untuk daftar, umpan dan pratinjau tautan. Kosong: diambil dari isi."),
    )
    isi = forms.CharField(
        label=_("Isi"),
        max_length=40000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 10, "data-editor": "isi"}),
        help_text=_(
            "Baris kosong memisahkan paragraf. Tombol di atas kotak menambah tebal, miring, daftar dan tautan."
        ),
    )
    foto = forms.FileField(
        label=_("Foto"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    terbit = forms.BooleanField(label=_("Terbitkan (kosong: simpan sebagai draf)"), required=False)
    terbit_pada = forms.DateTimeField(
        label=_("Jadwal terbit"), required=False, widget=WAKTU, help_text=_("Kosong: terbit sekarang.")
    )

    def __init__(self, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        cast(forms.ChoiceField, self.fields["tempat_terbit"]).choices = pilihan_tempat(user)

    def wilayah_terbit(self) -> dict[str, Any]:
        """The desa or kecamatan chosen, as keyword arguments for the services."""
        kode = self.cleaned_data["tempat_terbit"]
        if kode.startswith(KECAMATAN_PREFIX):
            return {"kecamatan": Kecamatan.objects.get(kode=kode.removeprefix(KECAMATAN_PREFIX)), "desa": None}
        return {"desa": Desa.objects.select_related("kecamatan").get(kode=kode), "kecamatan": None}


class KabarForm(TerbitanForm):
    jenis = forms.ChoiceField(label=_("Jenis"), choices=JenisKabar.choices)
    field_order = ["tempat_terbit", "jenis", "judul", "ringkasan", "isi", "foto", "terbit", "terbit_pada"]


class AgendaForm(TerbitanForm):
    jenis = forms.ChoiceField(label=_("Jenis kegiatan"), choices=JenisKegiatan.choices)
    mulai = forms.DateTimeField(label=_("Mulai"), widget=WAKTU)
    selesai = forms.DateTimeField(label=_("Selesai"), required=False, widget=WAKTU)
    tempat = forms.CharField(label=_("Tempat"), max_length=200, required=False)
    lokasi = forms.CharField(label=_("Lokasi di peta"), required=False)
    field_order = [
        "tempat_terbit", "jenis", "judul", "mulai", "selesai", "tempat", "lokasi", "ringkasan", "isi", "foto",
        "terbit", "terbit_pada",
    ]  # fmt: skip

    def __init__(self, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        widget = PetaWidget(("Point",))
        desa = desa_boleh(user)
        widget.batas = batas_desa_geojson_ids(list(desa.values_list("pk", flat=True)[:200]))
        self.fields["lokasi"].widget = widget

    def clean_lokasi(self) -> Any:
        value = self.cleaned_data.get("lokasi") or ""
        if not value.strip():
            return None
        try:
            geom = baca_geometri(value)
        except ValidationError as exc:
            raise ValidationError(_("Lokasi tidak dapat dibaca; tandai ulang di peta.")) from exc
        if geom.geom_type != "Point":
            raise ValidationError(_("Tandai lokasi kegiatan sebagai satu titik."))
        return geom


class LanggananForm(forms.Form):
    kabar = forms.BooleanField(label=_("Kabar dan pengumuman"), required=False, initial=True)
    agenda = forms.BooleanField(
        label=_("Agenda kegiatan (dengan pengingat sehari sebelumnya)"), required=False, initial=True
    )
    pengaduan = forms.BooleanField(label=_("Pengaduan warga dan tanggapannya"), required=False, initial=True)
    frekuensi = forms.ChoiceField(label=_("Kirim ringkasan"), choices=Frekuensi.choices, initial=Frekuensi.MINGGUAN)
