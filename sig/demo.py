"""Deterministic demo data on the real Kecamatan Samarang (Garut): its 13 desa with their real names, codes
and boundaries (shipped in sig/data/, MIT-licensed source), generated dusun, people and logins per role.

More kecamatan (`--kecamatan N`, for benchmarks) are fictional: codes 32.05.90 upwards, desa tiling them
exactly, south-west of Samarang, so they never collide with real boundaries loaded next to them.
"""

from __future__ import annotations

import json
import math
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

import shapely
from django.conf import settings
from django.contrib.gis import geos
from django.contrib.gis.geos import GEOSGeometry
from django.db import transaction
from django.utils.module_loading import autodiscover_modules
from shapely.geometry import MultiPolygon, Point, Polygon
from shapely.geometry.base import BaseGeometry

from sig.akun.models import Peran, User
from sig.wilayah.models import Desa, Dusun, Kabupaten, Kecamatan

KABUPATEN = ("32.05", "Garut", "Jawa Barat")
SAMARANG = Path(__file__).parent / "data" / "samarang.geojson"
FIRST_KODE = 90  # first code of the fictional kecamatan
PASSWORD = "demo-sigdesa"  # noqa: S105 (printed demo logins, demo data only)
EMAIL_DOMAIN = "demo.sigdesa.id"

KECAMATAN_NAMES = ["Sukamaju", "Cibodas", "Mekarwangi", "Sindangkasih", "Cikaso", "Pasirlaja", "Giriwaras"]
DESA_NAMES = [
    "Sukamulya",
    "Mekarjaya",
    "Cipanas",
    "Sindangsari",
    "Margahayu",
    "Jayamukti",
    "Karyamekar",
    "Sukalaksana",
    "Mekarsari",
    "Cikondang",
    "Pasirjati",
    "Tanjungjaya",
    "Girijaya",
    "Sirnagalih",
    "Cintamanik",
    "Sukatani",
    "Karangsari",
    "Mulyasari",
    "Wanasari",
    "Sukaresmi",
    "Padasuka",
    "Cibeureum",
    "Sukahurip",
    "Jatisari",
]
DUSUN_NAMES = ["Kaler", "Kidul", "Wetan", "Kulon", "Tengah", "Babakan"]
PEOPLE = [
    "Asep Saepudin",
    "Dede Kurniawan",
    "Euis Sumiati",
    "Ujang Hidayat",
    "Neng Rina",
    "Cecep Supriatna",
    "Iis Rohayati",
    "Yayan Sopyan",
    "Entin Kartini",
    "Dadang Suherman",
    "Lilis Suryani",
    "Agus Setiawan",
]


@dataclass
class DemoReport:
    kecamatan: list[str] = field(default_factory=list)
    desa: int = 0
    dusun: int = 0
    logins: list[tuple[str, str, str]] = field(default_factory=list)  # (peran, email, wilayah)
    counts: dict[str, int] = field(default_factory=dict)  # what domain apps added, e.g. {"aset": 130}


@dataclass
class DemoContext:
    """What domain apps get to add their demo data (registered with @extension in their demo.py)."""

    rng: random.Random
    desa: list[Desa]
    users: dict[str, User]
    fitur: int  # requested number of farmland parcels in total (benchmarks); 0 = realistic default
    report: DemoReport


EXTENSIONS: list[Callable[[DemoContext], None]] = []


def extension(func: Callable[[DemoContext], None]) -> Callable[[DemoContext], None]:
    """Register a domain app's demo data generator (kept in `<app>/demo.py`)."""
    if func not in EXTENSIONS:
        EXTENSIONS.append(func)
    return func


def elevasi(lon: float, lat: float) -> float:
    """Synthetic terrain (m) shaped like Samarang's: Garut's rice basin in the east (~700 m) rising west to a
    volcano in the north-west, like the slopes of Gunung Guntur. Shared with the raster demo."""
    peak = 1200 * math.exp(-(((lon - 107.77) / 0.03) ** 2 + ((lat + 7.15) / 0.03) ** 2))
    slope = 700 + 5000 * max(0.0, 107.87 - lon)
    return round(min(2800.0, slope + peak), 1)


def demo_exists() -> bool:
    return User.objects.filter(email=f"admin@{EMAIL_DOMAIN}").exists()


