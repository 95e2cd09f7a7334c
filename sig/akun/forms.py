from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sig.akun import services
from sig.akun.models import User
from sig.wilayah.models import Desa

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


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


class DesaTugasField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Desa) -> str:
        return f"{obj.nama} — Kec. {obj.kecamatan.nama}"


def desa_tugas(user: User, required: bool, label: StrOrPromise | None = None) -> DesaTugasField:
    """The desa `user` may assign operators to (sig.akun.scope.desa_kelola_operator), as checkboxes."""
    from sig.akun import scope

    reach = scope.desa_kelola_operator(user)
    qs = Desa.objects.select_related("kecamatan").order_by("kecamatan__nama", "nama")
    return DesaTugasField(
        queryset=qs if reach is scope.ALL else qs.filter(pk__in=reach or ()),
        widget=forms.CheckboxSelectMultiple,
        required=required,
        label=label or _("Desa tugas"),
        error_messages={
            "invalid_choice": _(
                "Desa %(value)s tidak dapat dipilih: hanya desa di kecamatan Anda yang dapat ditugaskan."
            ),
            "invalid_pk_value": _("Pilihan desa tidak sah."),
            "required": _("Pilih sedikitnya satu desa tugas."),
        },
    )


class OperatorBaruForm(forms.Form):
    email = forms.EmailField(
        label=_("Email operator"),
        max_length=254,
        error_messages={"required": _("Email operator wajib diisi."), "invalid": _("Alamat email tidak sah.")},
    )
    nama = forms.CharField(
        label=_("Nama lengkap"), max_length=150, error_messages={"required": _("Nama operator wajib diisi.")}
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["desa"] = desa_tugas(user, required=True)


class OperatorDesaForm(forms.Form):
    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["desa"] = desa_tugas(user, required=False, label=_("Desa yang Anda kelola"))
