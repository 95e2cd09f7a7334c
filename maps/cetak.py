"""Printable maps: any map view (extent, layers, the portal's filters, optionally an analysis result) rendered on
the server as PDF or PNG in the right UTM zone, with title, legend, scale bar, north arrow, date and sources.
Features come through the same scoped selectors as the web map, so a print never shows more than its viewer
may see."""

from __future__ import annotations

import json
import math
from collections import Counter
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

import numpy as np
import shapely
from django.http import Http404
from django.utils import formats, timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from pyproj import Transformer

from layers import label, selectors
from layers.analisis import zona_utm
from layers.models import Lapisan
from layers.selectors import ParameterSalah
from layers.sumber import SUMBER, lapisan_atau_404
from maps import kartografi as k
from sig.replika import koneksi_baca
from sig.wilayah.models import Desa, Dusun, Kecamatan

if TYPE_CHECKING:
    from sig.akun.models import AnyUser

TABEL_DESA = Desa._meta.db_table
TABEL_DUSUN = Dusun._meta.db_table
TABEL_KECAMATAN = Kecamatan._meta.db_table

MAKS_FITUR = 200_000  # per layer
MAKS_LAPISAN = 12
LEBAR_MAKS_M = 400_000.0
LEBAR_MIN_M = 50.0
KELAS_PANAS = ["#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026"]
SATUAN_RASTER = {"dem": "m", "lereng": "%", "curah_hujan": "mm", "ndvi": ""}


@dataclass
class PermintaanCetak:
    format: str = "pdf"
    judul: str = ""
    kertas: str = "A4"
    orientasi: str = "lanskap"
    dpi: int = 150
    bbox: tuple[float, float, float, float] | None = None
    skala: int | None = None
    lapisan: list[Lapisan] = field(default_factory=list)
    desa: str | None = None
    kecamatan: str | None = None
    kategori: str | None = None
    status: str | None = None
    tahun: int | None = None
    alat: str | None = None
    parameter_analisis: dict[str, str] = field(default_factory=dict)


@dataclass
class HasilCetak:
    data: bytes
    jumlah: dict[str, int]  # features drawn per layer slug (and "analisis")
    skala: int
    epsg: int


def _pilih(params: Any, nama: str, pilihan: tuple[str, ...], bawaan: str) -> str:
    value = params.get(nama) or bawaan
    if value not in pilihan:
        raise ParameterSalah(
            _("%(nama)s harus salah satu dari: %(pilihan)s.") % {"nama": nama, "pilihan": ", ".join(pilihan)}
        )
    return value


def baca_permintaan(user: AnyUser, params: Any, fmt: str) -> PermintaanCetak:
    """Check every parameter; invisible or unknown layers are 404 like everywhere else."""
    p = PermintaanCetak(format=fmt)
    judul = (params.get("judul") or "").strip()
    if len(judul) > 120:
        raise ParameterSalah(_("Judul peta paling panjang 120 karakter."))
    p.judul = judul or _("Peta SIG Desa")
    p.kertas = _pilih(params, "kertas", tuple(k.KERTAS), "A4")
    p.orientasi = _pilih(params, "orientasi", ("lanskap", "potret"), "lanskap")
    p.dpi = selectors.bulat(params, "dpi", 72, 300) or 150
    p.skala = selectors.bulat(params, "skala", 500, 5_000_000)
    if params.get("bbox"):
        p.bbox = selectors.baca_bbox(params["bbox"][:200])
    p.desa, p.kecamatan = selectors.kode_wilayah(params, "desa"), selectors.kode_wilayah(params, "kecamatan")
    p.kategori = (params.get("kategori") or "")[:60] or None
    p.status = (params.get("status") or "")[:30] or None
    p.tahun = selectors.bulat(params, "tahun", 1900, 2100)
    slugs = [s for s in (params.get("lapisan") or "").split(",") if s.strip()]
    if len(slugs) > MAKS_LAPISAN:
        raise ParameterSalah(_("Paling banyak %(n)s lapisan dalam satu peta cetak.") % {"n": MAKS_LAPISAN})
    p.lapisan = sorted({lap.pk: lap for lap in (lapisan_atau_404(user, s.strip()[:80]) for s in slugs)}.values(),
                       key=lambda lap: (lap.urutan, lap.slug))  # fmt: skip
    if params.get("alat"):
        from layers.analisis_views import ALAT, PARAMETER

        if params["alat"] not in ALAT:
            raise ParameterSalah(_("Analisis tidak dikenal; pilih %(alat)s.") % {"alat": ", ".join(ALAT)})
        if not getattr(user, "is_authenticated", False):
            raise Http404
        p.alat = params["alat"]
        p.parameter_analisis = {n: params[f"a.{n}"][:200] for n in PARAMETER if params.get(f"a.{n}")}
    return p


