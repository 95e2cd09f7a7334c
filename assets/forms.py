"""Operator and citizen forms; geometry comes as GeoJSON from the map widget and is checked by services."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from assets.models import AsetDesa, LahanPertanian, PotensiDesa, ProyekPembangunan, SumberDana
from assets.models.aset import Golongan, JenisAset, Kondisi
from sig.akun import scope
from sig.akun.scope import Action
from sig.wilayah.models import Desa
from sig.wilayah.selectors import batas_desa_geojson_ids, cakupan_desa

if TYPE_CHECKING:
    from sig.akun.models import AnyUser


class PetaWidget(forms.Textarea):
    """A Leaflet map (Geoman drawing, snapping to the desa boundary) writing GeoJSON into a hidden textarea."""

    template_name = "assets/widget_peta.html"

    def __init__(self, kinds: tuple[str, ...], attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs={"hidden": True, **(attrs or {})})
        self.kinds = kinds
        self.batas: dict[str, Any] = {"type": "FeatureCollection", "features": []}
        # Many desa (a citizen may pin anywhere): boundaries loaded by view from this URL instead of embedded.
        self.batas_url: str | None = None
        self.cakupan: list[float] | None = None

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        context["widget"]["kinds"] = ",".join(self.kinds)
        context["widget"]["batas"] = self.batas
        context["widget"]["batas_url"] = self.batas_url
        context["widget"]["cakupan"] = ",".join(map(str, self.cakupan or []))
        context["widget"]["batas_id"] = f"{context['widget']['attrs'].get('id', name)}-batas"
        return context

    def format_value(self, value: Any) -> str | None:
        if value is not None and hasattr(value, "json"):
            return value.json
        return super().format_value(value)


def desa_pilihan(user: AnyUser, action: Action) -> Any:
    """The desa where the user may put village data (not: may change the desa itself)."""
    qs = Desa.objects.select_related("kecamatan").order_by("kecamatan__nama", "nama")
    reach = scope.desa_reach(user, action)
    return qs if reach is scope.ALL else qs.filter(pk__in=reach)


class FiturForm(forms.ModelForm):
    """Base of the four operator forms: desa limited to the user's scope, a map for the geometry."""

    geometri = forms.CharField(label=_("Lokasi di peta"), required=True)

    def __init__(self, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        action = Action.ADD if self.instance.pk is None else Action.CHANGE
        choices = desa_pilihan(user, action)
        desa_field = cast(forms.ModelChoiceField, self.fields["desa"])
        desa_field.queryset = choices
        # Django's per-field label hook; the stubs treat it as a method that may not be reassigned.
        desa_field.label_from_instance = lambda d: f"{d.nama} (Kec. {d.kecamatan.nama_tampil})"  # type: ignore[method-assign,assignment]
        if self.instance.pk is None and choices.count() == 1:
            self.initial["desa"] = choices.first().pk
        widget = PetaWidget(type(self.instance).geometry_kinds)
        widget.batas = batas_desa_geojson_ids(list(choices.values_list("pk", flat=True)))
        self.fields["geometri"].widget = widget
        if self.instance.pk:
            self.initial["geometri"] = self.instance.geometri.json
        self.fields["geometri"].error_messages["required"] = _("Gambar lokasinya di peta.")
        for name in scope.atribut_tersembunyi(user, self.instance if self.instance.pk else type(self.instance)):
            self.fields.pop(name, None)

    def data_layanan(self) -> dict[str, Any]:
        """Cleaned values for the service (geometry still as GeoJSON text)."""
        return {k: v for k, v in self.cleaned_data.items() if k in (self._meta.fields or ()) or k == "geometri"}


class AsetForm(FiturForm):
    class Meta:
        model = AsetDesa
        fields = [
            "desa",
            "nama",
            "kode_register",
            "golongan",
            "jenis",
            "kondisi",
            "tahun_perolehan",
            "nilai_perolehan",
            "sumber_dana",
            "keterangan",
            "publik",
        ]


class LahanForm(FiturForm):
    class Meta:
        model = LahanPertanian
        fields = [
            "desa",
            "kode_persil",
            "nama",
            "penggunaan",
            "komoditas",
            "irigasi",
            "penguasaan",
            "penggarap",
            "produktivitas_ton_ha",
            "panen_per_tahun",
            "publik",
        ]


class ProyekForm(FiturForm):
    class Meta:
        model = ProyekPembangunan
        fields = [
            "desa",
            "nama",
            "bidang",
            "tahun_anggaran",
            "status",
            "pelaksana",
            "volume",
            "tanggal_mulai",
            "tanggal_selesai",
            "deskripsi",
            "publik",
        ]
        widgets = {
            "tanggal_mulai": forms.DateInput(attrs={"type": "date"}),
            "tanggal_selesai": forms.DateInput(attrs={"type": "date"}),
        }


class PotensiForm(FiturForm):
    class Meta:
        model = PotensiDesa
        fields = ["desa", "jenis", "nama", "tagline", "deskripsi", "kontak"]


class PotensiWargaForm(forms.ModelForm):
    """A citizen's potensi: the desa follows from the location."""

    geometri = forms.CharField(label=_("Lokasi di peta"))
    website = forms.CharField(
        required=False, widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}), label=_("Jangan diisi")
    )  # honeypot

    class Meta:
        model = PotensiDesa
        fields = ["jenis", "nama", "tagline", "deskripsi", "kontak"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        widget = PetaWidget(PotensiDesa.geometry_kinds)
        widget.batas_url = reverse("layers:geojson", kwargs={"slug": "batas-desa"})  # the default layer (layers.bawaan)
        widget.cakupan = cakupan_desa()
        self.fields["geometri"].widget = widget
        self.fields["geometri"].error_messages["required"] = _("Tandai lokasinya di peta.")

    def clean_website(self) -> str:
        if self.cleaned_data.get("website"):
            raise forms.ValidationError(_("Formulir tidak dapat dikirim."))
        return ""


class FotoForm(forms.Form):
    foto = forms.FileField(label=_("Foto (JPEG, PNG, WebP; maks. 12 MB)"))
    keterangan = forms.CharField(label=_("Keterangan"), max_length=200, required=False)


class ProgresForm(forms.Form):
    tanggal = forms.DateField(label=_("Tanggal"), widget=forms.DateInput(attrs={"type": "date"}))
    persen = forms.DecimalField(label=_("Progres (%)"), min_value=Decimal(0), max_value=Decimal(100), decimal_places=2)
    catatan = forms.CharField(label=_("Catatan"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class AnggaranForm(forms.Form):
    sumber_dana = forms.ChoiceField(label=_("Sumber dana"), choices=SumberDana.choices)
    anggaran = forms.DecimalField(label=_("Anggaran (Rp)"), min_value=Decimal(0), max_digits=18, decimal_places=2)
    realisasi = forms.DecimalField(
        label=_("Realisasi (Rp)"), min_value=Decimal(0), max_digits=18, decimal_places=2, required=False
    )


AnggaranFormSet = forms.formset_factory(AnggaranForm, extra=1, max_num=len(SumberDana.choices), validate_max=True)


class SelesaiForm(forms.Form):
    tanggal = forms.DateField(label=_("Tanggal selesai"), widget=forms.DateInput(attrs={"type": "date"}))
    buat_aset = forms.BooleanField(label=_("Catat hasilnya sebagai aset desa"), required=False, initial=True)
    aset_golongan = forms.ChoiceField(label=_("Golongan aset"), choices=Golongan.choices, required=False)
    aset_jenis = forms.ChoiceField(label=_("Jenis aset"), choices=JenisAset.choices, required=False)
    aset_nama = forms.CharField(label=_("Nama aset"), max_length=200, required=False)


class ModerasiForm(forms.Form):
    keputusan = forms.ChoiceField(choices=[("terbit", _("Terbitkan")), ("tolak", _("Tolak"))])
    alasan = forms.CharField(label=_("Alasan penolakan"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    nama = forms.CharField(label=_("Nama"), max_length=150)
    tagline = forms.CharField(label=_("Tagline"), max_length=200, required=False)
    deskripsi = forms.CharField(label=_("Deskripsi"), max_length=5000, required=False, widget=forms.Textarea)
    kontak = forms.CharField(label=_("Kontak"), max_length=150, required=False)


class MassalForm(forms.Form):
    kondisi = forms.ChoiceField(label=_("Ubah kondisi menjadi"), choices=Kondisi.choices)
