"""A desa's village data of one kind as a file, with the field names its importer understands (assets/impor.py),
so files round-trip; only the rows and attributes the user may see."""

from __future__ import annotations

from typing import TYPE_CHECKING

import geopandas as gpd
import pandas as pd
import shapely
from django.http import FileResponse, Http404

from assets.impor import IMPOR
from sig.akun import scope
from sig.akun.scope import Action
from sig.unduhan import FORMATS, berkas_unduhan
from sig.wilayah.models import Desa

if TYPE_CHECKING:
    from sig.akun.models import AnyUser


def data_desa(user: AnyUser, target: str, desa: Desa) -> gpd.GeoDataFrame:
    importer = IMPOR.get(target)
    if importer is None:
        raise Http404
    hidden = scope.atribut_tersembunyi(user, importer.model, desa_id=desa.pk)
    fields = [k.nama for k in importer.kolom if k.nama not in hidden]
    qs = scope.filter_queryset(user, Action.VIEW, importer.model._default_manager.filter(desa=desa)).order_by("pk")
    rows = list(qs.values("id", *fields, "geometri"))
    geoms = [shapely.from_wkb(bytes(r.pop("geometri").wkb)) for r in rows]
    frame = pd.DataFrame(rows, columns=["id", *fields])
    for column in frame.columns:
        if frame[column].dtype == object:
            frame[column] = frame[column].map(lambda v: float(v) if hasattr(v, "as_tuple") else v)
    return gpd.GeoDataFrame(frame, geometry=geoms, crs=4326)


def unduh(user: AnyUser, target: str, kode: str, fmt: str) -> FileResponse:
    if fmt not in FORMATS:
        raise Http404("Format unduhan tidak dikenal; pilih geojson, gpkg, shp, kml atau csv.")
    desa = Desa.objects.filter(kode=kode).first()
    if desa is None:
        raise Http404
    return berkas_unduhan(data_desa(user, target, desa), fmt, f"{target}_{kode.replace('.', '')}")