# ---- extent ---------------------------------------------------------------------------------------------------


def _bbox_wilayah(p: PermintaanCetak) -> tuple[float, float, float, float]:
    """The extent of the filtered desa or kecamatan, else of every desa."""
    sql, args = (
        f"SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e) FROM (SELECT ST_Extent(d.batas) e FROM {TABEL_DESA} d",
        [],
    )
    if p.desa:
        sql, args = sql + " WHERE d.kode = %s", [p.desa]
    elif p.kecamatan:
        sql, args = sql + f" JOIN {TABEL_KECAMATAN} k ON k.id = d.kecamatan_id WHERE k.kode = %s", [p.kecamatan]
    with koneksi_baca().cursor() as cursor:
        cursor.execute(sql + ") s", args)
        row = cursor.fetchone()
    if not row or row[0] is None:
        raise ParameterSalah(_("Tidak ada batas wilayah untuk area ini; tentukan bbox."))
    return row


@dataclass
class Bingkai:
    epsg: int
    extent: tuple[float, float, float, float]  # projected metres
    bbox: tuple[float, float, float, float]  # WGS 84, for the queries
    skala: int
    ke_utm: Transformer
    ke_geo: Transformer


def bingkai(p: PermintaanCetak, lebar_mm: float, tinggi_mm: float) -> Bingkai:
    """Fit the view into the frame's proportions (or centre it at the requested scale) in the UTM zone of its
    centre."""
    bbox = p.bbox or _bbox_wilayah(p)
    lon, lat = (bbox[0] + bbox[2]) / 2, (bbox[1] + bbox[3]) / 2
    epsg = zona_utm(lon, lat)
    ke_utm = Transformer.from_crs(4326, epsg, always_xy=True)
    minx, miny, maxx, maxy = ke_utm.transform_bounds(*bbox, densify_pts=21)
    cx, cy = (minx + maxx) / 2, (miny + maxy) / 2
    lebar, tinggi = max(maxx - minx, LEBAR_MIN_M), max(maxy - miny, LEBAR_MIN_M)
    lebar = p.skala * lebar_mm / 1000 if p.skala else max(lebar * 1.04, tinggi * 1.04 * lebar_mm / tinggi_mm)
    tinggi = lebar * tinggi_mm / lebar_mm
    if lebar > LEBAR_MAKS_M:
        raise ParameterSalah(_("Area terlalu luas untuk dicetak (lebih dari 400 km); perkecil area."))
    extent = (cx - lebar / 2, cy - tinggi / 2, cx + lebar / 2, cy + tinggi / 2)
    ke_geo = Transformer.from_crs(epsg, 4326, always_xy=True)
    bbox_geo = ke_geo.transform_bounds(*extent, densify_pts=21)
    return Bingkai(epsg, extent, bbox_geo, round(lebar / (lebar_mm / 1000)), ke_utm, ke_geo)


# ---- layers ---------------------------------------------------------------------------------------------------


