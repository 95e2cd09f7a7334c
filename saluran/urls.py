from django.urls import path

from saluran import views

app_name = "saluran"

urlpatterns = [
    path("whatsapp/", views.whatsapp, name="whatsapp"),
    path("telegram/", views.telegram, name="telegram"),
]
