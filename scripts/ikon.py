"""Draw the favicon and PWA icons (PNG, ICO) from the same shapes as maps/static/maps/ikon.svg, with Pillow.

Reproducible: the same Pillow gives the same bytes (no timestamps or metadata are written). Run after changing
the design and commit the output:

    python scripts/ikon.py            # writes sig/static/sig/ikon/
    python scripts/ikon.py /tmp/ikon  # somewhere else (the test compares with the committed files)
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

from PIL import Image, ImageDraw

HIJAU = (22, 101, 52, 255)  # #166534, the theme colour of the manifest
PUTIH = (255, 255, 255, 255)
SKALA = 8  # drawn this many times larger, then reduced: smooth edges without an anti-aliasing renderer
KELUARAN = Path(__file__).resolve().parent.parent / "sig" / "static" / "sig" / "ikon"

# name: (size in px, rounded corners, pin scale). Apple and maskable icons are full-bleed squares (the
# platform cuts its own shape; a maskable icon keeps its content inside the central 80 % circle).
IKON = {
    "favicon-32.png": (32, True, 1.0),
    "apple-touch-icon.png": (180, False, 0.9),
    "ikon-192.png": (192, True, 1.0),
    "ikon-512.png": (512, True, 1.0),
    "ikon-maskable-512.png": (512, False, 0.8),
}
ICO_UKURAN = (16, 32, 48)


def gambar(ukuran: int, bulat: bool, skala_pin: float) -> Image.Image:
    """The map pin of ikon.svg (64-unit grid: head r=16 at (32,26), tip at (32,54), hole r=6) on green."""
    besar = ukuran * SKALA
    unit = besar / 64
    img = Image.new("RGBA", (besar, besar), (0, 0, 0, 0))
    draw = ImageDraw.Draw(img)
    if bulat:
        draw.rounded_rectangle((0, 0, besar - 1, besar - 1), radius=round(12 * unit), fill=HIJAU)
    else:
        draw.rectangle((0, 0, besar - 1, besar - 1), fill=HIJAU)

    def titik(x: float, y: float) -> tuple[float, float]:  # pin coordinates, scaled about the icon's centre
        return ((32 + (x - 32) * skala_pin) * unit, (32 + (y - 32) * skala_pin) * unit)

    cx, cy, r, ujung = 32.0, 26.0, 16.0, 54.0
    sudut = math.acos(r / (ujung - cy))  # the tangents from the tip touch the head at ±this angle from "down"
    kiri = titik(cx - r * math.sin(sudut), cy + r * math.cos(sudut))
    kanan = titik(cx + r * math.sin(sudut), cy + r * math.cos(sudut))
    draw.polygon([kiri, titik(cx, ujung), kanan], fill=PUTIH)
    for jari, warna in ((r, PUTIH), (6.0, HIJAU)):
        x0, y0 = titik(cx - jari, cy - jari)
        x1, y1 = titik(cx + jari, cy + jari)
        draw.ellipse((x0, y0, x1, y1), fill=warna)
    return img.resize((ukuran, ukuran), Image.Resampling.LANCZOS)


def tulis(keluaran: Path = KELUARAN) -> list[Path]:
    """Write every icon into `keluaran`; returns the paths written."""
    keluaran.mkdir(parents=True, exist_ok=True)
    ditulis = []
    for nama, (ukuran, bulat, skala_pin) in IKON.items():
        path = keluaran / nama
        img = gambar(ukuran, bulat, skala_pin)
        (img if bulat else img.convert("RGB")).save(path, format="PNG", optimize=True)  # opaque: no alpha
        ditulis.append(path)
    ico = keluaran / "favicon.ico"
    gambar(max(ICO_UKURAN), True, 1.0).save(ico, format="ICO", sizes=[(s, s) for s in ICO_UKURAN])
    ditulis.append(ico)
    return ditulis


if __name__ == "__main__":
    for path in tulis(Path(sys.argv[1]) if len(sys.argv) > 1 else KELUARAN):
        print(path)
