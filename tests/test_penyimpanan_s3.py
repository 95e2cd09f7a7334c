"""The S3 switch for photos (SIGDESA_MEDIA_S3_*): a private bucket that never hands out a URL. Configuration only:
no S3-compatible server runs on the test machine, so reading and writing objects is not exercised here."""

from __future__ import annotations

import pytest

from sig.penyimpanan import PrivateStorage, penyimpanan_privat


def test_without_a_bucket_photos_stay_on_the_private_folder(settings):
    settings.SIGDESA_MEDIA_S3 = {}
    assert isinstance(penyimpanan_privat(), PrivateStorage)


def test_a_bucket_gives_a_private_s3_storage_without_urls(settings):
    pytest.importorskip("storages.backends.s3", reason="ekstra s3 (django-storages) tidak terpasang")
    settings.SIGDESA_MEDIA_S3 = {
        "bucket_name": "sigdesa-foto",
        "endpoint_url": "http://127.0.0.1:9",
        "access_key": "kunci",
        "secret_key": "rahasia",
        "location": "privat",
        "default_acl": "private",
        "querystring_auth": True,
        "file_overwrite": False,
    }
    storage = penyimpanan_privat()
    assert (storage.bucket_name, storage.location) == ("sigdesa-foto", "privat")
    assert storage.endpoint_url == "http://127.0.0.1:9"
    assert storage.default_acl == "private" and storage.file_overwrite is False
    with pytest.raises(ValueError, match="tidak punya URL publik"):
        storage.url("aset/1/foto.jpg")
