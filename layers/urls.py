from django.urls import path

from layers import views

app_name = "layers"

urlpatterns = [
    path("lapisan/", views.daftar, name="daftar"),
    path("lapisan/<slug:slug>.geojson", views.geojson, name="geojson"),
    path("lapisan/<slug:slug>/unduh.<str:fmt>", views.unduh, name="unduh"),
    path("lapisan/<slug:slug>/legenda.json", views.legenda, name="legenda"),
    path("lapisan/<slug:slug>/<int:fid>.json", views.fitur_satu, name="fitur"),
    path("tiles/portal/<int:z>/<int:x>/<int:y>.pbf", views.tile_portal, name="tile_portal"),
    path("tiles/<slug:slug>/<int:z>/<int:x>/<int:y>.pbf", views.tile, name="tile"),
    path("tiles/<slug:slug>/<int:z>/<int:x>/<int:y>.png", views.tile_raster, name="tile_raster"),
    path("citra/<int:pk>/<int:z>/<int:x>/<int:y>.<str:fmt>", views.tile_citra, name="tile_citra"),
]

from layers import analisis_views, ogc  # noqa: E402

urlpatterns += [
    path("analisis/<slug:alat>.geojson", analisis_views.jalankan, name="analisis"),
    path("analisis/kesesuaian/", analisis_views.kesesuaian, name="kesesuaian"),
    path("analisis/", analisis_views.halaman, name="analisis_halaman"),
    path("analisis/simpan/", analisis_views.simpan, name="analisis_simpan"),
    path("analisis/tersimpan/<uuid:pk>/", analisis_views.tersimpan, name="analisis_tersimpan"),
]

urlpatterns += [
    path("ogc", ogc.landing),
    path("ogc/", ogc.landing, name="ogc"),
    path("ogc/conformance", ogc.conformance, name="ogc_conformance"),
    path("ogc/collections", ogc.collections, name="ogc_collections"),
    path("ogc/collections/<slug:slug>", ogc.collection, name="ogc_collection"),
    path("ogc/collections/<slug:slug>/items", ogc.items, name="ogc_items"),
    path("ogc/collections/<slug:slug>/items/<int:fid>", ogc.item, name="ogc_item"),
]
