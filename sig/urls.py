from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from sig.health import kesehatan, ping

admin.site.site_header = "SIG Desa — Administrasi"
admin.site.site_title = "SIG Desa"
admin.site.index_title = "Administrasi data desa dan kecamatan"

urlpatterns = [
    path("", include("sig.wilayah.urls")),
    path("", include("reports.urls")),
    path("saluran/", include("saluran.urls")),
    path("", include("maps.urls")),
    path("", include("kabar.urls")),  # before assets: its kelola/<slug>/ would take kelola/kabar/
    path("", include("assets.urls")),
    path("", include("temu.urls")),
    path("api/skema/", SpectacularAPIView.as_view(), name="api_skema"),
    path("api/dokumentasi/", SpectacularSwaggerSplitView.as_view(url_name="api_skema"), name="api_dokumentasi"),
    path("api/", include("assets.api")),
    path("", include("importers.urls")),
    path("", include("layers.urls")),
    path("akun/", include("allauth.urls")),
    path("akun/", include("sig.akun.urls")),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("kesehatan/", kesehatan, name="kesehatan"),
    path("ping", ping, name="ping"),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler400 = "sig.galat.permintaan_buruk"
handler403 = "sig.galat.dilarang"
handler404 = "sig.galat.tidak_ada"
handler500 = "sig.galat.galat_server"
