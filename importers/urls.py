from django.urls import path

from importers import views

app_name = "importers"

urlpatterns = [
    path("impor/", views.daftar, name="daftar"),
    path("impor/<uuid:pk>/", views.detail, name="detail"),
    path("impor/<uuid:pk>/status/", views.status, name="status"),
    path("impor/<uuid:pk>/simpan/", views.simpan, name="simpan"),
    path("impor/<uuid:pk>/ulang/", views.ulang, name="ulang"),
]
