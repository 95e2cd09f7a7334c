"""Share images (og:image): a 1200×630 PNG map of one public item drawn by the print engine (maps.cetak framing in
the item's UTM zone, maps.kartografi symbols, scale bar and north arrow), cached per object version."""

from __future__ import annotations

import hashlib
from typing import Any

import numpy as np
import shapely
from django.core.cache import cache
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from maps import cetak
from maps import kartografi as k
from sig.replika import koneksi_baca
from sig.wilayah.models import Desa
from temu.registri import Jenis

TABEL_DESA = Desa._meta.db_table

LEBAR_PX, TINGGI_PX, DPI = 1200, 630, 100
PITA_PX = 104  # title band
RENTANG_MIN = 0.015  # degrees (≈ 1.6 km): a point or a small parcel still shows its surroundings
SIMPAN_DETIK = 30 * 24 * 3600
VERSI = 1  # bump when the drawing changes
BATAS_BARU_PER_JAM = 120  # new drawings per client address and hour
HIJAU, MERAH = "#166534", "#b91c1c"


def kunci_cache(jenis: Jenis, obj: Any) -> str:
    """The cache key (and ETag) of an object's image: kind, identifier, last change, language, drawing version."""
    waktu = jenis.waktu_ubah(obj)
    stempel = f"{waktu.timestamp():.6f}" if waktu else "0"
    mentah = f"{jenis.slug}:{jenis.nilai_kunci(obj)}:{stempel}:{get_language()}:{VERSI}"
    return "temu:gambar:" + hashlib.sha256(mentah.encode()).hexdigest()[:32]


def dari_cache(jenis: Jenis, obj: Any) -> bytes | None:
    """The stored PNG of this version of `obj`, if it was drawn already."""
    return cache.get(kunci_cache(jenis, obj))


def gambar(jenis: Jenis, obj: Any) -> bytes:
    """The PNG of `obj` (rendered once per version; the caller has checked that it is public)."""
    key = kunci_cache(jenis, obj)
    data = cache.get(key)
    if data is None:
        data = gambar_baru(jenis, obj)
        cache.set(key, data, SIMPAN_DETIK)
    return data


def _bbox(geom: Any) -> tuple[float, float, float, float] | None:
    if geom is None or geom.empty:
        return None
    x0, y0, x1, y1 = geom.extent
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    w, h = max((x1 - x0) * 1.15, RENTANG_MIN), max((y1 - y0) * 1.15, RENTANG_MIN)
    return (cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)


def _geometri(jenis: Jenis, obj: Any) -> Any:
    geom = getattr(obj, jenis.geometri, None)
    if geom is None and jenis.slug == "kecamatan":  # a kecamatan known only from its desa codes
        from django.contrib.gis.db.models import Union

        geom = obj.desa.aggregate(u=Union("batas"))["u"]
    return geom


def _ke_utm(geom: Any, b: cetak.Bingkai) -> np.ndarray:
    geoms = np.array([shapely.from_wkb(bytes(geom.wkb))])
    return shapely.transform(geoms, lambda xy: np.column_stack(b.ke_utm.transform(xy[:, 0], xy[:, 1])))


def _batas_desa(ax: Any, b: cetak.Bingkai, sorot: dict[str, Any]) -> None:
    """Desa boundaries in view; the item's own desa (or the kecamatan's desa) filled; names on a halo."""
    with koneksi_baca().cursor() as cursor:
        cursor.execute(
            "SELECT ST_AsBinary(ST_SimplifyPreserveTopology(ST_Transform(batas, %s), %s)), nama, id, kecamatan_id, "
            "ST_X(ST_Transform(ST_PointOnSurface(batas), %s)), ST_Y(ST_Transform(ST_PointOnSurface(batas), %s)) "
            f"FROM {TABEL_DESA} WHERE batas && ST_MakeEnvelope(%s, %s, %s, %s, 4326) ORDER BY kode LIMIT 400",
            [b.epsg, b.skala * 0.0002, b.epsg, b.epsg, *b.bbox],
        )
        rows = cursor.fetchall()
    if not rows:
        return
    geoms = shapely.from_wkb([bytes(r[0]) for r in rows])
    pilih = np.array([r[2] == sorot.get("desa") or r[3] == sorot.get("kecamatan") for r in rows])
    isi = k.Simbol("poligon", isi=k.warna("#bbf7d0", alpha=0.55), garis=k.warna(HIJAU), tebal=1.6)
    lain = k.Simbol("poligon", isi=k.warna("#ffffff", alpha=0.0), garis=k.warna("#64748b"), tebal=0.8)
    if (~pilih).any():
        k.gambar_poligon(ax, geoms[~pilih], lain, 5)
    if pilih.any():
        k.gambar_poligon(ax, geoms[pilih], isi, 6)
    x0, y0, x1, y1 = b.extent
    halo = [k.patheffects.Stroke(linewidth=3, foreground="white"), k.patheffects.Normal()]
    for _w, nama, _i, _k, x, y in rows[:60]:
        if x0 < x < x1 and y0 < y < y1:
            k.teks(
                ax,
                x,
                y,
                nama,
                fontsize=11,
                style="italic",
                ha="center",
                va="center",
                color="#14532d",
                path_effects=halo,
                zorder=80,
                clip_on=True,
            )


