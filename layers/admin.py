from django.contrib import admin
from django.core.exceptions import PermissionDenied

from layers.models import Lapisan
from sig.akun import scope
from sig.akun.admin_scope import ScopedAdminMixin
from sig.akun.scope import Action


@admin.register(Lapisan)
class LapisanAdmin(ScopedAdminMixin, admin.ModelAdmin):
    """Superadmins manage installation-wide layers; operators the layers of their desa (e.g. survey layers)."""

    list_display = ("judul_id", "slug", "jenis", "visibilitas", "min_zoom", "max_zoom", "urutan", "aktif", "desa")
    list_filter = ("jenis", "visibilitas", "aktif")
    list_editable = ("urutan", "aktif")
    search_fields = ("judul_id", "judul_en", "slug")
    prepopulated_fields = {"slug": ("judul_id",)}
    readonly_fields = ("dibuat_oleh",)

    def save_model(self, request, obj, form, change):
        # A new layer must land where its author may manage it (operators: one of their desa).
        if not scope.can(request.user, Action.CHANGE, obj):
            raise PermissionDenied("Pilih desa yang Anda kelola untuk lapisan ini.")
        if not change:
            obj.dibuat_oleh = request.user
        super().save_model(request, obj, form, change)
