from django.urls import path

from sig.akun import kelola, views

urlpatterns = [
    path("profil/", views.profil, name="akun_profil"),
    path("profil/token/", views.token_baru, name="akun_token"),
    path("hapus/", views.hapus_akun, name="akun_hapus"),
    path("operator/", kelola.daftar, name="akun_operator"),
    path("operator/<int:pk>/", kelola.ubah, name="akun_operator_ubah"),
    path("operator/<int:pk>/aktif/", kelola.aktif, name="akun_operator_aktif"),
]
