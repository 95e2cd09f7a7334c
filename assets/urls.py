from django.urls import path

from assets.views import kelola, proyek_potensi, publik

app_name = "assets"

urlpatterns = [
    path("aset/<int:pk>/", publik.aset_publik, name="aset_publik"),
    path("proyek/<int:pk>/", publik.proyek_publik, name="proyek_publik"),
    path("potensi/<int:pk>/", publik.potensi_publik, name="potensi_publik"),
    path("potensi/ajukan/", proyek_potensi.potensi_ajukan_view, name="potensi_ajukan"),
    path("foto/<int:pk>/<str:ukuran>.jpg", publik.foto, name="foto"),
    path("ekspor/<slug:target>/<str:kode>.<str:fmt>", publik.ekspor, name="ekspor"),
    path("kelola/proyek/<int:pk>/anggaran/", proyek_potensi.proyek_anggaran, name="proyek_anggaran"),
    path("kelola/proyek/<int:pk>/progres/", proyek_potensi.proyek_progres, name="proyek_progres"),
    path("kelola/proyek/<int:pk>/selesai/", proyek_potensi.proyek_selesai, name="proyek_selesai"),
    path("kelola/potensi/<int:pk>/moderasi/", proyek_potensi.potensi_moderasi_view, name="potensi_moderasi"),
    path("kelola/<slug:slug>/", kelola.daftar, name="kelola_daftar"),
    path("kelola/<slug:slug>/tambah/", kelola.tambah, name="kelola_tambah"),
    path("kelola/<slug:slug>/massal/", kelola.massal, name="kelola_massal"),
    path("kelola/<slug:slug>/<int:pk>/", kelola.ubah, name="kelola_ubah"),
    path("kelola/<slug:slug>/<int:pk>/hapus/", kelola.hapus, name="kelola_hapus"),
    path("kelola/<slug:slug>/<int:pk>/riwayat/", kelola.riwayat, name="kelola_riwayat"),
    path("kelola/<slug:slug>/<int:pk>/riwayat/<int:history_id>/pulihkan/", kelola.pulihkan, name="kelola_pulihkan"),
    path("kelola/<slug:slug>/<int:pk>/foto/", kelola.foto_unggah, name="kelola_foto"),
    path("kelola/<slug:slug>/<int:pk>/foto/<int:foto_pk>/hapus/", kelola.foto_buang, name="kelola_foto_hapus"),
]
