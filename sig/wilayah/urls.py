from django.urls import path, re_path

from sig.wilayah import views

app_name = "wilayah"

urlpatterns = [
    path("", views.beranda, name="beranda"),
    re_path(r"^kecamatan/(?P<kode>\d{2}\.\d{2}\.\d{2})/$", views.kecamatan_detail, name="kecamatan"),
    re_path(r"^desa/(?P<kode>\d{2}\.\d{2}\.\d{2}\.\d{4})/$", views.desa_detail, name="desa"),
]
