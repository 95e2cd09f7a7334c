from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from kabar.models import Agenda, Kabar, Langganan


@admin.register(Kabar)
class KabarAdmin(SimpleHistoryAdmin):
    list_display = ["judul", "jenis", "desa", "kecamatan", "status", "terbit_pada"]
    list_filter = ["jenis", "status", "kecamatan"]
    search_fields = ["judul"]
    readonly_fields = ["isi"]  # written through the screens, which clean it


@admin.register(Agenda)
class AgendaAdmin(SimpleHistoryAdmin):
    list_display = ["judul", "jenis", "desa", "mulai", "status"]
    list_filter = ["jenis", "status", "kecamatan"]
    search_fields = ["judul", "tempat"]
    readonly_fields = ["isi"]


@admin.register(Langganan)
class LanggananAdmin(admin.ModelAdmin):
    list_display = ["pengguna", "desa", "frekuensi", "terakhir_dikirim"]
    list_filter = ["frekuensi"]
