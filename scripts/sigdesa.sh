#!/usr/bin/env bash
set -euo pipefail

PYTHON=${PYTHON:-python3}
VENV=.venv
APT_PACKAGES=(postgresql-15 postgresql-15-postgis-3 gdal-bin libgdal32 libgeos-c1v5 libproj25 gettext
              chromium fonts-dejavu-core nodejs npm nginx docker-compose)
# MapLibre: only its CSP build (the worker is our own static file) and the Leaflet binding; the portal loads them.
VENDOR_PACKAGES=(leaflet-gesture-handling/dist @geoman-io/leaflet-geoman-free/dist leaflet.markercluster/dist chart.js/dist
                 maplibre-gl/dist/maplibre-gl-csp.js maplibre-gl/dist/maplibre-gl-csp.js.map
                 maplibre-gl/dist/maplibre-gl-csp-worker.js maplibre-gl/dist/maplibre-gl-csp-worker.js.map
                 maplibre-gl/LICENSE.txt @maplibre/maplibre-gl-leaflet/leaflet-maplibre-gl.js)

say() { printf '\033[1;32m==>\033[0m %s\n' "$*"; }
die() { printf '\033[1;31mgagal:\033[0m %s\n' "$*" >&2; exit 1; }

hash_of() { cat "$@" 2>/dev/null | sha256sum | cut -c1-16; }

missing_debian_packages() {
  local missing=()
  for pkg in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  # npm/node may come from elsewhere (nvm, NodeSource); don't force Debian's then.
  if command -v npm >/dev/null && command -v node >/dev/null; then
    local kept=()
    for pkg in "${missing[@]}"; do [[ $pkg == nodejs || $pkg == npm ]] || kept+=("$pkg"); done
    missing=("${kept[@]}")
  fi
  # A venv needs ensurepip: Debian's python3 gets it from python3-venv.
  if ! "$PYTHON" -c 'import ensurepip' 2>/dev/null; then missing+=(python3-venv); fi
  echo "${missing[@]}"
}

setup_debian() {
  local missing
  missing=$(missing_debian_packages)
  [[ -z $missing ]] && return 0
  if [[ $(id -u) -eq 0 ]]; then
    say "memasang paket Debian: $missing"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    # shellcheck disable=SC2086
    apt-get install -y -qq --no-install-recommends $missing >/dev/null
  else
    die "paket Debian belum terpasang. Jalankan sebagai root: apt-get install $missing"
  fi
}

# Every Python package comes from the hashed lock (requirements/dev.lock: the app's lock plus dev tools);
# the project itself is installed without dependencies and without build isolation (its build backend is
# locked too). `pip check` fails when pyproject.toml asks for something the lock does not hold.
setup_venv() {
  local stamp="$VENV/.sigdesa-$(hash_of pyproject.toml requirements/dev.lock)"
  [[ -f $stamp ]] && return 0
  say "menyiapkan virtualenv $VENV dari requirements/dev.lock"
  [[ -x $VENV/bin/python ]] || "$PYTHON" -m venv "$VENV"
  "$VENV/bin/python" -m pip install -q --require-hashes --no-deps -r requirements/dev.lock
  # setuptools prints a long notice about editable installs on stderr; it is kept only when the install fails.
  "$VENV/bin/python" -m pip install -q --no-deps --no-build-isolation -e . >"$VENV/pip-editable.log" 2>&1 \
    || { cat "$VENV/pip-editable.log"; die "pemasangan proyek gagal"; }
  "$VENV/bin/python" -m pip check >/dev/null || { "$VENV/bin/python" -m pip check; die "virtualenv tidak cocok dengan pyproject.toml: jalankan ./sigdesa upgrade"; }
  rm -f "$VENV"/.sigdesa-*
  touch "$stamp"
}

# Refresh both locks to the newest versions pyproject.toml allows, install them, run the whole suite.
upgrade_locks() {
  local common=(--generate-hashes --universal --python-version 3.11 --no-header -q)
  say "memperbarui requirements/dev.lock dan requirements/app.lock"
  "$VENV/bin/uv" pip compile pyproject.toml --all-extras --upgrade "${common[@]}" -o requirements/dev.lock
  "$VENV/bin/uv" pip compile pyproject.toml --extra build -c requirements/dev.lock "${common[@]}" -o requirements/app.lock
}

setup_assets() {
  local stamp="vendor/.sigdesa-$(hash_of package.json package-lock.json)"
  [[ -f $stamp ]] && return 0
  say "memasang aset front-end dari npm"
  npm ci --no-audit --no-fund --loglevel=error >/dev/null
  rm -rf vendor && mkdir -p vendor
  for entry in "${VENDOR_PACKAGES[@]}"; do
    mkdir -p "vendor/$(dirname "$entry")"
    cp -r "node_modules/$entry" "vendor/$entry"
  done
  touch "$stamp"
}

setup_messages() {
  local stamp="locale/.sigdesa-$(hash_of locale/*/LC_MESSAGES/*.po)"
  [[ -f $stamp ]] && return 0
  "$VENV/bin/python" manage.py compilemessages -v0 --ignore=.venv --ignore=node_modules
  rm -f locale/.sigdesa-*
  touch "$stamp"
}

setup() {
  setup_debian
  setup_venv
  setup_assets
  setup_messages
}

start_db() {
  if [[ -n ${DATABASE_URL:-} ]]; then
    say "memakai PostGIS eksternal dari DATABASE_URL"
  else
    "$VENV/bin/sig" db start >/dev/null || die "klaster PostGIS bawaan tidak dapat dijalankan (lihat .data/postgresql.log)"
    say "PostGIS bawaan berjalan ($("$VENV/bin/sig" db status | sed -n 's/^socket *: //p'))"
  fi
}

cmd=${1:-help}
shift || true
case $cmd in
  setup) setup ;;
  assets) setup_assets ;;
  run)
    setup
    start_db
    exec "$VENV/bin/sig" run "$@"
    ;;
  test)
    setup
    start_db
    # One pytest worker per core (SIGDESA_UJI_PEKERJA=0: one process), each with its own database and folders;
    # a test file stays on one worker.
    exec "$VENV/bin/python" -m pytest -n "${SIGDESA_UJI_PEKERJA:-auto}" --dist loadfile "$@"
    ;;
  messages)
    setup
    "$VENV/bin/python" manage.py makemessages -l en -v0 --ignore=.venv --ignore=node_modules --ignore=vendor --ignore=.data
    msgfmt --statistics -o /dev/null locale/en/LC_MESSAGES/django.po
    ;;
  lint)
    setup
    "$VENV/bin/ruff" check .
    "$VENV/bin/mypy"
    ;;
  audit)
    setup
    exec "$VENV/bin/python" scripts/audit.py
    ;;
  upgrade)
    setup
    upgrade_locks
    setup_venv
    start_db
    exec "$VENV/bin/python" -m pytest "$@"
    ;;
  *)
    sed -n '2,11p' sigdesa | sed 's/^# \{0,1\}//'
    ;;
esac
