"""Reads with rules: what a person may see of complaints, nearby duplicates, and response statistics."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.contrib.gis.db.models.functions import Distance
from django.contrib.gis.geos import Point
from django.db.models import BooleanField, Count, ExpressionWrapper, F, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from reports.models import TERBUKA, Pengaduan, Tanggapan
from reports.services.alur import boleh_tangani
from reports.tenggat import q_lewat
from sig.akun import scope
from sig.akun.scope import Action
from sig.replika import koneksi_baca

if TYPE_CHECKING:
    from sig.akun.models import AnyUser

RADIUS_SERUPA_M = 250


def terlihat(user: AnyUser) -> QuerySet[Pengaduan]:
    """Complaints `user` may see: public ones, their own, and every one in their staff scope."""
    return scope.filter_queryset(user, Action.VIEW, Pengaduan.objects.all())


def ambil(user: AnyUser, kode: str) -> Pengaduan:
    """One complaint by tracking code, or 404 (never a hint that a hidden one exists)."""
    p = (
        terlihat(user)
        .select_related("desa__kecamatan", "kategori", "pelapor", "petugas", "instansi")
        .filter(kode_lacak=kode)
        .first()
    )
    if p is None:
        raise Http404("Pengaduan tidak ditemukan.")
    return p


def nama_pelapor(user: AnyUser, p: Pengaduan) -> str | None:
    """What a viewer may read about the reporter: staff in scope and the reporter see the name; signed-in
    citizens a first name unless the reporter chose anonymity; anonymous visitors nothing."""
    if p.pelapor is None:
        return None
    if boleh_tangani(user, p) or p.pelapor_id == getattr(user, "pk", None):
        return p.pelapor.get_full_name()
    if p.anonim or not getattr(user, "is_authenticated", False):
        return None
    return p.pelapor.get_short_name() if p.pelapor.nama else None


def titik_geojson(rows: Any, url: Any = None) -> dict[str, Any]:
    """Complaints as a point FeatureCollection for the small maps (label, and a link when `url` is given)."""
    features = []
    for p in rows:
        props = {"nama": f"{p.kode_lacak} {p.judul}" if url else p.judul}
        if url:
            props["url"] = url(p)
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [p.lokasi.x, p.lokasi.y]},
                "properties": props,
            }
        )
    return {"type": "FeatureCollection", "features": features}


def lini_masa(user: AnyUser, p: Pengaduan) -> QuerySet[Tanggapan]:
    qs = p.tanggapan.select_related("oleh")
    return qs if boleh_tangani(user, p) else qs.filter(publik=True)


def serupa(*, lon: float, lat: float, kategori: str, kecuali: int | None = None, batas: int = 5) -> list[Pengaduan]:
    """Open public complaints of the same category within 250 m, nearest first (offered before submitting)."""
    titik = Point(lon, lat, srid=4326)
    qs = (
        Pengaduan.objects.filter(Pengaduan.scope_public_q(), status__in=TERBUKA, kategori_id=kategori)
        # The box uses the spatial index (0.003° ≥ 330 m anywhere in Indonesia); the distance is on the spheroid.
        .extra(
            where=[
                "lokasi && ST_Expand(ST_SetSRID(ST_MakePoint(%s, %s), 4326), 0.003)",
                "ST_DWithin(lokasi::geography, ST_SetSRID(ST_MakePoint(%s, %s), 4326)::geography, %s)",
            ],
            params=[lon, lat, lon, lat, RADIUS_SERUPA_M],
        )
        .annotate(jarak=Distance("lokasi", titik))
        .order_by("jarak")
    )
    if kecuali:
        qs = qs.exclude(pk=kecuali)
    return list(qs[:batas])


@dataclass
class Statistik:
    diterima: int
    selesai: int
    terbuka: int
    ditolak: int
    median_tanggap_jam: float | None
    median_selesai_hari: float | None
    rata_penilaian: float | None


def statistik(desa_ids: list[int]) -> Statistik:
    """Received/resolved counts and median first-response and resolution times (duplicates excluded)."""
    sql = """
        SELECT count(*),
               count(*) FILTER (WHERE status = 'selesai'),
               count(*) FILTER (WHERE status IN ('baru', 'diverifikasi', 'diproses')),
               count(*) FILTER (WHERE status = 'ditolak'),
               percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM ditanggapi_pada - dibuat) / 3600.0),
               percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM selesai_pada - dibuat) / 86400.0),
               avg(penilaian)
        FROM reports_pengaduan
        WHERE desa_id = ANY(%s) AND status <> 'duplikat' AND NOT tersembunyi
    """
    with koneksi_baca().cursor() as cursor:
        cursor.execute(sql, [desa_ids])
        row = cursor.fetchone()
    return Statistik(
        diterima=row[0],
        selesai=row[1],
        terbuka=row[2],
        ditolak=row[3],
        median_tanggap_jam=None if row[4] is None else round(float(row[4]), 1),
        median_selesai_hari=None if row[5] is None else round(float(row[5]), 1),
        rata_penilaian=None if row[6] is None else round(float(row[6]), 1),
    )


def kotak_masuk(user: AnyUser, params: Any) -> QuerySet[Pengaduan]:
    """The operator inbox: complaints in the user's handling scope, filtered by the query string; those past a
    deadline first, then the newest."""
    lewat = ExpressionWrapper(q_lewat(timezone.now()), output_field=BooleanField())
    qs = (
        scope.filter_queryset(user, Action.MODERATE, Pengaduan.objects.all())
        .select_related("desa", "kategori", "petugas")
        .annotate(lewat=lewat)
        .order_by("-lewat", "-dibuat", "-pk")
    )
    if params.get("tenggat") == "lewat":
        qs = qs.filter(lewat=True)
    status = params.get("status") or ""
    if status == "terbuka":
        qs = qs.filter(status__in=TERBUKA)
    elif status:
        qs = qs.filter(status=status)
    for key, lookup in (("desa", "desa__kode"), ("kategori", "kategori_id")):
        if params.get(key):
            qs = qs.filter(**{lookup: params[key]})
    if params.get("petugas") == "saya":
        qs = qs.filter(petugas=user)
    elif params.get("petugas") == "kosong":
        qs = qs.filter(petugas__isnull=True)
    if params.get("tinjau"):
        qs = qs.filter(perlu_sunting=True)
    q = (params.get("q") or "").strip()[:100]
    if q:
        qs = qs.filter(Q(kode_lacak__iexact=q) | Q(judul__icontains=q) | Q(deskripsi__icontains=q))
    return qs


def _persen(tepat: int, dinilai: int) -> float | None:
    return round(100 * tepat / dinilai, 1) if dinilai else None


def tepat_tenggat(desa_ids: list[int]) -> list[dict[str, Any]]:
    """Per desa: of the complaints whose deadline is due (or that were answered/resolved), the share answered
    and the share resolved within it. Refused and forwarded complaints are not counted for resolution;
    duplicates and hidden complaints not at all (as in `statistik`)."""
    from sig.wilayah.models import Desa

    now = timezone.now()
    p = "pengaduan__"
    dasar = Q(**{f"{p}tersembunyi": False}) & ~Q(**{f"{p}status": "duplikat"})
    selesai = dasar & ~Q(**{f"{p}status__in": ["ditolak", "diteruskan"]})
    rows = (
        Desa.objects.filter(pk__in=desa_ids)
        .annotate(
            tanggap_dinilai=Count(
                "pengaduan",
                filter=dasar
                & Q(**{f"{p}tenggat_tanggap__isnull": False})
                & (Q(**{f"{p}ditanggapi_pada__isnull": False}) | Q(**{f"{p}tenggat_tanggap__lt": now})),
            ),
            tanggap_tepat=Count(
                "pengaduan", filter=dasar & Q(**{f"{p}ditanggapi_pada__lte": F(f"{p}tenggat_tanggap")})
            ),
            selesai_dinilai=Count(
                "pengaduan",
                filter=selesai
                & Q(**{f"{p}tenggat_selesai__isnull": False})
                & (Q(**{f"{p}selesai_pada__isnull": False}) | Q(**{f"{p}tenggat_selesai__lt": now})),
            ),
            selesai_tepat=Count("pengaduan", filter=selesai & Q(**{f"{p}selesai_pada__lte": F(f"{p}tenggat_selesai")})),
        )
        .order_by("nama")
        .values("kode", "nama", "tanggap_dinilai", "tanggap_tepat", "selesai_dinilai", "selesai_tepat")
    )
    return [
        {
            **r,
            "tanggap_persen": _persen(r["tanggap_tepat"], r["tanggap_dinilai"]),
            "selesai_persen": _persen(r["selesai_tepat"], r["selesai_dinilai"]),
        }
        for r in rows
    ]
