from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers


class BahasaMiddleware:
    """Bahasa Indonesia unless the visitor chose English (language cookie); phones set to English
    still get Indonesian first, as the users of a village system expect."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _ in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ("Cookie",))
        return response


class TokenPetaMiddleware:
    """`Authorization: Token <key>` for map services read by desktop GIS (QGIS, GDAL) without a session:
    OGC API, GeoJSON, tiles and downloads. A wrong token is a 401, never a silent anonymous read."""

    PREFIXES = ("/ogc", "/lapisan/", "/tiles/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        header = request.headers.get("Authorization", "")
        if header.startswith("Token ") and request.path.startswith(self.PREFIXES):
            from rest_framework.authtoken.models import Token

            token = Token.objects.select_related("user").filter(key=header[6:].strip()[:40]).first()
            if token is None or not token.user.is_active:
                from django.http import JsonResponse

                return JsonResponse({"code": "Unauthorized", "description": "Token tidak sah."}, status=401)
            request.user = token.user
        return self.get_response(request)


class TolakNulMiddleware:
    """A NUL character in the query string can never be stored or compared by PostgreSQL (text refuses it): every
    view would fail at its first query, so such requests get one clear 400 here."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        nul = any("\x00" in key or any("\x00" in value for value in values) for key, values in request.GET.lists())
        if nul or "\x00" in request.path:
            from django.http import HttpResponseBadRequest
            from django.utils.translation import gettext as _

            pesan = _("Alamat permintaan berisi karakter NUL yang tidak diizinkan.")
            return HttpResponseBadRequest(pesan.encode(), content_type="text/plain; charset=utf-8")
        return self.get_response(request)
