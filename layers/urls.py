from django.urls import path

from layers import views

app_name = "layers"

urlpatterns = [
    path("lapisan/", views.daftar, name="daftar"),
    path("lapisan/<slug:slug>.geojson", views.geojson, name="geojson"),
    path("tiles/portal/<int:z>/<int:x>/<int:y>.pbf", views.tile_portal, name="tile_portal"),
    path("tiles/<slug:slug>/<int:z>/<int:x>/<int:y>.pbf", views.tile, name="tile"),
]
