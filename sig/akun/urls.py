from django.urls import path

from sig.akun import views

urlpatterns = [
    path("profil/", views.profil, name="akun_profil"),
    path("profil/token/", views.token_baru, name="akun_token"),
    path("hapus/", views.hapus_akun, name="akun_hapus"),
]
