"""Django's development server with static files gzipped on the fly, as nginx's gzip_static sends them in
production (docker/nginx.conf; the image pre-compresses them): for bench/jaringan_desa.py only.

    python bench/_runserver_gzip.py PORT
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sig.settings.dev")

import django

django.setup()

from django.contrib.staticfiles.handlers import StaticFilesHandler  # noqa: E402
from django.core.servers.basehttp import run  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.middleware.gzip import GZipMiddleware  # noqa: E402


class StatisGzip(StaticFilesHandler):
    def serve(self, request):  # type: ignore[no-untyped-def]
        response = super().serve(request)
        return GZipMiddleware(lambda r: response).process_response(request, response)


if __name__ == "__main__":
    run("127.0.0.1", int(sys.argv[1]), StatisGzip(get_wsgi_application()), threading=True)
