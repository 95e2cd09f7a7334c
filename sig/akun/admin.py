from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from sig.akun.models import Peran, User


class UserAdminForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["email", "nama", "telepon", "desa_domisili", "peran", "desa_kerja", "kecamatan_kerja", "is_active"]

    def clean(self):
        data = super().clean()
        peran = data.get("peran")
        if peran == Peran.OPERATOR and not data.get("desa_kerja"):
            raise ValidationError(_("Operator desa harus ditugaskan ke sedikitnya satu desa."))
        if peran == Peran.ADMIN_KECAMATAN and not data.get("kecamatan_kerja"):
            raise ValidationError(_("Admin kecamatan harus ditugaskan ke sedikitnya satu kecamatan."))
        return data


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    """Accounts and roles: handed out by superadmins only."""

    form = UserAdminForm
    ordering = ("email",)
    list_display = ("email", "nama", "peran", "desa_domisili", "is_active", "last_login")
    list_filter = ("peran", "is_active")
    search_fields = ("email", "nama")
    filter_horizontal = ("desa_kerja", "kecamatan_kerja")
    readonly_fields = ("last_login", "date_joined", "is_staff", "is_superuser")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Profil"), {"fields": ("nama", "telepon", "desa_domisili")}),
        (_("Peran dan wilayah tugas"), {"fields": ("peran", "desa_kerja", "kecamatan_kerja", "is_active")}),
        (_("Status"), {"fields": ("is_staff", "is_superuser", "last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2", "peran")}),)

    def _superadmin(self, request) -> bool:
        return bool(request.user.is_active and request.user.peran == Peran.SUPERADMIN)

    def has_module_permission(self, request):
        return self._superadmin(request)

    def has_view_permission(self, request, obj=None):
        return self._superadmin(request)

    def has_add_permission(self, request):
        return self._superadmin(request)

    def has_change_permission(self, request, obj=None):
        return self._superadmin(request)

    def has_delete_permission(self, request, obj=None):
        return self._superadmin(request)
