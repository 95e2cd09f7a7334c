"""Favicon and PWA icons: the manifest lists PNGs of the sizes phones need, each answers with that image."""

from __future__ import annotations

import importlib.util
import io
import json
import re
import urllib.request
from pathlib import Path

import pytest
from PIL import Image

AKAR = Path(__file__).resolve().parents[2]
IKON = AKAR / "sig" / "static" / "sig" / "ikon"


def ambil(url: str) -> tuple[int, str, bytes]:
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (the test's own live server)
        return response.status, response.headers.get_content_type(), response.read()


@pytest.mark.django_db(transaction=True)
def test_manifest_lists_png_icons_that_answer_with_their_declared_size(live_server):
    status, jenis, body = ambil(f"{live_server.url}/manifest.webmanifest")
    icons = json.loads(body)["icons"]
    png = [i for i in icons if i["type"] == "image/png"]
    assert {(i["sizes"], i["purpose"]) for i in png} == {
        ("192x192", "any"),
        ("512x512", "any"),
        ("512x512", "maskable"),
    }
    assert any(i["type"] == "image/svg+xml" for i in icons)  # browsers that draw SVG keep the sharp one
    for icon in png:
        status, jenis, data = ambil(live_server.url + icon["src"])
        lebar, tinggi = map(int, icon["sizes"].split("x"))
        with Image.open(io.BytesIO(data)) as img:
            assert (status, jenis, img.format, img.size) == (200, "image/png", "PNG", (lebar, tinggi)), icon
            if icon["purpose"] == "maskable":  # full-bleed: no transparent corner for the launcher's mask
                assert img.mode == "RGB"


@pytest.mark.django_db(transaction=True)
def test_pages_link_favicon_and_apple_touch_icon_and_favicon_ico_answers(live_server):
    _, _, html = ambil(f"{live_server.url}/")
    page = html.decode()
    for rel, size in (("icon", 32), ("apple-touch-icon", 180)):
        href = re.search(rf'<link rel="{rel}" href="([^"]+\.png)" sizes="{size}x{size}"', page).group(1)
        status, jenis, data = ambil(live_server.url + href)
        with Image.open(io.BytesIO(data)) as img:
            assert (status, jenis, img.size) == (200, "image/png", (size, size)), rel
    status, jenis, data = ambil(f"{live_server.url}/favicon.ico")  # redirected to the static file
    with Image.open(io.BytesIO(data)) as img:
        assert status == 200 and img.format == "ICO" and (32, 32) in img.info["sizes"]


def test_favicon_ico_is_a_redirect_not_a_404(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 302 and response["Location"].endswith("/sig/ikon/favicon.ico")
    assert client.post("/favicon.ico").status_code == 405


def test_icons_are_reproducible_from_the_script(tmp_path):
    spec = importlib.util.spec_from_file_location("ikon", AKAR / "scripts" / "ikon.py")
    assert spec and spec.loader
    ikon = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(ikon)
    ditulis = ikon.tulis(tmp_path)
    assert sorted(p.name for p in ditulis) == sorted(p.name for p in IKON.iterdir())
    for path in ditulis:
        assert path.read_bytes() == (IKON / path.name).read_bytes(), f"{path.name}: jalankan python scripts/ikon.py"
