from django import forms
from django.utils.translation import gettext_lazy as _

from sig.akun import services
from sig.akun.models import User
from sig.wilayah.models import Desa


class DesaChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Desa) -> str:
        return f"{obj.nama} — Kec. {obj.kecamatan.nama_tampil}"


def _desa_field(required: bool) -> DesaChoiceField:
    return DesaChoiceField(
        queryset=Desa.objects.select_related("kecamatan").order_by("kecamatan__nama", "nama"),
        label=_("Desa domisili"),
        required=required,
        help_text=_("Desa tempat Anda tinggal; laporan Anda tetap bisa untuk desa mana pun."),
    )


class DaftarWargaForm(forms.Form):
    """Extra fields of the citizen sign-up (used by allauth's signup form)."""

    nama = forms.CharField(label=_("Nama lengkap"), max_length=150)
    desa_domisili = _desa_field(required=True)

    def signup(self, request, user: User) -> None:
        services.warga_lengkapi_profil(
            user=user,
            nama=self.cleaned_data["nama"],
            desa_domisili=self.cleaned_data["desa_domisili"],
        )


class ProfilForm(forms.ModelForm):
    desa_domisili = _desa_field(required=False)

    class Meta:
        model = User
        fields = ["nama", "telepon", "desa_domisili"]
