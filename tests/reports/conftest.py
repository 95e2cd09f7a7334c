from __future__ import annotations

import io

import pytest
from allauth.account.models import EmailAddress
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from reports.services.lapor import pengaduan_buat


@pytest.fixture(autouse=True)
def privat(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "privat"
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SITE_URL = "https://sigdesa.contoh.id"
    return settings.PRIVATE_MEDIA_ROOT


@pytest.fixture
def warga(pengguna):
    """The citizen of the shared fixtures, with a verified e-mail and a phone number."""
    user = pengguna.warga
    user.nama = "Siti Pelapor"
    user.telepon = "081234567890"
    user.save()
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def jpeg(size=(800, 600)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 60, 40)).save(out, "JPEG")
    return out.getvalue()


def foto(name="foto.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, jpeg(), content_type="image/jpeg")


# Desa A spans lon 107.80–107.85, lat -7.30 to -7.20.
LOKASI = {"lon": 107.82, "lat": -7.25}


@pytest.fixture
def aduan(warga):
    return pengaduan_buat(
        kategori="banjir",
        judul="Selokan meluap di RT 02",
        deskripsi="Air selokan meluap ke jalan setiap hujan deras.",
        by=warga,
        **LOKASI,
    ).pengaduan
