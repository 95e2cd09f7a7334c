from django.urls import path, re_path

from temu import views

app_name = "temu"

urlpatterns = [
    path("robots.txt", views.robots, name="robots"),
    path("sitemap.xml", views.peta_situs_indeks, name="peta_situs"),
    re_path(r"^sitemap-(?P<section>[a-z0-9_]{1,40})\.xml$", views.peta_situs_bagian, name="peta_situs_bagian"),
    re_path(
        r"^umpan/(?P<tingkat>desa|kecamatan|kategori)/(?P<kode>[0-9A-Za-z._\-]{1,30})\.(?P<fmt>rss|atom)$",
        views.umpan_view,
        name="umpan",
    ),
    re_path(
        r"^bagikan/(?P<jenis>[a-z0-9_]{1,30})/(?P<kunci>[0-9A-Za-z.\-]{1,20})\.png$",
        views.gambar_bagikan,
        name="gambar",
    ),
]
