"""Files only scoped views may serve (photos of village data and complaints, registered rasters): they live
under PRIVATE_MEDIA_ROOT, never under MEDIA_ROOT (which a proxy serves to anyone by URL)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import FileSystemStorage, Storage
from django.http import FileResponse, Http404


class PrivateStorage(FileSystemStorage):
    @property
    def base_location(self) -> str:
        return str(settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self) -> str:
        return os.path.abspath(self.base_location)

    def url(self, name: str | None) -> str:
        raise ValueError("Berkas privat tidak punya URL publik; sajikan lewat view yang memeriksa hak akses.")


private_storage = PrivateStorage()


def penyimpanan_privat() -> Storage:
    """Where photos of village data and complaints live: PRIVATE_MEDIA_ROOT, or an S3-compatible bucket when
    SIGDESA_MEDIA_S3_BUCKET is set (several web machines, docs/deployment.md). Read once, when models load."""
    if settings.SIGDESA_MEDIA_S3:
        return _s3_privat(settings.SIGDESA_MEDIA_S3)
    return private_storage


def _s3_privat(options: dict[str, Any]) -> Storage:
    try:
        from storages.backends.s3 import S3Storage
    except ImportError as exc:  # the optional extra `s3` (django-storages, boto3) is not installed
        raise ImproperlyConfigured(
            "SIGDESA_MEDIA_S3_BUCKET diatur, tetapi django-storages[s3] belum terpasang (pip install 'sigdesa[s3]')."
        ) from exc

    class S3Privat(S3Storage):
        """A private bucket: objects without a public ACL, and no URL at all (served through scoped views)."""

        def url(self, name: str | None, parameters: Any = None, expire: Any = None, http_method: Any = None) -> str:
            raise ValueError("Berkas privat tidak punya URL publik; sajikan lewat view yang memeriksa hak akses.")

    return S3Privat(**options)


def folder_privat(nama: str) -> Path:
    """A folder under PRIVATE_MEDIA_ROOT (created when missing)."""
    folder = Path(settings.PRIVATE_MEDIA_ROOT) / nama
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def sajikan(berkas: Any, *, publik: bool, content_type: str = "image/jpeg") -> FileResponse:
    """Serve a private file the caller has already checked; shared caches may keep it only while its object is
    public, and for five minutes at most (hiding an object must take effect)."""
    try:
        handle = berkas.open("rb")
    except (FileNotFoundError, ValueError) as exc:
        raise Http404("Berkas tidak ditemukan.") from exc
    response = FileResponse(handle, content_type=content_type)
    response["Cache-Control"] = "public, max-age=300" if publik else "private, no-store"
    return response
