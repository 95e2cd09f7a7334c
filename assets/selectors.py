"""Reads of village data with their rules: scope, filters, map GeoJSON built in SQL, exact money totals."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import Model, Q, QuerySet, Sum

from assets.models import AnggaranProyek, ProyekPembangunan
from sig.akun import scope
from sig.akun.scope import Action
from sig.replika import koneksi_baca

if TYPE_CHECKING:
    from sig.akun.models import AnyUser


def kelola_queryset(user: AnyUser, model: type[Model]) -> QuerySet:
    """What a staff member manages: where they may change data, else what they may read (perencana)."""
    qs = model._default_manager.select_related("desa")
    editable = scope.filter_queryset(user, Action.CHANGE, qs)
    if scope.desa_reach(user, Action.CHANGE):
        return editable
    return scope.filter_queryset(user, Action.VIEW, qs)


def boleh_kelola(user: AnyUser, obj: Any) -> bool:
    """The per-object form of kelola_queryset (also for deleted objects, from their history)."""
    if scope.can(user, Action.CHANGE, obj):
        return True
    return not scope.desa_reach(user, Action.CHANGE) and scope.can(user, Action.VIEW, obj)


def saring(qs: QuerySet, params: dict[str, str], *, kategori: str, teks: tuple[str, ...], user: AnyUser) -> QuerySet:
    """Filters of the management lists: desa, category, status, year, free text (an internal attribute is
    searched only in the desa where the user may see it: a search is an oracle too)."""
    if params.get("desa", "").isdecimal():
        qs = qs.filter(desa_id=int(params["desa"]))
    if params.get("kategori"):
        qs = qs.filter(**{kategori: params["kategori"]})
    if params.get("status") and "status" in {f.name for f in qs.model._meta.fields}:
        qs = qs.filter(status=params["status"])
    if params.get("kondisi") and hasattr(qs.model, "kondisi"):
        qs = qs.filter(kondisi=params["kondisi"])
    tahun = params.get("tahun", "")
    if tahun.isdecimal() and len(tahun) == 4:
        field = "tahun_anggaran" if hasattr(qs.model, "tahun_anggaran") else "tahun_perolehan"
        if hasattr(qs.model, field):
            qs = qs.filter(**{field: int(tahun)})
    query = params.get("q", "").strip()[:100]
    if query:
        condition = Q()
        for name in teks:
            reach = scope.jangkauan_atribut(user, qs.model, name)
            if reach is scope.ALL:
                condition |= Q(**{f"{name}__icontains": query})
            elif reach:
                condition |= Q(**{f"{name}__icontains": query, "desa__in": reach})
        qs = qs.filter(condition)
    return qs


def peta_geojson(qs: QuerySet, *, kategori: str, url_prefix: str, limit: int = 5000) -> dict[str, Any]:
    """The features of a (filtered) queryset as a FeatureCollection built by PostGIS."""
    ids_sql, params = qs.order_by().values("pk")[:limit].query.sql_with_params()
    table = qs.model._meta.db_table
    sql = f"""
        SELECT json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(json_build_object(
            'type', 'Feature', 'id', t.id,
            'geometry', ST_AsGeoJSON(t.geometri, 7)::json,
            'properties', json_build_object('nama', coalesce(nullif(t.nama, ''), '#' || t.id),
                                            'kategori', t.{kategori},
                                            'url', %s || t.id || '/')
        ) ORDER BY t.id), '[]'))::text
        FROM {table} t WHERE t.id IN ({ids_sql})
    """  # noqa: S608 (identifiers come from model metadata, values are parameters)
    with koneksi_baca().cursor() as cursor:
        cursor.execute(sql, [url_prefix, *params])
        return json.loads(cursor.fetchone()[0])


def anggaran_per_sumber(proyek: ProyekPembangunan) -> list[AnggaranProyek]:
    return list(proyek.anggaran.order_by("-anggaran"))


def total_anggaran(qs: QuerySet[ProyekPembangunan]) -> dict[str, Decimal]:
    """Exact totals (Decimal) of budget and realisation over projects."""
    sums = AnggaranProyek.objects.filter(proyek__in=qs).aggregate(anggaran=Sum("anggaran"), realisasi=Sum("realisasi"))
    return {key: value or Decimal(0) for key, value in sums.items()}


def publik_atau_404(user: AnyUser, model: type[Model], pk: int) -> Any:
    """A feature for its public page: visible to the user by scope, else 404 (no hint it exists)."""
    from django.http import Http404

    obj = model._default_manager.select_related("desa__kecamatan").filter(pk=pk).first()
    if obj is None or not scope.can(user, Action.VIEW, obj):
        raise Http404
    return obj
