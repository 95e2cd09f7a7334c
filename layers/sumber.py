"""Where each kind of layer reads its features, as SQL fragments from constants (never from user text),
and the scope condition that keeps unpublished rows away from those who may not see them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from assets.models import AsetDesa, LahanPertanian, PotensiDesa, ProyekPembangunan
from layers.models import JenisLapisan, Lapisan, Visibilitas
from reports.models import Pengaduan
from sig.akun import scope
from sig.akun.models import AnyUser, Peran
from sig.akun.scope import Action
from sig.wilayah.models import Desa
from survei.models import FiturSurvei, LapisanSurvei


@dataclass(frozen=True)
class Sumber:
    model: Any  # whose rows these are: its table, and its internal attributes (Model.atribut_internal)
    kategori: str
    publik: str  # SQL condition (alias t) for rows the public may see
    properties: tuple[str, ...]  # public attributes
    table_sql: str | None = None  # a subquery in place of the model's table (survey layers)
    geom: str = "geometri"
    desa: str = "t.desa_id"
    filters: tuple[str, ...] = ()  # columns usable in ?f.<column>=value
    tile_properties: tuple[str, ...] | None = None  # smaller set for vector tiles (None: all public ones)
    json_properties: str | None = None  # a jsonb column whose keys are the properties (survey layers)
    status: str | None = None  # column for ?status= (portal filter)
    tahun: str | None = None  # SQL expression (alias t) for ?tahun= (portal filter)
    nama: str = "t.nama"  # SQL (alias t) of what people call a feature (analysis results, never an id)
    luas_m2: str = "ST_Area(t.{geom}::geography)"  # stored area where the model keeps one (analyses)
    panjang_m: str = "ST_Length(t.{geom}::geography)"

    @property
    def table(self) -> str:
        return self.table_sql or self.model._meta.db_table

    @property
    def bentuk(self) -> tuple[str, ...]:
        """What the geometry column may hold, from the model's field: ("titik",), ("poligon",), ("garis",) or all
        three (a GeometryField). The portal draws points as markers and lines/polygons from vector tiles."""
        jenis = getattr(self.model._meta.get_field(self.geom), "geom_type", "GEOMETRY").removeprefix("MULTI")
        return {"POINT": ("titik",), "LINESTRING": ("garis",), "POLYGON": ("poligon",)}.get(
            jenis, ("titik", "garis", "poligon")
        )

    @property
    def internal(self) -> tuple[str, ...]:
        """Attributes only some staff see (who: sig.akun.scope.jangkauan_atribut)."""
        return tuple(scope.atribut_internal(self.model))


SUMBER: dict[str, Sumber] = {
    JenisLapisan.ASET: Sumber(
        AsetDesa,
        "golongan",
        "t.publik",
        ("nama", "golongan", "jenis", "kondisi", "tahun_perolehan", "nilai_perolehan", "sumber_dana"),
        filters=("jenis", "kondisi", "tahun_perolehan", "sumber_dana"),
        status="kondisi",
        tahun="t.tahun_perolehan",
        luas_m2="t.luas_m2",
        panjang_m="t.panjang_m",
    ),
    JenisLapisan.LAHAN: Sumber(
        LahanPertanian,
        "komoditas",
        "t.publik",
        (
            "nama",
            "kode_persil",
            "penggunaan",
            "komoditas",
            "irigasi",
            "luas_ha",
            "produktivitas_ton_ha",
            "potensi_produksi_ton",
            "kelas_kesesuaian",
        ),
        filters=("penggunaan", "irigasi", "kelas_kesesuaian"),
        # 100k parcels: names and codes (unique per feature) would double a tile; popups fetch them by id.
        tile_properties=("komoditas", "irigasi", "kelas_kesesuaian"),
        luas_m2="t.luas_ha * 10000",
        panjang_m="0",
    ),
    JenisLapisan.PROYEK: Sumber(
        ProyekPembangunan,
        "status",
        "t.publik",
        ("nama", "bidang", "tahun_anggaran", "status", "progres_persen", "pelaksana"),
        filters=("bidang", "tahun_anggaran"),
        status="status",
        tahun="t.tahun_anggaran",
        luas_m2="t.luas_m2",
        panjang_m="t.panjang_m",
    ),
    JenisLapisan.POTENSI: Sumber(
        PotensiDesa,
        "jenis",
        "t.status = 'terbit'",
        ("nama", "jenis", "tagline"),
        tahun="extract(year FROM t.terbit_pada)::int",
    ),
    # Citizen complaints: never the reporter; hidden and not-yet-redacted ones only for staff in scope.
    JenisLapisan.PENGADUAN: Sumber(
        Pengaduan,
        "kategori_id",
        "NOT t.tersembunyi AND NOT t.perlu_sunting",
        ("kode_lacak", "judul", "kategori_id", "status", "dukungan", "dibuat"),
        geom="lokasi",
        nama="t.judul || ' (' || t.kode_lacak || ')'",
        filters=("status",),
        status="status",
        tahun="extract(year FROM t.dibuat AT TIME ZONE 'Asia/Jakarta')::int",
        tile_properties=("kode_lacak", "kategori_id", "status"),
    ),
    # Survey layers: the features of the layer's current version, with the layer's desa and publication.
    JenisLapisan.SURVEI: Sumber(
        FiturSurvei,
        "kunci",
        "t.publik",
        (),
        table_sql=(
            f"(SELECT f.id, f.lapisan_id, f.kunci, f.atribut, f.geometri, l.desa_id, l.publik "
            f"FROM {FiturSurvei._meta.db_table} f "
            f"JOIN {LapisanSurvei._meta.db_table} l ON l.id = f.lapisan_id AND f.versi = l.versi)"
        ),
        json_properties="atribut",
        nama="coalesce(t.atribut ->> 'nama', t.atribut ->> 'NAMA', t.kunci)",
    ),
    JenisLapisan.WILAYAH: Sumber(
        Desa,
        "jenis",
        "true",
        ("kode", "nama", "jenis", "luas_ha"),
        geom="batas",
        desa="t.id",
        luas_m2="t.luas_ha * 10000",
        panjang_m="0",
    ),
}


def boleh_lihat_lapisan(user: AnyUser, lapisan: Lapisan) -> bool:
    """Public layers for everyone; internal layers for staff; role layers for the listed roles."""
    if not lapisan.aktif:
        return False
    if lapisan.visibilitas == Visibilitas.PUBLIK:
        return True
    role = getattr(user, "peran", None) if getattr(user, "is_authenticated", False) and user.is_active else None
    if role is None:
        return False
    if role == Peran.SUPERADMIN:
        return True
    if lapisan.desa_id and not scope.can(user, Action.VIEW, _DesaLapisan(lapisan)):
        return False
    if lapisan.visibilitas == Visibilitas.INTERNAL:
        return bool(user.is_staff)
    return role in (lapisan.peran or [])


class _DesaLapisan:  # a stand-in with the attributes the scope function reads
    def __init__(self, lapisan: Lapisan) -> None:
        self.desa_id = lapisan.desa_id
        self.is_public = False


def lapisan_atau_404(user: AnyUser, slug: str, daftar: QuerySet[Lapisan] | None = None) -> Lapisan:
    """The layer `slug` (from `daftar`, e.g. annotated, else all layers) if this user may see it, else 404."""
    return boleh_atau_404(user, (Lapisan.objects.all() if daftar is None else daftar).filter(slug=slug).first())


def boleh_atau_404(user: AnyUser, lapisan: Lapisan | None) -> Lapisan:
    """`lapisan` if it exists and this user may see it, else 404."""
    if lapisan is None or not boleh_lihat_lapisan(user, lapisan):
        raise Http404
    return lapisan


def kondisi_scope(user: AnyUser, sumber: Sumber) -> tuple[str, list[Any]]:
    """SQL condition for the rows of this source the user may see (public, or in their desa reach)."""
    reach = scope.desa_reach(user, Action.VIEW)
    if reach is scope.ALL:
        return "true", []
    return f"(({sumber.publik}) OR {sumber.desa} = ANY(%s))", [list(reach)]
