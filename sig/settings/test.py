"""Test run: real PostGIS (embedded cluster or DATABASE_URL), fast hashing, mail kept in memory."""

from .base import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
AXES_FAILURE_LIMIT = 3
ACCOUNT_RATE_LIMITS = False
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Parallel test workers (pytest-xdist, `./sigdesa test`): each has its own database (pytest-django adds the
# worker's suffix) and its own folders, so no file of one worker is seen by another.
from .base import BACKUP_DIR, IMPORT_UPLOAD_DIR, MEDIA_ROOT, PRIVATE_MEDIA_ROOT, env  # noqa: E402

_PEKERJA = env("PYTEST_XDIST_WORKER")
if _PEKERJA:
    MEDIA_ROOT = MEDIA_ROOT.with_name(f"{MEDIA_ROOT.name}-{_PEKERJA}")
    PRIVATE_MEDIA_ROOT = PRIVATE_MEDIA_ROOT.with_name(f"{PRIVATE_MEDIA_ROOT.name}-{_PEKERJA}")
    BACKUP_DIR = BACKUP_DIR.with_name(f"{BACKUP_DIR.name}-{_PEKERJA}")
    IMPORT_UPLOAD_DIR = IMPORT_UPLOAD_DIR.with_name(f"{IMPORT_UPLOAD_DIR.name}-{_PEKERJA}")
