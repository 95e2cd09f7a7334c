"""Photo uploads: sniffed by content, size-capped, re-encoded without metadata, with a thumbnail.

The bytes a user sends are never stored: Pillow decodes them (JPEG, PNG or WebP only, pixel count capped
against decompression bombs), applies the EXIF orientation, reads the GPS position once (to suggest a
location), and writes a fresh JPEG without any EXIF/XMP/ICC text.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from typing import SupportsFloat

from PIL import ExifTags, Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 12 * 1024 * 1024
MAX_PIXELS = 40_000_000  # a 40 MP phone photo; anything larger is refused before decoding
MAX_SIDE = 2048
THUMB_SIDE = 480
ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP", "MPO"}  # MPO: JPEG with extra frames, from some phones


class FotoError(ValueError):
    """The upload is not an acceptable photo; the message is for the user."""


@dataclass(frozen=True)
class FotoBersih:
    data: bytes
    thumbnail: bytes
    lebar: int
    tinggi: int
    gps: tuple[float, float] | None  # (lon, lat) suggested location, never stored with the photo


def _dms(value: Iterable[SupportsFloat], ref: object) -> float:
    degrees, minutes, seconds = (float(v) for v in value)
    decimal = degrees + minutes / 60 + seconds / 3600
    return -decimal if str(ref).upper() in {"S", "W"} else decimal


def _gps(image: Image.Image) -> tuple[float, float] | None:
    try:
        info = image.getexif().get_ifd(ExifTags.IFD.GPSInfo)
        lat = _dms(info[ExifTags.GPS.GPSLatitude], info[ExifTags.GPS.GPSLatitudeRef])
        lon = _dms(info[ExifTags.GPS.GPSLongitude], info[ExifTags.GPS.GPSLongitudeRef])
    except (KeyError, TypeError, ValueError, ZeroDivisionError, AttributeError):
        return None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180) or (lat == 0 and lon == 0):
        return None
    return (round(lon, 7), round(lat, 7))


def _jpeg(image: Image.Image, side: int, quality: int) -> tuple[bytes, int, int]:
    copy = image.copy()
    copy.thumbnail((side, side), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    copy.save(out, "JPEG", quality=quality, optimize=True, progressive=True)  # no exif= given: none written
    return out.getvalue(), copy.width, copy.height


def bersihkan_foto(raw: bytes) -> FotoBersih:
    """Validate and re-encode an uploaded photo; FotoError with a clear message otherwise."""
    if not raw:
        raise FotoError("Berkas foto kosong.")
    if len(raw) > MAX_BYTES:
        raise FotoError(
            f"Foto terlalu besar ({len(raw) // (1024 * 1024)} MB); batasnya {MAX_BYTES // (1024 * 1024)} MB."
        )
    head = raw[:512].lstrip().lower()
    if head.startswith((b"<?xml", b"<svg", b"<!doctype", b"<html")) or b"<svg" in head:
        raise FotoError("Berkas SVG/HTML tidak diterima; unggah foto JPEG, PNG atau WebP.")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            probe = Image.open(io.BytesIO(raw))
            if probe.format not in ALLOWED_FORMATS:
                raise FotoError(f"Format {probe.format} tidak diterima; unggah foto JPEG, PNG atau WebP.")
            if probe.width * probe.height > MAX_PIXELS:
                raise FotoError(f"Resolusi foto terlalu besar ({probe.width}×{probe.height} piksel).")
            probe.verify()
            image: Image.Image = Image.open(io.BytesIO(raw))
            image.load()
    except FotoError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise FotoError("Resolusi foto terlalu besar; kecilkan foto sebelum mengunggah.") from exc
    except UnidentifiedImageError as exc:
        raise FotoError("Berkas bukan foto yang dapat dibaca (JPEG, PNG atau WebP).") from exc
    except (OSError, SyntaxError, ValueError) as exc:
        raise FotoError("Foto rusak atau terpotong; unggah ulang.") from exc
    gps = _gps(image)
    image = ImageOps.exif_transpose(image)
    if image.mode not in {"RGB", "L"}:
        background = Image.new("RGB", image.size, (255, 255, 255))
        rgba = image.convert("RGBA")
        background.paste(rgba, mask=rgba.getchannel("A"))
        image = background
    data, width, height = _jpeg(image, MAX_SIDE, 85)
    thumbnail, _, _ = _jpeg(image, THUMB_SIDE, 80)
    return FotoBersih(data=data, thumbnail=thumbnail, lebar=width, tinggi=height, gps=gps)
