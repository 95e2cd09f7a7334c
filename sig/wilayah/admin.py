from django.contrib import admin
from leaflet.admin import LeafletGeoAdmin, LeafletGeoAdminMixin

from sig.akun.admin_scope import ScopedAdminMixin
from sig.wilayah.models import Desa, Dusun, Kabupaten, Kecamatan

WILAYAH_READONLY = ("luas_ha", "dibuat", "diubah")


class WilayahAdmin(ScopedAdminMixin, LeafletGeoAdmin):
    list_display: tuple[str, ...] = ("kode", "nama", "luas_ha")
    search_fields = ("kode", "nama")
    readonly_fields = WILAYAH_READONLY
    boundary_fields: tuple[str, ...] = ("kode", "nama", "batas")
    ordering = ("kode",)


@admin.register(Kabupaten)
class KabupatenAdmin(WilayahAdmin):
    list_display = ("kode", "nama", "provinsi", "luas_ha")


@admin.register(Kecamatan)
class KecamatanAdmin(WilayahAdmin):
    list_display = ("kode", "nama", "kabupaten", "luas_ha")
    list_filter = ("kabupaten",)
    boundary_fields = ("kode", "nama", "kabupaten", "batas")


class DusunInline(ScopedAdminMixin, LeafletGeoAdminMixin, admin.TabularInline):
    model = Dusun
    extra = 0
    fields = ("nomor", "nama", "kepala_dusun", "luas_ha")
    readonly_fields = ("luas_ha",)


@admin.register(Desa)
class DesaAdmin(WilayahAdmin):
    list_display = ("kode", "nama", "jenis", "kecamatan", "luas_ha", "kepala_desa")
    list_filter = ("kecamatan", "jenis")
    boundary_fields = ("kode", "nama", "jenis", "kecamatan", "batas")
    inlines = [DusunInline]
    fieldsets = (
        (None, {"fields": ("kode", "nama", "jenis", "kecamatan")}),
        ("Profil", {"fields": ("kepala_desa", "alamat_kantor", "telepon_kantor", "jumlah_penduduk", "deskripsi")}),
        ("Batas wilayah", {"fields": ("batas", "luas_ha")}),
        ("Riwayat", {"fields": ("dibuat", "diubah"), "classes": ("collapse",)}),
    )


@admin.register(Dusun)
class DusunAdmin(ScopedAdminMixin, LeafletGeoAdmin):
    list_display = ("nama", "nomor", "desa", "luas_ha")
    list_filter = ("desa__kecamatan", "desa")
    search_fields = ("nama", "desa__nama")
    readonly_fields = ("luas_ha",)
    list_select_related = ("desa",)
