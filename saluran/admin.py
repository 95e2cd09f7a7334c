from django.contrib import admin
from django.http import HttpRequest

from saluran.models import Identitas, PesanKeluar


@admin.register(Identitas)
class IdentitasAdmin(admin.ModelAdmin):
    """Superadmins link a channel identity to an account (its reports then appear under that account)."""

    list_display = ("saluran", "id_eksternal", "nama", "pengguna", "berhenti", "dibuat")
    list_filter = ("saluran", "berhenti")
    search_fields = ("id_eksternal", "nama")
    raw_id_fields = ("pengguna",)
    readonly_fields = ("saluran", "id_eksternal", "dibuat")

    def has_module_permission(self, request: HttpRequest) -> bool:
        return request.user.is_superuser

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # identities come from the channels


@admin.register(PesanKeluar)
class PesanKeluarAdmin(admin.ModelAdmin):
    list_display = ("identitas", "dibuat", "terkirim_pada", "percobaan", "mati", "galat")
    list_filter = ("mati",)
    readonly_fields = [f.name for f in PesanKeluar._meta.fields]

    def has_module_permission(self, request: HttpRequest) -> bool:
        return request.user.is_superuser

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