def _simbol(gaya: dict[str, Any], isi: str | None) -> k.Simbol:
    """The printed symbol of the web map's style (same colour rules as the portal)."""
    warna = isi or gaya.get("fill") or gaya.get("stroke") or "#2563eb"
    return k.Simbol(
        "poligon",
        isi=k.warna(warna, alpha=float(gaya.get("fillOpacity", 0.4) or 0.4)),
        garis=k.warna(gaya.get("stroke") or warna),
        tebal=max(0.2, float(gaya.get("weight", 1) or 1) * k.PT_PER_PX * 0.6),
        ukuran=max(2.5, float(gaya.get("radius", 6) or 6) * 0.9),
    )


def _jenis_simbol(geoms: np.ndarray) -> str:
    tipe = set(shapely.get_type_id(geoms).tolist())
    return "poligon" if tipe & {3, 6} else "garis" if tipe & {1, 2, 5} else "titik"


def _saringan(p: PermintaanCetak, lapisan: Lapisan, b: Bingkai) -> selectors.Saringan:
    sumber = SUMBER[lapisan.jenis]
    pengaduan = lapisan.jenis == "pengaduan"
    return selectors.Saringan(
        bbox=b.bbox,
        desa=p.desa,
        kecamatan=p.kecamatan,
        kategori=p.kategori if pengaduan else None,
        status=p.status if pengaduan and sumber.status else None,
        tahun=p.tahun if sumber.tahun else None,
        limit=MAKS_FITUR + 1,
    )


def gambar_lapisan(
    ax: Any, user: AnyUser, p: PermintaanCetak, lapisan: Lapisan, b: Bingkai, z: float
) -> tuple[k.KelompokLegenda, int]:
    """Draw one vector layer class by class; its legend lists the classes present in the view, with counts."""
    gaya = lapisan.gaya or {}
    rules = gaya.get("rules") or {}
    by = gaya.get("by")
    labels = selectors.label_kelas(lapisan)
    toleransi = b.skala * 0.00015  # 0.15 mm on paper
    rows = selectors.fitur_cetak(user, lapisan, _saringan(p, lapisan, b), b.epsg, toleransi, by)
    if len(rows) > MAKS_FITUR:
        raise ParameterSalah(
            _("Lapisan %(judul)s berisi lebih dari %(n)s fitur di area ini; perkecil area atau gunakan saringan.")
            % {"judul": lapisan.judul, "n": f"{MAKS_FITUR:,}".replace(",", ".")}
        )
    kelompok = k.KelompokLegenda(f"{lapisan.judul} ({len(rows)})", [])
    if not rows:
        kelompok.catatan = _("tidak ada data di area ini")
        return kelompok, 0
    geoms = shapely.from_wkb([wkb for wkb, _v in rows])
    # Classes and colours as on the portal (layers.label): every class present, largest first; "lainnya" = no value.
    nilai = np.array([(v or None) if by else None for _w, v in rows], dtype=object)
    jumlah = Counter(nilai.tolist())
    urutan = sorted(jumlah, key=lambda v: (v is None, -jumlah[v], str(v)))
    for v in urutan:
        pilih = nilai == v if v is not None else np.array([x is None for x in nilai])
        warna = label.warna_kelas(v, labels, rules) if by else None
        simbol = _simbol(gaya, warna)
        simbol.jenis = _jenis_simbol(geoms[pilih])
        k.gambar_geometri(ax, geoms[pilih], simbol, z)
        if not by:  # one class: the heading already counts it
            kelompok.entri.append((lapisan.judul, simbol))
            continue
        nama = labels.get(v, v) if v is not None else _("lainnya")
        kelompok.entri.append((f"{nama} ({jumlah[v]})", simbol))
    return kelompok, len(rows)


