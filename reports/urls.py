from django.urls import path, re_path

from reports import open311
from reports.views import kelola, publik, warga

app_name = "reports"

KODE = r"(?P<kode>ADU-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4})"

urlpatterns = [
    path("pengaduan/", publik.daftar, name="daftar"),
    path("pengaduan/baru/", warga.baru, name="baru"),
    path("pengaduan/lacak/", publik.lacak, name="lacak"),
    path("pengaduan/serupa/", publik.serupa, name="serupa"),
    path("pengaduan/langganan/", warga.langganan, name="langganan"),
    re_path(rf"^pengaduan/{KODE}/$", publik.detail, name="detail"),
    re_path(rf"^pengaduan/{KODE}/foto/(?P<pk>\d+)/(?P<ukuran>asli|kecil)\.jpg$", publik.foto, name="foto"),
    re_path(rf"^pengaduan/{KODE}/dukung/$", warga.dukung, name="dukung"),
    re_path(rf"^pengaduan/{KODE}/konfirmasi/$", warga.konfirmasi, name="konfirmasi"),
    re_path(rf"^pengaduan/{KODE}/nilai/$", warga.nilai, name="nilai"),
    path("kelola/pengaduan/", kelola.kotak_masuk, name="kotak_masuk"),
    path("kelola/pengaduan/catat/", kelola.catat, name="catat"),
    re_path(rf"^kelola/pengaduan/{KODE}/$", kelola.tangani, name="tangani"),
    re_path(
        rf"^kelola/pengaduan/{KODE}/(?P<nama>status|teruskan|balas|tugaskan|gabung|sunting|blokir)/$",
        kelola.aksi,
        name="aksi",
    ),
    # Open311 GeoReport v2
    path("open311/v2/discovery.<str:fmt>", open311.discovery, name="open311_discovery"),
    path("open311/v2/services.<str:fmt>", open311.services, name="open311_services"),
    path("open311/v2/requests.<str:fmt>", open311.requests, name="open311_requests"),
    path("open311/v2/requests/<str:rid>.<str:fmt>", open311.request_detail, name="open311_request"),
]
