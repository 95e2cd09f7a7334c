from django.urls import path

from kabar import views

app_name = "kabar"

urlpatterns = [
    path("kelola/kabar/", views.kelola_daftar, name="kelola"),
    path("kelola/kabar/<slug:jenis>/baru/", views.kelola_form, name="kelola_baru"),
    path("kelola/kabar/<slug:jenis>/<int:pk>/", views.kelola_form, name="kelola_ubah"),
    path("kelola/kabar/<slug:jenis>/<int:pk>/hapus/", views.kelola_hapus, name="kelola_hapus"),
    path("kelola/kabar/<slug:jenis>/<int:pk>/riwayat/", views.kelola_riwayat, name="kelola_riwayat"),
    path("kabar/<int:pk>-<slug:slug>/", views.kabar_detail, name="kabar"),
    path("kabar/<int:pk>/", views.kabar_detail, name="kabar_pendek"),
    path("agenda/<int:pk>-<slug:slug>/", views.agenda_detail, name="agenda"),
    path("agenda/<int:pk>.ics", views.agenda_ics, name="agenda_ics"),
    path("desa/<str:kode>/kabar/", views.daftar, {"tingkat": "desa"}, name="daftar_desa"),
    path("kecamatan/<str:kode>/kabar/", views.daftar, {"tingkat": "kecamatan"}, name="daftar_kecamatan"),
    path("desa/<str:kode>/agenda.ics", views.desa_ics, name="desa_ics"),
    path("desa/<str:kode>/ikuti/", views.ikuti, name="ikuti"),
]
