from __future__ import annotations

from typing import Any, ClassVar

from django.contrib import admin
from django.contrib.admin.options import InlineModelAdmin
from django.contrib.contenttypes.admin import GenericTabularInline
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from leaflet.admin import LeafletGeoAdminMixin
from simple_history.admin import SimpleHistoryAdmin

from assets.models import AnggaranProyek, AsetDesa, Foto, LahanPertanian, PotensiDesa, ProgresProyek, ProyekPembangunan
from sig.akun.admin_scope import ScopedAdminMixin


class FotoInline(GenericTabularInline):
    model = Foto
    extra = 0
    fields = ("pratinjau", "keterangan", "dibuat")
    readonly_fields = ("pratinjau", "dibuat")
    can_delete = False

    @admin.display(description=_("foto"))
    def pratinjau(self, obj: Foto) -> str:
        if not obj.pk:
            return ""
        return format_html('<a href="{}"><img src="{}" alt="" height="60"></a>', obj.url_asli, obj.url_kecil)

    def has_add_permission(self, request, obj=None):
        return False  # photos go through the operator screens, where they are cleaned


class FiturAdmin(ScopedAdminMixin, LeafletGeoAdminMixin, SimpleHistoryAdmin):
    list_select_related = ("desa",)
    list_filter: ClassVar[tuple[str, ...]] = ("desa__kecamatan", "desa")
    search_fields = ("nama",)
    inlines: ClassVar[list[type[InlineModelAdmin[Any, Any]]]] = [FotoInline]
    readonly_fields: ClassVar[tuple[str, ...]] = ("dibuat", "diubah", "dibuat_oleh")

    def save_model(self, request, obj, form, change):
        obj._history_user = request.user
        if not change:
            obj.dibuat_oleh = request.user
        super().save_model(request, obj, form, change)


@admin.register(AsetDesa)
class AsetAdmin(FiturAdmin):
    list_display = ("nama", "desa", "golongan", "jenis", "kondisi", "tahun_perolehan", "nilai_perolehan")
    list_filter = ("desa__kecamatan", "desa", "golongan", "kondisi")
    readonly_fields = (*FiturAdmin.readonly_fields, "luas_m2", "panjang_m")


@admin.register(LahanPertanian)
class LahanAdmin(FiturAdmin):
    list_display = ("__str__", "desa", "komoditas", "irigasi", "luas_ha", "potensi_produksi_ton", "kelas_kesesuaian")
    list_filter = ("desa__kecamatan", "desa", "komoditas", "irigasi", "kelas_kesesuaian")
    readonly_fields = (*FiturAdmin.readonly_fields, "luas_ha", "potensi_produksi_ton")


class AnggaranInline(ScopedAdminMixin, admin.TabularInline):
    model = AnggaranProyek
    extra = 0


class ProgresInline(ScopedAdminMixin, admin.TabularInline):
    model = ProgresProyek
    extra = 0
    readonly_fields = ("dicatat_oleh",)


@admin.register(ProyekPembangunan)
class ProyekAdmin(FiturAdmin):
    list_display = ("nama", "desa", "tahun_anggaran", "status", "progres_persen")
    list_filter = ("desa__kecamatan", "desa", "tahun_anggaran", "status")
    inlines = [AnggaranInline, ProgresInline, FotoInline]
    readonly_fields = (*FiturAdmin.readonly_fields, "luas_m2", "panjang_m")


@admin.register(PotensiDesa)
class PotensiAdmin(FiturAdmin):
    """Publication is moderation: the status changes only through the moderation service (the action below, or
    the operator screen for a rejection with its reason), which records who moderated and when."""

    list_display = ("nama", "desa", "jenis", "status", "diajukan_oleh")
    list_filter = ("desa__kecamatan", "desa", "jenis", "status")
    readonly_fields = (
        *FiturAdmin.readonly_fields,
        "status",
        "alasan_penolakan",
        "teks_asli",
        "diajukan_oleh",
        "dimoderasi_oleh",
        "terbit_pada",
    )
    actions = ["terbitkan"]

    @admin.action(description=_("Terbitkan potensi terpilih (moderasi)"))
    def terbitkan(self, request, queryset):
        from django.contrib import messages
        from django.core.exceptions import PermissionDenied, ValidationError

        from assets.services.potensi import potensi_moderasi

        done = 0
        for potensi in queryset:
            try:
                potensi_moderasi(potensi=potensi, keputusan="terbit", by=request.user)
                done += 1
            except (ValidationError, PermissionDenied) as exc:
                alasan = " ".join(getattr(exc, "messages", [str(exc)]))
                self.message_user(request, f"{potensi}: {alasan}", messages.ERROR)
        if done:
            self.message_user(request, _("%(n)d potensi diterbitkan.") % {"n": done}, messages.SUCCESS)