def gambar_raster(ax: Any, lapisan: Lapisan, b: Bingkai, dpi: int, lebar_mm: float) -> k.KelompokLegenda:
    """The raster warped into the frame at print resolution, coloured like its web tiles."""
    from layers.raster import RAMPS, RasterTerlaluRinci, baca_grid, rentang, rgba_ramp

    raster = lapisan.raster
    assert raster is not None  # the caller checked raster_id
    lebar_px = min(2400, max(200, round(lebar_mm / 25.4 * dpi)))
    x0, y0, x1, y1 = b.extent
    tinggi_px = max(1, round(lebar_px * (y1 - y0) / (x1 - x0)))
    try:
        data = baca_grid(raster, f"EPSG:{b.epsg}", b.extent, lebar_px, tinggi_px)
    except RasterTerlaluRinci as exc:
        raise ParameterSalah(
            f"Raster '{raster.nama}' terlalu besar untuk dicetak pada skala ini; perkecil cakupan peta."
        ) from exc
    low, high = rentang(raster)
    ax.imshow(rgba_ramp(data.filled(0), np.ma.getmaskarray(data), raster.jenis, low, high),
              extent=(x0, x1, y0, y1), origin="upper", interpolation="bilinear", zorder=1)  # fmt: skip
    satuan = SATUAN_RASTER.get(raster.jenis, "")
    simbol = k.Simbol("raster", ramp=RAMPS.get(raster.jenis, RAMPS["lainnya"]))
    angka = f"{low:.4g} – {high:.4g} {satuan}".strip()
    return k.KelompokLegenda(lapisan.judul, [(angka, simbol)])


def gambar_batas(ax: Any, b: Bingkai, lainnya_digambar: bool) -> k.KelompokLegenda | None:
    """Village boundaries as the base (unless a boundary layer is printed) and their names."""
    with koneksi_baca().cursor() as cursor:
        cursor.execute(
            "SELECT ST_AsBinary(ST_SimplifyPreserveTopology(ST_Transform(batas, %s), %s)), nama, "
            "ST_X(ST_Transform(ST_PointOnSurface(batas), %s)), ST_Y(ST_Transform(ST_PointOnSurface(batas), %s)) "
            f"FROM {TABEL_DESA} WHERE batas && ST_MakeEnvelope(%s, %s, %s, %s, 4326) ORDER BY kode",
            [b.epsg, b.skala * 0.00015, b.epsg, b.epsg, *b.bbox],
        )
        rows = cursor.fetchall()
    if not rows:
        return None
    x0, y0, x1, y1 = b.extent
    dalam = [(x, y, n) for _w, n, x, y in rows if x0 < x < x1 and y0 < y < y1]
    if len(dalam) <= 60:
        k.label_tempat(ax, [r[0] for r in dalam], [r[1] for r in dalam], [r[2] for r in dalam])
    if lainnya_digambar:
        return None
    simbol = k.Simbol("garis", garis=k.warna("#166534"), tebal=0.7)
    geoms = shapely.get_exterior_ring(shapely.get_parts(shapely.from_wkb([r[0] for r in rows])))
    k.gambar_garis(ax, geoms, simbol, 40)
    return k.KelompokLegenda(_("Batas desa"), [(_("batas desa"), simbol)])


def _hasil_tanpa_geometri(fitur: list[dict[str, Any]], b: Bingkai) -> tuple[np.ndarray, list[float]]:
    """A table result per desa or dusun (aggregation) drawn as a choropleth: counts summed per area code and
    joined to the boundaries."""
    jumlah: dict[str, float] = {}
    for f in fitur:
        props = f.get("properties") or {}
        if props.get("kode") is not None:
            jumlah[str(props["kode"])] = jumlah.get(str(props["kode"]), 0) + float(props.get("jumlah") or 0)
    with koneksi_baca().cursor() as cursor:
        cursor.execute(
            f"SELECT kode, ST_AsBinary(ST_Transform(batas, %s)) FROM {TABEL_DESA} WHERE kode = ANY(%s) UNION ALL "
            f"SELECT d.kode || '/' || u.nomor, ST_AsBinary(ST_Transform(u.batas, %s)) FROM {TABEL_DUSUN} u "
            f"JOIN {TABEL_DESA} d ON d.id = u.desa_id WHERE u.batas IS NOT NULL AND d.kode || '/' || u.nomor = ANY(%s)",
            [b.epsg, list(jumlah), b.epsg, list(jumlah)],
        )
        rows = cursor.fetchall()
    return shapely.from_wkb([bytes(w) for _k, w in rows]), [jumlah[kode] for kode, _w in rows]


