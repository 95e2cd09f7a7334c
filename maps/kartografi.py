"""Drawing a printed map with matplotlib's object API (no pyplot, no internet basemap): geometries in a projected
CRS as compound paths, the legend, scale bar, north arrow and the page's text. Text that comes from people (titles,
names, attribute values) is never parsed as mathtext."""

from __future__ import annotations

import io
import math
import os
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import shapely

from sig.embedded_db import DATA_DIR

os.environ.setdefault("MPLCONFIGDIR", str(DATA_DIR / "matplotlib"))  # font cache, built once

from matplotlib import colors as mcolors
from matplotlib import patheffects, rc_context
from matplotlib.collections import PathCollection
from matplotlib.figure import Figure
from matplotlib.patches import Ellipse, Polygon, Rectangle
from matplotlib.path import Path
from matplotlib.ticker import FuncFormatter, MaxNLocator

MM = 1 / 25.4  # inches per millimetre
PT_PER_PX = 0.75  # a CSS pixel of the web map's style, in points
KERTAS = {"A4": (297.0, 210.0), "A3": (420.0, 297.0)}
VERTEKS_PER_JALUR = 20_000  # Agg refuses filled paths that are too large: draw them in chunks
VERTEKS_RASTERISASI = 250_000  # above this a layer is embedded in the PDF as an image (small files, same look)

RGBA = tuple[float, float, float, float]


def warna(text: Any, cadangan: str = "#2563eb", alpha: float | None = None) -> RGBA:
    """A colour from a layer style; an invalid one falls back rather than failing the print."""
    try:
        rgba = mcolors.to_rgba(str(text))
    except ValueError:
        rgba = mcolors.to_rgba(cadangan)
    return (rgba[0], rgba[1], rgba[2], rgba[3] if alpha is None else alpha)


@dataclass
class Simbol:
    jenis: str  # poligon | garis | titik | raster
    isi: RGBA = (0.0, 0.0, 0.0, 0.0)
    garis: RGBA = (0.0, 0.0, 0.0, 1.0)
    tebal: float = 0.6  # line width, pt
    ukuran: float = 4.5  # marker diameter, pt
    ramp: list[tuple[float, tuple[int, int, int]]] = field(default_factory=list)


@dataclass
class KelompokLegenda:
    judul: str
    entri: list[tuple[str, Simbol]]
    catatan: str = ""


@dataclass
class Halaman:
    fig: Figure
    peta: Any  # the map axes, data in projected metres
    legenda: Any  # the legend axes, data in millimetres
    lebar_peta_mm: float
    tinggi_peta_mm: float
    legenda_mm: tuple[float, float]


def teks(ax: Any, x: float, y: float, s: str, **kwargs: Any) -> Any:
    return ax.text(x, y, s, parse_math=False, **kwargs)


def halaman(kertas: str, orientasi: str) -> Halaman:
    """The page: title band, map frame, legend panel (right in landscape, below in portrait), footer."""
    panjang, pendek = KERTAS[kertas]
    lebar, tinggi = (panjang, pendek) if orientasi == "lanskap" else (pendek, panjang)
    fig = Figure(figsize=(lebar * MM, tinggi * MM))
    tepi, atas, bawah = 10.0, 22.0, 14.0
    if orientasi == "lanskap":
        panel = 62.0 if kertas == "A4" else 80.0
        peta = (tepi, bawah, lebar - 2 * tepi - panel - 4, tinggi - atas - bawah)
        leg = (lebar - tepi - panel, bawah, panel, tinggi - atas - bawah)
    else:
        panel = 52.0 if kertas == "A4" else 70.0
        peta = (tepi, bawah + panel + 4, lebar - 2 * tepi, tinggi - atas - bawah - panel - 4)
        leg = (tepi, bawah, lebar - 2 * tepi, panel)

    def rect(x: float, y: float, w: float, h: float) -> tuple[float, float, float, float]:
        return (x / lebar, y / tinggi, w / lebar, h / tinggi)

    ax_peta = fig.add_axes(rect(*peta))
    ax_leg = fig.add_axes(rect(*leg))
    ax_leg.set_xlim(0, leg[2])
    ax_leg.set_ylim(0, leg[3])
    ax_leg.set_xticks([])
    ax_leg.set_yticks([])
    for spine in ax_leg.spines.values():
        spine.set_linewidth(0.5)
    return Halaman(fig, ax_peta, ax_leg, peta[2], peta[3], (leg[2], leg[3]))