def _pita(fig: Any, judul: str, subjudul: str) -> None:
    """The title band: title, kind and place, the site's name."""
    tinggi = PITA_PX / TINGGI_PX
    fig.patches.append(
        k.Rectangle(
            (0, 1 - tinggi), 1, tinggi, transform=fig.transFigure, facecolor="white", edgecolor="none", zorder=0
        )
    )
    fig.patches.append(
        k.Rectangle(
            (0, 1 - tinggi), 0.008, tinggi, transform=fig.transFigure, facecolor=HIJAU, edgecolor="none", zorder=1
        )
    )
    judul = judul if len(judul) <= 58 else judul[:57] + "…"
    k.teks(
        fig,
        0.03,
        1 - 0.42 * tinggi,
        judul,
        fontsize=25,
        fontweight="bold",
        color="#0f172a",
        va="center",
        transform=fig.transFigure,
    )
    k.teks(
        fig,
        0.03,
        1 - 0.8 * tinggi,
        subjudul[:110],
        fontsize=13,
        color="#334155",
        va="center",
        transform=fig.transFigure,
    )
    k.teks(
        fig,
        0.975,
        1 - 0.8 * tinggi,
        "SIG Desa",
        fontsize=13,
        fontweight="bold",
        color=HIJAU,
        ha="right",
        va="center",
        transform=fig.transFigure,
    )


def _subjudul(jenis: Jenis, obj: Any) -> str:
    desa = getattr(obj, "desa", None) if jenis.desa else None
    if desa is not None:
        return f"{jenis.label} · {desa.get_jenis_display()} {desa.nama}, {_('Kecamatan')} {desa.kecamatan.nama_tampil}"
    kecamatan = getattr(obj, "kecamatan", None)
    if kecamatan is not None:
        return f"{_('Kecamatan')} {kecamatan.nama_tampil}, {kecamatan.kabupaten.nama_tampil}"
    kabupaten = getattr(obj, "kabupaten", None)
    return f"{kabupaten.nama_tampil}, {kabupaten.provinsi}".strip(", ") if kabupaten else str(jenis.label)


def gambar_baru(jenis: Jenis, obj: Any) -> bytes:
    """Draw the image: the item's map (its desa outlined and filled), scale bar, north arrow and title band."""
    fig = k.Figure(figsize=(LEBAR_PX / DPI, TINGGI_PX / DPI), facecolor="#f1f5f9")
    _pita(fig, jenis.judul(obj), _subjudul(jenis, obj))
    geom = _geometri(jenis, obj)
    bbox = _bbox(geom)
    if bbox is not None:
        tinggi_peta = (TINGGI_PX - PITA_PX) / TINGGI_PX
        ax = fig.add_axes((0, 0, 1, tinggi_peta))
        lebar_mm, tinggi_mm = LEBAR_PX / DPI / k.MM, (TINGGI_PX - PITA_PX) / DPI / k.MM
        b = cetak.bingkai(cetak.PermintaanCetak(format="png", bbox=bbox), lebar_mm, tinggi_mm)
        ax.set_xlim(b.extent[0], b.extent[2])
        ax.set_ylim(b.extent[1], b.extent[3])
        ax.set_aspect("equal", adjustable="box")
        ax.set_axis_off()
        if jenis.slug == "kecamatan":
            sorot = {"kecamatan": obj.pk}
        else:
            sorot = {"desa": obj.pk if jenis.slug == "desa" else getattr(obj, "desa_id", None)}
        _batas_desa(ax, b, sorot)
        if jenis.desa is not None:  # an item: drawn on top of its desa
            titik = geom.geom_type in {"Point", "MultiPoint"}
            simbol = k.Simbol(
                "poligon",
                isi=k.warna(MERAH, alpha=0.9 if titik else 0.35),
                garis=k.warna("white" if titik else MERAH),
                tebal=3.5,
                ukuran=22,
            )
            k.gambar_geometri(ax, _ke_utm(geom, b), simbol, 70)
        pemisah = "." if get_language() != "en" else ","
        k.skala_batang(ax, b.extent, b.skala, _("Skala"), pemisah)
        k.panah_utara(ax, cetak.sudut_utara(b), _("U"))
    return k.simpan(fig, "png", DPI, jenis.judul(obj)[:120], _subjudul(jenis, obj))
