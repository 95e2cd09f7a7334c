#!/bin/sh
# One entrypoint for every production role (docker-compose and the host smoke test run this same file):
#   web | worker | worker-impor | migrate | backup | <any command>
# Started as root it only makes the data folders the app user's, then drops to that user (APP_USER).
set -eu

APP_USER="${APP_USER:-sigdesa}"
role="${1:-web}"
[ "$#" -gt 0 ] && shift

if [ "$(id -u)" = 0 ]; then
    for dir in "${STATIC_ROOT:-}" "${MEDIA_ROOT:-}" "${PRIVATE_MEDIA_ROOT:-}" "${IMPORT_UPLOAD_DIR:-}" "${BACKUP_DIR:-}"; do
        [ -n "$dir" ] || continue
        mkdir -p "$dir"
        # volumes come up root-owned; only what is not yet the app user's is changed (fast on big media)
        find "$dir" ! -user "$APP_USER" -exec chown "$APP_USER" {} +
    done
    HOME=/tmp exec setpriv --reuid="$APP_USER" --regid="$(id -g "$APP_USER")" --init-groups "$0" "$role" "$@"
fi

case "$role" in
web)
    # the image's collected assets, for nginx to serve (and gzip_static) from the shared volume
    if [ -n "${STATIC_BUILD:-}" ] && [ -n "${STATIC_ROOT:-}" ] && [ "$STATIC_BUILD" != "$STATIC_ROOT" ]; then
        cp -r "$STATIC_BUILD/." "$STATIC_ROOT/"
    fi
    exec gunicorn sig.wsgi:application --config python:sig.gunicorn_conf
    ;;
worker)
    exec python -m sig.cli manage procrastinate worker --queues=notifikasi,cadangan \
        --concurrency="${WORKER_CONCURRENCY:-4}"
    ;;
worker-impor)
    exec python -m sig.cli manage procrastinate worker --queues=impor --concurrency="${IMPOR_CONCURRENCY:-1}"
    ;;
migrate)
    exec python -m sig.cli manage migrate --noinput
    ;;
backup)
    exec python -m sig.cli backup --ke "${BACKUP_DIR:-/srv/cadangan}" "$@"
    ;;
*)
    exec "$role" "$@"
    ;;
esac