def _cincin_ke_jalur(cincin: np.ndarray, tertutup: bool) -> list[Path]:
    """Compound paths (chunks of at most VERTEKS_PER_JALUR vertices) of rings or lines."""
    if len(cincin) == 0:
        return []
    coords = shapely.get_coordinates(cincin)
    counts = shapely.get_num_coordinates(cincin)
    ends = np.cumsum(counts)
    starts = ends - counts
    codes = np.full(len(coords), Path.LINETO, dtype=np.uint8)
    codes[starts] = Path.MOVETO
    if tertutup:
        codes[ends - 1] = Path.CLOSEPOLY
    jalur, awal = [], 0
    while awal < len(counts):
        akhir = int(np.searchsorted(ends, ends[awal] - counts[awal] + VERTEKS_PER_JALUR, side="right"))
        akhir = max(akhir, awal + 1)
        a, b = int(starts[awal]), int(ends[akhir - 1])
        jalur.append(Path(coords[a:b], codes[a:b]))
        awal = akhir
    return jalur


def gambar_poligon(ax: Any, geoms: np.ndarray, simbol: Simbol, z: float) -> None:
    parts = shapely.orient_polygons(shapely.get_parts(geoms))  # holes wind the other way: nonzero fill
    cincin = shapely.get_rings(parts)
    jalur = _cincin_ke_jalur(cincin, tertutup=True)
    koleksi = PathCollection(
        jalur, facecolors=[simbol.isi], edgecolors=[simbol.garis], linewidths=simbol.tebal, zorder=z
    )
    koleksi.set_rasterized(int(shapely.get_num_coordinates(cincin).sum()) > VERTEKS_RASTERISASI)
    ax.add_collection(koleksi, autolim=False)


def gambar_garis(ax: Any, geoms: np.ndarray, simbol: Simbol, z: float) -> None:
    parts = shapely.get_parts(geoms)
    koleksi = PathCollection(
        _cincin_ke_jalur(parts, tertutup=False),
        facecolors="none",
        edgecolors=[simbol.garis],
        linewidths=simbol.tebal,
        capstyle="round",
        joinstyle="round",
        zorder=z,
    )
    ax.add_collection(koleksi, autolim=False)


def gambar_titik(ax: Any, geoms: np.ndarray, simbol: Simbol, z: float) -> None:
    xy = shapely.get_coordinates(shapely.get_parts(geoms))
    ax.scatter(
        xy[:, 0], xy[:, 1], s=simbol.ukuran**2, c=[simbol.isi], edgecolors=[simbol.garis], linewidths=0.4, zorder=z
    )


def gambar_geometri(ax: Any, geoms: np.ndarray, simbol: Simbol, z: float) -> None:
    """Polygons, lines and points of one class, each in its own way."""
    tipe = shapely.get_type_id(geoms)
    poligon, garis, titik = np.isin(tipe, (3, 6)), np.isin(tipe, (1, 2, 5)), np.isin(tipe, (0, 4))
    if poligon.any():
        gambar_poligon(ax, geoms[poligon], simbol, z)
    if garis.any():
        gambar_garis(ax, geoms[garis], simbol, z + 0.1)
    if titik.any():
        gambar_titik(ax, geoms[titik], simbol, z + 0.2)


def label_tempat(ax: Any, xs: list[float], ys: list[float], nama: list[str]) -> None:
    """Place names over a white halo; the halo is a path, the name stays real (searchable) text in the PDF."""
    halo = [patheffects.Stroke(linewidth=1.8, foreground="white")]
    gaya = {"fontsize": 6, "style": "italic", "ha": "center", "va": "center", "clip_on": True}
    for x, y, s in zip(xs, ys, nama, strict=True):
        teks(ax, x, y, s, color="white", zorder=80, path_effects=halo, **gaya)
        teks(ax, x, y, s, color="#14532d", zorder=81, **gaya)


def bingkai(ax: Any, extent: tuple[float, float, float, float], pemisah: str) -> None:
    """The map frame in projected metres with coordinate ticks on its edges."""
    ax.set_xlim(extent[0], extent[2])
    ax.set_ylim(extent[1], extent[3])
    ax.set_aspect("equal", adjustable="box")
    ax.set_facecolor("white")
    fmt = FuncFormatter(lambda v, _pos: f"{v:,.0f}".replace(",", pemisah))
    for axis in (ax.xaxis, ax.yaxis):
        axis.set_major_locator(MaxNLocator(4))
        axis.set_major_formatter(fmt)
    ax.tick_params(direction="in", labelsize=5, length=2.5, width=0.4, pad=1.5)
    ax.tick_params(axis="y", labelrotation=90)
    for label in ax.get_yticklabels():
        label.set_va("center")
    for spine in ax.spines.values():
        spine.set_linewidth(0.8)


