from django.urls import path, re_path

from maps import dasbor, terkini, transparansi, views

app_name = "maps"

urlpatterns = [
    path("peta/", views.portal, name="portal"),
    re_path(
        r"^peta/kecamatan/(?P<kode>\d{2}\.\d{2}\.\d{2})/$",
        views.portal,
        {"tingkat": "kecamatan"},
        name="portal_kecamatan",
    ),
    re_path(
        r"^peta/desa/(?P<kode>\d{2}\.\d{2}\.\d{2}\.\d{4})/$", views.portal, {"tingkat": "desa"}, name="portal_desa"
    ),
    path("peta/cari/", views.cari, name="cari"),
    path("peta/terkini.json", terkini.feed, name="terkini_json"),
    re_path(r"^laporan-terkini/kecamatan/(?P<kode>\d{2}\.\d{2}\.\d{2})/$", terkini.halaman, name="terkini"),
    path("peta-dasar/lokal/<int:z>/<int:x>/<int:y>.png", views.peta_lokal, name="peta_lokal"),
    re_path(r"^peta/cetak\.(?P<fmt>pdf|png)$", views.cetak, name="cetak"),
    path("manifest.webmanifest", views.manifest, name="manifest"),
    path("sw.js", views.service_worker, name="sw"),
    path("favicon.ico", views.favicon, name="favicon"),
    re_path(r"^dasbor/kecamatan/(?P<kode>\d{2}\.\d{2}\.\d{2})/$", dasbor.kecamatan, name="dasbor_kecamatan"),
    re_path(r"^dasbor/desa/(?P<kode>\d{2}\.\d{2}\.\d{2}\.\d{4})/$", dasbor.desa, name="dasbor_desa"),
    re_path(
        r"^transparansi/kecamatan/(?P<kode>\d{2}\.\d{2}\.\d{2})/$",
        transparansi.kecamatan,
        name="transparansi_kecamatan",
    ),
    re_path(r"^transparansi/desa/(?P<kode>\d{2}\.\d{2}\.\d{2}\.\d{4})/$", transparansi.desa, name="transparansi_desa"),
]