def gambar_analisis(
    ax: Any, user: AnyUser, alat: str, parameter: dict[str, str], b: Bingkai
) -> tuple[k.KelompokLegenda, int]:
    """The analysis result (re-run under the viewer's scope) on top; counts graduated in five classes."""
    from layers.analisis_views import jalankan_alat, nama_alat

    permintaan = SimpleNamespace(user=user, GET=parameter, POST={})
    koleksi = json.loads(jalankan_alat(permintaan, alat))
    semua = koleksi.get("features", [])
    judul = _("Hasil analisis: %(alat)s") % {"alat": nama_alat(alat)}
    kelompok = k.KelompokLegenda(f"{judul} ({len(semua)})", [])
    fitur = [f for f in semua if f.get("geometry")]
    if fitur:
        geoms = shapely.from_geojson([json.dumps(f["geometry"]) for f in fitur])
        geoms = shapely.transform(geoms, lambda xy: np.column_stack(b.ke_utm.transform(xy[:, 0], xy[:, 1])))
        jumlah: list[Any] = [(f.get("properties") or {}).get("jumlah") for f in fitur]
    else:
        geoms, jumlah = _hasil_tanpa_geometri(semua, b)
    if len(geoms) == 0:
        kelompok.catatan = _("tidak ada hasil")
        return kelompok, len(semua)
    if all(isinstance(v, int | float) for v in jumlah) and len(set(jumlah)) > 1:
        batas = np.unique(np.quantile(np.array(jumlah, dtype=float), np.linspace(0, 1, 6)))
        kelas = np.clip(np.searchsorted(batas, jumlah, side="right") - 1, 0, len(batas) - 2)
        for i in range(len(batas) - 1):
            pilih = kelas == i
            if not pilih.any():
                continue
            warna = KELAS_PANAS[round(i * 4 / max(1, len(batas) - 2))]
            simbol = k.Simbol(_jenis_simbol(geoms[pilih]), isi=k.warna(warna, alpha=0.6), garis=k.warna("#7f1d1d"),
                              tebal=0.3, ukuran=5.5)  # fmt: skip
            k.gambar_geometri(ax, geoms[pilih], simbol, 70)
            rentang = (
                f"{batas[i]:.0f}"
                if f"{batas[i]:.0f}" == f"{batas[i + 1]:.0f}"
                else f"{batas[i]:.0f}–{batas[i + 1]:.0f}"
            )
            kelompok.entri.append((f"{_('jumlah')} {rentang}", simbol))
    else:
        simbol = k.Simbol(_jenis_simbol(geoms), isi=k.warna("#f87171", alpha=0.3), garis=k.warna("#b91c1c"),
                          tebal=0.8, ukuran=5.5)  # fmt: skip
        k.gambar_geometri(ax, geoms, simbol, 70)
        kelompok.entri.append((judul, simbol))
    return kelompok, len(semua)


# ---- the page -------------------------------------------------------------------------------------------------


def sudut_utara(b: Bingkai) -> float:
    """Degrees from grid north to true north at the frame's centre."""
    cx, cy = (b.extent[0] + b.extent[2]) / 2, (b.extent[1] + b.extent[3]) / 2
    lon, lat = b.ke_geo.transform(cx, cy)
    x2, y2 = b.ke_utm.transform(lon, lat + 0.01)
    return -math.degrees(math.atan2(x2 - cx, y2 - cy))