def panjang_bulat(maks_m: float) -> float:
    """The longest 1, 2 or 5 × 10ⁿ metres not above maks_m."""
    pangkat = 10 ** math.floor(math.log10(maks_m))
    return max(k * pangkat for k in (1, 2, 5) if k * pangkat <= maks_m)


def _jarak(m: float, pemisah: str) -> str:
    if m >= 1000:
        km = m / 1000
        return (f"{km:g}" if km == int(km) else f"{km:.1f}".replace(".", "," if pemisah == "." else ".")) + " km"
    return f"{m:,.0f}".replace(",", pemisah) + " m"


def skala_batang(ax: Any, extent: tuple[float, float, float, float], penyebut: int, label_skala: str,
                 pemisah: str) -> None:  # fmt: skip
    """A four-segment scale bar with its numeric scale, on a white plate at the frame's lower left (sizes in
    millimetres on paper)."""
    mm = penyebut / 1000  # metres of ground per millimetre of paper
    panjang = panjang_bulat((extent[2] - extent[0]) * 0.22)
    x0, y0 = extent[0] + 6 * mm, extent[1] + 7 * mm
    plat = Rectangle((x0 - 3 * mm, y0 - 5 * mm), panjang + 12 * mm, 12.5 * mm, facecolor=(1, 1, 1, 0.85),
                     edgecolor="#334155", linewidth=0.4, zorder=90)  # fmt: skip
    ax.add_patch(plat)
    for i in range(4):
        warna = "black" if i % 2 == 0 else "white"
        segmen = Rectangle((x0 + i * panjang / 4, y0), panjang / 4, 1.5 * mm, facecolor=warna, edgecolor="black",
                           linewidth=0.4, zorder=91)  # fmt: skip
        ax.add_patch(segmen)
    for pos, text in ((0, "0"), (panjang / 2, _jarak(panjang / 2, pemisah)), (panjang, _jarak(panjang, pemisah))):
        teks(ax, x0 + pos, y0 + 2.3 * mm, text, fontsize=5.5, ha="center", va="bottom", zorder=92)
    skala = f"{label_skala} 1:" + f"{penyebut:,d}".replace(",", pemisah)
    teks(ax, x0, y0 - 1 * mm, skala, fontsize=5.5, ha="left", va="top", zorder=92)


def panah_utara(ax: Any, sudut_derajat: float, huruf: str) -> None:
    """A north arrow at the frame's upper right, turned to true north (grid convergence of the projection)."""
    cx, cy, r = 0.93, 0.88, 0.045
    pos, (fw, fh) = ax.get_position(), ax.figure.get_size_inches()
    sy = (pos.width * fw) / (pos.height * fh)  # keep the arrow's shape in an oblong frame
    cy = 1 - (1 - cy) * sy

    def putar(dx: float, dy: float) -> tuple[float, float]:
        a = math.radians(sudut_derajat)
        x, y = dx * math.cos(a) - dy * math.sin(a), dx * math.sin(a) + dy * math.cos(a)
        return cx + x, cy + y * sy

    kiri = [putar(0, r), putar(-r * 0.55, -r * 0.6), putar(0, -r * 0.3)]
    kanan = [putar(0, r), putar(r * 0.55, -r * 0.6), putar(0, -r * 0.3)]
    kw = {"transform": ax.transAxes, "linewidth": 0.5, "edgecolor": "black", "zorder": 93}
    latar = Ellipse((cx, cy), r * 2.3, r * 2.3 * sy, facecolor=(1, 1, 1, 0.85), **{**kw, "linewidth": 0})
    ax.add_patch(latar)
    ax.add_patch(Polygon(kiri, closed=True, facecolor="black", **kw))
    ax.add_patch(Polygon(kanan, closed=True, facecolor="white", **kw))
    tx, ty = putar(0, r * 1.35)
    teks(ax, tx, ty, huruf, transform=ax.transAxes, fontsize=8, fontweight="bold", ha="center", va="bottom",
         zorder=93)  # fmt: skip


