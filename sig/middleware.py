import weakref
from typing import Any

from django.conf import settings
from django.middleware.gzip import GZipMiddleware
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
            from django.http import HttpResponseBadRequest, JsonResponse
            from django.utils.translation import gettext as _

            pesan = _("Alamat permintaan berisi karakter NUL yang tidak diizinkan.")
            path = request.path.replace("\x00", "")
            if (
                path.startswith(("/ogc", "/api"))
                or path.endswith((".json", ".geojson"))
                or "json" in request.headers.get("Accept", "")
            ):
                # the error shape of the OGC API (code, description) and of our JSON endpoints (galat)
                body = {"code": "InvalidParameterValue", "description": pesan, "galat": pesan}
                return JsonResponse(body, status=400)
            return HttpResponseBadRequest(pesan.encode(), content_type="text/plain; charset=utf-8")
        return self.get_response(request)


# statement_timeout each persistent connection already has (ms), per raw psycopg connection.
_ANGGARAN_KONEKSI: weakref.WeakKeyDictionary[Any, int] = weakref.WeakKeyDictionary()


class AnggaranWaktuMiddleware:
    """Every query of a request has a time budget (PostgreSQL statement_timeout): WAKTU_KUERI_PUBLIK_MS for
    visitors and citizens, WAKTU_KUERI_STAF_MS for staff; jobs and commands keep the connection's default
    (WAKTU_KUERI_LATAR_MS). The budget is set before the request's first query only, so a request answered
    from the cache costs no round trip. A query over budget answers 503 with what to do, not a 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from contextlib import ExitStack

        from django.db import DatabaseError, connections

        user = getattr(request, "user", None)
        try:
            staf = bool(user is not None and user.is_authenticated and user.is_staff)
        except DatabaseError:  # the view meets the same error and answers it (e.g. /kesehatan/: 503)
            staf = False
        ms = settings.WAKTU_KUERI_STAF_MS if staf else settings.WAKTU_KUERI_PUBLIK_MS
        request.anggaran_ms = ms
        disetel: set[str] = set()  # the connections (primary, replicas) that have the budget already

        def wrapper(execute, sql, params, many, context):
            db = context["connection"]
            if db.alias not in disetel:
                disetel.add(db.alias)
                raw = db.connection
                # A persistent connection keeps a budget set outside a transaction (set_config(…, false) commits);
                # one set inside may roll back, so it is set again next time. Saves a round trip per request.
                if _ANGGARAN_KONEKSI.get(raw) != ms:
                    # a plain cursor of its own: the query's cursor may be a server-side one (.iterator())
                    with raw.cursor() as cursor:
                        cursor.execute("SELECT set_config('statement_timeout', %s, false)", [str(ms)])
                    if db.get_autocommit() and not db.in_atomic_block:
                        _ANGGARAN_KONEKSI[raw] = ms
                    else:
                        _ANGGARAN_KONEKSI.pop(raw, None)
            return execute(sql, params, many, context)

        with ExitStack() as stack:
            for alias in settings.DATABASES:  # the primary and every replica (sig.replika)
                stack.enter_context(connections[alias].execute_wrapper(wrapper))
            return self.get_response(request)

    def process_exception(self, request, exception):
        from django.db import OperationalError

        cause = getattr(exception, "__cause__", None)
        if not isinstance(exception, OperationalError) or type(cause).__name__ != "QueryCanceled":
            return None
        from django.http import HttpResponse
        from django.utils.translation import gettext as _

        detik = getattr(request, "anggaran_ms", settings.WAKTU_KUERI_PUBLIK_MS) // 1000
        pesan = _(
            "Permintaan ini terlalu berat untuk dijawab dalam %(detik)s detik. Persempit area, rentang waktu atau "
            "lapisan, lalu coba lagi."
        ) % {"detik": detik}
        response = HttpResponse(pesan.encode(), status=503, content_type="text/plain; charset=utf-8")
        response["Retry-After"] = "60"
        return response


class KompresiMiddleware(GZipMiddleware):
    """gzip for data (JSON, GeoJSON, vector tiles, CSV, KML), which rural phones pay for by the byte; never for
    HTML, which carries CSRF tokens next to user text (BREACH). nginx compresses the same types; a response
    compressed here passes through it unchanged."""

    JENIS = frozenset(
        {
            "application/json",
            "application/geo+json",
            "application/vnd.mapbox-vector-tile",
            "application/vnd.google-earth.kml+xml",
            "text/csv",
            "application/javascript",
            "text/css",
            "image/svg+xml",
        }
    )

    def process_response(self, request, response):
        jenis = response.get("Content-Type", "").split(";", 1)[0].strip().lower()
        if jenis not in self.JENIS:
            return response
        return super().process_response(request, response)
