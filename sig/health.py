"""Is the database there? Used by `sig serve` before starting and by the /kesehatan/ endpoint."""

from __future__ import annotations

import os

from django.db import DatabaseError, connection
from django.http import HttpResponse, JsonResponse


def database_problem(*, require_postgis: bool = True) -> str | None:
    """None when PostGIS answers, otherwise a message saying what is wrong and what to do.

    With require_postgis=False only the connection is checked (migrate creates the extension).
    """
    settings = connection.settings_dict
    where = settings.get("HOST") or "localhost"
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT postgis_lib_version()" if require_postgis else "SELECT 1")
            cursor.fetchone()
    except DatabaseError as exc:
        first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else exc.__class__.__name__
        hint = "periksa DATABASE_URL" if os.environ.get("DATABASE_URL") else "jalankan: sig db start"
        if "postgis_lib_version" in str(exc):
            return f"basis data {settings.get('NAME')} di {where} belum memiliki ekstensi PostGIS ({hint})."
        return f"PostGIS tidak dapat dihubungi di {where} ({first_line}); {hint}."
    finally:
        connection.close()
    return None


def kesehatan(request):
    """Health endpoint for load balancers: 200 when the primary answers, 503 otherwise; each replica's lag."""
    from sig.replika import keadaan_replika
    from sig.surel import keadaan_antrean

    try:  # first: database_problem() closes the connection afterwards
        surel = keadaan_antrean()
    except DatabaseError:
        surel = None
    problem = database_problem()
    if problem:
        return JsonResponse({"status": "gagal", "database": problem}, status=503)
    # mail and replica trouble is reported, not failed on: the site itself still serves (from the primary)
    body = {"status": "ok", "database": "ok", "surel": surel}
    replika = keadaan_replika()
    if replika:
        body["replika"] = replika
    return JsonResponse(body)


def ping(request):
    """A trivial view: the reference the complaint benchmark compares against (same middleware, no work)."""
    return HttpResponse(b"pong", content_type="text/plain")