def _nama_zona(epsg: int) -> str:
    zona = epsg % 100
    return f"WGS 84 / UTM {_('zona')} {zona}{'S' if epsg >= 32700 else 'N'} (EPSG:{epsg})"


def _subjudul(p: PermintaanCetak) -> str:
    from reports.models import KategoriPengaduan, StatusPengaduan
    from sig.wilayah.models import Desa, Kecamatan

    bagian = [lap.judul for lap in p.lapisan]
    desa = Desa.objects.filter(kode=p.desa).values_list("nama", flat=True).first() if p.desa else None
    kec = Kecamatan.objects.filter(kode=p.kecamatan).values_list("nama", flat=True).first() if p.kecamatan else None
    kategori = KategoriPengaduan.objects.filter(pk=p.kategori).first() if p.kategori else None
    status = dict(StatusPengaduan.choices).get(p.status, p.status) if p.status else None
    for judul, value in ((_("Desa"), desa), (_("Kecamatan"), kec), (_("kategori"), kategori and kategori.nama),
                         (_("status"), status), (_("tahun"), p.tahun)):  # fmt: skip
        if value:
            bagian.append(f"{judul} {value}")
    return " · ".join(str(b) for b in bagian)[:200]


def cetak(user: AnyUser, p: PermintaanCetak) -> HasilCetak:
    """Render the page and return the PDF or PNG bytes with what was drawn."""
    halaman = k.halaman(p.kertas, p.orientasi)
    b = bingkai(p, halaman.lebar_peta_mm, halaman.tinggi_peta_mm)
    pemisah = "." if get_language() != "en" else ","
    ax = halaman.peta
    k.bingkai(ax, b.extent, pemisah)
    legenda: list[k.KelompokLegenda] = []
    jumlah: dict[str, int] = {}
    for i, lapisan in enumerate(p.lapisan):
        if lapisan.jenis == "raster" and lapisan.raster_id:
            legenda.append(gambar_raster(ax, lapisan, b, p.dpi, halaman.lebar_peta_mm))
        elif lapisan.jenis in SUMBER:
            kelompok, jumlah[lapisan.slug] = gambar_lapisan(ax, user, p, lapisan, b, 10 + i)
            legenda.append(kelompok)
    batas = gambar_batas(ax, b, any(lap.jenis == "wilayah" for lap in p.lapisan))
    if batas:
        legenda.append(batas)
    if p.alat:
        kelompok, n = gambar_analisis(ax, user, p.alat, p.parameter_analisis, b)
        legenda.insert(0, kelompok)
        jumlah["analisis"] = n
    k.skala_batang(ax, b.extent, b.skala, _("Skala"), pemisah)
    k.panah_utara(ax, sudut_utara(b), _("U"))
    k.legenda(halaman.legenda, halaman.legenda_mm, legenda, _("Legenda"), _("… dan {n} baris lainnya"))
    waktu = timezone.localtime()
    dicetak = _("Dicetak %(waktu)s %(zona)s · SIG Desa") % {
        "waktu": formats.date_format(waktu, "j F Y H.i"),
        "zona": waktu.tzname() or "",
    }
    sumber = sorted({lap.atribusi for lap in p.lapisan if lap.atribusi})
    kanan = _("Proyeksi %(proj)s · Sumber data: %(sumber)s · Tanpa peta dasar daring") % {
        "proj": _nama_zona(b.epsg),
        "sumber": ", ".join([*sumber, _("batas desa SIG Desa")])[:160],
    }
    lebar_mm, tinggi_mm = (s / k.MM for s in halaman.fig.get_size_inches())
    subjudul = _subjudul(p)
    k.kaki(halaman.fig, dicetak, kanan, p.judul, subjudul, lebar_mm, tinggi_mm)
    data = k.simpan(halaman.fig, p.format, p.dpi, p.judul, subjudul or p.judul)
    return HasilCetak(data, jumlah, b.skala, b.epsg)
