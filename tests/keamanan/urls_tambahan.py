"""The project's URLconf plus one view nobody wrote a permission rule for (used by the matrix self-test)."""

from django.http import HttpResponse
from django.urls import path

from sig.urls import urlpatterns as proyek

urlpatterns = [*proyek, path("fitur-baru/", lambda request: HttpResponse("baru"), name="fitur_baru")]
