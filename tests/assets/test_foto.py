"""Photos: sniffed, re-encoded without EXIF (GPS read once as a suggestion), thumbnails, caps, no SVG."""

import io
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image

from assets.models import Foto
from sig.foto import FotoError, bersihkan_foto


def jpeg_dengan_gps(size=(1200, 800), orientation=None) -> bytes:
    image = Image.new("RGB", size, (30, 120, 60))
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "HP Warga"
    exif[ExifTags.Base.Artist] = "Nama Pelapor Rahasia"
    if orientation:
        exif[ExifTags.Base.Orientation] = orientation
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps.update(
        {
            ExifTags.GPS.GPSLatitudeRef: "S",
            ExifTags.GPS.GPSLatitude: (7.0, 15.0, 0.0),
            ExifTags.GPS.GPSLongitudeRef: "E",
            ExifTags.GPS.GPSLongitude: (107.0, 49.0, 12.0),
        }
    )
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


def png_bom(width=60000, height=60000) -> bytes:
    """A tiny PNG whose header claims 3.6 gigapixels (decompression bomb)."""

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 100)) + chunk(b"IEND", b"")
    )


def test_clean_photo_has_no_exif_and_gives_the_gps_once():
    clean = bersihkan_foto(jpeg_dengan_gps())
    assert clean.gps == pytest.approx((107.82, -7.25), abs=1e-4)
    for data in (clean.data, clean.thumbnail):
        image = Image.open(io.BytesIO(data))
        assert image.format == "JPEG" and not image.getexif() and "exif" not in image.info
        assert b"Nama Pelapor Rahasia" not in data and b"HP Warga" not in data
    assert max(Image.open(io.BytesIO(clean.thumbnail)).size) == 480


def test_orientation_is_applied_before_stripping():
    clean = bersihkan_foto(jpeg_dengan_gps(size=(400, 200), orientation=6))  # rotated 90° on the phone
    assert Image.open(io.BytesIO(clean.data)).size == (200, 400)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "kosong"),
        (b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "SVG"),
        (b"<svg onload=alert(1)>", "SVG"),
        (b"GIF89a" + b"\0" * 100, "bukan foto"),
        (b"%PDF-1.4 bukan foto", "bukan foto"),
        (jpeg_dengan_gps()[:600], "rusak"),
        (png_bom(), "terlalu besar"),
        (b"\xff\xd8\xff" + b"A" * (13 * 1024 * 1024), "terlalu besar"),
    ],
)
def test_bad_photos_are_refused(data, message):
    with pytest.raises(FotoError, match=message):
        bersihkan_foto(data)


@pytest.mark.django_db
def test_upload_stores_clean_photo_and_suggests_location(client, pengguna, aset_a, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "privat"
    client.force_login(pengguna.operator_a)
    upload = SimpleUploadedFile("IMG_2026 rahasia.jpg", jpeg_dengan_gps(), content_type="image/jpeg")
    response = client.post(
        f"/kelola/aset/{aset_a.pk}/foto/", {"foto": upload, "keterangan": "Tampak depan"}, follow=True
    )
    text = response.content.decode()
    assert "Foto tersimpan" in text and "-7.250000, 107.820000" in text
    foto = Foto.objects.get()
    assert "rahasia" not in foto.berkas.name and foto.berkas.name.endswith(".jpg")
    with Image.open(foto.berkas.path) as stored:
        assert not stored.getexif()
    public = client.get(aset_a.get_absolute_url()).content.decode()
    assert foto.url_kecil in public and 'property="og:image"' in public
    assert not (tmp_path / "media").exists() or not any((tmp_path / "media").rglob("*.jpg"))


@pytest.mark.django_db
def test_photos_are_served_only_through_the_scope(client, pengguna, aset_a, settings, tmp_path):
    from django.test import Client

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "privat"
    client.force_login(pengguna.operator_a)
    upload = SimpleUploadedFile("a.jpg", jpeg_dengan_gps(), content_type="image/jpeg")
    client.post(f"/kelola/aset/{aset_a.pk}/foto/", {"foto": upload})
    foto = Foto.objects.get()
    assert (tmp_path / "privat" / foto.berkas.name).is_file() and not any((tmp_path / "media").rglob("*.jpg"))
    anon = Client()
    public = anon.get(foto.url_kecil)
    assert public.status_code == 200 and public["Cache-Control"] == "public, max-age=300"
    aset_a.publik = False
    aset_a.save()
    assert anon.get(foto.url_kecil).status_code == 404 and anon.get(foto.url_asli).status_code == 404
    staff = client.get(foto.url_asli)
    assert staff.status_code == 200 and staff["Cache-Control"] == "private, no-store"
    other = Client()
    other.force_login(pengguna.operator_b)
    assert other.get(foto.url_kecil).status_code == 404


@pytest.mark.django_db
def test_svg_upload_is_refused_and_nothing_stored(client, pengguna, aset_a, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "privat"
    client.force_login(pengguna.operator_a)
    svg = SimpleUploadedFile(
        "foto.jpg", b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>", content_type="image/jpeg"
    )
    response = client.post(f"/kelola/aset/{aset_a.pk}/foto/", {"foto": svg}, follow=True)
    assert "SVG/HTML tidak diterima" in response.content.decode()
    assert not Foto.objects.exists() and not any(tmp_path.rglob("*.jpg"))


@pytest.mark.django_db
def test_other_desa_cannot_upload(client, pengguna, aset_b, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "privat"
    client.force_login(pengguna.operator_a)
    upload = SimpleUploadedFile("a.jpg", jpeg_dengan_gps(), content_type="image/jpeg")
    assert client.post(f"/kelola/aset/{aset_b.pk}/foto/", {"foto": upload}).status_code == 404
    assert not Foto.objects.exists()