def samarang() -> tuple[dict[str, str], BaseGeometry, list[tuple[dict[str, str], BaseGeometry]]]:
    """The shipped real boundaries: (kecamatan properties, outline, [(desa properties, boundary)])."""
    features = json.loads(SAMARANG.read_text(encoding="utf-8"))["features"]
    shapes = [(f["properties"], shapely.from_geojson(json.dumps(f["geometry"]))) for f in features]
    kecamatan = next(s for s in shapes if s[0]["tingkat"] == "kecamatan")
    return kecamatan[0], kecamatan[1], [s for s in shapes if s[0]["tingkat"] == "desa"]


def _blob(rng: random.Random, cx: float, cy: float, radius: float) -> Polygon:
    """An irregular, smooth, simple polygon: a circle with a few random harmonics on its radius."""
    harmonics = [(k, rng.uniform(0.04, 0.12) / k**0.5, rng.uniform(0, 2 * math.pi)) for k in range(2, 7)]
    points = []
    for i in range(96):
        t = 2 * math.pi * i / 96
        r = radius * (1 + sum(a * math.sin(k * t + p) for k, a, p in harmonics))
        # 1 degree of longitude is shorter than one of latitude by cos(lat).
        points.append((cx + r * math.cos(t) / math.cos(math.radians(cy)), cy + r * math.sin(t)))
    return Polygon(points).buffer(0)


def _seeds(rng: random.Random, area: BaseGeometry, count: int) -> list[Point]:
    minx, miny, maxx, maxy = area.bounds
    points: list[Point] = []
    while len(points) < count:
        p = Point(rng.uniform(minx, maxx), rng.uniform(miny, maxy))
        if area.contains(p):
            points.append(p)
    return points


def _tile(rng: random.Random, area: BaseGeometry, count: int) -> list[MultiPolygon]:
    """Split `area` into `count` Voronoi cells (two Lloyd relaxations for village-like shapes)."""
    if count == 1:
        return [_multi(area)]
    seeds = _seeds(rng, area, count)
    for relaxation in range(3):
        diagram = shapely.voronoi_polygons(shapely.MultiPoint(seeds), extend_to=area.envelope.buffer(1), ordered=True)
        cells = [c.intersection(area) for c in shapely.get_parts(diagram)]
        if relaxation < 2:
            seeds = [c.centroid if c.centroid.within(area) else c.representative_point() for c in cells]
    return [_multi(c) for c in cells]


def _multi(geom: BaseGeometry) -> MultiPolygon:
    geom = shapely.make_valid(shapely.set_precision(geom, 1e-7))
    parts = [p for p in shapely.get_parts(geom) if p.geom_type == "Polygon" and p.area > 0]
    return MultiPolygon(parts)


def geos_multipolygon(geom: MultiPolygon) -> geos.MultiPolygon:
    """A shapely multipolygon as the GEOS one a boundary or parcel field stores."""
    return cast(geos.MultiPolygon, GEOSGeometry(memoryview(shapely.to_wkb(geom)), srid=settings.STORAGE_SRID))


def batas_desa(desa: Desa) -> BaseGeometry:
    """A demo desa's boundary (every demo desa has one) as shapely, for placing demo features inside it."""
    assert desa.batas is not None  # a desa always has a boundary (CHECK constraint)
    return shapely.from_wkb(bytes(desa.batas.wkb))


def _name(pool: list[str], index: int) -> str:
    base = pool[index % len(pool)]
    return base if index < len(pool) else f"{base} {index // len(pool) + 1}"


def _user(email: str, peran: str, nama: str, desa: Desa | None = None) -> User:
    from allauth.account.models import EmailAddress

    user, created = User.objects.get_or_create(
        email=email,
        defaults={"peran": peran, "nama": nama, "desa_domisili": desa},
    )
    if created:
        user.set_password(PASSWORD)
        user.save()
    EmailAddress.objects.update_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
    return user


