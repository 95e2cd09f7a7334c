#!/usr/bin/env bash
set -euo pipefail

PYTHON=${PYTHON:-python3}
VENV=.venv
APT_PACKAGES=(postgresql-15 postgresql-15-postgis-3 gdal-bin libgdal32 libgeos-c1v5 libproj25 gettext
              chromium fonts-dejavu-core nodejs npm)
VENDOR_PACKAGES=(leaflet-gesture-handling/dist @geoman-io/leaflet-geoman-free/dist leaflet.markercluster/dist chart.js/dist)

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

setup_venv() {
  local stamp="$VENV/.sigdesa-$(hash_of pyproject.toml)"
  [[ -f $stamp ]] && return 0
  say "menyiapkan virtualenv $VENV"
  [[ -x $VENV/bin/python ]] || "$PYTHON" -m venv "$VENV"
  "$VENV/bin/python" -m pip install -q --upgrade pip wheel
  "$VENV/bin/python" -m pip install -q -e '.[dev]'
  rm -f "$VENV"/.sigdesa-*
  touch "$stamp"
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
    exec "$VENV/bin/python" -m pytest "$@"
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
  *)
    sed -n '2,9p' sigdesa | sed 's/^# \{0,1\}//'
    ;;
esac