def _contoh(ax: Any, x: float, y: float, simbol: Simbol) -> None:
    """The legend swatch (5 × 3 mm) of a symbol, its lower left at (x, y) mm."""
    if simbol.jenis == "poligon":
        ax.add_patch(Rectangle((x, y), 5, 3, facecolor=simbol.isi, edgecolor=simbol.garis, linewidth=simbol.tebal))
    elif simbol.jenis == "garis":
        ax.plot([x, x + 5], [y + 1.5, y + 1.5], color=simbol.garis, linewidth=max(simbol.tebal, 0.8))
    elif simbol.jenis == "titik":
        ax.scatter([x + 2.5], [y + 1.5], s=simbol.ukuran**2, c=[simbol.isi], edgecolors=[simbol.garis],
                   linewidths=0.4)  # fmt: skip
    else:  # raster: a colour ramp with its range
        ramp = np.linspace(0, 1, 64)
        rgb = np.array([[np.interp(ramp, [p for p, _ in simbol.ramp], [c[i] / 255 for _, c in simbol.ramp])
                         for i in range(3)]]).transpose(0, 2, 1)  # fmt: skip
        ax.imshow(rgb, extent=(x, x + 14, y, y + 3), aspect="auto", interpolation="bilinear")


def legenda(ax: Any, ukuran_mm: tuple[float, float], kelompok: list[KelompokLegenda], judul: str,
            lainnya: str) -> None:  # fmt: skip
    """Headings and entries flowing top to bottom, then into further columns; what does not fit is counted."""
    lebar, tinggi = ukuran_mm
    kolom_lebar = 58.0 if lebar >= 58 else lebar
    kolom = max(1, int(lebar // kolom_lebar))
    teks(ax, 2.5, tinggi - 2.5, judul, fontsize=8, fontweight="bold", va="top")
    x, y, k = 2.5, tinggi - 8.5, 0
    baris: list[tuple[str, Simbol | None, str]] = []
    for g in kelompok:
        baris.append((g.judul, None, g.catatan))
        baris.extend((label, simbol, "") for label, simbol in g.entri)
    for i, (label, simbol, catatan) in enumerate(baris):
        if y < 3.5 or (simbol is None and y - 4.3 < 3.5):  # a heading never ends a column alone
            k += 1
            if k >= kolom:
                teks(ax, x, 2.0, lainnya.format(n=len(baris) - i), fontsize=5.5, style="italic", va="bottom")
                break
            x, y = 2.5 + k * kolom_lebar, tinggi - 8.5
        if simbol is None:
            teks(ax, x, y + 1.5, label[:60], fontsize=6.5, fontweight="bold", va="center")
            if catatan:
                y -= 3.2
                teks(ax, x, y + 1.5, catatan[:70], fontsize=5, style="italic", color="#475569", va="center")
        else:
            _contoh(ax, x, y, simbol)
            geser = 16 if simbol.jenis == "raster" else 7
            teks(ax, x + geser, y + 1.5, label[:60], fontsize=5.8, va="center")
        y -= 4.3


def kaki(fig: Any, kiri: str, kanan: str, judul: str, subjudul: str, lebar_mm: float, tinggi_mm: float) -> None:
    """Title band above and the footer line (date, projection, sources) below the frame."""
    fx, fy = 10 / lebar_mm, 1 - 9 / tinggi_mm
    teks(fig, fx, fy, judul, fontsize=15, fontweight="bold", va="center", ha="left", transform=fig.transFigure)
    teks(fig, fx, 1 - 16 / tinggi_mm, subjudul, fontsize=8, color="#334155", va="center", transform=fig.transFigure)
    teks(fig, fx, 8 / tinggi_mm, kiri, fontsize=6, color="#334155", va="center", transform=fig.transFigure)
    teks(fig, fx, 4.5 / tinggi_mm, kanan, fontsize=5.5, color="#475569", va="center", transform=fig.transFigure)


def simpan(fig: Any, fmt: str, dpi: int, judul: str, subjek: str) -> bytes:
    """PDF (TrueType text, so it stays searchable and copyable; dense layers as images at ≥ 200 dpi) or PNG."""
    out = io.BytesIO()
    with rc_context({"pdf.fonttype": 42}):
        if fmt == "pdf":
            meta = {"Title": judul, "Creator": "SIG Desa", "Subject": subjek}
            fig.savefig(out, format="pdf", dpi=max(dpi, 200), metadata=meta)
        else:
            fig.savefig(out, format="png", dpi=dpi, metadata={"Title": judul, "Software": "SIG Desa"})
    return out.getvalue()
