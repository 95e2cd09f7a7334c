from django.contrib import admin
from django.contrib.contenttypes.admin import GenericTabularInline
from leaflet.admin import LeafletGeoAdminMixin
from simple_history.admin import SimpleHistoryAdmin

from assets.models import AnggaranProyek, AsetDesa, Foto, LahanPertanian, PotensiDesa, ProgresProyek, ProyekPembangunan
from sig.akun.admin_scope import ScopedAdminMixin


class FotoInline(GenericTabularInline):
    model = Foto
    extra = 0
    fields = ("thumbnail", "keterangan", "dibuat")
    readonly_fields = ("thumbnail", "dibuat")
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False  # photos go through the operator screens, where they are cleaned


class FiturAdmin(ScopedAdminMixin, LeafletGeoAdminMixin, SimpleHistoryAdmin):
    list_select_related = ("desa",)
    list_filter = ("desa__kecamatan", "desa")
    search_fields = ("nama",)
    inlines = [FotoInline]
    readonly_fields = ("dibuat", "diubah", "dibuat_oleh")

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
    list_display = ("nama", "desa", "jenis", "status", "diajukan_oleh")
    list_filter = ("desa__kecamatan", "desa", "jenis", "status")
    readonly_fields = (*FiturAdmin.readonly_fields, "teks_asli", "diajukan_oleh", "dimoderasi_oleh", "terbit_pada")
