"""gunicorn settings for production (docker/entrypoint.sh `web`), from the environment. The worker timeout
stays below nginx's proxy_read_timeout (docker/nginx.conf: 130 s), so a slow request ends in gunicorn's
log, not as a silent 504."""

import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "3"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "120"))
graceful_timeout = 30
keepalive = 5
max_requests = 2000  # recycle workers now and then (GDAL, matplotlib caches)
max_requests_jitter = 200
accesslog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "*")  # only the proxies reach gunicorn