@transaction.atomic
def generate(*, seed: int = 2026, kecamatan: int = 1, desa: int = 13, fitur: int = 0) -> DemoReport:
    """Create Samarang with its 13 real desa, `kecamatan - 1` fictional kecamatan of `desa` desa each, their
    dusun, one login per role, then every domain app's demo data."""
    if kecamatan < 1 or desa < 1 or kecamatan > 9 or desa > 2000:
        raise ValueError("Jumlah kecamatan harus 1–9 dan jumlah desa per kecamatan 1–2000.")
    kode, nama, provinsi = KABUPATEN
    props, outline, real_desa = samarang()
    if Kecamatan.objects.filter(kode=props["kode"]).exists():
        raise ValueError(f"Kecamatan {props['nama']} ({props['kode']}) sudah ada: data demo butuh basis data kosong.")
    rng = random.Random(seed)
    report = DemoReport()
    kabupaten, _ = Kabupaten.objects.get_or_create(kode=kode, defaults={"nama": nama, "provinsi": provinsi})
    plan = [(props["kode"], props["nama"], outline, [(d["kode"], d["nama"], g) for d, g in real_desa])]
    for k in range(kecamatan - 1):
        # About 4.5 km² per desa, like the real Garut villages; side by side south-west of Samarang.
        radius = 0.0125 * math.sqrt(desa)
        shape = _blob(rng, 107.55 + k * 2.6 * radius, -7.42, radius)
        kec_kode = f"{kode}.{FIRST_KODE + k}"
        cells = _tile(rng, shape, desa)
        plan.append(
            (
                kec_kode,
                _name(KECAMATAN_NAMES, k),
                shape,
                [(f"{kec_kode}.{2001 + j}", _name(DESA_NAMES, j), c) for j, c in enumerate(cells)],
            )
        )
    all_desa: list[Desa] = []
    kecamatan_objs = []
    for kec_kode, kec_nama, shape, cells in plan:
        kec = Kecamatan.objects.create(
            kode=kec_kode, nama=kec_nama, kabupaten=kabupaten, batas=geos_multipolygon(_multi(shape))
        )
        kecamatan_objs.append(kec)
        report.kecamatan.append(f"{kec.nama} ({kec.kode})")
        rows = [
            Desa(
                kode=desa_kode,
                nama=desa_nama,
                kecamatan=kec,
                batas=geos_multipolygon(_multi(cell)),
                kepala_desa=rng.choice(PEOPLE),
                jumlah_penduduk=rng.randrange(3000, 12000, 10),
                alamat_kantor=f"Jl. Raya {desa_nama} No. {rng.randint(1, 120)}",
                deskripsi=f"Desa {desa_nama} di Kecamatan {kec.nama}, Kabupaten {nama} (isi demo).",
            )
            for desa_kode, desa_nama, cell in cells
        ]
        created = Desa.objects.bulk_create(rows)
        all_desa += created
        dusun_rows = []
        for d, (_, _, cell) in zip(created, cells, strict=True):
            parts = _tile(rng, cell, rng.randint(3, 5))
            dusun_rows += [
                Dusun(
                    desa=d,
                    nama=DUSUN_NAMES[i],
                    nomor=i + 1,
                    batas=geos_multipolygon(part),
                    kepala_dusun=rng.choice(PEOPLE),
                )
                for i, part in enumerate(parts)
            ]
        Dusun.objects.bulk_create(dusun_rows)
        report.dusun += len(dusun_rows)
    report.desa = len(all_desa)
    report.logins, users = _demo_users(kecamatan_objs, all_desa)
    autodiscover_modules("demo")
    context = DemoContext(rng=rng, desa=all_desa, users=users, fitur=fitur, report=report)
    for add in EXTENSIONS:
        add(context)
    return report


def _demo_users(kecamatan: list[Kecamatan], desa: list[Desa]) -> tuple[list[tuple[str, str, str]], dict[str, User]]:
    logins = []
    admin = _user(f"admin@{EMAIL_DOMAIN}", Peran.SUPERADMIN, "Admin SIG Desa")
    logins.append(("superadmin", f"admin@{EMAIL_DOMAIN}", "semua"))
    camat = _user(f"camat@{EMAIL_DOMAIN}", Peran.ADMIN_KECAMATAN, "Admin Kecamatan")
    camat.kecamatan_kerja.add(*kecamatan)
    logins.append(("admin kecamatan", camat.email, ", ".join(k.nama for k in kecamatan)))
    _user(f"perencana@{EMAIL_DOMAIN}", Peran.PERENCANA, "Perencana Bappeda")
    logins.append(("perencana", f"perencana@{EMAIL_DOMAIN}", "semua (baca, analisis)"))
    users = {"admin": admin, "camat": camat}
    for d in desa[:3]:
        slug = d.nama.lower().replace(" ", "")
        operator = _user(f"operator.{slug}@{EMAIL_DOMAIN}", Peran.OPERATOR, f"Operator {d.nama}")
        operator.desa_kerja.add(d)
        users.setdefault("operator", operator)
        logins.append(("operator desa", operator.email, d.nama))
    warga = _user(f"warga@{EMAIL_DOMAIN}", Peran.WARGA, "Warga Demo", desa=desa[0])
    users["warga"] = warga
    logins.append(("warga", warga.email, f"domisili {desa[0].nama}"))
    return logins, users
