"""Settings shared by every environment; everything that differs comes from the environment."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import dj_database_url
from csp.constants import NONCE
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from sig import embedded_db, peta_dasar

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env(name: str, default: str | None = None) -> str | None:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on", "ya"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = env("SECRET_KEY", "dev-only-insecure-key-do-not-use-in-production")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.gis",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "allauth",
    "allauth.account",
    "axes",
    "leaflet",
    "rest_framework",
    "rest_framework_gis",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "procrastinate.contrib.django",
    "sig",
    "sig.wilayah",
    "sig.akun",
    "assets",
    "survei",
    "importers",
    "layers",
    "reports",
    "kabar",
    "saluran",
    "maps",
    "temu",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # before sessions: the session and the user are read where the request reads (sig.replika)
    "sig.replika.ReplikaMiddleware",
    "sig.middleware.KompresiMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "sig.middleware.BahasaMiddleware",
    "sig.middleware.TolakNulMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "sig.middleware.TokenPetaMiddleware",
    "sig.middleware.AnggaranWaktuMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Axes must be last: it turns lockouts into responses.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "sig.urls"
WSGI_APPLICATION = "sig.wsgi.application"
ASGI_APPLICATION = "sig.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "maps.context_processors.peta",
            ],
        },
    },
]


def database_config(url: str | None = None, *, replika: bool = False) -> dict[str, Any]:
    """DATABASE_URL when set, otherwise the project-local embedded PostGIS cluster; `url` for a replica."""
    url = url or env("DATABASE_URL")
    if url:
        config: dict[str, Any] = dict(dj_database_url.parse(url, conn_max_age=int(env("CONN_MAX_AGE", "60") or 60)))
        if not config["ENGINE"].endswith(("postgresql", "postgis")):
            raise ImproperlyConfigured("DATABASE_URL harus menunjuk ke PostgreSQL/PostGIS (postgres://...).")
    else:
        config = embedded_db.django_database_settings()
        config["CONN_MAX_AGE"] = int(env("CONN_MAX_AGE", "60") or 60)
    config["ENGINE"] = "django.contrib.gis.db.backends.postgis"
    config["CONN_HEALTH_CHECKS"] = True
    config.setdefault("OPTIONS", {})
    # a replica that does not answer is skipped quickly (sig.replika); the primary gets more patience
    waktu = env("SIGDESA_REPLICA_CONNECT_TIMEOUT", "2") if replika else env("DB_CONNECT_TIMEOUT", "5")
    config["OPTIONS"].setdefault("connect_timeout", int(waktu or 5))
    # Jobs and commands: the default budget of every query (web requests set their own, sig.middleware).
    config["OPTIONS"]["options"] = f"-c statement_timeout={int(env('WAKTU_KUERI_LATAR_MS', '600000') or 0)}"
    if replika:
        # tests never create or flush a replica's database: it is the primary's, streamed (tests/test_replika.py)
        config["TEST"] = {"MIRROR": "default"}
    return config


DATABASES = {"default": database_config()}
# Streaming replicas (docs/deployment.md): aliases replika_1..N; sig.replika routes public reads to them.
DATABASES.update(
    {f"replika_{i}": database_config(url, replika=True) for i, url in enumerate(env_list("DATABASE_REPLICA_URLS"), 1)}
)
DATABASE_ROUTERS = ["sig.replika.RuterReplika"]
# After a write, the same client reads from the primary for this long (signed cookie): read-your-writes.
SIGDESA_REPLICA_PIN_SECONDS = int(env("SIGDESA_REPLICA_PIN_SECONDS", "10") or 10)
# A replica further behind than this is skipped; one that fails is skipped for RETRY seconds (per process).
SIGDESA_REPLICA_MAX_LAG_SECONDS = float(env("SIGDESA_REPLICA_MAX_LAG_SECONDS", "30") or 30)
SIGDESA_REPLICA_RETRY_SECONDS = float(env("SIGDESA_REPLICA_RETRY_SECONDS", "30") or 30)
PROCRASTINATE_DATABASE_ALIAS = "default"  # jobs are queued, fetched and finished on the primary
# Time budget of every query of a web request (ms): visitors and citizens, staff. See sig.middleware.
WAKTU_KUERI_PUBLIK_MS = int(env("WAKTU_KUERI_PUBLIK_MS", "5000") or 5000)
WAKTU_KUERI_STAF_MS = int(env("WAKTU_KUERI_STAF_MS", "30000") or 30000)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "akun.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

# akun warga: email login, verified email before the account can contribute.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_SIGNUP_FORM_CLASS = "sig.akun.forms.DaftarWargaForm"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[SIG Desa] "
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_RATE_LIMITS: dict[str, str] | bool = {"login_failed": "10/m/ip,5/5m/key", "signup": "20/h/ip"}
ACCOUNT_DEFAULT_HTTP_PROTOCOL = env("ACCOUNT_DEFAULT_HTTP_PROTOCOL", "http")

# The client's address (sig.klien): how many proxies in front append to X-Forwarded-For (0: none; 1: nginx;
# 2: a TLS terminator in front of nginx). Every limit, block and lockout asks the same function.
PROXY_TEPERCAYA = int(env("TRUSTED_PROXY_COUNT", "0") or 0)
ALLAUTH_TRUSTED_PROXY_COUNT = PROXY_TEPERCAYA
ACCOUNT_ADAPTER = "sig.akun.adapter.AkunAdapter"

# django-axes: lock one account from one address after repeated failed logins (allauth's e-mail form and
# the admin's username form alike); other accounts and other addresses are not affected.
AXES_FAILURE_LIMIT = int(env("AXES_FAILURE_LIMIT", "5") or 5)
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_CALLABLE = "sig.klien.nama_login"
AXES_CLIENT_IP_CALLABLE = "sig.klien.alamat_klien"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "akun/terkunci.html"

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / ".data" / "static")) or "")
# Front-end packages from npm, copied by `./sigdesa setup` (VENDOR_PACKAGES in scripts/sigdesa.sh); never from a CDN.
VENDOR_DIR = BASE_DIR / "vendor"
STATICFILES_DIRS = [BASE_DIR / "sig" / "static", *([VENDOR_DIR] if VENDOR_DIR.is_dir() else [])]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / ".data" / "media")) or "")
# Files only scoped views may serve (complaint photos); never under MEDIA_ROOT, which a proxy may serve.
PRIVATE_MEDIA_ROOT = Path(env("PRIVATE_MEDIA_ROOT", str(BASE_DIR / ".data" / "privat")) or "")

# Photos of village data and complaints in an S3-compatible bucket (MinIO, Ceph, AWS S3...) instead of
# PRIVATE_MEDIA_ROOT, so every web machine sees them (optional extra `s3`: django-storages, boto3). Rasters and
# uploads waiting for import stay under PRIVATE_MEDIA_ROOT (GDAL reads paths): a shared folder for many machines.
SIGDESA_MEDIA_S3: dict[str, Any] = (
    {
        "bucket_name": env("SIGDESA_MEDIA_S3_BUCKET"),
        "endpoint_url": env("SIGDESA_MEDIA_S3_ENDPOINT") or None,
        "region_name": env("SIGDESA_MEDIA_S3_REGION") or None,
        "access_key": env("SIGDESA_MEDIA_S3_ACCESS_KEY") or None,
        "secret_key": env("SIGDESA_MEDIA_S3_SECRET_KEY") or None,
        "location": env("SIGDESA_MEDIA_S3_PREFIX", "privat"),
        "default_acl": "private",
        "querystring_auth": True,
        "file_overwrite": False,
    }
    if env("SIGDESA_MEDIA_S3_BUCKET")
    else {}
)

# Pengaduan: abuse limits per account and per (hashed) address, and e-mail delivery by the worker.
PENGADUAN_BATAS_AKUN_PER_JAM = int(env("PENGADUAN_BATAS_AKUN_PER_JAM", "10") or 10)
PENGADUAN_BATAS_IP_PER_JAM = int(env("PENGADUAN_BATAS_IP_PER_JAM", "30") or 30)
PENGADUAN_HARI_BUKA_ULANG = 14
NOTIFIKASI_LATAR = env_bool("NOTIFIKASI_LATAR", False)
# Printed maps (/peta/cetak.pdf|png) without an account, per address and hour.
CETAK_BATAS_ANONIM_PER_JAM = int(env("CETAK_BATAS_ANONIM_PER_JAM", "30") or 30)
# Analyses by citizens (staff are bounded by their query budget): runs per hour, distance and layer size.
ANALISIS_BATAS_WARGA_PER_JAM = int(env("ANALISIS_BATAS_WARGA_PER_JAM", "30") or 30)
ANALISIS_WARGA_MAKS_JARAK_M = 5_000
ANALISIS_WARGA_MAKS_FITUR = 20_000
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000") or ""  # links in e-mails

# Reporting channels (saluran): each is on only when all of its secrets are set; otherwise its webhook is a 404.
SALURAN_WHATSAPP = {
    "token": env("SIGDESA_WHATSAPP_TOKEN", "") or "",
    "app_secret": env("SIGDESA_WHATSAPP_APP_SECRET", "") or "",
    "verify_token": env("SIGDESA_WHATSAPP_VERIFY_TOKEN", "") or "",
    "phone_id": env("SIGDESA_WHATSAPP_PHONE_ID", "") or "",
    "api_url": (env("SIGDESA_WHATSAPP_API_URL", "https://graph.facebook.com/v21.0") or "").rstrip("/"),
}
SALURAN_TELEGRAM = {
    "token": env("SIGDESA_TELEGRAM_TOKEN", "") or "",
    "secret": env("SIGDESA_TELEGRAM_SECRET", "") or "",
    "api_url": (env("SIGDESA_TELEGRAM_API_URL", "https://api.telegram.org") or "").rstrip("/"),
}

# Backups (sig.tasks): daily by the worker into BACKUP_DIR, rotated to N daily and M weekly.
BACKUP_DIR = Path(env("BACKUP_DIR", str(embedded_db.DATA_DIR / "cadangan")) or "")
CADANGAN_HARIAN = int(env("CADANGAN_HARIAN", "7") or 7)
CADANGAN_MINGGUAN = int(env("CADANGAN_MINGGUAN", "4") or 4)

# Imports: uploads wait in a private folder; IMPOR_LATAR=1 hands them to the procrastinate worker.
# The one e-mail outbox (sig/surel.py): the module that keeps it.
KOTAK_SURAT = "reports.services.pemberitahuan"
# The import targets of the domain apps, declared beside their models (sig/impor.py): per app, the dotted path
# of its {target: declaration} table.
IMPOR_TUJUAN = ["assets.impor.IMPOR"]
IMPORT_UPLOAD_DIR = Path(env("IMPORT_UPLOAD_DIR", str(embedded_db.DATA_DIR / "impor")) or "")
IMPOR_LATAR = env_bool("IMPOR_LATAR", False)
# Every upload is read in a sandboxed child process (importers.sandbox) with these limits; a file that
# exceeds them fails its own run only. When the server runs as root, the child runs as IMPOR_PENGGUNA.
IMPOR_BATAS_MEMORI_MB = int(env("IMPOR_BATAS_MEMORI_MB", "2048") or 2048)
IMPOR_BATAS_CPU_DETIK = int(env("IMPOR_BATAS_CPU_DETIK", "900") or 900)
IMPOR_BATAS_WAKTU_DETIK = int(env("IMPOR_BATAS_WAKTU_DETIK", "1800") or 1800)
IMPOR_PENGGUNA = env("IMPOR_PENGGUNA", "nobody") or ""

DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
DATA_UPLOAD_MAX_NUMBER_FILES = 20
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "SIG Desa <noreply@sigdesa.local>")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", "25") or 25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)

# Rendered public tiles (per process; keys carry a data version, so stale entries are never served).
# The cache every process shares (SIG_CACHE): "postgres" (default, table sig_cache: no extra server), "lokal"
# (per process, for a single-process install) or "mati" (no tile cache). Abuse counters (sig.batas) always
# live in PostgreSQL, so a limit holds across every gunicorn worker.
_CACHE = (env("SIG_CACHE", "postgres") or "postgres").lower()
_CACHE_PG = {"BACKEND": "sig.cache_pg.PostgresCache", "LOCATION": "default"}
CACHES = {
    "default": {
        "postgres": {**_CACHE_PG, "KEY_PREFIX": "petak"},
        "lokal": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "OPTIONS": {"MAX_ENTRIES": 2000}},
        "mati": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
    }[_CACHE if _CACHE in {"postgres", "lokal", "mati"} else "postgres"],
    "batas": {**_CACHE_PG, "KEY_PREFIX": "batas"},
}

# One storage SRID for every geometry: WGS 84 longitude/latitude.
STORAGE_SRID = 4326

# GDAL < 3.9 cannot stop file/network access from CRS strings (gis.W001). Our rule: user CRS text never
# reaches django.contrib.gis.gdal.SpatialReference; sig.crs.resolve_epsg() maps it through pyproj to an
# allow-listed EPSG code (tests/test_geo.py proves it).
SILENCED_SYSTEM_CHECKS = ["gis.W001"]

# Basemaps and the first view of every map (sig/peta_dasar.py); the CSP and the admin widgets follow.
try:
    PETA_DASAR = peta_dasar.baca(env("PETA_DASAR_TAMBAHAN"))
except peta_dasar.PetaDasarSalah as exc:
    raise ImproperlyConfigured(str(exc)) from exc
PETA_AWAL = peta_dasar.AWAL

LEAFLET_CONFIG = {
    "DEFAULT_CENTER": tuple(PETA_AWAL["pusat"]),
    "DEFAULT_ZOOM": PETA_AWAL["zoom"],
    "MIN_ZOOM": PETA_AWAL["min_zoom"],
    "MAX_ZOOM": 19,
    "SPATIAL_EXTENT": tuple(PETA_AWAL["batas"]),
    "TILES": peta_dasar.untuk_leaflet_admin(PETA_DASAR),
    "RESET_VIEW": False,
    "NO_GLOBALS": True,
    "FORCE_IMAGE_PATH": True,
}

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_PARSER_CLASSES": [
        "sig.parser.JSONAman",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 100,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "SIG Desa API",
    "DESCRIPTION": "API sistem informasi geografis desa dan kecamatan.",
    "VERSION": "0.1.0",
    # Swagger UI from the installed sidecar package: no CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", NONCE],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:", *peta_dasar.asal_gambar(PETA_DASAR)],
        "connect-src": ["'self'"],
        "worker-src": ["'self'"],  # MapLibre's worker (maps/vektor.js): our own static file, never a blob:
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    },
}
CSRF_FAILURE_VIEW = "sig.galat.gagal_csrf"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

LOGGING: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "sig.log.JsonFormatter"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": env("LOG_FORMAT", "plain")}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        "procrastinate": {"level": "WARNING"},
        # printed maps: font subsetting and the font cache talk at INFO on every PDF
        "fontTools": {"level": "WARNING"},
        "matplotlib": {"level": "WARNING"},
    },
}
